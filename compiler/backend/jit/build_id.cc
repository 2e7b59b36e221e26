#include "compiler/backend/jit/build_id.h"

#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <cstring>

namespace seg::jit {

namespace {

// dl_iterate_phdr visits the main program first: its PT_NOTE segments hold the build ID note.
int FindBuildId(dl_phdr_info* info, size_t, void* out_ptr) {
  auto* out = static_cast<std::string*>(out_ptr);
  for (int k = 0; k < info->dlpi_phnum; ++k) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[k];
    if (ph.p_type != PT_NOTE) continue;
    const char* at = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = at + ph.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof(note));
      const char* name = at + sizeof(note);
      const char* desc = name + ((note.n_namesz + 3) & ~3u);
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0 &&
          desc + note.n_descsz <= end) {
        static const char* digits = "0123456789abcdef";
        for (uint32_t b = 0; b < note.n_descsz; ++b) {
          auto byte = static_cast<uint8_t>(desc[b]);
          *out += digits[byte >> 4];
          *out += digits[byte & 15];
        }
        return 1;
      }
      at = desc + ((note.n_descsz + 3) & ~3u);
    }
  }
  return 1;  // only the main program
}

std::string ComputeBuildId() {
  std::string id;
  dl_iterate_phdr(FindBuildId, &id);
  if (!id.empty()) return id;
  struct stat info {};
  if (::stat("/proc/self/exe", &info) == 0) {
    return "exe " + std::to_string(info.st_size) + " " + std::to_string(info.st_mtim.tv_sec) + "." +
           std::to_string(info.st_mtim.tv_nsec);
  }
  return "unknown build";
}

}  // namespace

const std::string& ExecutableBuildId() {
  static const std::string id = ComputeBuildId();
  return id;
}

}  // namespace seg::jit
