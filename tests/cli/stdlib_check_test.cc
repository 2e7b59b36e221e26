// Every std module stands alone: `seg check stdlib/X.seg` checks it (its `needs` stand in for
// the importing program's events), with no error and no warning. Running a module on its own is
// E0113, since there is nothing to run it on.
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> StdModules() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(e2e::SourceDir() / "stdlib")) {
    if (e.path().extension() == ".seg") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(StdlibCheck, EveryModuleChecksOnItsOwn) {
  std::vector<fs::path> files = StdModules();
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    e2e::Result r = e2e::RunSeg(fs::current_path(), "check --warnings-as-errors " + e2e::ShellQuote(file.string()));
    EXPECT_EQ(r.status, 0) << file << "\n" << r.err;
    EXPECT_EQ(r.err, "") << file;
  }
}

TEST(StdlibCheck, RunningAModuleOnItsOwnSaysWhatItNeeds) {
  e2e::TempDir dir;
  e2e::WriteFile(dir.path() / "orders.csv", "customer,ts,amount\nc1,2025-01-01,10\n");
  e2e::Result r = e2e::RunSeg(dir.path(), "run " + e2e::ShellQuote((e2e::SourceDir() / "stdlib" / "rfm.seg").string()) +
                                              " --input orders=orders.csv --as-of 2025-06-30");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.err.find("error[E0113]: nothing declares the events 'orders' this file needs"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace seg::test
