#pragma once

#include <string>
#include <string_view>

#include "runtime/status.h"

namespace seg::rt {

// Where the UTF-8 text of a data file starts: 0, or 3 past a UTF-8 byte order mark. A UTF-16 file
// fails with the reason ("orders.csv: the file is UTF-16 text (it starts with a UTF-16 byte
// order mark); save it as UTF-8"): read as UTF-8 its NULs and byte pairs would make one garbled
// header name or JSON error per line instead of saying what is wrong.
Result<size_t> TextStart(const std::string& path, std::string_view data);

}  // namespace seg::rt
