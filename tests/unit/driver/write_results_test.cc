// WriteResults formats row blocks on several threads: the bytes must be those of one thread, for
// every format, block size and thread count, with every kind of column (buckets, tags, scores and
// extra lets of each type, missing values and texts that need quoting).
#include "compiler/driver/write_results.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"

namespace seg::driver {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SEG_SOURCE_DIR;

// retail.seg with lets of the types a result can be written as.
constexpr const char* kExtraLets = R"(
let first_paid = first(paid.ts)  // timestamp, missing without paid orders
let renewal = signup + 1 year  // date
let since_last = days_since(last(paid.ts))  // duration
let big_spender = spend_365d >= 500  // bool
let mail_line = "Hi, \"" + city + "\"\n"  // text with a comma, quotes and a line break
)";

const std::vector<std::string> kExtraNames = {"spend_365d",     "orders_365d", "avg_basket",
                                              "discount_share", "first_paid",  "renewal",
                                              "since_last",     "big_spender", "mail_line"};

struct RetailRun {
  std::unique_ptr<Compilation> compilation;
  LoadedData loaded;
  exec::RunResult result;
  std::vector<ExtraColumn> extra;
};

RetailRun RetailWithLets() {
  std::ifstream retail(kSource / "examples/retail.seg");
  std::string source((std::istreambuf_iterator<char>(retail)), std::istreambuf_iterator<char>());
  source = source.substr(0, source.find("\ntest ")) + kExtraLets;
  fs::path path = fs::temp_directory_path() / ("write_results_test_" + std::to_string(::getpid()) + ".seg");
  std::ofstream(path) << source;
  RetailRun run;
  run.compilation = CompileFile(path.string(), CompileOptions{});
  fs::remove(path);
  EXPECT_TRUE(run.compilation && run.compilation->ok() && run.compilation->ir);
  if (!run.compilation || !run.compilation->ir) return run;
  const ir::Program& program = *run.compilation->ir;
  fs::path data = kSource / "examples/data";
  std::vector<InputBinding> inputs = {{"customers", (data / "customers.csv").string()},
                                      {"orders", (data / "orders.csv").string()},
                                      {"visits", (data / "visits.csv").string()}};
  run.loaded = LoadData(program, inputs, rt::LoadOptions{}, ColumnsToLoad::kRead);
  std::vector<lang::Value> params;
  EXPECT_TRUE(BindParams(program, {}, "2025-06-30", &params).ok());
  exec::RunOptions options;
  for (const std::string& name : kExtraNames) {
    for (const ir::Named& let : program.lets) {
      if (let.name == name) run.extra.push_back({name, let.node});
    }
  }
  EXPECT_EQ(run.extra.size(), kExtraNames.size());
  for (const ExtraColumn& e : run.extra) options.keep.push_back(e.node);
  run.result = interp::Run(program, run.loaded.data, params, options);
  EXPECT_TRUE(run.result.ok()) << run.result.status.message();
  return run;
}

std::string Written(const RetailRun& run, rt::ResultFormat format, size_t threads, size_t block_rows) {
  std::string bytes;
  size_t calls = 0;
  bool ok = WriteResults(
      *run.compilation->ir, run.loaded.data, run.result, run.extra, format,
      [&](std::string_view b) {
        bytes += b;
        ++calls;
        return true;
      },
      threads, block_rows);
  EXPECT_TRUE(ok);
  EXPECT_GE(calls, 1u);
  return bytes;
}

TEST(WriteResultsTest, BytesDoNotDependOnThreadsOrBlocks) {
  RetailRun run = RetailWithLets();
  ASSERT_TRUE(run.result.ok());
  ASSERT_GT(run.loaded.data.num_customers(), 1000u);
  for (rt::ResultFormat format :
       {rt::ResultFormat::kCsv, rt::ResultFormat::kJsonLines, rt::ResultFormat::kPostgresCopy}) {
    std::string one = Written(run, format, 1, 8192);
    // Not vacuous: every kind of cell is there, quoted or escaped as the format wants.
    if (format == rt::ResultFormat::kCsv) {
      EXPECT_EQ(one.substr(0, one.find('\n')),
                "id,rfm_segment,value,top_detail,vip,discount_lover,value_points,spend_365d,orders_365d,avg_basket,"
                "discount_share,first_paid,renewal,since_last,big_spender,mail_line");
      EXPECT_NE(one.find(",\"Hi, \"\""), std::string::npos);
      EXPECT_NE(one.find("\"\"\n\"\n"), std::string::npos);  // the quoted line break, then the row's end
    } else if (format == rt::ResultFormat::kJsonLines) {
      EXPECT_NE(one.find("\"mail_line\":\"Hi, \\\""), std::string::npos);
      EXPECT_NE(one.find("\"first_paid\":null"), std::string::npos);
    } else {
      EXPECT_NE(one.find("\\N"), std::string::npos);
      EXPECT_NE(one.find("\\n\n"), std::string::npos);
    }
    for (size_t threads : {2, 3, 8}) {
      for (size_t block_rows : {1, 7, 64, 1000, 100000}) {
        EXPECT_EQ(Written(run, format, threads, block_rows), one)
            << "format " << static_cast<int>(format) << " threads " << threads << " block " << block_rows;
      }
    }
  }
}

// The cells of one output column as ResultWriter writes them one call at a time: the reference
// for the rows CsvRows writes straight into a buffer (csv_rows.h).
void AddReferenceCell(const exec::ResultColumn& column, size_t row, bool score, rt::ResultWriter& writer) {
  if (!column.Valid(row)) return writer.AddNull();
  switch (column.type.kind) {
    case lang::TypeKind::kFloat: return writer.AddFloat(column.floats[row]);
    case lang::TypeKind::kInt: return writer.AddInt(column.Int(row));
    case lang::TypeKind::kMoney: return writer.AddMoney(column.Int(row));
    case lang::TypeKind::kBool:
      if (!score) return writer.AddBool(column.Int(row) != 0);
      break;
    default: break;
  }
  writer.AddText(exec::FormatResult(column, row));
}

// With only the columns CsvRows writes (no dates, timestamps or durations), CSV takes that path:
// its bytes are those of the cells written one by one, at any thread count and block size.
TEST(WriteResultsTest, CsvRowsWriteWhatTheCellsWrite) {
  RetailRun run = RetailWithLets();
  ASSERT_TRUE(run.result.ok());
  std::vector<ExtraColumn> fast;
  for (const ExtraColumn& e : run.extra) {
    lang::TypeKind kind = run.result.nodes[e.node]->type.kind;
    if (kind != lang::TypeKind::kDate && kind != lang::TypeKind::kTimestamp && kind != lang::TypeKind::kDuration)
      fast.push_back(e);
  }
  ASSERT_EQ(fast.size(), 6u);  // money, int, money, float, bool and the text that needs quoting
  run.extra = fast;
  const ir::Program& program = *run.compilation->ir;
  const rt::Dataset& data = run.loaded.data;
  std::vector<std::string> names;
  for (const ResultColumn& c : ResultColumns(program, data, run.result, run.extra)) names.push_back(c.name);
  std::string expected;
  rt::ResultWriter writer(rt::ResultFormat::kCsv, names, [&](std::string_view b) {
    expected += b;
    return true;
  });
  for (size_t row = 0; row < data.num_customers(); ++row) {
    writer.AddCell(data.customers.column(data.key_column), row);
    for (const ir::OutputSlot& slot : OutputOrder(program)) {
      if (slot.kind == ir::OutputKind::kClassification) {
        int32_t bucket = run.result.buckets[slot.symbol][row];
        if (bucket < 0) writer.AddNull();
        else writer.AddText(program.classifications[slot.symbol].buckets[static_cast<size_t>(bucket)]);
      } else if (slot.kind == ir::OutputKind::kTag) {
        writer.AddBool(run.result.nodes[program.tags[slot.symbol].node]->Holds(row));
      } else {
        AddReferenceCell(*run.result.nodes[program.scores[slot.symbol].node], row, true, writer);
      }
    }
    for (const ExtraColumn& e : run.extra) AddReferenceCell(*run.result.nodes[e.node], row, false, writer);
    writer.EndRow();
  }
  ASSERT_TRUE(writer.Finish());
  EXPECT_NE(expected.find(",\"Hi, \"\""), std::string::npos);
  for (size_t threads : {1, 2, 3}) {
    for (size_t block_rows : {1, 64, 8192}) {
      EXPECT_EQ(Written(run, rt::ResultFormat::kCsv, threads, block_rows), expected)
          << "threads " << threads << " block " << block_rows;
    }
  }
}

// A sink that fails stops the writing on every path, and WriteResults says so.
TEST(WriteResultsTest, AFailingSinkFailsTheWrite) {
  RetailRun run = RetailWithLets();
  ASSERT_TRUE(run.result.ok());
  for (size_t threads : {1, 3}) {
    size_t calls = 0;
    bool ok = WriteResults(
        *run.compilation->ir, run.loaded.data, run.result, run.extra, rt::ResultFormat::kCsv,
        [&](std::string_view) {
          ++calls;
          return false;
        },
        threads, 16);
    EXPECT_FALSE(ok);
    EXPECT_EQ(calls, 1u) << "threads " << threads;
  }
}

}  // namespace
}  // namespace seg::driver
