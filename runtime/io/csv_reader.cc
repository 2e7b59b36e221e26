#include "runtime/io/csv_reader.h"

#include <algorithm>

#include "runtime/io/chunk_merge.h"
#include "runtime/io/csv_chunk_parser.h"
#include "runtime/io/csv_record_parser.h"
#include "runtime/io/mapped_file.h"
#include "runtime/io/text_start.h"
#include "runtime/thread_pool.h"
#include "runtime/utf8.h"

namespace seg::rt {
namespace {

// Pieces smaller than this are not worth a thread hand-off.
constexpr size_t kMinChunkBytes = size_t{1} << 20;

// Rows in [begin, end), extrapolated from the line length of its first 64 KiB: reserving column
// buffers up front avoids re-copying them as they grow, which otherwise costs as much as parsing.
size_t EstimateRows(std::string_view data, size_t begin, size_t end) {
  size_t sample = std::min<size_t>(end - begin, 64 * 1024);
  size_t lines = static_cast<size_t>(std::count(data.begin() + begin, data.begin() + begin + sample, '\n'));
  if (lines == 0) return 16;
  return (end - begin) / (sample / lines) * 11 / 10 + 16;
}

// Parses the records in [begin, end). The columns get room for the rows up to `reserve_end`: the
// first piece reserves for the whole file, because the merge appends the other pieces to its
// columns (reserving address space costs nothing until the rows are written).
void ParseChunk(const CsvSource& source, size_t begin, size_t end, size_t reserve_end, ChunkOutput* out) {
  BeginChunk(*source.spec, EstimateRows(source.data, begin, reserve_end), out);
  ParseCsvChunk(source, begin, end, out);
}

Status ReadHeader(const std::string& path, std::string_view data, size_t begin, const TableSpec& spec, char delimiter,
                  CsvLayout* layout, size_t* body_begin, size_t* header_lines) {
  CsvRecordParser parser(data, begin, data.size(), delimiter);
  if (parser.Next() != CsvRecordParser::Step::kRecord) {
    return Status::Error(path + ": no header row (the file is empty or its first line is malformed)");
  }
  const auto& header = parser.fields();
  layout->header_fields = header.size();

  for (const ColumnSpec& column : spec.columns) {
    auto it = std::find(header.begin(), header.end(), column.name);
    if (it == header.end()) {
      // The header is listed below, and a message must stay UTF-8: a name that is not is the news.
      for (size_t f = 0; f < header.size(); ++f) {
        if (size_t bad = FindInvalidUtf8(header[f]); bad != std::string_view::npos) {
          return Status::Error(path + ":" + std::to_string(parser.record_line() + 1) + ": column '" + column.name +
                               "' of " + spec.name + " is missing from the header, whose field " +
                               std::to_string(f + 1) + " is not UTF-8: " + NotUtf8("its name", bad, header[f][bad]));
        }
      }
      std::string listed;
      for (std::string_view name : header) listed += (listed.empty() ? "" : ", ") + std::string(name);
      return Status::Error(path + ": column '" + column.name + "' of " + spec.name +
                           " is missing from the header (header has: " + listed + ")");
    }
    // Two fields of one name leave it to chance which one is the column: refuse the header.
    if (auto again = std::find(it + 1, header.end(), column.name); again != header.end()) {
      return Status::Error(path + ":" + std::to_string(parser.record_line() + 1) + ": column '" + column.name +
                           "' appears twice in the header (fields " + std::to_string(it - header.begin() + 1) +
                           " and " + std::to_string(again - header.begin() + 1) + "); rename or remove one");
    }
    layout->field_of_column.push_back(static_cast<size_t>(it - header.begin()));
  }
  *body_begin = parser.position();
  *header_lines = parser.newlines();
  return Status::Ok();
}

}  // namespace

LoadResult LoadCsvTable(const TableSpec& spec, const std::string& path, const LoadOptions& options,
                        const TimeZone& zone) {
  LoadResult result;
  result.table = Table(spec.name);
  // Each piece maps its text a window at a time (PageWindow): the file is never resident whole.
  Result<MappedFile> file = MappedFile::Open(path, MappedFile::Pages::kWindowed, options.window_bytes,
                                             options.read_path);
  if (!file.ok()) return std::move(result).Failed(file.status());
  std::string_view data = file->data();
  Result<size_t> text_start = TextStart(path, data);
  if (!text_start.ok()) return std::move(result).Failed(text_start.status());
  size_t begin = *text_start;

  CsvLayout layout;
  size_t body_begin = 0;
  size_t header_lines = 0;
  if (Status header = ReadHeader(path, data, begin, spec, options.delimiter, &layout, &body_begin, &header_lines);
      !header.ok()) {
    return std::move(result).Failed(header);
  }

  ThreadPool pool(options.threads);
  CsvSource source{&spec, &layout, &options, &zone, data, &*file};
  size_t body = data.size() - body_begin;
  // One piece per thread: each piece builds its own dictionaries, and merging them costs a hash
  // lookup per distinct key per piece, so more pieces than threads would only add merge work.
  size_t chunks = std::max<size_t>(1, std::min(pool.size(), body / kMinChunkBytes));
  std::vector<ChunkOutput> outputs;
  auto parse_pieces = [&](const std::vector<size_t>& bounds) {
    outputs.assign(bounds.size() - 1, ChunkOutput());
    pool.ParallelFor(outputs.size(), 1, [&](size_t first, size_t last) {
      for (size_t i = first; i < last; ++i) {
        ParseChunk(source, bounds[i], bounds[i + 1], i == 0 ? data.size() : bounds[i + 1], &outputs[i]);
      }
    });
    return std::any_of(outputs.begin(), outputs.end(), [](const ChunkOutput& o) { return o.quote_error; });
  };
  // First the pieces start after the first newline past each nominal point, taken to be outside
  // quotes, which spares a pass over the whole file to count its quotes. Where that is wrong, the
  // piece before ends inside a quoted field and reports malformed quoting; when no piece does,
  // every piece started a record, by induction from the first, and the load is a single pass's.
  bool quote_trouble = parse_pieces(chunks == 1
                                        ? std::vector<size_t>{body_begin, data.size()}
                                        : SplitCsvRecords(data, body_begin, data.size(), chunks, pool, &*file, false));
  if (quote_trouble && outputs.size() > 1) {
    // Split again by the parity of the quotes before each point, exact for any well-formed file.
    quote_trouble = parse_pieces(SplitCsvRecords(data, body_begin, data.size(), chunks, pool, &*file, true));
  }
  if (quote_trouble && outputs.size() > 1) {
    // Quote-parity splitting is only exact for well-formed files; redo a broken one in a single
    // pass so that what gets skipped or reported never depends on the thread count.
    parse_pieces({body_begin, data.size()});
  }
  if (file->changed()) return std::move(result).Failed(ChangedWhileRead(path));
  MergeChunks(path, spec, header_lines + 1, options, pool, &outputs, &result);
  return result;
}

}  // namespace seg::rt
