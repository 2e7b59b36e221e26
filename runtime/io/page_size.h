// The machine's page size, asked of the system once: the unit the mapped-file code (mapped_file.cc,
// direct_pages.cc, direct_read_choice.cc) and give_back_pages.cc round their stretches to.
#pragma once

#include <unistd.h>

#include <cstddef>

namespace seg::rt {

inline size_t PageSize() {
  static const auto size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace seg::rt
