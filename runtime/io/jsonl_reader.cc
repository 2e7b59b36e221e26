#include "runtime/io/jsonl_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "runtime/io/cell_parser.h"
#include "runtime/io/chunk_merge.h"
#include "runtime/io/csv_record_parser.h"
#include "runtime/io/mapped_file.h"
#include "runtime/io/page_window.h"
#include "runtime/io/text_start.h"
#include "runtime/thread_pool.h"
#include "runtime/utf8.h"

namespace seg::rt {
namespace {

constexpr size_t kMinChunkBytes = size_t{1} << 20;

using Json = nlohmann::json;

struct JsonField {
  enum class Kind : uint8_t { kAbsent, kNull, kScalar, kArray, kNested };
  Kind kind = Kind::kAbsent;
  std::string text;  // scalar: its text; array: elements joined by '|'
};

// Collects the declared top-level fields of one line without building a DOM, and keeps number
// literals as written (a DOM would turn 0.1 money into a double).
class LineCollector : public nlohmann::json_sax<Json> {
 public:
  LineCollector(const TableSpec& spec, std::vector<JsonField>* fields) : spec_(spec), fields_(fields) {}

  std::string error;

  bool null() override { return Scalar(JsonField::Kind::kNull, {}); }
  bool boolean(bool value) override { return Scalar(JsonField::Kind::kScalar, value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override { return Integer(value); }
  bool number_unsigned(number_unsigned_t value) override { return Integer(value); }
  bool number_float(number_float_t, const string_t& literal) override {
    return Scalar(JsonField::Kind::kScalar, literal);
  }
  bool string(string_t& value) override { return Scalar(JsonField::Kind::kScalar, value); }
  bool binary(binary_t&) override { return Scalar(JsonField::Kind::kNested, {}); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) {
      is_object_ = true;
    } else {
      MarkNested();
    }
    ++depth_;
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1) {
      target_ = -1;
      for (size_t c = 0; c < spec_.columns.size(); ++c) {
        // A skipped column's field is passed over like an undeclared one.
        if (spec_.columns[c].name == name && !spec_.columns[c].skip) target_ = static_cast<int>(c);
      }
      // A declared field given twice: a JSON parser would silently keep one of them.
      if (target_ >= 0 && (*fields_)[static_cast<size_t>(target_)].kind != JsonField::Kind::kAbsent) [[unlikely]] {
        NoteRepeated(name);
      }
    }
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && target_ >= 0) {
      JsonField& field = (*fields_)[static_cast<size_t>(target_)];
      field.kind = JsonField::Kind::kArray;
      field.text.clear();
    } else if (depth_ > 1) {
      MarkNested();
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    error = ex.what();
    return false;
  }
  bool is_object() const { return is_object_; }
  // The first declared field that appeared twice on the line, or empty.
  const std::string& repeated_key() const { return repeated_key_; }

 private:
  template <typename T> bool Integer(T value) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
    return Scalar(JsonField::Kind::kScalar, std::string_view(digits, static_cast<size_t>(end - digits)));
  }

  bool Scalar(JsonField::Kind kind, std::string_view text) {
    if (depth_ == 0) return true;  // a bare scalar line; rejected as "not an object" afterwards
    if (target_ < 0) return true;
    JsonField& field = (*fields_)[static_cast<size_t>(target_)];
    if (depth_ == 1) {
      field.kind = kind;
      field.text.assign(text);
    } else if (depth_ == 2 && field.kind == JsonField::Kind::kArray && kind == JsonField::Kind::kScalar) {
      if (!field.text.empty()) field.text.push_back('|');  // empty labels are dropped anyway
      field.text.append(text);
    } else if (depth_ == 2 && field.kind == JsonField::Kind::kArray && kind == JsonField::Kind::kNull) {
      // null elements of a tag array carry no tag
    } else {
      MarkNested();
    }
    return true;
  }

  // Out of line, so that key(), called for every field of every line, stays small enough to inline.
  [[gnu::noinline, gnu::cold]] void NoteRepeated(const std::string& name) {
    if (repeated_key_.empty()) repeated_key_ = name;
  }

  void MarkNested() {
    if (target_ >= 0 && depth_ <= 2) (*fields_)[static_cast<size_t>(target_)].kind = JsonField::Kind::kNested;
  }

  const TableSpec& spec_;
  std::vector<JsonField>* fields_;
  int depth_ = 0;
  int target_ = -1;
  bool is_object_ = false;
  std::string repeated_key_;
};

// The top-level field of a JSON object line whose value holds byte `offset`, or empty when the
// byte is in a field's name or before the first one. Only for the message about a line the JSON
// parser refused, so a plain scan: strings skipped escape-aware, brackets counted.
std::string FieldAt(std::string_view line, size_t offset) {
  std::string field;
  int depth = 0;
  for (size_t i = 0; i < line.size();) {
    char c = line[i];
    if (c == '"') {
      size_t begin = ++i;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      size_t end = std::min(i, line.size());
      i = end + 1;
      size_t next = line.find_first_not_of(" \t\r", std::min(i, line.size()));
      bool is_name = depth == 1 && next != std::string_view::npos && line[next] == ':';
      if (offset >= begin && offset < end) return is_name ? std::string() : field;
      if (is_name) field.assign(line.substr(begin, end - begin));
      continue;
    }
    if (i >= offset) break;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    ++i;
  }
  return field;
}

struct JsonlContext {
  const TableSpec* spec;
  const LoadOptions* options;
  const TimeZone* zone;
  std::string_view data;
  const MappedFile* file;  // opened with Pages::kWindowed, or null (text that is not a file)
};

void ParseChunk(const JsonlContext& ctx, size_t begin, size_t end, ChunkOutput* out) {
  const auto& columns = ctx.spec->columns;
  BeginChunk(*ctx.spec, 0, out);
  std::vector<JsonField> fields(columns.size());
  std::vector<CellValue> cells(columns.size());
  const char* base = ctx.data.data();
  // The piece's pages are mapped a window at a time ahead of the line read and let go behind it,
  // as the CSV reader's are: a file of many gigabytes is never resident whole.
  PageWindow window(ctx.file, begin, end);
  size_t line = 0;
  for (size_t pos = begin; pos < end; ++line) {
    window.At(pos);
    const char* newline = static_cast<const char*>(std::memchr(base + pos, '\n', end - pos));
    size_t stop = newline == nullptr ? end : static_cast<size_t>(newline - base);
    std::string_view text(base + pos, stop - pos);
    pos = newline == nullptr ? end : stop + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;

    for (JsonField& field : fields) field.kind = JsonField::Kind::kAbsent;
    LineCollector collector(*ctx.spec, &fields);
    RowError error;
    if (!Json::sax_parse(text.begin(), text.end(), &collector)) {
      // The JSON parser rejects bytes that are not UTF-8 too; say so plainly, without echoing them.
      if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
        std::string field = FieldAt(text, bad);
        std::string prefix = field.empty() ? "" : "field '" + field + "': ";
        error = {line, prefix + "not UTF-8", prefix + NotUtf8("the line", bad, text[bad])};
      } else {
        error = {line, "invalid JSON", "invalid JSON: " + collector.error};
      }
    } else if (!collector.repeated_key().empty()) {
      error = {line, "a field named twice",
               "field '" + collector.repeated_key() + "' appears twice in the object; which one is meant is unclear"};
    } else if (!collector.is_object()) {
      error = {line, "not a JSON object", "expected a JSON object"};
    } else {
      for (size_t c = 0; c < columns.size(); ++c) {
        const JsonField& field = fields[c];
        bool ok = true;
        if (field.kind == JsonField::Kind::kAbsent || field.kind == JsonField::Kind::kNull) {
          cells[c] = CellValue();
        } else if (field.kind == JsonField::Kind::kArray && columns[c].type == ValueType::kTags) {
          cells[c] = CellValue{true, 0, 0, field.text};  // [] is an empty set, not a missing one
        } else if (field.kind == JsonField::Kind::kScalar) {
          // The JSON parser has refused any string that is not UTF-8.
          ok = ParseCell(columns[c].type, field.text, *ctx.zone, &cells[c], true);
        } else {
          ok = false;
        }
        if (!ok) {
          error = BadValueError(line, columns[c],
                                field.kind == JsonField::Kind::kScalar ? std::string_view(field.text) : "[...]");
          break;
        }
      }
    }
    if (!FinishRow(*ctx.spec, line, std::move(error), cells, *ctx.options, out)) break;
  }
  out->newlines = line;
}

}  // namespace

LoadResult LoadJsonlTable(const TableSpec& spec, const std::string& path, const LoadOptions& options,
                          const TimeZone& zone) {
  LoadResult result;
  result.table = Table(spec.name);
  Result<MappedFile> file = MappedFile::Open(path, MappedFile::Pages::kWindowed, options.window_bytes,
                                             options.read_path);
  if (!file.ok()) return std::move(result).Failed(file.status());
  std::string_view data = file->data();
  Result<size_t> text_start = TextStart(path, data);
  if (!text_start.ok()) return std::move(result).Failed(text_start.status());
  size_t begin = *text_start;

  ThreadPool pool(options.threads);
  // One piece per thread, as in the CSV loader (dictionary merges cost per piece).
  size_t chunks = std::max<size_t>(1, std::min(pool.size(), (data.size() - begin) / kMinChunkBytes));
  // JSON strings cannot hold a raw newline, so every newline ends a record: the CSV split at the
  // first newline past each nominal point, without counting quotes, is exact here.
  std::vector<size_t> bounds = SplitCsvRecords(data, begin, data.size(), chunks, pool, &*file, false);

  JsonlContext ctx{&spec, &options, &zone, data, &*file};
  std::vector<ChunkOutput> outputs(bounds.size() - 1);
  pool.ParallelFor(outputs.size(), 1, [&](size_t first, size_t last) {
    for (size_t i = first; i < last; ++i) ParseChunk(ctx, bounds[i], bounds[i + 1], &outputs[i]);
  });
  if (file->changed()) return std::move(result).Failed(ChangedWhileRead(path));
  MergeChunks(path, spec, 1, options, pool, &outputs, &result);
  return result;
}

}  // namespace seg::rt
