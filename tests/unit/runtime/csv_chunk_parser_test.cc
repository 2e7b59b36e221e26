#include "runtime/io/csv_chunk_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/io/customer_key_numbers.h"

namespace seg::rt {
namespace {

// The file's columns: name, type, and values of every kind the fast paths must get right or
// hand over: common forms, forms only the exact parsers take, missing and bad values.
struct FieldKind {
  const char* name;
  ValueType type;
  std::vector<const char*> values;
};

const std::vector<FieldKind>& Kinds() {
  static const std::vector<FieldKind> kinds = {
      {"customer", ValueType::kId, {"C0001", "C0002", "C0003", "C0999", "C12", "x", "", " C0001"}},
      {"ts",
       ValueType::kTimestamp,
       {"2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z", "2024-01-02 23:59:59", "2024-02-29T00:00:00+05:30",
        "2023-12-31T12:00:00-08:00", "2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05.1234567891Z",
        "2024-01-02t03:04:05Z", "2024-01-02T03:04Z", "2024-01-02T03:04:05+0100", "2024-01-02", " 2024-01-02T03:04:05Z",
        "2023-02-29T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05.Z", "",
        "soon"}},
      {"amount",
       ValueType::kMoney,
       {"12.5", "-3", "0.0001", "99999999999999.9999", "123456789012345", "+4", ".5", "7.", "1.23456", "1.00005", " 3 ",
        "1e3", "", "-", "922337203685477.5807", "922337203685477.5808"}},
      {"count",
       ValueType::kInt,
       {"0", "42", "-7", "+8", "007", "999999999999999999", "9223372036854775807", "9223372036854775808", "1.5", "",
        " 1", "--1", "+-2"}},
      {"day", ValueType::kDate, {"2024-01-02", "2024-01-02", "2024-02-30", "2024-1-02", "2024-01-02T00:00:00Z", ""}},
      {"flag", ValueType::kBool, {"true", "false", "1", "0", "TRUE", "yes", "No", "maybe", ""}},
      {"score", ValueType::kFloat, {"1.5", "-2e3", "nan", "inf", "", "0x10", " 3.25"}},
      {"wait", ValueType::kDuration, {"90", "1h30m", "3d", "1.5", "x", ""}},
      {"note",
       ValueType::kText,
       {"paid", "cancelled", "paid", "returned", "caf\xC3\xA9", "bad\xFF", " spaced ", "", "a;b"}},
      {"labels", ValueType::kTags, {"vip|new", " a | b ", "", "|", "x"}},
      {"extra", ValueType::kText, {"ignored", "\xFF", ""}},
  };
  return kinds;
}

// One field as written in the file: sometimes quoted (with escaped quotes, delimiters and
// newlines inside), sometimes broken on purpose.
std::string WriteField(const std::string& value, char delimiter, std::mt19937& rng) {
  switch (rng() % 40) {
    case 0: return "\"" + value + "\"";
    case 1: return "\"" + value + "\"\"x\"\"\"";
    case 2: return "\"" + value + std::string(1, delimiter) + "\n" + value + "\"";
    case 3: return "\"" + value + "\r\nmore\"";
    case 4: return value + "\"";          // a quote inside an unquoted field
    case 5: return "\"" + value + "\"x";  // text after the closing quote
    case 6: return "\"\"";
    default: return value;
  }
}

std::string RandomCsv(const std::vector<size_t>& order, char delimiter, size_t rows, std::mt19937& rng) {
  std::string text;
  for (size_t f = 0; f < order.size(); ++f) {
    if (f > 0) text += delimiter;
    text += Kinds()[order[f]].name;
  }
  text += "\n";
  for (size_t row = 0; row < rows; ++row) {
    if (rng() % 25 == 0) text += rng() % 2 ? "\n" : "\r\n";  // a blank line
    size_t fields = order.size();
    if (rng() % 60 == 0) fields += rng() % 2 ? 1 : -1;  // a wrong field count
    for (size_t f = 0; f < fields; ++f) {
      if (f > 0) text += delimiter;
      const auto& values = Kinds()[order[f % order.size()]].values;
      // Mostly the first values, the common forms, as in a real file.
      size_t pick = rng() % 3 ? rng() % std::min<size_t>(3, values.size()) : rng() % values.size();
      text += WriteField(values[pick], delimiter, rng);
    }
    text += rng() % 5 == 0 ? "\r\n" : "\n";
  }
  if (rng() % 4 == 0) text.pop_back();  // no newline at the end
  if (rng() % 20 == 0) text += "\"unterminated";
  return text;
}

void ExpectSameOutput(const ChunkOutput& fast, const ChunkOutput& reference, const std::string& what) {
  ASSERT_EQ(fast.rows, reference.rows) << what;
  ASSERT_EQ(fast.columns.size(), reference.columns.size()) << what;
  for (size_t c = 0; c < fast.columns.size(); ++c)
    EXPECT_TRUE(fast.columns[c] == reference.columns[c]) << what << " column " << c;
  EXPECT_EQ(fast.newlines, reference.newlines) << what;
  EXPECT_EQ(fast.quote_error, reference.quote_error) << what;
  EXPECT_EQ(fast.row_lines, reference.row_lines) << what;
  EXPECT_EQ(fast.errors.skipped, reference.errors.skipped) << what;
  EXPECT_EQ(fast.errors.counts, reference.errors.counts) << what;
  ASSERT_EQ(fast.errors.first_errors.size(), reference.errors.first_errors.size()) << what;
  for (size_t i = 0; i < fast.errors.first_errors.size(); ++i) {
    EXPECT_EQ(fast.errors.first_errors[i].line_in_chunk, reference.errors.first_errors[i].line_in_chunk) << what;
    EXPECT_EQ(fast.errors.first_errors[i].detail, reference.errors.first_errors[i].detail) << what;
  }
}

struct FileSetup {
  TableSpec spec;
  CsvLayout layout;
};

// A spec over the file's columns in `order`: most declared (in another order), some skipped.
FileSetup RandomSetup(const std::vector<size_t>& order, std::mt19937& rng, bool customers,
                      std::shared_ptr<const CustomerKeyNumbers> numbers) {
  FileSetup setup;
  setup.layout.header_fields = order.size();
  std::vector<size_t> fields(order.size());
  for (size_t f = 0; f < fields.size(); ++f) fields[f] = f;
  std::shuffle(fields.begin(), fields.end(), rng);
  for (size_t f : fields) {
    const FieldKind& kind = Kinds()[order[f]];
    if (std::string(kind.name) == "extra") continue;  // in the file, not declared
    setup.spec.columns.push_back({kind.name, kind.type, rng() % 6 == 0 && std::string(kind.name) != "customer"});
    setup.layout.field_of_column.push_back(f);
  }
  setup.spec.name = customers ? "customers" : "orders";
  setup.spec.key_column = "customer";
  setup.spec.is_event = !customers;
  if (!customers) setup.spec.time_column = "ts";
  setup.spec.customer_numbers = std::move(numbers);
  return setup;
}

std::shared_ptr<const CustomerKeyNumbers> Numbers() {
  Column keys(ValueType::kId);
  for (const char* key : {"C0001", "C0002", "C0004"}) keys.AppendText(key);
  return CustomerKeyNumbers::Of(keys);
}

// The fast chunk parser against the record-at-a-time one on random files with every oddity the
// format allows or forbids, on random pieces of them (a piece may start or end anywhere: both
// read it as the text there is), under both bad-row policies, for customer and event tables.
TEST(CsvChunkParserTest, AgreesWithTheRecordParserOnRandomFiles) {
  std::mt19937 rng(20261206);
  std::shared_ptr<const CustomerKeyNumbers> numbers = Numbers();
  ASSERT_NE(numbers, nullptr);
  for (int round = 0; round < 600; ++round) {
    std::vector<size_t> order(Kinds().size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(1 + rng() % order.size());
    if (std::find(order.begin(), order.end(), 0) == order.end()) order.push_back(0);  // the key
    char delimiter = ",;\t|"[rng() % 4];
    std::string text = RandomCsv(order, delimiter, 1 + rng() % 120, rng);
    bool customers = round % 3 == 0;
    FileSetup setup = RandomSetup(order, rng, customers, customers || round % 2 ? nullptr : numbers);
    LoadOptions options;
    options.delimiter = delimiter;
    options.on_bad_row = round % 4 == 0 ? BadRowPolicy::kFail : BadRowPolicy::kSkip;
    options.max_messages = 3;
    TimeZone zone = round % 5 == 0 ? TimeZone::Fixed(3600) : TimeZone::Utc();
    CsvSource source{&setup.spec, &setup.layout, &options, &zone, text};
    size_t header_end = text.find('\n') + 1;
    size_t begin = rng() % 4 == 0 ? rng() % text.size() : header_end;
    size_t end = rng() % 4 == 0 ? begin + rng() % (text.size() - begin + 1) : text.size();
    ChunkOutput fast, reference;
    BeginChunk(setup.spec, 4, &fast);
    BeginChunk(setup.spec, 4, &reference);
    ParseCsvChunk(source, begin, end, &fast);
    ParseCsvChunkByRecords(source, begin, end, &reference);
    ExpectSameOutput(fast, reference,
                     "round " + std::to_string(round) + ": [" + std::to_string(begin) + ", " + std::to_string(end) +
                         ") of\n" + text);
    if (::testing::Test::HasFailure()) return;
  }
}

// Long plain rows cross the scanner's 64-byte blocks and its windows of blocks at every offset;
// the batches of rows are flushed mid-file. Every row must come out as written.
TEST(CsvChunkParserTest, RowsAcrossBlocksAndBatchesComeOutAsWritten) {
  std::string text = "customer,amount,note\n";
  std::vector<std::string> notes;
  for (int row = 0; row < 5000; ++row) {
    notes.push_back(std::string(static_cast<size_t>(row % 97), 'a' + row % 26));
    text += "C" + std::to_string(row) + "," + std::to_string(row) + ".25," +
            (row % 7 == 0 ? "\"" + notes.back() + "\"" : notes.back()) + (row % 3 == 0 ? "\r\n" : "\n");
  }
  TableSpec spec{"orders",
                 {{"customer", ValueType::kId}, {"amount", ValueType::kMoney}, {"note", ValueType::kText}},
                 "customer",
                 "",
                 true};
  CsvLayout layout{{0, 1, 2}, 3};
  LoadOptions options;
  TimeZone zone;
  CsvSource source{&spec, &layout, &options, &zone, text};
  ChunkOutput out;
  BeginChunk(spec, 16, &out);
  ParseCsvChunk(source, text.find('\n') + 1, text.size(), &out);
  ASSERT_EQ(out.rows, 5000u);
  EXPECT_EQ(out.newlines, 5000u);
  for (size_t row = 0; row < 5000; ++row) {
    EXPECT_EQ(out.columns[1].values<int64_t>()[row], static_cast<int64_t>(row) * 10000 + 2500);
    ASSERT_EQ(out.columns[2].IsValid(row), !notes[row].empty()) << row;
    if (!notes[row].empty()) ASSERT_EQ(out.columns[2].TextAt(row), notes[row]) << row;
  }
}

}  // namespace
}  // namespace seg::rt
