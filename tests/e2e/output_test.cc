// --out: the result file appears whole (written to a temporary file and renamed), nothing else
// is left in its folder, and a failed run neither creates it nor clobbers an existing one.
#include <gtest/gtest.h>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

const char* kProgram =
    "input customers key id { }\n"
    "input orders of customers by customer at ts { amount: money }\n"
    "let spend = sum(orders.amount)\n"
    "tag buyer when count(orders) > 0\n";

std::vector<std::string> Listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class OutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(tmp_.path() / "program.seg", kProgram);
    WriteFile(tmp_.path() / "customers.csv", "id\nc1\nc2\n");
    WriteFile(tmp_.path() / "good.csv", "customer,ts,amount\nc1,2024-06-01,10.5\nc1,2024-06-02,2\n");
    WriteFile(tmp_.path() / "bad.csv", "customer,ts,amount\nc1,2024-06-01,10.5\nc2,2024-06-02,ten\n");
    fs::create_directory(tmp_.path() / "out");
  }
  std::string Args(const std::string& orders, const std::string& extra) {
    return "run program.seg --input customers=customers.csv --input orders=" + orders +
           " --as-of 2024-06-30 --with spend --quiet " + extra;
  }
  TempDir tmp_;
};

const char* kExpected = "id,buyer,spend\nc1,true,12.5\nc2,false,0\n";

TEST_F(OutTest, WritesTheFileAndLeavesNoTemporaryFile) {
  for (int threads : {1, 3}) {
    Result r = RunSeg(tmp_.path(), Args("good.csv", "--out out/result.csv --threads " + std::to_string(threads)));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "") << "with --out nothing goes to stdout";
    EXPECT_EQ(ReadFile(tmp_.path() / "out/result.csv"), kExpected);
    EXPECT_EQ(Listing(tmp_.path() / "out"), std::vector<std::string>{"result.csv"});
  }
}

TEST_F(OutTest, OverwritesAnExistingFileWhole) {
  WriteFile(tmp_.path() / "out/result.csv", std::string(10000, 'x'));
  Result r = RunSeg(tmp_.path(), Args("good.csv", "--out out/result.csv --format jsonl"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ReadFile(tmp_.path() / "out/result.csv"),
            "{\"id\":\"c1\",\"buyer\":true,\"spend\":12.5}\n{\"id\":\"c2\",\"buyer\":false,\"spend\":0}\n");
  EXPECT_EQ(Listing(tmp_.path() / "out"), std::vector<std::string>{"result.csv"});
}

TEST_F(OutTest, FailedRunCreatesNoFile) {
  Result r = RunSeg(tmp_.path(), Args("bad.csv", "--out out/result.csv"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad.csv"), std::string::npos) << r.err;
  EXPECT_TRUE(Listing(tmp_.path() / "out").empty());
}

TEST_F(OutTest, FailedRunKeepsAnExistingFile) {
  WriteFile(tmp_.path() / "out/result.csv", "previous result\n");
  Result r = RunSeg(tmp_.path(), Args("bad.csv", "--out out/result.csv"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(ReadFile(tmp_.path() / "out/result.csv"), "previous result\n");
  EXPECT_EQ(Listing(tmp_.path() / "out"), std::vector<std::string>{"result.csv"});
}

TEST_F(OutTest, UnwritableFolderFailsCleanly) {
  Result r = RunSeg(tmp_.path(), Args("good.csv", "--out no_such_dir/result.csv"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no_such_dir/result.csv"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp_.path() / "no_such_dir"));
}

}  // namespace
}  // namespace seg::e2e
