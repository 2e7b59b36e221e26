// A damaged, truncated or foreign snapshot file is an error naming it (exit status 1, nothing on
// standard output), never a crash or a wrong answer (a run checks the arrays it reads; damage in
// one it never reads cannot change its answer, and `seg import --verify` finds it); a snapshot of another schema is
// refused with the difference named; an import that fails leaves the snapshot that was there.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::RunSeg;
using e2e::ShellQuote;

const fs::path kExamples = e2e::SourceDir() / "examples";

class SnapshotDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = ShellQuote((kExamples / "retail.seg").string());
    const fs::path data = kExamples / "data";
    inputs_ = " --input customers=" + ShellQuote((data / "customers.csv").string()) +
              " --input orders=" + ShellQuote((data / "orders.csv").string()) +
              " --input visits=" + ShellQuote((data / "visits.csv").string());
    ASSERT_EQ(RunSeg(t(), "import " + program_ + inputs_ + " --snapshot snap --quiet").status, 0);
    file_ = t() / "snap" / "gen-000000.segsnap";
    original_ = e2e::ReadFile(file_);
    ASSERT_GT(original_.size(), 10000u);
  }

  const fs::path& t() const { return temp_.path(); }
  e2e::Result RunFromSnapshot() {
    return RunSeg(t(), "run " + program_ + " --snapshot snap --as-of 2024-06-30 --quiet");
  }
  e2e::Result RunFromFiles() { return RunSeg(t(), "run " + program_ + inputs_ + " --as-of 2024-06-30 --quiet"); }
  e2e::Result Verify() { return RunSeg(t(), "import " + program_ + " --snapshot snap --verify"); }

  // The run fails with a message that names the file and says why.
  void ExpectRefused(const std::string& why, const std::string& what) {
    e2e::Result r = RunFromSnapshot();
    EXPECT_EQ(r.status, 1) << what << "\n" << r.err;
    EXPECT_EQ(r.out, "") << what;
    EXPECT_NE(r.err.find("gen-000000.segsnap"), std::string::npos) << what << "\n" << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << what << "\n" << r.err;
  }

  e2e::TempDir temp_;
  std::string program_, inputs_;
  fs::path file_;
  std::string original_;
};

// One flipped bit anywhere: in the header, the metadata, every array and the padding between.
// `seg import --verify` checks every array; a run checks the header, the metadata and the arrays
// it reads, so it refuses the file or, when the flip is in what it never reads, gives the answer
// of the intact data.
TEST_F(SnapshotDamage, AFlippedByteAnywhereIsFoundByVerifyAndNeverChangesARun) {
  std::vector<size_t> positions = {0, 9, 20, 40, 63, 64, 100, 200, original_.size() - 1};
  for (size_t k = 1; k < 20; ++k) positions.push_back(original_.size() * k / 20 + k);
  std::string intact = RunFromFiles().out;
  size_t refused = 0;
  for (size_t at : positions) {
    std::string damaged = original_;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    e2e::WriteFile(file_, damaged);
    e2e::Result r = RunFromSnapshot();
    if (r.status == 0) {
      EXPECT_EQ(r.out, intact) << "flip at byte " << at;
    } else {
      EXPECT_EQ(r.status, 1) << "flip at byte " << at << "\n" << r.err;
      EXPECT_EQ(r.out, "");
      EXPECT_NE(r.err.find("gen-000000.segsnap"), std::string::npos) << r.err;
    }
    e2e::Result verified = Verify();
    // Padding between arrays is the only place a flip may go unnoticed.
    if (verified.status == 0) continue;
    ++refused;
    EXPECT_EQ(verified.status, 1) << "flip at byte " << at << "\n" << verified.err;
    EXPECT_NE(verified.err.find("gen-000000.segsnap"), std::string::npos) << verified.err;
  }
  EXPECT_GE(refused, positions.size() * 3 / 4);
  e2e::WriteFile(file_, original_);
  e2e::Result clean = Verify();
  EXPECT_EQ(clean.status, 0) << clean.err;
  EXPECT_NE(clean.err.find("every array intact"), std::string::npos) << clean.err;
}

// The first array is the customer keys' validity, which every run reads; the last is the visits'
// instants, which retail.seg never reads (it declares visits but no rule uses them).
TEST_F(SnapshotDamage, ADamagedArrayIsAnErrorWhenReadAndChangesNothingWhenNot) {
  uint64_t meta_size = 0;
  std::memcpy(&meta_size, original_.data() + 32, sizeof(meta_size));
  size_t first_array = (64 + meta_size + 63) / 64 * 64;
  ASSERT_LT(first_array, original_.size());
  std::string damaged = original_;
  damaged[first_array] = static_cast<char>(damaged[first_array] ^ 0x01);
  e2e::WriteFile(file_, damaged);
  ExpectRefused("damaged: checksum mismatch in the array at byte " + std::to_string(first_array), "a read array");

  damaged = original_;
  damaged.back() = static_cast<char>(damaged.back() ^ 0x01);
  e2e::WriteFile(file_, damaged);
  e2e::Result r = RunFromSnapshot();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, RunFromFiles().out);
  e2e::Result verified = Verify();
  EXPECT_EQ(verified.status, 1) << verified.err;
  EXPECT_NE(verified.err.find("gen-000000.segsnap: damaged: checksum mismatch"), std::string::npos) << verified.err;
}

// The customers' keys are read where the file is mapped, their dictionary neither copied nor
// hashed at load: a flipped byte in a key's text, or in where a key ends, is still an error
// naming the file, before any output.
TEST_F(SnapshotDamage, ADamagedCustomerKeyIsAnErrorThoughTheKeysAreNotCopied) {
  size_t key = original_.find("C0002C0003");  // the keys back to back: the dictionary's bytes
  ASSERT_NE(key, std::string::npos);
  std::string damaged = original_;
  damaged[key + 4] = '9';  // C0002 becomes C0009, which another customer is
  e2e::WriteFile(file_, damaged);
  ExpectRefused("damaged: checksum mismatch in the array at byte ", "a key's text");
  e2e::Result r = RunSeg(t(), "run " + program_ + " --snapshot snap --as-of 2024-06-30 --out out.csv --threads 2");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_FALSE(fs::exists(t() / "out.csv"));

  // Where the first keys end (5, 10, 15 as 64-bit numbers): one of them made to run backwards.
  std::string ends;
  for (uint64_t end : {uint64_t{5}, uint64_t{10}, uint64_t{15}})
    ends.append(reinterpret_cast<const char*>(&end), sizeof(end));
  size_t at = original_.find(ends, key);
  ASSERT_NE(at, std::string::npos);
  damaged = original_;
  damaged[at + 8] = 1;  // the second key ends at byte 1, before the first one does
  e2e::WriteFile(file_, damaged);
  ExpectRefused("damaged: checksum mismatch in the array at byte ", "where a key ends");
  e2e::WriteFile(file_, original_);
  EXPECT_EQ(RunFromSnapshot().out, RunFromFiles().out);
}

// A flipped byte in the middle of an array whose checks the run leaves until it evaluates the
// events (an order's amount, which retail.seg averages): the run stops at that piece, names the
// file and the piece, and writes nothing, not even an output file.
TEST_F(SnapshotDamage, ADamagedPieceInTheMiddleOfTheEventsStopsTheRunBeforeAnyOutput) {
  // The amounts as stored (money: 1/10000 units), each found once in the file, far enough in to
  // lie past an array's first 64 KiB piece.
  std::istringstream orders(e2e::ReadFile(kExamples / "data" / "orders.csv"));
  std::string line;
  std::getline(orders, line);
  size_t at = std::string::npos;
  while (at == std::string::npos && std::getline(orders, line)) {
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, ',');) fields.push_back(field);
    size_t dot = fields[3].find('.');
    std::string fraction = dot == std::string::npos ? "" : fields[3].substr(dot + 1);
    int64_t units = std::stoll(fields[3].substr(0, dot)) * 10000 + std::stoll((fraction + "0000").substr(0, 4));
    std::string bytes(reinterpret_cast<const char*>(&units), 8);
    size_t found = original_.find(bytes);
    if (found != std::string::npos && original_.find(bytes, found + 1) == std::string::npos &&
        found > 64 + (size_t{64} << 10) && found < original_.size() * 3 / 4)
      at = found;
  }
  ASSERT_NE(at, std::string::npos);
  std::string damaged = original_;
  damaged[at + 1] = static_cast<char>(damaged[at + 1] ^ 0x01);
  e2e::WriteFile(file_, damaged);
  ExpectRefused("damaged: checksum mismatch in the array at byte ", "an amount");
  e2e::Result r = RunSeg(t(), "run " + program_ + " --snapshot snap --as-of 2024-06-30 --out out.csv --threads 2");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("(its piece at byte "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(t() / "out.csv"));
  e2e::WriteFile(file_, original_);
  EXPECT_EQ(RunFromSnapshot().out, RunFromFiles().out);
}

TEST_F(SnapshotDamage, ATruncatedFileIsAnError) {
  for (size_t size :
       {size_t{0}, size_t{7}, size_t{40}, size_t{64}, size_t{500}, original_.size() / 2, original_.size() - 1}) {
    e2e::WriteFile(file_, original_.substr(0, size));
    e2e::Result r = RunFromSnapshot();
    EXPECT_EQ(r.status, 1) << size << "\n" << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("gen-000000.segsnap"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << size << ": " << r.err;
  }
  e2e::WriteFile(file_, original_ + "extra");
  ExpectRefused("damaged", "a longer file");
}

TEST_F(SnapshotDamage, AForeignFileIsAnError) {
  e2e::WriteFile(file_, e2e::ReadFile(kExamples / "data" / "orders.csv"));
  ExpectRefused("not a seg snapshot file", "a CSV file");
}

TEST_F(SnapshotDamage, MissingOrForeignGenerationsAreErrors) {
  // A gap: generation 2 without generation 1.
  fs::copy_file(file_, t() / "snap" / "gen-000002.segsnap");
  e2e::Result gap = RunFromSnapshot();
  EXPECT_EQ(gap.status, 1);
  EXPECT_NE(gap.err.find("gen-000001.segsnap is missing"), std::string::npos) << gap.err;
  fs::remove(t() / "snap" / "gen-000002.segsnap");
  // A generation of another snapshot put beside this one.
  ASSERT_EQ(RunSeg(t(), "import " + program_ + inputs_ + " --snapshot other --quiet").status, 0);
  ASSERT_EQ(RunSeg(t(), "import " + program_ + " --append --input visits=" +
                            ShellQuote((kExamples / "data" / "visits.csv").string()) + " --snapshot other --quiet")
                .status,
            0);
  fs::copy_file(t() / "other" / "gen-000001.segsnap", t() / "snap" / "gen-000001.segsnap");
  e2e::Result foreign = RunFromSnapshot();
  EXPECT_EQ(foreign.status, 1);
  EXPECT_NE(foreign.err.find("gen-000001.segsnap belongs to another snapshot"), std::string::npos) << foreign.err;
  // No snapshot at all.
  e2e::Result none = RunSeg(t(), "run " + program_ + " --snapshot nowhere --as-of 2024-06-30");
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.err.find("no snapshot at nowhere"), std::string::npos) << none.err;
}

TEST_F(SnapshotDamage, AnotherSchemaIsRefusedWithTheDifference) {
  std::string text = e2e::ReadFile(kExamples / "retail.seg");
  auto changed = [&](const std::string& from, const std::string& to) {
    std::string s = text;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  struct Change {
    std::string from, to, message;
  };
  const Change changes[] = {
      // Not amount: std.rfm needs it as money, so the checker would refuse the program first (E0113).
      {"  quantity: int\n", "  quantity: float\n",
       "input orders: column quantity is float in the program, int in the snapshot"},
      {"  page: text\n", "  page: text\n  referrer: text\n", "input visits: column referrer is not in the snapshot"},
      {"  gender: text\n", "", "input customers: the snapshot has a column gender the program does not declare"},
      {"import std.rfm\n", "import std.rfm\ntimezone \"Europe/Paris\"\n",
       "time zone Europe/Paris in the program, UTC in the snapshot"},
  };
  for (const Change& c : changes) {
    e2e::WriteFile(t() / "changed.seg", changed(c.from, c.to));
    e2e::Result r = RunSeg(t(), "run changed.seg --snapshot snap --as-of 2024-06-30 --quiet");
    EXPECT_EQ(r.status, 1) << c.message << "\n" << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("another schema"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
}

TEST_F(SnapshotDamage, AFailedImportLeavesTheSnapshotThere) {
  e2e::WriteFile(t() / "bad.csv",
                 "order_id,customer,ts,amount,quantity,unit_price,category,discounted,status\n"
                 "1,C0001,not-a-time,1,1,1,home,true,paid\n");
  e2e::Result bad = RunSeg(t(), "import " + program_ + " --input orders=bad.csv --snapshot snap");
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(e2e::ReadFile(file_), original_);
  e2e::Result appended = RunSeg(t(), "import " + program_ + " --append --input orders=bad.csv --snapshot snap");
  EXPECT_EQ(appended.status, 1);
  EXPECT_FALSE(fs::exists(t() / "snap" / "gen-000001.segsnap"));
  // A directory that is not a snapshot is not replaced.
  fs::create_directory(t() / "mine");
  e2e::WriteFile(t() / "mine" / "notes.txt", "keep me");
  e2e::Result refused = RunSeg(t(), "import " + program_ + inputs_ + " --snapshot mine --quiet");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("holds other files"), std::string::npos) << refused.err;
  EXPECT_EQ(e2e::ReadFile(t() / "mine" / "notes.txt"), "keep me");
  // A new import over a snapshot replaces it whole (its appended generations too).
  ASSERT_EQ(RunSeg(t(), "import " + program_ + " --append --input visits=" +
                            ShellQuote((kExamples / "data" / "visits.csv").string()) + " --snapshot snap --quiet")
                .status,
            0);
  ASSERT_EQ(RunSeg(t(), "import " + program_ + inputs_ + " --snapshot snap/ --quiet").status, 0);
  EXPECT_FALSE(fs::exists(t() / "snap" / "gen-000001.segsnap"));
  EXPECT_EQ(RunFromSnapshot().status, 0);
  for (const fs::directory_entry& e : fs::directory_iterator(t())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace seg::test
