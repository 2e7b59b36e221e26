#include "runtime/snapshot/generation_reader.h"

#include <cstring>

#include "runtime/io/mapped_file.h"
#include "runtime/snapshot/metadata_stream.h"
#include "runtime/thread_pool.h"

namespace seg::rt::snapshot {
namespace {

// What went wrong, as "<path>: <why>"; the message a caller shows.
class Reader {
 public:
  Reader(const std::string& path, std::string_view file) : path_(path), file_(file) {}

  Status Fail(const std::string& why) const { return Status::Error("snapshot file " + path_ + ": " + why); }

  // A section's bytes after checking that it lies inside the file, past the metadata, aligned,
  // and that its checksum matches.
  Result<std::string_view> Bytes(const Section& s, uint64_t data_start) const {
    if (s.offset < data_start || s.offset > file_.size() || s.size > file_.size() - s.offset || s.offset % 8 != 0) {
      return Fail("damaged: an array lies outside the file");
    }
    std::string_view bytes = file_.substr(s.offset, s.size);
    if (Checksum(bytes.data(), bytes.size()) != s.checksum)
      return Fail("damaged: checksum mismatch in the array at byte " + std::to_string(s.offset));
    return bytes;
  }

 private:
  const std::string& path_;
  std::string_view file_;
};

// One pass over the new memory (no zero-filling first): first touches of fresh pages are most of
// what reading a snapshot costs.
template <typename T> std::vector<T> CopyPrefix(std::string_view bytes, size_t count) {
  const T* first = reinterpret_cast<const T*>(bytes.data());
  return std::vector<T>(first, first + count);
}

size_t ElementSize(ValueType type) {
  switch (type) {
    case ValueType::kBool: return 1;
    case ValueType::kDate:
    case ValueType::kText:
    case ValueType::kTags:
    case ValueType::kId: return 4;
    default: return 8;
  }
}

struct ColumnSections {
  Section validity, values, tag_offsets, dictionary_bytes, dictionary_ends;
};

// The stored column's first `rows` rows of `stored_rows`, checked.
Result<Column> ReadColumn(const Reader& reader, uint64_t data_start, ValueType type, const ColumnSections& s,
                          uint64_t stored_rows, uint64_t rows) {
  auto bytes_of = [&](const Section& section) { return reader.Bytes(section, data_start); };
  Result<std::string_view> validity = bytes_of(s.validity);
  Result<std::string_view> values = bytes_of(s.values);
  Result<std::string_view> tag_offsets = bytes_of(s.tag_offsets);
  Result<std::string_view> dict_bytes = bytes_of(s.dictionary_bytes);
  Result<std::string_view> dict_ends = bytes_of(s.dictionary_ends);
  for (const auto* r : {&validity, &values, &tag_offsets, &dict_bytes, &dict_ends}) {
    if (!r->ok()) return r->status();
  }
  bool tags = type == ValueType::kTags;
  size_t element = ElementSize(type);
  if (validity->size() != (stored_rows + 63) / 64 * 8)
    return reader.Fail("damaged: a validity bitmap has the wrong size");
  if (dict_ends->size() % 8 != 0) return reader.Fail("damaged: a dictionary has the wrong size");
  // Dictionary: ends never decrease and stay within the bytes.
  std::vector<uint64_t> ends = CopyPrefix<uint64_t>(*dict_ends, dict_ends->size() / 8);
  for (size_t i = 0; i < ends.size(); ++i) {
    if ((i > 0 && ends[i] < ends[i - 1]) || ends[i] > dict_bytes->size())
      return reader.Fail("damaged: a dictionary's entries are out of order");
  }
  if (!UsesDictionary(type) && !ends.empty()) return reader.Fail("damaged: a dictionary on a column without one");
  if (ends.size() > INT32_MAX) return reader.Fail("damaged: a dictionary is too large");
  auto dictionary_size = static_cast<int64_t>(ends.size());

  std::vector<uint64_t> bits = CopyPrefix<uint64_t>(*validity, (rows + 63) / 64);
  if (rows % 64 != 0) bits.back() &= (uint64_t{1} << (rows % 64)) - 1;
  auto valid = [&bits](size_t row) { return (bits[row >> 6] >> (row & 63)) & 1; };

  std::vector<uint32_t> offsets;
  size_t value_count = rows;
  if (tags) {
    if (tag_offsets->size() != (stored_rows + 1) * 4 || values->size() % 4 != 0)
      return reader.Fail("damaged: a tags column has the wrong size");
    offsets = CopyPrefix<uint32_t>(*tag_offsets, rows + 1);
    uint32_t last = 0;
    std::memcpy(&last, tag_offsets->data() + stored_rows * 4, 4);
    if (offsets[0] != 0 || last != values->size() / 4) return reader.Fail("damaged: a tags column's offsets are wrong");
    for (size_t r = 0; r < rows; ++r) {
      if (offsets[r + 1] < offsets[r] || (!valid(r) && offsets[r + 1] != offsets[r]))
        return reader.Fail("damaged: a tags column's offsets are wrong");
    }
    value_count = offsets[rows];
  } else if (values->size() != stored_rows * element || !tag_offsets->empty()) {
    return reader.Fail("damaged: a column has the wrong size");
  }

  // Values, checked: a missing row holds zero (every kernel may rely on it) and a code is in its
  // dictionary.
  Column::Data data;
  bool bad = false;
  auto take = [&](auto tag) {
    using T = decltype(tag);
    std::vector<T> v = CopyPrefix<T>(*values, value_count);
    for (size_t r = 0; r < value_count && !bad; ++r) {
      if constexpr (std::is_same_v<T, int32_t>) {
        if (UsesDictionary(type) && (tags || valid(r)) && (v[r] < 0 || v[r] >= dictionary_size)) bad = true;
      }
      if constexpr (std::is_same_v<T, uint8_t>) bad = bad || v[r] > 1;  // a bool is 0 or 1
      if (!tags && !valid(r)) {
        T zero{};
        bad = bad || std::memcmp(&v[r], &zero, sizeof(T)) != 0;
      }
    }
    data = std::move(v);
  };
  switch (element) {
    case 1: take(uint8_t{}); break;
    case 4: take(int32_t{}); break;
    default:
      if (type == ValueType::kFloat) take(double{});
      else take(int64_t{});
  }
  if (bad) return reader.Fail("damaged: a column holds values it cannot hold");
  Dictionary dictionary = Dictionary::FromParts(std::string(*dict_bytes), std::move(ends));
  return Column::FromParts(type, rows, std::move(bits), std::move(data), std::move(offsets), std::move(dictionary));
}

}  // namespace

Result<Generation> ReadGeneration(const std::string& path, const ReadOptions& options) {
  Result<MappedFile> mapped = MappedFile::Open(path);
  if (!mapped.ok()) return Status::Error("snapshot file " + path + ": " + mapped.message());
  std::string_view file = mapped->data();
  Reader reader(path, file);

  Header header{};
  if (file.size() < kHeaderSize) {
    if (file.size() >= sizeof(kMagic) && std::memcmp(file.data(), kMagic, sizeof(kMagic)) != 0)
      return reader.Fail("not a seg snapshot file");
    return reader.Fail("truncated: " + std::to_string(file.size()) + " bytes, shorter than a header");
  }
  std::memcpy(&header, file.data(), kHeaderSize);
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) return reader.Fail("not a seg snapshot file");
  if (Checksum(&header, offsetof(Header, header_checksum)) != header.header_checksum)
    return reader.Fail("damaged: header checksum mismatch");
  if (header.version != kFormatVersion) {
    return reader.Fail("format version " + std::to_string(header.version) + "; this seg reads version " +
                       std::to_string(kFormatVersion) + " (import the data again)");
  }
  if (header.file_size != file.size()) {
    return reader.Fail(std::string(file.size() < header.file_size ? "truncated" : "damaged") + ": " +
                       std::to_string(file.size()) + " bytes, the header says " + std::to_string(header.file_size));
  }
  if (header.header_size != kHeaderSize || header.meta_offset != kHeaderSize ||
      header.meta_size > file.size() - kHeaderSize)
    return reader.Fail("damaged: the header's sizes are wrong");
  std::string_view meta_bytes = file.substr(header.meta_offset, header.meta_size);
  if (Checksum(meta_bytes.data(), meta_bytes.size()) != header.meta_checksum)
    return reader.Fail("damaged: metadata checksum mismatch");
  uint64_t data_start = header.meta_offset + header.meta_size;

  MetadataReader meta(meta_bytes);
  Generation g;
  uint8_t derived = 0;
  if (!meta.U64(&g.snapshot_id) || !meta.U32(&g.index) || !meta.U8(&derived) || !DecodeSchema(&meta, &g.schema))
    return reader.Fail("damaged: unreadable metadata");
  g.customers_derived = derived != 0;
  g.inputs.resize(g.schema.inputs.size());
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const TableSpec& spec = g.schema.inputs[i];
    StoredInput& input = g.inputs[i];
    uint8_t present = 0;
    if (!meta.U8(&present)) return reader.Fail("damaged: unreadable metadata");
    input.present = present != 0;
    input.table = Table(spec.name);
    if (!input.present) {
      for (const ColumnSpec& c : spec.columns) input.table.AddColumn(c.name, c.type);
      continue;
    }
    uint64_t rows = 0;
    uint32_t ties = 0;
    if (!meta.U64(&rows) || !meta.U64(&input.indexed_rows) || !meta.U64(&input.unknown_customer_events) ||
        !meta.U64(&input.missing_key_events) || !meta.U64(&input.missing_time_events) || !meta.U32(&ties) ||
        ties > spec.columns.size() || input.indexed_rows > rows || rows > UINT32_MAX) {
      return reader.Fail("damaged: unreadable metadata");
    }
    input.tie_columns.resize(ties);
    for (std::string& name : input.tie_columns) {
      if (!meta.String(&name)) return reader.Fail("damaged: unreadable metadata");
    }
    std::vector<ColumnSections> columns(spec.columns.size());
    input.stored.assign(spec.columns.size(), true);
    for (size_t c = 0; c < columns.size(); ++c) {
      ColumnSections& s = columns[c];
      uint8_t stored = 0;
      if (!meta.U8(&stored)) return reader.Fail("damaged: unreadable metadata");
      input.stored[c] = stored != 0;
      if (!input.stored[c]) continue;
      if (!meta.SectionRef(&s.validity) || !meta.SectionRef(&s.values) || !meta.SectionRef(&s.tag_offsets) ||
          !meta.SectionRef(&s.dictionary_bytes) || !meta.SectionRef(&s.dictionary_ends)) {
        return reader.Fail("damaged: unreadable metadata");
      }
    }
    Section offsets, local_day, instant;
    if (!meta.SectionRef(&offsets) || !meta.SectionRef(&local_day) || !meta.SectionRef(&instant))
      return reader.Fail("damaged: unreadable metadata");

    uint64_t wanted_rows = options.indexed_rows_only ? input.indexed_rows : rows;
    const std::vector<bool>* wanted = i < options.columns.size() && !options.columns[i].empty() ? &options.columns[i]
                                                                                                : nullptr;
    // Each column on its own: checked and copied in parallel, added in order.
    std::vector<std::optional<Result<Column>>> read(spec.columns.size());
    ThreadPool pool(options.threads);
    pool.ParallelFor(spec.columns.size(), 1, [&](size_t first, size_t last) {
      for (size_t c = first; c < last; ++c) {
        ValueType type = spec.columns[c].type;
        if (input.stored[c] && (wanted == nullptr || (*wanted)[c])) {
          read[c] = ReadColumn(reader, data_start, type, columns[c], rows, wanted_rows);
          continue;
        }
        // Not copied, but a stored one is still checked: a flipped byte anywhere is an error.
        if (input.stored[c]) {
          for (const Section* s : {&columns[c].validity, &columns[c].values, &columns[c].tag_offsets,
                                   &columns[c].dictionary_bytes, &columns[c].dictionary_ends}) {
            if (Result<std::string_view> b = reader.Bytes(*s, data_start); !b.ok()) {
              read[c] = b.status();
              break;
            }
          }
          if (read[c]) continue;
        }
        // A column not read: rows without a value buffer, as the CSV loader leaves a skipped one.
        read[c] = Column::Unloaded(type, wanted_rows);
      }
    });
    for (size_t c = 0; c < spec.columns.size(); ++c) {
      if (!read[c]->ok()) return read[c]->status();
      input.table.AddColumn(spec.columns[c].name, std::move(**read[c]));
    }
    Result<std::string_view> offset_bytes = reader.Bytes(offsets, data_start);
    Result<std::string_view> day_bytes = reader.Bytes(local_day, data_start);
    Result<std::string_view> instant_bytes = reader.Bytes(instant, data_start);
    for (const auto* r : {&offset_bytes, &day_bytes, &instant_bytes}) {
      if (!r->ok()) return r->status();
    }
    // Customers have no index; an event input's index covers its indexed rows.
    uint64_t timed = spec.is_event ? input.indexed_rows : 0;
    if (offset_bytes->size() % 4 != 0 || day_bytes->size() != timed * 4 || instant_bytes->size() != timed * 8 ||
        (!spec.is_event && !offset_bytes->empty())) {
      return reader.Fail("damaged: the event index has the wrong size");
    }
    input.offsets = CopyPrefix<uint32_t>(*offset_bytes, offset_bytes->size() / 4);
    bool offsets_ok = input.offsets.empty() ? timed == 0 : input.offsets.front() == 0 && input.offsets.back() == timed;
    for (size_t k = 1; offsets_ok && k < input.offsets.size(); ++k)
      offsets_ok = input.offsets[k] >= input.offsets[k - 1];
    if (!offsets_ok) return reader.Fail("damaged: the event index's offsets are wrong");
    input.local_day = CopyPrefix<int32_t>(*day_bytes, timed);
    input.instant = CopyPrefix<int64_t>(*instant_bytes, timed);
  }
  if (!meta.AtEnd()) return reader.Fail("damaged: unreadable metadata");
  return g;
}

}  // namespace seg::rt::snapshot
