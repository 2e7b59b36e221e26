// LoadData with ColumnsToLoad::kRead: only the columns the program reads are converted, and the
// program's output is byte for byte what loading every column gives.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "compiler/driver/compiler.h"
#include "tests/unit/driver/driver_test_files.h"

namespace seg::driver {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SEG_SOURCE_DIR;

std::unique_ptr<Compilation> Compile(const fs::path& path) {
  std::unique_ptr<Compilation> c = CompileFile(path.string(), CompileOptions{});
  EXPECT_TRUE(c && c->ok() && c->ir) << path;
  return c;
}

std::set<std::string> Skipped(const rt::TableSpec& spec) {
  std::set<std::string> names;
  for (const rt::ColumnSpec& c : spec.columns) {
    if (c.skip) names.insert(c.name);
  }
  return names;
}

std::vector<InputBinding> RetailInputs() {
  fs::path data = kSource / "examples/data";
  return {{"customers", (data / "customers.csv").string()},
          {"orders", (data / "orders.csv").string()},
          {"visits", (data / "visits.csv").string()}};
}

TEST(LoadColumnsTest, RetailSkipsExactlyTheColumnsNoRuleReads) {
  std::unique_ptr<Compilation> c = Compile(kSource / "examples/retail.seg");
  const ir::Program& program = *c->ir;
  std::map<std::string, std::set<std::string>> skipped;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    EXPECT_TRUE(Skipped(InputSpec(program, i, ColumnsToLoad::kAll)).empty());
    skipped[program.inputs[i].name] = Skipped(InputSpec(program, i, ColumnsToLoad::kRead));
  }
  // tags ("vip" in tags), amount, discounted and status are read; keys and times always kept.
  EXPECT_EQ(skipped["customers"], (std::set<std::string>{"signup", "city", "city_tier", "channel", "age", "gender"}));
  EXPECT_EQ(skipped["orders"], (std::set<std::string>{"order_id", "quantity", "unit_price", "category"}));
  EXPECT_EQ(skipped["visits"], (std::set<std::string>{"page", "category"}));
}

TEST(LoadColumnsTest, RetailOutputIsByteIdenticalWithAndWithoutSkipping) {
  std::unique_ptr<Compilation> c = Compile(kSource / "examples/retail.seg");
  const ir::Program& program = *c->ir;
  for (size_t threads : {1, 3}) {
    rt::LoadOptions load;
    load.threads = threads;
    LoadedData all = LoadData(program, RetailInputs(), load, ColumnsToLoad::kAll);
    LoadedData read = LoadData(program, RetailInputs(), load, ColumnsToLoad::kRead);
    ASSERT_TRUE(all.ok()) << all.status.message();
    ASSERT_TRUE(read.ok()) << read.status.message();
    // Same columns at the same indexes; the skipped ones all missing, the others identical.
    const rt::Table& full = all.data.customers;
    const rt::Table& lean = read.data.customers;
    ASSERT_EQ(full.num_columns(), lean.num_columns());
    rt::TableSpec spec = InputSpec(program, static_cast<size_t>(program.entity_input), ColumnsToLoad::kRead);
    for (size_t col = 0; col < full.num_columns(); ++col) {
      EXPECT_EQ(full.column(col).type(), lean.column(col).type());
      if (spec.columns[col].skip) {
        EXPECT_EQ(lean.column(col).NullCount(), full.num_rows()) << spec.columns[col].name;
      } else {
        EXPECT_TRUE(full.column(col) == lean.column(col)) << spec.columns[col].name;
      }
    }
    std::string expected = Output(program, all, threads);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(Output(program, read, threads), expected) << threads << " threads";
  }
}

TEST(LoadColumnsTest, ABadValueFailsOnlyWhereItIsRead) {
  TempDir dir;
  std::string program_path = dir.Write("p.seg",
                                       "input customers key id { }\n"
                                       "input orders of customers by customer at ts { amount: money; qty: int }\n"
                                       "let spend = sum(orders.amount)\n");
  std::vector<InputBinding> inputs = {{"customers", dir.Write("customers.csv", "id\nc1\n")},
                                      {"orders", dir.Write("orders.csv",
                                                           "customer,ts,amount,qty\n"
                                                           "c1,2024-06-01,10,1\n"
                                                           "c1,2024-06-02,12.5,many\n")}};
  std::unique_ptr<Compilation> c = Compile(program_path);
  LoadedData read = LoadData(*c->ir, inputs, {}, ColumnsToLoad::kRead);
  ASSERT_TRUE(read.ok()) << read.status.message();
  EXPECT_EQ(read.data.events[1].table.num_rows(), 2u);
  LoadedData all = LoadData(*c->ir, inputs, {}, ColumnsToLoad::kAll);
  EXPECT_NE(all.status.message().find("orders.csv:3: column 'qty': 'many' is not an int value"), std::string::npos)
      << all.status.message();
}

}  // namespace
}  // namespace seg::driver
