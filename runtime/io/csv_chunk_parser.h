#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "runtime/io/chunk_merge.h"
#include "runtime/io/load_result.h"
#include "runtime/io/mapped_file.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt {

// Where the declared columns are in a CSV file's records, from its header.
struct CsvLayout {
  std::vector<size_t> field_of_column;  // per declared column, its index in the header
  size_t header_fields = 0;
};

// A CSV file's text and how to read it, shared by the pieces parsed in parallel.
struct CsvSource {
  const TableSpec* spec;
  const CsvLayout* layout;
  const LoadOptions* options;
  const TimeZone* zone;
  std::string_view data;
  // The file `data` is the text of, opened with Pages::kWindowed, or null (text from elsewhere):
  // each piece maps the pages it is about to read and lets go of those it has read (PageWindow).
  const MappedFile* file = nullptr;
};

// Parses the records in [begin, end) (which starts a record) into `out`, which BeginChunk has
// prepared. Records are found with CsvSeparatorScanner and the fields of the columns read are
// parsed by the fast paths of fast_cell_parsers.h, a batch of rows at a time; a record that is
// anything but plain (malformed quoting, a wrong field count, a value the fast paths decline or
// that does not parse, a customer row without a key) is handed to CsvRecordParser and ParseCell,
// so what is loaded and every message are those of ParseCsvChunkByRecords.
void ParseCsvChunk(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out);

// The same, one record at a time with CsvRecordParser and ParseCell: the reference the fast path
// must agree with (tests compare the two), and the reader for a delimiter the scanner cannot take.
void ParseCsvChunkByRecords(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out);

}  // namespace seg::rt
