#include "runtime/snapshot/generation_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <optional>

#include "runtime/io/mapped_file.h"
#include "runtime/snapshot/metadata_stream.h"
#include "runtime/snapshot/piece_checks.h"
#include "runtime/snapshot/values_fit.h"
#include "runtime/thread_pool.h"

namespace seg::rt::snapshot {
namespace {

// What went wrong, as "<path>: <why>"; the message a caller shows.
class Reader {
 public:
  Reader(const std::string& path, std::string_view file) : path_(path), file_(file) {}

  Status Fail(const std::string& why) const { return Status::Error("snapshot file " + path_ + ": " + why); }

  // A section's bytes after checking that it lies inside the file, past the metadata and aligned
  // (every array is 8-byte aligned in the file, and the mapping starts on a page, so a view of it
  // is aligned for any element type). Its checksum is checked by Verify.
  Result<std::string_view> Bytes(const Section& s, uint64_t data_start) const {
    if (s.offset < data_start || s.offset > file_.size() || s.size > file_.size() - s.offset || s.offset % 8 != 0) {
      return Fail("damaged: an array lies outside the file");
    }
    return file_.substr(s.offset, s.size);
  }

  // Checks `bytes` (a section's, as Bytes gave them) against its pieces' checksums, calling
  // `checked(begin, end)` on each piece right after its checksum, while it is in the cache: one
  // pass over the memory for both.
  Status Verify(
      const Section& s, std::string_view bytes,
      const std::function<void(size_t, size_t)>& checked = [](size_t, size_t) {}) const {
    for (size_t piece = 0; piece < s.pieces.size(); ++piece) {
      if (!PieceIntact(s, bytes.data(), piece)) return Fail(ChecksumMismatch(s, piece));
      size_t begin = piece * kPieceBytes;
      checked(begin, std::min<size_t>(bytes.size(), begin + kPieceBytes));
    }
    return Status::Ok();
  }

 private:
  const std::string& path_;
  std::string_view file_;
};

template <typename T> std::vector<T> CopyPrefix(std::string_view bytes, size_t count) {
  const T* first = reinterpret_cast<const T*>(bytes.data());
  return std::vector<T>(first, first + count);
}

// The first `count` elements of a section, viewed where the file is mapped.
template <typename T>
Buffer<T> ViewPrefix(std::string_view bytes, size_t count, const std::shared_ptr<const MappedFile>& file) {
  return Buffer<T>::View(reinterpret_cast<const T*>(bytes.data()), count, file);
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

// A column's dictionary, checked: its bytes and ends against their checksums, the ends never
// decreasing and within the bytes. A task of its own beside the column's (ReadColumn views the
// dictionary meanwhile; nothing reads the column before both are done): a million customer ids
// are 16 MB of dictionary beside 4 MB of codes, and checked with them they were the load's last
// task, on one thread (2 ms of the 3.9 it took).
Status CheckDictionary(const Reader& reader, uint64_t data_start, const ColumnSections& s) {
  Result<std::string_view> bytes = reader.Bytes(s.dictionary_bytes, data_start);
  Result<std::string_view> ends = reader.Bytes(s.dictionary_ends, data_start);
  if (!bytes.ok()) return bytes.status();
  if (!ends.ok()) return ends.status();
  if (ends->size() % 8 != 0) return reader.Fail("damaged: a dictionary has the wrong size");
  if (Status st = reader.Verify(s.dictionary_bytes, *bytes); !st.ok()) return st;
  const auto* end = reinterpret_cast<const uint64_t*>(ends->data());
  size_t count = ends->size() / 8;
  bool ends_rise = true;
  auto rising = [&](size_t begin_byte, size_t end_byte) {
    for (size_t i = std::max<size_t>(1, begin_byte / 8); i < end_byte / 8; ++i) ends_rise &= end[i] >= end[i - 1];
  };
  if (Status st = reader.Verify(s.dictionary_ends, *ends, rising); !st.ok()) return st;
  if (!ends_rise || (count > 0 && end[count - 1] > bytes->size()))
    return reader.Fail("damaged: a dictionary's entries are out of order");
  return Status::Ok();
}

// The stored column's first `rows` rows of `stored_rows`, checked: every section against its
// checksums, and the values against each other, but for the dictionary (CheckDictionary's). The
// values, the validity bitmap and the dictionary view the mapped file; the tag offsets are copied.
// With `deferred`, the values (of a column other than tags) are left to it, as an array of event
// input `input`.
Result<Column> ReadColumn(const Reader& reader, const std::shared_ptr<const MappedFile>& file, uint64_t data_start,
                          ValueType type, const ColumnSections& s, uint64_t stored_rows, uint64_t rows,
                          PieceChecks* deferred, size_t input) {
  auto bytes_of = [&](const Section& section) { return reader.Bytes(section, data_start); };
  Result<std::string_view> validity = bytes_of(s.validity);
  Result<std::string_view> values = bytes_of(s.values);
  Result<std::string_view> tag_offsets = bytes_of(s.tag_offsets);
  Result<std::string_view> dict_bytes = bytes_of(s.dictionary_bytes);
  Result<std::string_view> dict_ends = bytes_of(s.dictionary_ends);
  for (const auto* r : {&validity, &values, &tag_offsets, &dict_bytes, &dict_ends}) {
    if (!r->ok()) return r->status();
  }
  for (auto [section, bytes] : {std::pair{&s.validity, &validity}, std::pair{&s.tag_offsets, &tag_offsets}}) {
    if (Status st = reader.Verify(*section, **bytes); !st.ok()) return st;
  }
  bool tags = type == ValueType::kTags;
  size_t element = ElementSize(type);
  if (validity->size() != (stored_rows + 63) / 64 * 8)
    return reader.Fail("damaged: a validity bitmap has the wrong size");
  if (dict_ends->size() % 8 != 0) return reader.Fail("damaged: a dictionary has the wrong size");
  // Dictionary: viewed where the file is mapped, not copied (a million customer ids are 16 MB a
  // run would otherwise copy before evaluating anything); CheckDictionary checks it.
  Buffer<uint64_t> ends = ViewPrefix<uint64_t>(*dict_ends, dict_ends->size() / 8, file);
  if (!UsesDictionary(type) && !ends.empty()) return reader.Fail("damaged: a dictionary on a column without one");
  if (ends.size() > INT32_MAX) return reader.Fail("damaged: a dictionary is too large");
  auto dictionary_size = static_cast<int64_t>(ends.size());

  // The bitmap views the file, unless its last word has bits set past `rows` (rows the index left
  // out, when only the indexed ones are read): then a copy has them cleared, as a column keeps them.
  Buffer<uint64_t> bits = ViewPrefix<uint64_t>(*validity, (rows + 63) / 64, file);
  if (uint64_t mask = (uint64_t{1} << (rows % 64)) - 1; rows % 64 != 0 && (bits.back() & ~mask) != 0)
    bits.mutable_data()[bits.size() - 1] &= mask;  // copies the view first
  const uint64_t* bit_words = bits.data();
  auto valid = [bit_words](size_t row) { return (bit_words[row >> 6] >> (row & 63)) & 1; };

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

  // Values, checked while their checksum is computed: a missing row holds zero (every kernel may
  // rely on it), a code is in its dictionary, a bool is 0 or 1.
  Column::Data data;
  bool fits = true;
  Status sum = Status::Ok();
  auto take = [&](auto tag) {
    using T = decltype(tag);
    const T* v = reinterpret_cast<const T*>(values->data());
    bool codes = std::is_same_v<T, int32_t> && UsesDictionary(type);
    const uint64_t* validity_bits = tags ? nullptr : bit_words;
    auto check = [&](size_t begin_byte, size_t end_byte) {
      size_t first = begin_byte / sizeof(T), last = std::min<size_t>(end_byte / sizeof(T), value_count);
      if (first < last) fits &= ValuesFit(v, first, last, validity_bits, codes ? dictionary_size : -1);
    };
    data = ViewPrefix<T>(*values, value_count, file);
    if (deferred == nullptr || tags) {
      sum = reader.Verify(s.values, *values, check);
      return;
    }
    // Checked later, piece by piece: against the file's own bitmap (`bits` may be a copy, which
    // goes with the column), whose bits past `rows` no check looks at.
    const auto* file_bits = reinterpret_cast<const uint64_t*>(validity->data());
    int64_t limit = codes ? dictionary_size : -1;
    deferred->AddArray(input, s.values, *values, sizeof(T), [v, file_bits, value_count, limit](size_t b, size_t e) {
      size_t first = b / sizeof(T), last = std::min<size_t>(e / sizeof(T), value_count);
      return first >= last || ValuesFit(v, first, last, file_bits, limit);
    });
  };
  switch (element) {
    case 1: take(uint8_t{}); break;
    case 4: take(int32_t{}); break;
    default:
      if (type == ValueType::kFloat) take(double{});
      else take(int64_t{});
  }
  if (!sum.ok()) return sum;
  if (!fits) return reader.Fail("damaged: a column holds values it cannot hold");
  Dictionary dictionary = Dictionary::FromParts(ViewPrefix<char>(*dict_bytes, dict_bytes->size(), file),
                                                std::move(ends));
  return Column::FromParts(type, rows, std::move(bits), std::move(data), std::move(offsets), std::move(dictionary));
}

// Where one input's arrays are, from the metadata, and what reading them gives.
struct InputPlan {
  std::vector<ColumnSections> columns;
  Section offsets, local_day, instant;
  uint64_t rows = 0, wanted_rows = 0;
  uint64_t checked_rows = 0;                  // the rows whose values are checked: wanted_rows, or those it would be
  const std::vector<bool>* wanted = nullptr;  // null: every column
  std::vector<std::optional<Result<Column>>> read;
  std::vector<Status> dictionaries;  // each column's CheckDictionary (Ok where not checked)
  bool index_wanted = true;
  // The instants are the very bytes of a column's values that a task of this read checks (the
  // writer stores a timestamp time column's values, which are its instants, once): the index's
  // task leaves them to it, so that they are gone over once.
  bool instant_checked_by_column = false;
  // The instants are read (given with the index, or checked by `check_everything`).
  bool instant_read = true;
  // Its columns' values, local days and instants are checked as the run evaluates them
  // (ReadOptions::defer_event_values); its offsets, bitmaps and dictionaries now.
  bool deferred = false;
  Status index = Status::Ok();
};

bool SameBytes(const Section& a, const Section& b) {
  return a.offset == b.offset && a.size == b.size && a.pieces == b.pieces;
}

// The bytes the read of column `column` of an input checks before the run (SIZE_MAX: its index):
// what the tasks are ordered by, so that the threads finish together. A column's bitmap and tag
// offsets, and its values unless they are left to the deferred checks (its dictionary is a task
// of its own); an index's offsets, and its local days and instants unless deferred (or, for the
// instants, not read or checked as a column's values). Weighed by their values alone, a million
// customers' keys (4 MB of codes, but 16 MB of dictionary) were checked last, on one thread,
// 3.5 ms after the other had finished the event columns, whose values the run checks.
uint64_t BytesCheckedNow(const TableSpec& spec, const InputPlan& plan, size_t column) {
  if (column == SIZE_MAX) {
    if (plan.deferred) return plan.offsets.size;
    uint64_t instants = plan.instant_checked_by_column || !plan.instant_read ? 0 : plan.instant.size;
    return plan.offsets.size + plan.local_day.size + instants;
  }
  const ColumnSections& s = plan.columns[column];
  bool values_deferred = plan.deferred && spec.columns[column].type != ValueType::kTags;
  return s.validity.size + s.tag_offsets.size + (values_deferred ? 0 : s.values.size);
}

// An event input's index, checked (offsets rise from 0 to the indexed rows), viewing the file.
// With `deferred`, the local days and instants are left to it (the offsets are checked now: they
// say which rows a customer's events are).
Status ReadIndex(const Reader& reader, const std::shared_ptr<const MappedFile>& file, uint64_t data_start,
                 const TableSpec& spec, const InputPlan& plan, StoredInput* input, PieceChecks* deferred,
                 size_t input_index) {
  Result<std::string_view> offset_bytes = reader.Bytes(plan.offsets, data_start);
  Result<std::string_view> day_bytes = reader.Bytes(plan.local_day, data_start);
  Result<std::string_view> instant_bytes = reader.Bytes(plan.instant, data_start);
  for (const auto* r : {&offset_bytes, &day_bytes, &instant_bytes}) {
    if (!r->ok()) return r->status();
  }
  // Customers have no index; an event input's index covers its indexed rows.
  uint64_t timed = spec.is_event ? input->indexed_rows : 0;
  if (offset_bytes->size() % 4 != 0 || day_bytes->size() != timed * 4 || instant_bytes->size() != timed * 8 ||
      (!spec.is_event && !offset_bytes->empty())) {
    return reader.Fail("damaged: the event index has the wrong size");
  }
  size_t count = offset_bytes->size() / 4;
  const auto* offsets = reinterpret_cast<const uint32_t*>(offset_bytes->data());
  bool offsets_ok = count == 0 ? timed == 0 : offsets[0] == 0 && offsets[count - 1] == timed;
  auto rising = [&](size_t begin_byte, size_t end_byte) {
    for (size_t k = std::max<size_t>(1, begin_byte / 4); k < end_byte / 4; ++k)
      offsets_ok &= offsets[k] >= offsets[k - 1];
  };
  if (Status st = reader.Verify(plan.offsets, *offset_bytes, rising); !st.ok()) return st;
  if (!offsets_ok) return reader.Fail("damaged: the event index's offsets are wrong");
  const bool check_instants = plan.instant_read && !plan.instant_checked_by_column;
  if (deferred != nullptr) {
    deferred->AddArray(input_index, plan.local_day, *day_bytes, 4, nullptr);
    if (check_instants) deferred->AddArray(input_index, plan.instant, *instant_bytes, 8, nullptr);
  } else {
    if (Status st = reader.Verify(plan.local_day, *day_bytes); !st.ok()) return st;
    if (check_instants) {
      if (Status st = reader.Verify(plan.instant, *instant_bytes); !st.ok()) return st;
    }
  }
  input->offsets = ViewPrefix<uint32_t>(*offset_bytes, count, file);
  input->local_day = ViewPrefix<int32_t>(*day_bytes, timed, file);
  if (plan.instant_read) input->instant = ViewPrefix<int64_t>(*instant_bytes, timed, file);
  return Status::Ok();
}

}  // namespace

Result<Generation> ReadGeneration(const std::string& path, const ReadOptions& options) {
  // Only the pages of the arrays read are mapped (and read from disk, when the file is not cached).
  Result<MappedFile> mapped = MappedFile::Open(path, MappedFile::Pages::kOnTouch);
  if (!mapped.ok()) return Status::Error("snapshot file " + path + ": " + mapped.message());
  // Shared by every buffer that views it: the mapping lasts as long as the columns do.
  auto mapping = std::make_shared<const MappedFile>(std::move(*mapped));
  std::string_view file = mapping->data();
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

  // The metadata first: where every array is.
  MetadataReader meta(meta_bytes);
  Generation g;
  uint8_t derived = 0;
  if (!meta.U64(&g.snapshot_id) || !meta.U32(&g.index) || !meta.U8(&derived) || !DecodeSchema(&meta, &g.schema))
    return reader.Fail("damaged: unreadable metadata");
  g.customers_derived = derived != 0;
  g.inputs.resize(g.schema.inputs.size());
  std::vector<InputPlan> plans(g.inputs.size());
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const TableSpec& spec = g.schema.inputs[i];
    StoredInput& input = g.inputs[i];
    InputPlan& plan = plans[i];
    uint8_t present = 0;
    if (!meta.U8(&present)) return reader.Fail("damaged: unreadable metadata");
    input.present = present != 0;
    input.table = Table(spec.name);
    if (!input.present) {
      for (const ColumnSpec& c : spec.columns) input.table.AddColumn(c.name, c.type);
      continue;
    }
    uint32_t ties = 0;
    if (!meta.U64(&plan.rows) || !meta.U64(&input.indexed_rows) || !meta.U64(&input.unknown_customer_events) ||
        !meta.U64(&input.missing_key_events) || !meta.U64(&input.missing_time_events) || !meta.U32(&ties) ||
        ties > spec.columns.size() || input.indexed_rows > plan.rows || plan.rows > UINT32_MAX) {
      return reader.Fail("damaged: unreadable metadata");
    }
    input.tie_columns.resize(ties);
    for (std::string& name : input.tie_columns) {
      if (!meta.String(&name)) return reader.Fail("damaged: unreadable metadata");
    }
    plan.columns.resize(spec.columns.size());
    input.stored.assign(spec.columns.size(), true);
    for (size_t c = 0; c < plan.columns.size(); ++c) {
      ColumnSections& s = plan.columns[c];
      uint8_t stored = 0;
      if (!meta.U8(&stored)) return reader.Fail("damaged: unreadable metadata");
      input.stored[c] = stored != 0;
      if (!input.stored[c]) continue;
      if (!meta.SectionRef(&s.validity) || !meta.SectionRef(&s.values) || !meta.SectionRef(&s.tag_offsets) ||
          !meta.SectionRef(&s.dictionary_bytes) || !meta.SectionRef(&s.dictionary_ends)) {
        return reader.Fail("damaged: unreadable metadata");
      }
    }
    if (!meta.SectionRef(&plan.offsets) || !meta.SectionRef(&plan.local_day) || !meta.SectionRef(&plan.instant))
      return reader.Fail("damaged: unreadable metadata");
    plan.wanted_rows = options.indexed_rows_only ? input.indexed_rows : plan.rows;
    if (i < options.columns.size() && !options.columns[i].empty()) plan.wanted = &options.columns[i];
    plan.read.resize(spec.columns.size());
    plan.dictionaries.assign(spec.columns.size(), Status::Ok());
  }
  if (!meta.AtEnd()) return reader.Fail("damaged: unreadable metadata");

  // Then every column and every index asked for (or every one, when checking everything), checked
  // in parallel, the largest first (BytesCheckedNow) so that the threads finish together. Each is
  // one task (a column's dictionary another): one pass over its arrays, which stay where the
  // kernel mapped them.
  struct Task {
    size_t input;
    size_t column;    // SIZE_MAX: the input's index
    bool dictionary;  // the column's dictionary (CheckDictionary), not the rest of it
    uint64_t bytes;
  };
  std::vector<Task> tasks;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!g.inputs[i].present) continue;
    InputPlan& plan = plans[i];
    plan.index_wanted = i >= options.indexes.size() || options.indexes[i];
    plan.instant_read = options.check_everything || i >= options.instants.size() || options.instants[i];
    // Nothing of it asked for: it comes back with no rows (its counts are in the metadata), so
    // that not even a bitmap of its missing rows is made.
    bool nothing = !plan.index_wanted && plan.wanted != nullptr &&
                   std::find(plan.wanted->begin(), plan.wanted->end(), true) == plan.wanted->end();
    plan.checked_rows = plan.wanted_rows;
    if (nothing) plan.wanted_rows = 0;
    for (size_t c = 0; c < plan.columns.size(); ++c) {
      ValueType type = g.schema.inputs[i].columns[c].type;
      bool wanted = plan.wanted == nullptr || (*plan.wanted)[c];
      // Not in the file, or not asked for: rows without a value buffer, as the CSV loader leaves
      // a column it skips.
      if (!g.inputs[i].stored[c] || !wanted) plan.read[c] = Column::Unloaded(type, plan.wanted_rows);
      if (g.inputs[i].stored[c] && (wanted || options.check_everything)) {
        tasks.push_back({i, c, false, 0});
        const ColumnSections& s = plan.columns[c];
        if (s.dictionary_bytes.size + s.dictionary_ends.size > 0) tasks.push_back({i, c, true, 0});
        if (plan.instant.size > 0 && SameBytes(plan.instant, plan.columns[c].values))
          plan.instant_checked_by_column = true;
      }
    }

    if (plan.index_wanted || options.check_everything) tasks.push_back({i, SIZE_MAX, false, 0});
  }
  // Over the indexed rows of an input whose index is given (a run's), the values can be checked
  // as the run evaluates the customers whose events they hold (rt::DeferredChecks): then a task
  // here checks only what guards memory access, and the instants' bytes a column shares count
  // once either way.
  std::shared_ptr<PieceChecks> deferred;
  if (options.defer_event_values && options.indexed_rows_only && !options.check_everything) {
    deferred = std::make_shared<PieceChecks>(path, mapping);
    for (size_t i = 0; i < plans.size(); ++i)
      plans[i].deferred = g.inputs[i].present && g.schema.inputs[i].is_event && plans[i].index_wanted;
  }
  for (Task& task : tasks) {
    const InputPlan& plan = plans[task.input];
    task.bytes = task.dictionary
                     ? plan.columns[task.column].dictionary_bytes.size + plan.columns[task.column].dictionary_ends.size
                     : BytesCheckedNow(g.schema.inputs[task.input], plan, task.column);
  }
  std::stable_sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.bytes > b.bytes; });
  ThreadPool pool(options.threads);
  pool.ParallelFor(tasks.size(), 1, [&](size_t first, size_t last) {
    for (size_t t = first; t < last; ++t) {
      const TableSpec& spec = g.schema.inputs[tasks[t].input];
      StoredInput& input = g.inputs[tasks[t].input];
      InputPlan& plan = plans[tasks[t].input];
      size_t c = tasks[t].column;
      if (tasks[t].dictionary) {
        plan.dictionaries[c] = CheckDictionary(reader, data_start, plan.columns[c]);
        continue;
      }
      if (c == SIZE_MAX) {
        StoredInput checked;
        checked.indexed_rows = input.indexed_rows;
        plan.index = ReadIndex(reader, mapping, data_start, spec, plan, &checked,
                               plan.deferred ? deferred.get() : nullptr, tasks[t].input);
        if (plan.index_wanted) {
          input.offsets = std::move(checked.offsets);
          input.local_day = std::move(checked.local_day);
          input.instant = std::move(checked.instant);
        }
        continue;
      }
      Result<Column> column = ReadColumn(reader, mapping, data_start, spec.columns[c].type, plan.columns[c], plan.rows,
                                         plan.checked_rows, plan.deferred ? deferred.get() : nullptr, tasks[t].input);
      // A column checked but not asked for stays given back as missing rows.
      if (!column.ok() || !plan.read[c].has_value()) plan.read[c] = std::move(column);
    }
  });
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!g.inputs[i].present) continue;
    InputPlan& plan = plans[i];
    for (size_t c = 0; c < plan.read.size(); ++c) {
      if (!plan.read[c]->ok()) return plan.read[c]->status();
      if (!plan.dictionaries[c].ok()) return plan.dictionaries[c];
      g.inputs[i].table.AddColumn(g.schema.inputs[i].columns[c].name, std::move(**plan.read[c]));
    }
    if (!plan.index.ok()) return plan.index;
  }
  if (deferred != nullptr && !deferred->empty()) {
    std::vector<PieceChecks::Offsets> offsets;
    for (const StoredInput& input : g.inputs) offsets.emplace_back(input.offsets.data(), input.offsets.size());
    deferred->Ready(std::move(offsets));
    g.deferred_checks = std::move(deferred);
  }
  return g;
}

}  // namespace seg::rt::snapshot
