// What the data-loader fuzzers (fuzz_csv.cc, fuzz_jsonl.cc) make of an input: the first
// kControlBytes choose the table's spec and load options, the rest is the file. Column names come
// from the file itself (the CSV header, the first JSON object's keys), so a real data file with a
// control prefix is a useful seed (tests/fuzz/csv_corpus, jsonl_corpus).
//   byte 0: bit 0 event table (second column is its time), bit 1 skip bad rows, bit 2 ';' as
//           the CSV delimiter, bits 3-4 the time zone (UTC, +05:30, -08:00, Europe/Berlin),
//           bit 5 an int key (else text), bit 6 a date time column (else timestamp).
//   bytes 1..7: the types of columns 1..7 (value % kValueTypeCount; bit 7 marks the column skip).
// Column 0 is the key; columns past the eighth are left undeclared, as extra columns are. As the
// checker would, a name is declared once and never empty, and the key and time are always read.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::fuzz {

constexpr size_t kControlBytes = 8;

struct LoaderInput {
  rt::TableSpec spec;
  rt::LoadOptions options;
  rt::TimeZone zone = rt::TimeZone::Utc();
  std::string file;  // the bytes after the control prefix
};

// Splits the input; the caller fills in the column names from the file (NamesFrom*).
inline bool DecodeControl(const uint8_t* data, size_t size, LoaderInput* input) {
  if (size < kControlBytes) return false;
  uint8_t flags = data[0];
  input->spec.name = "fuzz";
  input->spec.is_event = (flags & 1) != 0;
  input->options.on_bad_row = (flags & 2) != 0 ? rt::BadRowPolicy::kSkip : rt::BadRowPolicy::kFail;
  input->options.delimiter = (flags & 4) != 0 ? ';' : ',';
  static const char* kZones[] = {"UTC", "+05:30", "-08:00", "Europe/Berlin"};
  rt::Result<rt::TimeZone> zone = rt::TimeZone::Load(kZones[(flags >> 3) & 3]);
  if (zone.ok()) input->zone = *zone;  // Europe/Berlin needs tzdata; UTC when it is not installed
  input->file.assign(reinterpret_cast<const char*>(data) + kControlBytes, size - kControlBytes);
  return true;
}

// Declares `names` (column 0 the key) with the types the control bytes chose.
inline void DeclareColumns(const uint8_t* data, const std::vector<std::string>& names, LoaderInput* input) {
  std::vector<rt::ColumnSpec>& columns = input->spec.columns;
  for (size_t i = 0; i < names.size() && columns.size() < kControlBytes; ++i) {
    const std::string& name = names[i];
    bool seen = false;
    for (const rt::ColumnSpec& c : columns) seen = seen || c.name == name;
    if (name.empty() || seen) continue;
    size_t k = columns.size();
    rt::ColumnSpec column;
    column.name = name;
    if (k == 0) {
      column.type = (data[0] & 0x20) != 0 ? rt::ValueType::kInt : rt::ValueType::kText;
    } else if (k == 1 && input->spec.is_event) {
      column.type = (data[0] & 0x40) != 0 ? rt::ValueType::kDate : rt::ValueType::kTimestamp;
    } else {
      column.type = static_cast<rt::ValueType>((data[k] & 0x7f) % rt::kValueTypeCount);
      column.skip = (data[k] & 0x80) != 0;
    }
    columns.push_back(column);
  }
  if (!columns.empty()) input->spec.key_column = columns[0].name;
  if (input->spec.is_event && columns.size() > 1) input->spec.time_column = columns[1].name;
}

// The loaders read files (they map them), so each input is written to a file of this process.
class ScratchFile {
 public:
  explicit ScratchFile(const char* extension)
      : path_(std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/seg-fuzz-" +
              std::to_string(getpid()) + extension) {}
  ~ScratchFile() { std::remove(path_.c_str()); }
  const std::string& Write(const std::string& bytes) {
    FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) std::abort();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
    std::fclose(f);
    return path_;
  }

 private:
  std::string path_;
};

// What every load must satisfy, whatever the bytes: an error or a table with the declared
// columns, each as long as the table, and as many rows as the statistics say were loaded.
inline void CheckLoad(const LoaderInput& input, const rt::LoadResult& result, const char* target) {
  if (!result.ok()) return;
  bool consistent = result.table.num_columns() == input.spec.columns.size() &&
                    result.stats.rows_loaded == result.table.num_rows();
  for (size_t c = 0; consistent && c < result.table.num_columns(); ++c) {
    consistent = result.table.column(c).size() == result.table.num_rows();
  }
  if (!consistent) {
    std::fprintf(stderr, "%s: a loaded table whose columns, rows and statistics disagree\n", target);
    std::abort();
  }
}

}  // namespace seg::fuzz
