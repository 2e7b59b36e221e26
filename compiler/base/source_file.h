// A rule file held in memory: diagnostics are rendered from here, never by re-reading disk.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace seg {

// A byte range [begin, end) in one source file. Spans are what diagnostics underline.
struct SourceSpan {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool Valid() const { return end >= begin && !(begin == 0 && end == 0 && file == 0); }
  static SourceSpan Cover(const SourceSpan& a, const SourceSpan& b) {
    return {a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in Unicode code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Where a byte offset falls; columns count code points so carets line up with what users see.
  LineCol Locate(uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view Line(uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Byte offset of a 1-based line and 0-based code-point column (ANTLR's positions).
  uint32_t OffsetOf(uint32_t line, uint32_t code_point_column) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// All files of one compilation (the user's files and the std modules they import); a span's
// `file` indexes into it.
class SourceSet {
 public:
  uint32_t Add(std::string path, std::string text);
  const SourceFile& Get(uint32_t id) const { return *files_.at(id); }
  uint32_t size() const { return static_cast<uint32_t>(files_.size()); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace seg
