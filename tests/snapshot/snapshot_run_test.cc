// A run from a snapshot gives byte for byte the output of the run from the files it was imported
// from: every e2e case (money, text, tags, dates, timestamps, time zones, missing values, JSON
// Lines, derived customers, --on-bad-row skip), the retail example, and after appends the files
// concatenated; at any thread count.
#include <gtest/gtest.h>

#include <sstream>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::RunSeg;
using e2e::ShellQuote;

const fs::path kExamples = e2e::SourceDir() / "examples";

// A case's `seg run` arguments split into those that say how to read the data (for `seg import`)
// and the rest (for the run).
struct SplitArgs {
  std::string data;
  std::string run;
};

SplitArgs Split(const std::string& args) {
  std::istringstream in(args);
  std::string word;
  SplitArgs out;
  while (in >> word) {
    bool data = word == "--input" || word == "--on-bad-row" || word == "--delimiter";
    std::string& to = data ? out.data : out.run;
    to += " " + word;
    if (data && in >> word) to += " " + word;
  }
  return out;
}

std::string FirstLine(const fs::path& file) {
  std::vector<std::string> lines = e2e::Lines(e2e::ReadFile(file));
  return lines.empty() ? "" : lines[0];
}

// Each e2e case that runs on data: imported with its data flags, run from the snapshot (on 3
// threads; the files ran on 2) with the rest of its flags.
class SnapshotCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(SnapshotCase, RunsTheSameFromASnapshot) {
  const fs::path& dir = GetParam();
  std::string args = FirstLine(dir / "args");
  SplitArgs split = Split(args);
  if (split.data.find("--input") == std::string::npos) GTEST_SKIP() << "no data";
  e2e::Result from_files = RunSeg(dir, "run program.seg " + args + " --threads 2");
  if (from_files.status != 0) GTEST_SKIP() << "a case about an error: nothing to store";
  e2e::TempDir temp;
  std::string snapshot = ShellQuote((temp.path() / "snap").string());
  e2e::Result imported = RunSeg(dir, "import program.seg" + split.data + " --snapshot " + snapshot);
  ASSERT_EQ(imported.status, 0) << imported.err;
  e2e::Result from_snapshot = RunSeg(dir, "run program.seg" + split.run + " --snapshot " + snapshot + " --threads 3");
  EXPECT_EQ(from_snapshot.status, 0) << from_snapshot.err;
  EXPECT_EQ(from_snapshot.out, from_files.out);
}

INSTANTIATE_TEST_SUITE_P(Cases, SnapshotCase, ::testing::ValuesIn(e2e::FindCases()),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return e2e::CaseTestName(info.param); });

// Most cases run on data: if this drops, Split above no longer finds their data flags.
TEST(SnapshotRun, MostE2eCasesBindData) {
  size_t with_data = 0;
  for (const fs::path& dir : e2e::FindCases())
    with_data += Split(FirstLine(dir / "args")).data.find("--input") != std::string::npos;
  EXPECT_GE(with_data, 50u);
}

std::string RetailInputs(const fs::path& data) {
  return " --input customers=" + ShellQuote((data / "customers.csv").string()) +
         " --input orders=" + ShellQuote((data / "orders.csv").string()) +
         " --input visits=" + ShellQuote((data / "visits.csv").string());
}

TEST(SnapshotRun, RetailExampleRunsTheSameFromASnapshot) {
  e2e::TempDir temp;
  std::string program = ShellQuote((kExamples / "retail.seg").string());
  std::string snapshot = ShellQuote((temp.path() / "snap").string());
  ASSERT_EQ(
      RunSeg(temp.path(), "import " + program + RetailInputs(kExamples / "data") + " --snapshot " + snapshot).status,
      0);
  for (const char* as_of : {"2024-06-30", "2023-12-31"}) {
    e2e::Result from_files = RunSeg(temp.path(), "run " + program + RetailInputs(kExamples / "data") + " --as-of " +
                                                     as_of + " --quiet");
    ASSERT_EQ(from_files.status, 0) << from_files.err;
    ASSERT_GT(from_files.out.size(), 1000u);
    for (const char* threads : {"1", "4"}) {
      e2e::Result from_snapshot = RunSeg(temp.path(), "run " + program + " --snapshot " + snapshot + " --as-of " +
                                                          as_of + " --quiet --threads " + threads);
      EXPECT_EQ(from_snapshot.status, 0) << from_snapshot.err;
      EXPECT_EQ(from_snapshot.out, from_files.out) << as_of << " --threads " << threads;
    }
  }
}

// Programs over the same inputs that read other columns. One that reads fewer orders events at
// the same time by fewer columns: the stored order does not fit it, so the snapshot is indexed
// again, still equal to the run from the files. One that reads a column the import did not store
// is refused, naming it; with --all-columns every declared column is stored and it runs the same.
TEST(SnapshotRun, ProgramsReadingOtherColumnsRunTheSameOrAreRefused) {
  e2e::TempDir temp;
  std::string declarations = e2e::ReadFile(kExamples / "retail.seg");
  declarations = declarations.substr(declarations.find("input customers"));
  declarations = declarations.substr(0, declarations.find("param "));
  e2e::WriteFile(temp.path() / "fewer.seg", declarations + R"(
let spend = sum(orders.amount during last 90 days)
let last_amount = last(orders.amount)
tag big when spend > 100
)");
  e2e::WriteFile(temp.path() / "other.seg", declarations + R"(
let last_page = last(visits.page)
tag product_last when last_page == "product"
)");
  std::string retail = ShellQuote((kExamples / "retail.seg").string());
  std::string inputs = RetailInputs(kExamples / "data");
  ASSERT_EQ(RunSeg(temp.path(), "import " + retail + inputs + " --snapshot snap").status, 0);
  ASSERT_EQ(RunSeg(temp.path(), "import " + retail + inputs + " --snapshot all --all-columns").status, 0);
  for (const char* program : {"fewer.seg --with spend,last_amount", "other.seg --with last_page"}) {
    e2e::Result from_files = RunSeg(temp.path(),
                                    std::string("run ") + program + inputs + " --as-of 2024-06-30 --quiet");
    ASSERT_EQ(from_files.status, 0) << from_files.err;
    for (const char* snapshot : {"snap", "all"}) {
      e2e::Result from_snapshot = RunSeg(temp.path(), std::string("run ") + program + " --snapshot " + snapshot +
                                                          " --as-of 2024-06-30 --quiet");
      if (std::string(program).starts_with("other") && std::string(snapshot) == "snap") {
        EXPECT_EQ(from_snapshot.status, 1);
        EXPECT_EQ(from_snapshot.out, "");
        EXPECT_NE(from_snapshot.err.find("does not store column visits.page"), std::string::npos) << from_snapshot.err;
        continue;
      }
      EXPECT_EQ(from_snapshot.status, 0) << program << " " << snapshot << "\n" << from_snapshot.err;
      EXPECT_EQ(from_snapshot.out, from_files.out) << program << " " << snapshot;
    }
  }
}

// `file` cut after its header and `first` data records: the first part, the rest, each with the header.
std::pair<std::string, std::string> CutCsv(const fs::path& file, size_t first) {
  std::vector<std::string> records = e2e::SplitRecords(e2e::ReadFile(file));
  std::string a = records[0], b = records[0];
  for (size_t i = 1; i < records.size(); ++i) (i <= first ? a : b) += records[i];
  return {a, b};
}

void WriteHalves(const fs::path& from, const fs::path& to, const std::string& name, double share) {
  size_t records = e2e::SplitRecords(e2e::ReadFile(from / (name + ".csv"))).size() - 1;
  auto [a, b] = CutCsv(from / (name + ".csv"), static_cast<size_t>(records * share));
  e2e::WriteFile(to / (name + ".1.csv"), a);
  e2e::WriteFile(to / (name + ".2.csv"), b);
}

// Appends: the second halves of the example's files added as two generations give the run over
// the whole files, including orders and visits of customers that only the appended customer rows
// bring (they were unknown at import). Generation 0 is not rewritten. Compacted into one
// generation, the snapshot is read through its stored index again, with the same results.
TEST(SnapshotAppend, AppendedGenerationsRunLikeTheConcatenatedFiles) {
  e2e::TempDir temp;
  const fs::path& t = temp.path();
  WriteHalves(kExamples / "data", t, "customers", 0.5);
  WriteHalves(kExamples / "data", t, "orders", 0.6);
  WriteHalves(kExamples / "data", t, "visits", 0.4);
  std::string program = ShellQuote((kExamples / "retail.seg").string());
  ASSERT_EQ(RunSeg(t, "import " + program +
                          " --input customers=customers.1.csv --input orders=orders.1.csv --input visits=visits.1.csv"
                          " --snapshot snap --quiet")
                .status,
            0);
  std::string generation0 = e2e::ReadFile(t / "snap" / "gen-000000.segsnap");
  e2e::Result first = RunSeg(t, "import " + program +
                                    " --append --input customers=customers.2.csv --input orders=orders.2.csv"
                                    " --snapshot snap --quiet");
  ASSERT_EQ(first.status, 0) << first.err;
  e2e::Result second = RunSeg(t, "import " + program + " --append --input visits=visits.2.csv --snapshot snap");
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("generation 2"), std::string::npos) << second.err;
  EXPECT_EQ(e2e::ReadFile(t / "snap" / "gen-000000.segsnap"), generation0);
  EXPECT_TRUE(fs::exists(t / "snap" / "gen-000001.segsnap"));

  auto expect_runs_like_the_files = [&](const std::string& when) {
    for (const char* as_of : {"2024-06-30", "2024-01-15"}) {
      e2e::Result from_files = RunSeg(t, "run " + program + RetailInputs(kExamples / "data") + " --as-of " + as_of +
                                             " --quiet");
      ASSERT_EQ(from_files.status, 0) << from_files.err;
      for (const char* threads : {"1", "3"}) {
        e2e::Result from_snapshot = RunSeg(t, "run " + program + " --snapshot snap --as-of " + as_of +
                                                  " --quiet --threads " + threads);
        EXPECT_EQ(from_snapshot.status, 0) << from_snapshot.err;
        EXPECT_EQ(from_snapshot.out, from_files.out) << when << " " << as_of << " --threads " << threads;
      }
    }
  };
  expect_runs_like_the_files("appended");
  e2e::Result compacted = RunSeg(t, "import " + program + " --snapshot snap --compact");
  ASSERT_EQ(compacted.status, 0) << compacted.err;
  EXPECT_FALSE(fs::exists(t / "snap" / "gen-000001.segsnap"));
  expect_runs_like_the_files("compacted");
  // Read through the stored index: the load report names the generation file.
  e2e::Result stored = RunSeg(t, "run " + program + " --snapshot snap --as-of 2024-06-30");
  EXPECT_NE(stored.err.find("gen-000000.segsnap"), std::string::npos) << stored.err;
}

// Without a customer file the customers are the event keys in order of first appearance: an
// append brings new ones in the order the concatenated files would.
TEST(SnapshotAppend, DerivedCustomersFollowTheConcatenatedFiles) {
  e2e::TempDir temp;
  const fs::path& t = temp.path();
  WriteHalves(kExamples / "data", t, "orders", 0.3);
  WriteHalves(kExamples / "data", t, "visits", 0.7);
  std::string program = ShellQuote((kExamples / "retail.seg").string());
  ASSERT_EQ(RunSeg(t, "import " + program + " --input orders=orders.1.csv --input visits=visits.1.csv --snapshot snap")
                .status,
            0);
  ASSERT_EQ(RunSeg(t, "import " + program +
                          " --append --input orders=orders.2.csv --input visits=visits.2.csv --snapshot snap")
                .status,
            0);
  e2e::Result from_files = RunSeg(t, "run " + program +
                                         " --input orders=" + ShellQuote((kExamples / "data" / "orders.csv").string()) +
                                         " --input visits=" + ShellQuote((kExamples / "data" / "visits.csv").string()) +
                                         " --as-of 2024-06-30 --quiet");
  ASSERT_EQ(from_files.status, 0) << from_files.err;
  e2e::Result from_snapshot = RunSeg(t, "run " + program + " --snapshot snap --as-of 2024-06-30 --quiet");
  EXPECT_EQ(from_snapshot.status, 0) << from_snapshot.err;
  EXPECT_EQ(from_snapshot.out, from_files.out);
  ASSERT_EQ(RunSeg(t, "import " + program + " --snapshot snap --compact").status, 0);
  e2e::Result compacted = RunSeg(t, "run " + program + " --snapshot snap --as-of 2024-06-30 --quiet");
  EXPECT_EQ(compacted.out, from_files.out);
  // Customer rows cannot be appended to customers that came from the events.
  e2e::WriteFile(t / "more.csv", "id,signup,city,city_tier,channel,age,gender,tags\nZ1,2024-01-01,X,1,web,30,F,\n");
  e2e::Result refused = RunSeg(t, "import " + program + " --append --input customers=more.csv --snapshot snap");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("append events only"), std::string::npos) << refused.err;
}

TEST(SnapshotAppend, ACustomerAlreadyStoredIsRefused) {
  e2e::TempDir temp;
  const fs::path& t = temp.path();
  std::string program = ShellQuote((kExamples / "retail.seg").string());
  ASSERT_EQ(RunSeg(t, "import " + program + RetailInputs(kExamples / "data") + " --snapshot snap").status, 0);
  e2e::WriteFile(t / "again.csv", "id,signup,city,city_tier,channel,age,gender,tags\nC0002,2024-01-01,X,1,web,30,F,\n");
  e2e::Result refused = RunSeg(t, "import " + program + " --append --input customers=again.csv --snapshot snap");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("customer key 'C0002'"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(t / "snap" / "gen-000001.segsnap"));
}

}  // namespace
}  // namespace seg::test
