#include "runtime/tzif_reader.h"

namespace seg::rt {
namespace {

constexpr size_t kHeaderSize = 44;

struct TzifCounts {
  uint32_t isut = 0;
  uint32_t isstd = 0;
  uint32_t leap = 0;
  uint32_t time = 0;
  uint32_t type = 0;
  uint32_t chars = 0;
};

uint32_t ReadU32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

int64_t ReadI64(const unsigned char* p) {
  uint64_t value = (uint64_t{ReadU32(p)} << 32) | ReadU32(p + 4);
  return static_cast<int64_t>(value);
}

bool ReadHeader(std::string_view bytes, size_t pos, char* version, TzifCounts* counts) {
  if (bytes.size() < pos + kHeaderSize || bytes.substr(pos, 4) != "TZif") return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
  *version = static_cast<char>(p[4]);
  counts->isut = ReadU32(p + 20);
  counts->isstd = ReadU32(p + 24);
  counts->leap = ReadU32(p + 28);
  counts->time = ReadU32(p + 32);
  counts->type = ReadU32(p + 36);
  counts->chars = ReadU32(p + 40);
  return true;
}

size_t DataSize(const TzifCounts& counts, size_t time_size) {
  return size_t{counts.time} * time_size + counts.time + size_t{counts.type} * 6 + counts.chars +
         size_t{counts.leap} * (time_size + 4) + counts.isstd + counts.isut;
}

}  // namespace

Result<TzifData> ParseTzif(std::string_view bytes) {
  char version = 0;
  TzifCounts counts;
  if (!ReadHeader(bytes, 0, &version, &counts)) {
    return Status::Error("not a TZif file");
  }
  size_t pos = kHeaderSize;
  size_t time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the 64-bit block after it covers all instants.
    pos += DataSize(counts, 4);
    if (!ReadHeader(bytes, pos, &version, &counts)) {
      return Status::Error("truncated TZif file (missing 64-bit header)");
    }
    pos += kHeaderSize;
    time_size = 8;
  }
  if (counts.type == 0 || counts.type > 256 || bytes.size() < pos + DataSize(counts, time_size)) {
    return Status::Error("truncated or inconsistent TZif file");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
  TzifData data;
  data.transition_times.resize(counts.time);
  for (uint32_t i = 0; i < counts.time; ++i) {
    data.transition_times[i] = time_size == 8 ? ReadI64(p) : static_cast<int32_t>(ReadU32(p));
    p += time_size;
    if (i > 0 && data.transition_times[i] <= data.transition_times[i - 1]) {
      return Status::Error("TZif transitions are not ascending");
    }
  }
  data.transition_types.assign(p, p + counts.time);
  p += counts.time;
  for (uint8_t type : data.transition_types) {
    if (type >= counts.type) {
      return Status::Error("TZif transition refers to a missing local time type");
    }
  }
  data.type_offsets.resize(counts.type);
  for (uint32_t i = 0; i < counts.type; ++i) {
    data.type_offsets[i] = static_cast<int32_t>(ReadU32(p));
    p += 6;
  }
  if (time_size == 8) {
    size_t footer_begin = pos + DataSize(counts, 8);
    // The footer is "\n<rule>\n"; an empty rule means "no rule".
    if (footer_begin < bytes.size() && bytes[footer_begin] == '\n') {
      size_t footer_end = bytes.find('\n', footer_begin + 1);
      if (footer_end != std::string_view::npos) {
        data.footer = std::string(bytes.substr(footer_begin + 1, footer_end - footer_begin - 1));
      }
    }
  }
  return data;
}

}  // namespace seg::rt
