#include "runtime/io/text_start.h"

#include "runtime/utf8.h"

namespace seg::rt {

Result<size_t> TextStart(const std::string& path, std::string_view data) {
  if (const char* evidence = Utf16Evidence(data)) {
    return Status::Error(path + ": the file is UTF-16 text (it " + evidence + "); save it as UTF-8");
  }
  return data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace seg::rt
