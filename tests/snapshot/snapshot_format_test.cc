// The generation file format on its own (runtime/snapshot): every value type round-trips with its
// missing values and dictionaries; a file of another format version, and a file whose checksums
// match but whose contents contradict each other, are refused with the file named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "runtime/dataset.h"
#include "runtime/snapshot/format.h"
#include "runtime/snapshot/generation_reader.h"
#include "runtime/snapshot/generation_writer.h"
#include "runtime/snapshot/snapshot_directory.h"

namespace seg::rt::snapshot {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class SnapshotFormat : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("seg_snapshot_format_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// `table` as the generation's customers, every row indexed.
void AddCustomers(const TableSpec& spec, Table table, Generation* g) {
  g->schema.inputs.push_back(spec);
  StoredInput input;
  input.present = true;
  input.indexed_rows = table.num_rows();
  input.table = std::move(table);
  g->inputs.push_back(std::move(input));
}

// Customers with a column of every type; row 1 misses every value but the key.
Generation EveryType() {
  Generation g;
  g.snapshot_id = 42;
  g.schema.time_zone = "America/New_York";
  TableSpec spec{"customers", {}, "id", "", false};
  Table table("customers");
  auto add = [&](const std::string& name, ValueType type) -> Column& {
    spec.columns.push_back({name, type});
    return table.AddColumn(name, type);
  };
  Column& id = add("id", ValueType::kId);
  for (const char* key : {"a", "b", "c"}) id.AppendText(key);
  Column& flag = add("flag", ValueType::kBool);
  flag.AppendBool(true), flag.AppendNull(), flag.AppendBool(false);
  Column& n = add("n", ValueType::kInt);
  n.AppendInt64(-7), n.AppendNull(), n.AppendInt64(INT64_MAX);
  Column& x = add("x", ValueType::kFloat);
  x.AppendDouble(-0.0), x.AppendNull(), x.AppendDouble(1e300);
  Column& spend = add("spend", ValueType::kMoney);
  spend.AppendInt64(123456), spend.AppendNull(), spend.AppendInt64(-1);
  Column& day = add("day", ValueType::kDate);
  day.AppendInt32(19000), day.AppendNull(), day.AppendInt32(-3);
  Column& at = add("at", ValueType::kTimestamp);
  at.AppendInt64(1700000000000000), at.AppendNull(), at.AppendInt64(0);
  Column& gap = add("gap", ValueType::kDuration);
  gap.AppendInt64(86400000000), gap.AppendNull(), gap.AppendInt64(1);
  Column& city = add("city", ValueType::kText);
  city.AppendText("Zürich"), city.AppendNull(), city.AppendText("");
  Column& tags = add("tags", ValueType::kTags);
  tags.AddTag("vip"), tags.AddTag("new"), tags.FinishTags();
  tags.AppendNull();
  tags.FinishTags();
  AddCustomers(spec, std::move(table), &g);
  return g;
}

TEST_F(SnapshotFormat, EveryTypeRoundTrips) {
  Generation g = EveryType();
  ASSERT_TRUE(WriteGeneration(g, Path("gen-000000.segsnap")).ok());
  Result<Generation> read = ReadGeneration(Path("gen-000000.segsnap"));
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(read->snapshot_id, 42u);
  EXPECT_EQ(read->schema.time_zone, "America/New_York");
  ASSERT_EQ(read->inputs.size(), 1u);
  const Table& a = g.inputs[0].table;
  const Table& b = read->inputs[0].table;
  ASSERT_EQ(b.num_columns(), a.num_columns());
  for (size_t c = 0; c < a.num_columns(); ++c) {
    EXPECT_TRUE(a.column(c) == b.column(c)) << a.column_name(c);
    EXPECT_EQ(b.column_name(c), a.column_name(c));
    EXPECT_EQ(read->schema.inputs[0].columns[c].type, a.column(c).type());
  }
  // The dictionary's lookups work after the round trip (the hash table is rebuilt).
  EXPECT_EQ(b.column(8).dictionary().Find("Zürich"), 0);
  EXPECT_EQ(b.column(9).TagsAt(0).size(), 2u);
}

// Zero-copy: the values and the index view the mapped file, which stays mapped for as long as
// a column viewing it lives, even after the generation and the file's name are gone; changing a
// column copies it first and leaves the file and every other view as they were.
TEST_F(SnapshotFormat, ColumnsViewTheMappedFileAndOutliveIt) {
  Generation g = EveryType();
  g.inputs[0].offsets = std::vector<uint32_t>{0, 3};
  g.inputs[0].local_day = std::vector<int32_t>{1, 2, kNoDay};
  g.inputs[0].instant = std::vector<int64_t>{10, 20, 0};
  g.schema.inputs[0].is_event = true;
  ASSERT_TRUE(WriteGeneration(g, Path("g")).ok());
  std::string bytes_before = ReadAll(Path("g"));
  Column amount, day_copy;
  Buffer<int64_t> instant;
  {
    Result<Generation> read = ReadGeneration(Path("g"));
    ASSERT_TRUE(read.ok()) << read.message();
    const Column& stored = read->inputs[0].table.column(2);
    ASSERT_EQ(stored.type(), ValueType::kInt);
    EXPECT_TRUE(stored.values<int64_t>().viewing());
    EXPECT_TRUE(stored.validity().viewing());
    EXPECT_TRUE(read->inputs[0].instant.viewing());
    // The keys' and the texts' dictionaries too: checking their order copied nothing (a
    // million customer keys' ends are 8 MB).
    EXPECT_TRUE(read->inputs[0].table.column(0).dictionary().viewing());
    EXPECT_TRUE(read->inputs[0].table.column(8).dictionary().viewing());
    amount = stored;  // a copy views the same mapping
    instant = std::move(read->inputs[0].instant);
  }
  fs::remove(Path("g"));
  EXPECT_TRUE(amount == g.inputs[0].table.column(2));
  EXPECT_EQ(instant, (std::vector<int64_t>{10, 20, 0}));
  Column changed = amount;
  changed.mutable_values<int64_t>().mutable_data()[0] = 77;
  EXPECT_FALSE(changed.values<int64_t>().viewing());
  EXPECT_TRUE(amount.values<int64_t>().viewing());
  EXPECT_TRUE(amount == g.inputs[0].table.column(2));
  EXPECT_EQ(changed.values<int64_t>()[0], 77);
  changed.AppendInt64(5);
  EXPECT_EQ(changed.size(), amount.size() + 1);
}

// An array's checksums are XXH3-64 of each 64 KiB piece, in order, the last one shorter.
TEST(SnapshotChecksum, PiecesCoverTheArray) {
  for (size_t size : {size_t{0}, size_t{100}, size_t{64} << 10, (size_t{1} << 20) + 3}) {
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(i * 31 + 7);
    std::vector<uint64_t> sums = PieceChecksums(bytes.data(), size);
    ASSERT_EQ(sums.size(), (size + kPieceBytes - 1) / kPieceBytes) << size;
    Section section{0, size, sums};
    for (size_t k = 0; k < sums.size(); ++k) {
      size_t begin = k * kPieceBytes;
      EXPECT_EQ(sums[k], Checksum(bytes.data() + begin, std::min<size_t>(size - begin, kPieceBytes)));
      EXPECT_TRUE(PieceIntact(section, bytes.data(), k));
    }
  }
}

TEST_F(SnapshotFormat, ColumnsNotWantedComeBackMissing) {
  ASSERT_TRUE(WriteGeneration(EveryType(), Path("g")).ok());
  ReadOptions options;
  options.columns = {std::vector<bool>(10, false)};
  options.columns[0][0] = true;
  Result<Generation> read = ReadGeneration(Path("g"), options);
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(read->inputs[0].table.column(0).size(), 3u);
  EXPECT_EQ(read->inputs[0].table.column(4).NullCount(), 3u);
}

TEST_F(SnapshotFormat, AnotherVersionIsRefused) {
  ASSERT_TRUE(WriteGeneration(EveryType(), Path("g")).ok());
  std::string bytes = ReadAll(Path("g"));
  Header header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  header.version = kFormatVersion + 1;
  header.header_checksum = Checksum(&header, offsetof(Header, header_checksum));
  std::memcpy(bytes.data(), &header, sizeof(header));
  WriteAll(Path("g"), bytes);
  Result<Generation> read = ReadGeneration(Path("g"));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.message().find(Path("g") + ": format version 3; this seg reads version 2"), std::string::npos)
      << read.message();
}

// A file of version 1 (one checksum per array, before the pieces' checksums) is refused, naming
// the file and saying to import again.
TEST_F(SnapshotFormat, AnOlderVersionIsRefusedWithTheWayOut) {
  ASSERT_TRUE(WriteGeneration(EveryType(), Path("g")).ok());
  std::string bytes = ReadAll(Path("g"));
  Header header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  header.version = 1;
  header.header_checksum = Checksum(&header, offsetof(Header, header_checksum));
  std::memcpy(bytes.data(), &header, sizeof(header));
  WriteAll(Path("g"), bytes);
  Result<Generation> read = ReadGeneration(Path("g"));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.message().find(Path("g") + ": format version 1; this seg reads version 2 (import the data again)"),
            std::string::npos)
      << read.message();
}

// Contents that contradict each other behind valid checksums (a bug, or a file made by hand):
// refused, not used.
TEST_F(SnapshotFormat, InconsistentContentsAreRefused) {
  {
    Generation g = EveryType();
    Column& city = g.inputs[0].table.mutable_column(8);
    city.mutable_values<int32_t>().mutable_data()[0] = 5;  // a code past the dictionary
    ASSERT_TRUE(WriteGeneration(g, Path("code")).ok());
    Result<Generation> read = ReadGeneration(Path("code"));
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.message().find("cannot hold"), std::string::npos) << read.message();
  }
  {
    Generation g = EveryType();
    g.inputs[0].table.mutable_column(2).mutable_values<int64_t>().mutable_data()[1] = 9;  // a value in a missing slot
    ASSERT_TRUE(WriteGeneration(g, Path("slot")).ok());
    EXPECT_FALSE(ReadGeneration(Path("slot")).ok());
  }
  {
    Generation g = EveryType();
    g.schema.inputs[0].is_event = true;  // events without an index of their rows
    g.inputs[0].offsets = {0, 2};
    ASSERT_TRUE(WriteGeneration(g, Path("index")).ok());
    Result<Generation> read = ReadGeneration(Path("index"));
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.message().find("index"), std::string::npos) << read.message();
  }
}

// 200 rows, so the values' checks go over whole validity words and a partial last one: every
// third row missing. Columns: id, n (int), flag (bool), x (float), city (text).
Generation Wide() {
  Generation g;
  g.snapshot_id = 7;
  g.schema.time_zone = "UTC";
  TableSpec spec;
  spec.name = "customers";
  spec.key_column = "id";
  Table table("customers");
  auto add = [&](const std::string& name, ValueType type) {
    spec.columns.push_back({name, type});
    table.AddColumn(name, type);
  };
  add("id", ValueType::kId), add("n", ValueType::kInt), add("flag", ValueType::kBool);
  add("x", ValueType::kFloat), add("city", ValueType::kText);
  // Taken after every AddColumn, which may move the columns.
  Column &id = table.mutable_column(0), &n = table.mutable_column(1), &flag = table.mutable_column(2);
  Column &x = table.mutable_column(3), &city = table.mutable_column(4);
  for (int r = 0; r < 200; ++r) {
    id.AppendText("k" + std::to_string(r));
    if (r % 3 == 1) {
      n.AppendNull(), flag.AppendNull(), x.AppendNull(), city.AppendNull();
      continue;
    }
    n.AppendInt64(r), flag.AppendBool(r % 2 == 0), x.AppendDouble(r * 0.5), city.AppendText(r % 5 == 0 ? "a" : "b");
  }
  AddCustomers(spec, std::move(table), &g);
  return g;
}

// Values no column can hold, behind valid checksums, in a full validity word and in the last,
// partial one: refused when the column is read.
TEST_F(SnapshotFormat, ValuesAColumnCannotHoldAreRefusedInEveryWord) {
  ASSERT_TRUE(WriteGeneration(Wide(), Path("intact")).ok());
  ASSERT_TRUE(ReadGeneration(Path("intact")).ok());
  for (size_t row : {size_t{4}, size_t{130}, size_t{199}}) {
    size_t missing = row - row % 3 + 1;  // a missing row near it
    auto refused = [&](const std::string& what, const std::function<void(Table&)>& damage) {
      Generation g = Wide();
      damage(g.inputs[0].table);
      ASSERT_TRUE(WriteGeneration(g, Path("bad")).ok());
      Result<Generation> read = ReadGeneration(Path("bad"));
      ASSERT_FALSE(read.ok()) << what << " at row " << row;
      EXPECT_NE(read.message().find("cannot hold"), std::string::npos) << read.message();
    };
    refused("an int in a missing slot",
            [&](Table& t) { t.mutable_column(1).mutable_values<int64_t>().mutable_data()[missing] = 1; });
    refused("a bool that is 2",
            [&](Table& t) { t.mutable_column(2).mutable_values<uint8_t>().mutable_data()[row] = 2; });
    refused("a true in a missing slot",
            [&](Table& t) { t.mutable_column(2).mutable_values<uint8_t>().mutable_data()[missing] = 1; });
    refused("-0.0 in a missing slot",
            [&](Table& t) { t.mutable_column(3).mutable_values<double>().mutable_data()[missing] = -0.0; });
    refused("a code past the dictionary",
            [&](Table& t) { t.mutable_column(4).mutable_values<int32_t>().mutable_data()[row] = 2; });
    refused("a negative code",
            [&](Table& t) { t.mutable_column(4).mutable_values<int32_t>().mutable_data()[row] = -1; });
  }
}

// A column not asked for is not checked (it cannot reach the caller), unless everything is.
TEST_F(SnapshotFormat, OnlyWhatIsGivenIsCheckedUnlessEverythingIs) {
  Generation g = Wide();
  g.inputs[0].table.mutable_column(1).mutable_values<int64_t>().mutable_data()[1] = 5;  // a value in a missing slot
  ASSERT_TRUE(WriteGeneration(g, Path("g")).ok());
  ReadOptions ids_only;
  ids_only.columns = {{true, false, false, false, false}};
  Result<Generation> read = ReadGeneration(Path("g"), ids_only);
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(read->inputs[0].table.column(1).NullCount(), 200u);  // given back as missing
  ReadOptions everything = ids_only;
  everything.check_everything = true;
  Result<Generation> checked = ReadGeneration(Path("g"), everything);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.message().find("cannot hold"), std::string::npos) << checked.message();
  EXPECT_FALSE(ReadGeneration(Path("g")).ok());
  // Nothing asked for: no rows given, the counts still there.
  ReadOptions nothing;
  nothing.columns = {std::vector<bool>(5, false)};
  nothing.indexes = {false};
  Result<Generation> empty = ReadGeneration(Path("g"), nothing);
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_EQ(empty->inputs[0].table.num_rows(), 0u);
  EXPECT_EQ(empty->inputs[0].indexed_rows, 200u);
  nothing.check_everything = true;
  EXPECT_FALSE(ReadGeneration(Path("g"), nothing).ok());
}

// Orders whose timestamp time column's values are also their instants (as the loader shares
// them): 3 events of one customer, the instants 0x1122334455667788 + e.
Generation TimedOrders(bool share_instants) {
  Generation g;
  g.snapshot_id = 9;
  g.schema.time_zone = "UTC";
  TableSpec spec{"orders", {{"customer", ValueType::kId}, {"ts", ValueType::kTimestamp}}, "customer", "ts", true};
  g.schema.inputs.push_back(spec);
  Table table("orders");
  table.AddColumn("customer", ValueType::kId);
  table.AddColumn("ts", ValueType::kTimestamp);
  Column &customer = table.mutable_column(0), &ts = table.mutable_column(1);  // after every AddColumn
  for (int64_t e = 0; e < 3; ++e) customer.AppendText("a"), ts.AppendInt64(0x1122334455667788 + e);
  StoredInput input;
  input.present = true;
  input.indexed_rows = 3;
  input.offsets = std::vector<uint32_t>{0, 3};
  input.local_day = std::vector<int32_t>{1, 2, 3};
  Buffer<int64_t>& values = ts.mutable_values<int64_t>();
  input.instant = share_instants ? values.Shared()
                                 : Buffer<int64_t>(std::vector<int64_t>(values.begin(), values.end()));
  input.table = std::move(table);
  g.inputs.push_back(std::move(input));
  return g;
}

// The same memory given twice (a timestamp time column's values and its instants) is stored
// once; read back, the index and the column view the same bytes, and a flipped byte in them is
// refused whichever of the two is read.
TEST_F(SnapshotFormat, InstantsSharedWithTheTimeColumnAreStoredAndCheckedOnce) {
  ASSERT_TRUE(WriteGeneration(TimedOrders(true), Path("shared")).ok());
  ASSERT_TRUE(WriteGeneration(TimedOrders(false), Path("copied")).ok());
  EXPECT_GE(fs::file_size(Path("copied")), fs::file_size(Path("shared")) + 3 * 8);  // the instants, once
  for (const char* name : {"shared", "copied"}) {
    Result<Generation> read = ReadGeneration(Path(name));
    ASSERT_TRUE(read.ok()) << read.message();
    const Buffer<int64_t>& ts = read->inputs[0].table.column(1).values<int64_t>();
    EXPECT_EQ(read->inputs[0].instant,
              (std::vector<int64_t>{0x1122334455667788, 0x1122334455667789, 0x112233445566778a}));
    EXPECT_EQ(read->inputs[0].instant.data() == ts.data(), std::string(name) == "shared") << name;
  }
  std::string bytes = ReadAll(Path("shared"));
  const int64_t first = 0x1122334455667788;
  size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&first), 8));
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(bytes.find(std::string(reinterpret_cast<const char*>(&first), 8), at + 1), std::string::npos);
  bytes[at + 9] ^= 1;  // the second instant
  WriteAll(Path("shared"), bytes);
  ReadOptions index_only, column_only, both;
  index_only.columns = {{true, false}};
  column_only.columns = {{true, true}};
  column_only.indexes = {false};
  for (const ReadOptions* options : {&index_only, &column_only, &both}) {
    Result<Generation> read = ReadGeneration(Path("shared"), *options);
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.message().find(Path("shared") + ": damaged: checksum mismatch"), std::string::npos)
        << read.message();
  }
}

// An index given without its instants (ReadOptions::instants: a run whose rules read no event's
// time) leaves them unread: not given, and a flipped byte in them found only when they are read
// or everything is checked.
TEST_F(SnapshotFormat, InstantsNotAskedForAreNeitherGivenNorChecked) {
  ASSERT_TRUE(WriteGeneration(TimedOrders(false), Path("copied")).ok());
  std::string bytes = ReadAll(Path("copied"));
  const int64_t first = 0x1122334455667788;
  const std::string first_bytes(reinterpret_cast<const char*>(&first), 8);
  size_t column = bytes.find(first_bytes);
  ASSERT_NE(column, std::string::npos);
  size_t instants = bytes.find(first_bytes, column + 1);  // the index is stored after the columns
  ASSERT_NE(instants, std::string::npos);
  bytes[instants + 9] ^= 1;  // the second instant
  WriteAll(Path("copied"), bytes);
  ReadOptions without;
  without.columns = {{true, false}};
  without.instants = {false};
  Result<Generation> read = ReadGeneration(Path("copied"), without);
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_TRUE(read->inputs[0].instant.empty());
  EXPECT_EQ(read->inputs[0].local_day, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(read->inputs[0].offsets, (std::vector<uint32_t>{0, 3}));
  ReadOptions with = without;
  with.instants = {true};
  ReadOptions everything = without;
  everything.check_everything = true;
  for (const ReadOptions* options : {&with, &everything}) {
    Result<Generation> refused = ReadGeneration(Path("copied"), *options);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("damaged: checksum mismatch"), std::string::npos) << refused.message();
  }
}

// Only the indexed rows read (the events the index left out stay behind): a validity bitmap
// whose last word also covers left-out rows is given with their bits cleared, as a column of
// those rows alone has them; one that ends on a word, or has nothing set past them, views the file.
TEST_F(SnapshotFormat, IndexedRowsOnlyClearTheBitsOfTheRowsLeftOut) {
  Generation g = Wide();  // 200 rows, every third missing
  g.schema.inputs[0].is_event = true;
  for (uint64_t indexed : {uint64_t{70}, uint64_t{128}, uint64_t{199}}) {
    g.inputs[0].indexed_rows = indexed;
    g.inputs[0].offsets = std::vector<uint32_t>{0, static_cast<uint32_t>(indexed)};
    g.inputs[0].local_day = std::vector<int32_t>(indexed, 1);
    g.inputs[0].instant = std::vector<int64_t>(indexed, 2);
    ASSERT_TRUE(WriteGeneration(g, Path("g")).ok());
    ReadOptions options;
    options.indexed_rows_only = true;
    Result<Generation> read = ReadGeneration(Path("g"), options);
    ASSERT_TRUE(read.ok()) << read.message();
    std::vector<uint32_t> first(indexed);
    for (uint32_t r = 0; r < indexed; ++r) first[r] = r;
    for (size_t c = 0; c < 5; ++c) {
      const Column& column = read->inputs[0].table.column(c);
      EXPECT_TRUE(column == g.inputs[0].table.column(c).Gather(first)) << "column " << c << ", " << indexed << " rows";
      bool past_set = indexed % 64 != 0 &&
                      (g.inputs[0].table.column(c).validity()[indexed / 64] >> (indexed % 64)) != 0;
      EXPECT_EQ(column.validity().viewing(), !past_set) << "column " << c << ", " << indexed << " rows";
    }
  }
}

// Orders of three customers, 30,000 each (customer c's rows [30000c, 30000c + 30000)): an amount
// (int, 8 bytes a row: eleven 64 KiB pieces) and a flag (bool: two pieces), every row indexed.
Generation ManyOrders() {
  Generation g;
  g.snapshot_id = 11;
  g.schema.time_zone = "UTC";
  TableSpec spec{"orders",
                 {{"customer", ValueType::kId}, {"amount", ValueType::kInt}, {"flag", ValueType::kBool}},
                 "customer",
                 "",
                 true};
  g.schema.inputs.push_back(spec);
  Table table("orders");
  for (const ColumnSpec& c : spec.columns) table.AddColumn(c.name, c.type);
  Column &customer = table.mutable_column(0), &amount = table.mutable_column(1), &flag = table.mutable_column(2);
  constexpr uint32_t kRows = 90000;
  for (uint32_t r = 0; r < kRows; ++r) {
    customer.AppendText("c" + std::to_string(r / 30000));
    amount.AppendInt64(r * 3);
    flag.AppendBool(r % 2 == 0);
  }
  StoredInput input;
  input.present = true;
  input.indexed_rows = kRows;
  input.offsets = std::vector<uint32_t>{0, 30000, 60000, kRows};
  input.local_day = std::vector<int32_t>(kRows, 5);
  input.instant = std::vector<int64_t>(kRows, 6);
  input.table = std::move(table);
  g.inputs.push_back(std::move(input));
  return g;
}

// A run's read leaves the values of the events it evaluates to checks made piece by piece
// (Generation::deferred_checks): damage in a piece in the middle of an array is found when the
// customers whose events it holds are about to be evaluated (not before, and not for customers
// whose events lie elsewhere), and by the final check; a read that checks now refuses the file.
TEST_F(SnapshotFormat, ADamagedPieceInTheMiddleIsFoundBeforeItsCustomersAreEvaluated) {
  const int64_t marker = 60000 * 3;  // the amount of row 60000: customer 2's first, in the eighth piece
  for (bool values_unfit : {false, true}) {
    Generation g = ManyOrders();
    if (values_unfit)
      g.inputs[0].table.mutable_column(2).mutable_values<uint8_t>().mutable_data()[80000] = 2;  // a bool of 2, in its
                                                                                                // second piece
    ASSERT_TRUE(WriteGeneration(g, Path("g")).ok());
    std::string bytes = ReadAll(Path("g"));
    if (!values_unfit) {
      size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&marker), 8));
      ASSERT_NE(at, std::string::npos);
      bytes[at] ^= 4;
      WriteAll(Path("g"), bytes);
    }
    ReadOptions now;
    now.indexed_rows_only = true;
    Result<Generation> refused = ReadGeneration(Path("g"), now);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find(values_unfit ? "cannot hold" : "checksum mismatch"), std::string::npos)
        << refused.message();

    ReadOptions deferring = now;
    deferring.defer_event_values = true;
    Result<Generation> read = ReadGeneration(Path("g"), deferring);
    ASSERT_TRUE(read.ok()) << read.message();
    ASSERT_NE(read->deferred_checks, nullptr);
    DeferredChecks& checks = *read->deferred_checks;
    Status first = checks.CheckCustomers(0, 1);  // rows [0, 30000): the first pieces
    EXPECT_TRUE(first.ok()) << first.message();
    Status damaged = checks.CheckCustomers(2, 3);
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.message().find(Path("g") + ": damaged: "), std::string::npos) << damaged.message();
    if (values_unfit) {
      EXPECT_NE(damaged.message().find("a column holds values it cannot hold"), std::string::npos) << damaged.message();
    } else {
      EXPECT_NE(damaged.message().find("checksum mismatch in the array at byte "), std::string::npos);
      EXPECT_NE(damaged.message().find("(its piece at byte "), std::string::npos) << damaged.message();
    }
    Status rest = checks.CheckRest();
    EXPECT_EQ(rest.ok() ? "" : rest.message(), damaged.message());
  }
  // Intact: every customer's pieces pass, in any order, and so does the rest.
  ASSERT_TRUE(WriteGeneration(ManyOrders(), Path("intact")).ok());
  ReadOptions deferring;
  deferring.indexed_rows_only = true;
  deferring.defer_event_values = true;
  Result<Generation> read = ReadGeneration(Path("intact"), deferring);
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_TRUE(read->deferred_checks->CheckCustomers(1, 3).ok());
  EXPECT_TRUE(read->deferred_checks->CheckCustomers(0, 2).ok());
  EXPECT_TRUE(read->deferred_checks->CheckRest().ok());
  EXPECT_EQ(read->inputs[0].table.column(1).values<int64_t>()[89999], 89999 * 3);
}

TEST_F(SnapshotFormat, GenerationFileNames) {
  EXPECT_EQ(GenerationFileName(3), "gen-000003.segsnap");
  EXPECT_EQ(GenerationOfFileName("gen-000003.segsnap"), 3);
  EXPECT_EQ(GenerationOfFileName("gen-000003.segsnap.tmp.12"), -1);
  EXPECT_EQ(GenerationOfFileName("gen-00000x.segsnap"), -1);
  EXPECT_EQ(GenerationOfFileName(".lock"), -1);
}

}  // namespace
}  // namespace seg::rt::snapshot
