#include "runtime/io/text_start.h"

#include "runtime/utf8.h"

namespace seg::rt {

size_t TextStart(const std::string& path, std::string_view data, std::string* error) {
  if (const char* evidence = Utf16Evidence(data)) {
    *error = path + ": the file is UTF-16 text (it " + evidence + "); save it as UTF-8";
    return std::string_view::npos;
  }
  return data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace seg::rt
