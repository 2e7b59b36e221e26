// Binding data through the C++ API: files, host columns and the Arrow C Data Interface give the
// same results; data that does not fit the program is a clear status, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "api_test_data.h"

namespace {

using seg_test::CompileExample;
using seg_test::ExampleCsv;

constexpr const char* kShapes = R"(input customers key id {
  joined: date; ratio: float; visits: int; vip: bool; spend: money; credit: money; tags: tags
}
input orders of customers by customer at ts { amount: money }
let total = sum(orders.amount)
let last_order = last(orders.ts)
let joined_on = joined
let ratio_x2 = ratio * 2.0
let visits_plus = visits + 1
let spend_plus_credit = spend + credit
tag loyal when vip or "gold" in tags
)";

std::shared_ptr<const seg::Program> Compile(const char* text) {
  seg::CompileOptions options;
  options.disabled_warnings = {"unused-let"};
  seg::CompileResult r = seg::Compile(text, "shapes.seg", options);
  if (!r.ok()) ADD_FAILURE() << r.rendered;
  return r.program;
}

seg::RunOptions AsOf(const std::string& date) {
  seg::RunOptions options;
  options.as_of = date;
  return options;
}

TEST(InputsTest, MemoryColumnsGiveTheSameResultAsFiles) {
  auto program = CompileExample("retail.seg");
  seg::Inputs files = seg_test::FileInputs(program);
  seg::Inputs memory(program);
  std::vector<std::unique_ptr<seg_test::HostColumns>> keep;
  for (const seg::InputInfo& input : program->inputs()) {
    keep.push_back(seg_test::MemoryColumns(input, ExampleCsv(input.name)));
    seg::Status s = memory.BindColumns(input.name, keep.back()->views);
    ASSERT_TRUE(s.ok()) << s.message;
  }
  keep.clear();  // seg keeps its own copy: the host may free its buffers after binding
  seg::Result from_files, from_memory;
  seg::RunOptions options = AsOf("2025-06-30");
  options.lets = {"spend_365d", "discount_share"};
  ASSERT_TRUE(program->Run(files, options, &from_files).ok());
  seg::Status s = program->Run(memory, options, &from_memory);
  ASSERT_TRUE(s.ok()) << s.message;
  ASSERT_EQ(from_memory.num_customers(), 2000u);
  EXPECT_EQ(from_memory.ToCsv(), from_files.ToCsv());
  EXPECT_EQ(from_memory.PopulationCutsJson(), from_files.PopulationCutsJson());
}

TEST(InputsTest, EveryEngineGivesTheSameResult) {
  auto program = CompileExample("retail.seg");
  seg::Inputs inputs = seg_test::FileInputs(program);
  seg::RunOptions options = AsOf("2025-06-30");
  options.lets = {"spend_365d", "avg_basket"};
  options.engine = seg::Engine::kInterpreter;
  seg::Result interpreted, jit;
  ASSERT_TRUE(program->Run(inputs, options, &interpreted).ok());
  options.engine = seg::Engine::kJit;  // without the JIT built in, this falls back to the interpreter
  options.threads = 3;
  ASSERT_TRUE(program->Run(inputs, options, &jit).ok());
  EXPECT_EQ(interpreted.engine(), seg::Engine::kInterpreter);
  EXPECT_EQ(jit.engine(), SEG_API_HAVE_JIT ? seg::Engine::kJit : seg::Engine::kInterpreter) << "the JIT fell back";
  EXPECT_EQ(jit.ToCsv(), interpreted.ToCsv());
  EXPECT_EQ(jit.PopulationCutsJson(), interpreted.PopulationCutsJson());
}

// Texts joined from two columns (per customer and per order) are made during the run, in an
// order that depends on the threads: the typed column hands back its texts sorted, each once,
// and codes into them, the same on every engine and thread count.
TEST(InputsTest, JoinedTextsComeBackSortedTheSameOnEveryEngine) {
  auto program = Compile(R"seg(input customers key id { city: text; channel: text }
input orders of customers by customer at ts { category: text; status: text }
input visits of customers by customer at ts { page: text }
let place = city + " (" + channel + ")"
let favourite = mode(orders.category + "/" + orders.status)
)seg");
  seg::Inputs inputs = seg_test::FileInputs(program);
  seg::RunOptions options = AsOf("2025-06-30");
  options.lets = {"place", "favourite"};
  options.engine = seg::Engine::kInterpreter;
  seg::Result interpreted, jit;
  ASSERT_TRUE(program->Run(inputs, options, &interpreted).ok());
  options.engine = seg::Engine::kJit;
  options.threads = 3;
  ASSERT_TRUE(program->Run(inputs, options, &jit).ok());
  for (const char* name : {"place", "favourite"}) {
    const seg::OutputColumn* a = interpreted.Find(name);
    const seg::OutputColumn* b = jit.Find(name);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->type, seg::ValueType::kText);
    EXPECT_TRUE(std::is_sorted(a->labels.begin(), a->labels.end())) << name;
    EXPECT_TRUE(std::adjacent_find(a->labels.begin(), a->labels.end()) == a->labels.end()) << name;
    EXPECT_EQ(a->labels, b->labels) << name;
    EXPECT_EQ(a->ints, b->ints) << name;
    EXPECT_EQ(a->valid, b->valid) << name;
    EXPECT_EQ(a->bits, b->bits) << name;
    EXPECT_EQ(a->valid_bits, b->valid_bits) << name;
  }
  EXPECT_EQ(interpreted.Find("place")->Format(0), "San Diego (store)");
  EXPECT_EQ(jit.ToCsv(), interpreted.ToCsv());
}

TEST(InputsTest, ResultColumnsAreTyped) {
  auto program = CompileExample("retail.seg");
  seg::Inputs inputs = seg_test::FileInputs(program);
  seg::Result result;
  seg::RunOptions options = AsOf("2025-06-30");
  options.lets = {"spend_365d"};
  ASSERT_TRUE(program->Run(inputs, options, &result).ok());
  const seg::OutputColumn* key = result.Find("id");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->kind, seg::OutputKind::kKey);
  EXPECT_EQ(result.Key(0), "C0001");
  const seg::OutputColumn* value = result.Find("value");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->kind, seg::OutputKind::kClassification);
  EXPECT_EQ(value->labels.front(), "No orders");
  const seg::OutputColumn* vip = result.Find("vip");
  ASSERT_NE(vip, nullptr);
  EXPECT_EQ(vip->type, seg::ValueType::kBool);
  // A tag is two bits a customer, 64 customers a word: no value, float or validity bytes.
  size_t n = result.num_customers();
  ASSERT_TRUE(vip->packed());
  EXPECT_EQ(vip->size(), n);
  EXPECT_EQ(vip->bits.size(), (n + 63) / 64);
  EXPECT_EQ(vip->valid_bits.size(), (n + 63) / 64);
  EXPECT_TRUE(vip->ints.empty() && vip->floats.empty() && vip->valid.empty());
  EXPECT_EQ(vip->bits.back() >> (n % 64), 0u) << "nothing past the last customer";
  size_t tagged = 0;
  for (size_t r = 0; r < n; ++r) {
    ASSERT_TRUE(vip->IsValid(r)) << r;  // a tag is always valid
    ASSERT_EQ(vip->Format(r), vip->Bool(r) ? "true" : "false") << r;
    ASSERT_EQ(vip->Int(r), vip->Bool(r) ? 1 : 0) << r;
    tagged += vip->Bool(r);
  }
  EXPECT_GT(tagged, 0u);
  EXPECT_LT(tagged, n);
  // A bool let keeps its missing values (here for customers of 50 and under).
  seg::RunOptions with_bool = options;
  auto bools = Compile(R"seg(input customers key id { age: int }
input orders of customers by customer at ts { amount: money }
input visits of customers by customer at ts { page: text }
let big = (if age > 50 then age > 70 else missing)
)seg");
  seg::Inputs bool_inputs = seg_test::FileInputs(bools);
  with_bool.lets = {"big"};
  seg::Result bool_result;
  ASSERT_TRUE(bools->Run(bool_inputs, with_bool, &bool_result).ok());
  const seg::OutputColumn* big = bool_result.Find("big");
  ASSERT_NE(big, nullptr);
  ASSERT_TRUE(big->packed());
  size_t missing = 0;
  for (size_t r = 0; r < big->size(); ++r) {
    missing += !big->IsValid(r);
    ASSERT_EQ(big->Format(r), !big->IsValid(r) ? "" : big->Bool(r) ? "true" : "false") << r;
  }
  EXPECT_GT(missing, 0u);
  const seg::OutputColumn* spend = result.Find("spend_365d");
  ASSERT_NE(spend, nullptr);
  EXPECT_EQ(spend->kind, seg::OutputKind::kLet);
  EXPECT_EQ(spend->type, seg::ValueType::kMoney);
  // The CSV row of each customer holds the same texts as the typed columns.
  std::string csv = result.ToCsv();
  size_t line_start = csv.find('\n') + 1;
  std::string first_row = csv.substr(line_start, csv.find('\n', line_start) - line_start);
  std::string expected = result.Key(0);
  for (const seg::OutputColumn& c : result.columns()) {
    if (c.kind != seg::OutputKind::kKey) expected += "," + c.Format(0);
  }
  EXPECT_EQ(first_row, expected);
}

TEST(InputsTest, AMissingColumnIsABindErrorNamingIt) {
  auto program = Compile(kShapes);
  int64_t amounts[] = {100};
  seg::ColumnView only_amount{"amount", seg::ValueType::kMoney, amounts, nullptr, 1};
  seg::Inputs inputs(program);
  seg::Status s = inputs.BindColumns("orders", {only_amount});
  EXPECT_EQ(s.code, seg::StatusCode::kBindError);
  EXPECT_NE(s.message.find("'customer'"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("missing"), std::string::npos) << s.message;
}

TEST(InputsTest, AWrongTypeIsABindErrorNamingBothTypes) {
  auto program = Compile(kShapes);
  const char text[] = "c1";
  int32_t offsets[] = {0, 2};
  double amounts[] = {1.5};
  int64_t ts[] = {0};
  seg::Inputs inputs(program);
  seg::Status s = inputs.BindColumns("orders", {{"customer", seg::ValueType::kText, text, nullptr, 1, offsets},
                                                {"ts", seg::ValueType::kTimestamp, ts, nullptr, 1},
                                                {"amount", seg::ValueType::kFloat, amounts, nullptr, 1}});
  EXPECT_EQ(s.code, seg::StatusCode::kBindError);
  EXPECT_NE(s.message.find("declared money"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("float"), std::string::npos) << s.message;
}

TEST(InputsTest, TextThatIsNotUtf8IsABindErrorNamingTheRow) {
  auto program = Compile(kShapes);
  const char text[] = "c1caf\xE9";
  int32_t offsets[] = {0, 2, 6};
  int64_t ts[] = {0, 0};
  int64_t amounts[] = {1, 2};
  seg::Inputs inputs(program);
  seg::Status s = inputs.BindColumns("orders", {{"customer", seg::ValueType::kText, text, nullptr, 2, offsets},
                                                {"ts", seg::ValueType::kTimestamp, ts, nullptr, 2},
                                                {"amount", seg::ValueType::kMoney, amounts, nullptr, 2}});
  EXPECT_EQ(s.code, seg::StatusCode::kBindError);
  EXPECT_NE(s.message.find("row 1: not UTF-8 text"), std::string::npos) << s.message;
}

TEST(InputsTest, UnknownInputsFilesAndRowsAreClearStatuses) {
  auto program = CompileExample("retail.seg");
  seg::Inputs inputs(program);
  seg::Status unknown = inputs.BindFile("order", seg_test::SourcePath("examples/data/orders.csv"));
  EXPECT_EQ(unknown.code, seg::StatusCode::kBindError);
  EXPECT_NE(unknown.message.find("its inputs are: customers orders visits"), std::string::npos) << unknown.message;
  EXPECT_EQ(inputs.BindFile("orders", "/nonexistent/orders.csv").code, seg::StatusCode::kIoError);
  // Orders read as customers: the customer file's columns are not there.
  seg::Status wrong = inputs.BindFile("customers", seg_test::SourcePath("examples/data/orders.csv"));
  EXPECT_EQ(wrong.code, seg::StatusCode::kIoError);
  seg::Result result;
  EXPECT_EQ(program->Run(inputs, AsOf("2025-06-30"), &result).code, seg::StatusCode::kBindError) << "nothing bound";
  seg::Inputs good = seg_test::FileInputs(program);
  EXPECT_EQ(program->Run(good, AsOf("2025-13-45"), &result).code, seg::StatusCode::kInvalidArgument);
  seg::RunOptions bad_param = AsOf("2025-06-30");
  bad_param.params = {{"no_such_param", "1"}};
  EXPECT_EQ(program->Run(good, bad_param, &result).code, seg::StatusCode::kInvalidArgument);
}

// ---- Arrow C Data Interface

int released_arrays = 0, released_schemas = 0;

// One struct array with its children; everything lives in the parent's private data.
struct ArrowBatch {
  struct Child {
    std::string name, format, metadata;
    std::vector<std::vector<uint8_t>> storage;
    std::vector<const void*> buffers;
    int64_t null_count = 0;
    ArrowSchema schema{};
    ArrowArray array{};
  };
  std::vector<std::unique_ptr<Child>> children;
  std::vector<ArrowSchema*> schema_children;
  std::vector<ArrowArray*> array_children;
  const void* struct_buffers[1] = {nullptr};
  int64_t length = 0;
};

template <typename T> std::vector<uint8_t> Bytes(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

void AddChild(ArrowBatch* b, std::string name, std::string format, std::vector<std::vector<uint8_t>> buffers,
              int64_t null_count = 0, std::string metadata = "") {
  auto c = std::make_unique<ArrowBatch::Child>();
  c->name = std::move(name);
  c->format = std::move(format);
  c->metadata = std::move(metadata);
  c->storage = std::move(buffers);
  c->null_count = null_count;
  for (const auto& s : c->storage) c->buffers.push_back(s.empty() ? nullptr : s.data());
  c->schema.format = c->format.c_str();
  c->schema.name = c->name.c_str();
  c->schema.metadata = c->metadata.empty() ? nullptr : c->metadata.data();
  c->schema.release = [](ArrowSchema* s) { s->release = nullptr; };
  c->array.length = b->length;
  c->array.null_count = null_count;
  c->array.n_buffers = static_cast<int64_t>(c->buffers.size());
  c->array.buffers = c->buffers.data();
  c->array.release = [](ArrowArray* a) { a->release = nullptr; };
  b->schema_children.push_back(&c->schema);
  b->array_children.push_back(&c->array);
  b->children.push_back(std::move(c));
}

void Export(ArrowBatch* batch, ArrowSchema* schema, ArrowArray* array) {
  *schema = ArrowSchema{};
  schema->format = "+s";
  schema->n_children = static_cast<int64_t>(batch->children.size());
  schema->children = batch->schema_children.data();
  schema->release = [](ArrowSchema* s) {
    ++released_schemas;
    s->release = nullptr;
  };
  *array = ArrowArray{};
  array->length = batch->length;
  array->n_buffers = 1;
  array->buffers = batch->struct_buffers;
  array->n_children = schema->n_children;
  array->children = batch->array_children.data();
  array->private_data = batch;
  array->release = [](ArrowArray* a) {
    ++released_arrays;
    delete static_cast<ArrowBatch*>(a->private_data);
    a->release = nullptr;
  };
}

std::vector<uint8_t> Utf8Offsets(const std::vector<std::string>& values, std::vector<uint8_t>* data) {
  std::vector<int32_t> offsets{0};
  for (const std::string& v : values) {
    data->insert(data->end(), v.begin(), v.end());
    offsets.push_back(static_cast<int32_t>(data->size()));
  }
  return Bytes(offsets);
}

std::string ScaleMetadata(int scale) {
  std::string out;
  auto put_int = [&](int32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  std::string key = "seg.scale", value = std::to_string(scale);
  put_int(1);
  put_int(static_cast<int32_t>(key.size()));
  out += key;
  put_int(static_cast<int32_t>(value.size()));
  out += value;
  return out;
}

TEST(InputsTest, ArrowStructArraysBindEveryFormatAndAreReleased) {
  auto program = Compile(kShapes);
  // Customers c1..c3; the array starts at offset 1 of its children to check offsets are honoured.
  auto* customers = new ArrowBatch;
  customers->length = 3;
  std::vector<uint8_t> ids;
  std::vector<uint8_t> id_offsets = Utf8Offsets({"skipped", "c1", "c2", "c3"}, &ids);
  auto add = [&](auto&&... args) { AddChild(customers, args...); };
  customers->length = 4;  // children hold 4 rows, the struct shows rows 1..3
  add("id", "u", std::vector<std::vector<uint8_t>>{{}, id_offsets, ids});
  add("joined", "tdD", std::vector<std::vector<uint8_t>>{{}, Bytes(std::vector<int32_t>{0, 0, 20089, 19000})});
  add("ratio", "g", std::vector<std::vector<uint8_t>>{{}, Bytes(std::vector<double>{0, 0.25, 1.5, 2})});
  // visits: row 3 (c3) missing.
  add("visits", "l", std::vector<std::vector<uint8_t>>{{0b0111}, Bytes(std::vector<int64_t>{0, 4, 5, 6})}, 1);
  add("vip", "b", std::vector<std::vector<uint8_t>>{{}, {0b0100}});  // c2
  // spend as decimal128 at scale 2 (12.34), credit as int64 cents through metadata.
  std::vector<int64_t> dec = {0, 0, 1234, 0, 99, 0, -250, -1};
  add("spend", "d:18,2", std::vector<std::vector<uint8_t>>{{}, Bytes(dec)});
  add("credit", "l", std::vector<std::vector<uint8_t>>{{}, Bytes(std::vector<int64_t>{0, 100, 1, 50})}, 0,
      ScaleMetadata(2));
  std::vector<uint8_t> tag_bytes;
  std::vector<uint8_t> tag_offsets = Utf8Offsets({"", "gold|silver", "", "bronze"}, &tag_bytes);
  add("tags", "u", std::vector<std::vector<uint8_t>>{{}, tag_offsets, tag_bytes});
  customers->length = 3;
  ArrowSchema schema;
  ArrowArray array;
  Export(customers, &schema, &array);
  array.offset = 1;
  for (ArrowArray* child : customers->array_children) child->length = 4;

  auto* orders = new ArrowBatch;
  orders->length = 2;
  std::vector<uint8_t> refs;
  std::vector<uint8_t> ref_offsets = Utf8Offsets({"c1", "c1"}, &refs);
  AddChild(orders, "customer", "u", {{}, ref_offsets, refs});
  AddChild(orders, "ts", "tsu:UTC", {{}, Bytes(std::vector<int64_t>{86'400'000'000LL, 2 * 86'400'000'000LL})});
  std::vector<int64_t> amounts = {1050000, 0, 5, 0};  // 105.0000 and 0.0005 at scale 4
  AddChild(orders, "amount", "d:18,4", {{}, Bytes(amounts)});
  ArrowSchema order_schema;
  ArrowArray order_array;
  Export(orders, &order_schema, &order_array);

  released_arrays = released_schemas = 0;
  seg::Inputs inputs(program);
  seg::Status s = inputs.BindArrow("customers", &schema, &array);
  ASSERT_TRUE(s.ok()) << s.message;
  s = inputs.BindArrow("orders", &order_schema, &order_array);
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(released_arrays, 2);
  EXPECT_EQ(released_schemas, 2);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_EQ(schema.release, nullptr);

  seg::Result r;
  seg::RunOptions options = AsOf("2025-06-30");
  options.lets = {"total", "last_order", "joined_on", "ratio_x2", "visits_plus", "spend_plus_credit"};
  s = program->Run(inputs, options, &r);
  ASSERT_TRUE(s.ok()) << s.message;
  ASSERT_EQ(r.num_customers(), 3u);
  EXPECT_EQ(r.Key(0), "c1");
  EXPECT_EQ(r.Key(2), "c3");
  auto value = [&](const char* column, size_t row) { return r.Find(column)->Format(row); };
  EXPECT_EQ(value("total", 0), "105.0005");
  EXPECT_EQ(value("total", 1), "0");
  EXPECT_EQ(value("last_order", 0), "1970-01-03T00:00:00Z");
  EXPECT_EQ(value("joined_on", 1), "2025-01-01");
  EXPECT_EQ(value("ratio_x2", 0), "0.5");
  EXPECT_EQ(value("visits_plus", 1), "6");
  EXPECT_EQ(value("visits_plus", 2), "") << "c3's visits are missing";
  EXPECT_EQ(value("spend_plus_credit", 0), "13.34");
  EXPECT_EQ(value("spend_plus_credit", 1), "1");
  EXPECT_EQ(value("spend_plus_credit", 2), "-2");
  EXPECT_EQ(value("loyal", 0), "true") << "gold tag";
  EXPECT_EQ(value("loyal", 1), "true") << "vip";
  EXPECT_EQ(value("loyal", 2), "false");
}

TEST(InputsTest, ArrowErrorsAreStatusesAndStillRelease) {
  auto program = Compile(kShapes);
  auto* batch = new ArrowBatch;
  batch->length = 1;
  AddChild(batch, "customer", "u", {{}, Bytes(std::vector<int32_t>{0, 1}), {'c'}});
  AddChild(batch, "ts", "tsn:", {{}, Bytes(std::vector<int64_t>{0})});  // nanoseconds: not supported
  AddChild(batch, "amount", "l", {{}, Bytes(std::vector<int64_t>{1})});
  ArrowSchema schema;
  ArrowArray array;
  Export(batch, &schema, &array);
  released_arrays = released_schemas = 0;
  seg::Inputs inputs(program);
  seg::Status s = inputs.BindArrow("orders", &schema, &array);
  EXPECT_EQ(s.code, seg::StatusCode::kBindError);
  EXPECT_NE(s.message.find("tsn:"), std::string::npos) << s.message;
  EXPECT_EQ(released_arrays, 1);
  EXPECT_EQ(released_schemas, 1);
  EXPECT_EQ(inputs.BindArrow("orders", nullptr, nullptr).code, seg::StatusCode::kInvalidArgument);
}

}  // namespace
