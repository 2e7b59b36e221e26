// Results do not depend on the order of rows in the input files: every e2e case that succeeds
// is run again with the records of each of its data files (the customer file and the event
// files, CSV and JSON Lines) reversed and shuffled, and must give every customer the same
// result. seg writes customers in the order of the customer file (or, without one, in order of
// first appearance in the event files), so the outputs are compared as sets of rows: the header
// first, then the rows sorted.
//
// A case whose result truly follows the file order is listed in tests/e2e/order_dependent.txt
// ("case-name reason" per line), with the documented rule that makes it so.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "e2e_support.h"
#include "engine_check.h"

namespace seg::e2e {
namespace {

bool IsDataFile(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.rfind("expected", 0) == 0) return false;
  return path.extension() == ".csv" || path.extension() == ".jsonl";
}

// The records of a data file in a new order; a CSV file keeps its header first.
std::string Reorder(const fs::path& path, const std::string& text, uint32_t seed, bool reverse) {
  std::vector<std::string> records = SplitRecords(text);
  auto first = records.begin() + (path.extension() == ".csv" && !records.empty() ? 1 : 0);
  if (reverse) {
    std::reverse(first, records.end());
  } else {
    std::mt19937 rng(seed);
    std::shuffle(first, records.end(), rng);
  }
  std::string out;
  for (const std::string& r : records) out += r;
  return out;
}

// An output as header + sorted rows (CSV), or sorted lines (JSON Lines).
std::vector<std::string> Canonical(const std::string& output, bool csv) {
  std::vector<std::string> records = SplitRecords(output);
  std::sort(records.begin() + (csv && !records.empty() ? 1 : 0), records.end());
  return records;
}

std::string OrderDependentReason(const fs::path& dir) {
  std::string list = ReadFile(SourceDir() / "tests/e2e/order_dependent.txt");
  size_t at = 0;
  while (at < list.size()) {
    size_t end = list.find('\n', at);
    std::string line = list.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? list.size() : end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.substr(0, line.find(' ')) == dir.filename().string()) return line;
  }
  return "";
}

class ShuffleTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ShuffleTest, SameResultPerCustomerWhateverTheRowOrder) {
  const fs::path& dir = GetParam();
  if (fs::exists(dir / "disabled")) GTEST_SKIP() << "disabled case";
  if (fs::exists(dir / "expected_error")) GTEST_SKIP() << "a failing case: its error names a line";
  if (std::string reason = OrderDependentReason(dir); !reason.empty()) GTEST_SKIP() << reason;
  bool csv = !fs::exists(dir / "expected.jsonl");
  std::string command = CaseCommand(dir) + " --threads 2";
  SCOPED_TRACE("case " + dir.filename().string() + "\n  seg " + command);
  Result original = RunSeg(dir, command);
  ASSERT_EQ(original.status, 0) << original.err;
  int reordered_files = 0;
  for (int variant = 0; variant < 3; ++variant) {
    TempDir tmp;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      std::string text = ReadFile(e.path());
      if (IsDataFile(e.path())) {
        text = Reorder(e.path(), text, 1234u + static_cast<uint32_t>(variant), variant == 0);
        ++reordered_files;
      }
      WriteFile(tmp.path() / e.path().filename(), text);
    }
    for (std::string engine : {"interp", "jit"}) {
      Result shuffled = RunSeg(tmp.path(), command + " --no-cache --verbose --engine " + engine);
      ASSERT_EQ(shuffled.status, 0) << "variant " << variant << " (" << engine << "): " << shuffled.err;
      if (engine == "jit" && BuiltWithJit()) {
        EXPECT_TRUE(RanCompiledCode(shuffled.err)) << "variant " << variant;
      }
      EXPECT_EQ(Canonical(shuffled.out, csv), Canonical(original.out, csv))
          << "variant " << variant << " (" << engine << ", " << (variant == 0 ? "reversed" : "shuffled")
          << "): a customer's result depends on the order of rows";
    }
  }
  EXPECT_GT(reordered_files, 0) << "a case without data files";
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) { return CaseTestName(info.param); }

INSTANTIATE_TEST_SUITE_P(Cases, ShuffleTest, ::testing::ValuesIn(FindCases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ShuffleTest);

}  // namespace
}  // namespace seg::e2e
