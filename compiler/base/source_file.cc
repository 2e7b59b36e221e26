#include "compiler/base/source_file.h"

namespace seg {

namespace {
bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }
}  // namespace

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineCol SourceFile::Locate(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  // Last line start <= offset.
  size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= offset) lo = mid;
    else hi = mid;
  }
  uint32_t column = 1;
  for (uint32_t i = line_starts_[lo]; i < offset; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(text_[i]))) ++column;
  }
  return {static_cast<uint32_t>(lo + 1), column};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

uint32_t SourceFile::OffsetOf(uint32_t line, uint32_t code_point_column) const {
  if (line == 0 || line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t offset = line_starts_[line - 1];
  uint32_t seen = 0;
  while (offset < text_.size() && text_[offset] != '\n') {
    if (!IsContinuation(static_cast<unsigned char>(text_[offset]))) {
      if (seen == code_point_column) break;
      ++seen;
    }
    ++offset;
  }
  return offset;
}

uint32_t SourceSet::Add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<uint32_t>(files_.size() - 1);
}

}  // namespace seg
