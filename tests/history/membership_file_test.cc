// The run file: what is written reads back the same, and every kind of damage is an error that
// names the file (never a crash, never a wrong membership).
#include "runtime/history/membership_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "runtime/history/byte_codec.h"
#include "test_membership.h"

namespace seg::rt {
namespace {

TEST(MembershipFile, RoundTrips) {
  Membership m = SmallMembership();
  m.run_id = 7;
  m.recorded_at = 1767225600;
  Result<Membership> back = DecodeMembership(EncodeMembership(m), "run.seghist");
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->run_id, 7u);
  EXPECT_EQ(back->as_of, "2025-06-30");
  EXPECT_EQ(back->recorded_at, 1767225600);
  EXPECT_EQ(back->keys, (std::vector<std::string>{"C1", "C10", "C2"}));
  EXPECT_EQ(back->buckets, (std::vector<std::vector<uint32_t>>{{0, 3, 1}}));
  EXPECT_EQ(back->tagged, (std::vector<std::vector<uint8_t>>{{0, 1, 1}}));
  EXPECT_EQ(back->bucket_sizes, (std::vector<std::vector<uint64_t>>{{1, 0, 1}}));
  EXPECT_EQ(back->tag_sizes, std::vector<uint64_t>{2});
  EXPECT_EQ(back->classifications[0].buckets[1], "At risk");
}

TEST(MembershipFile, RoundTripsManyBucketsAndCustomers) {
  // 300 buckets need 9-bit codes that straddle bytes; 1001 customers leave a partial last byte.
  Membership m;
  m.key_name = "id";
  m.key_kind = KeyKind::kInt;
  std::vector<std::string> labels;
  for (int b = 0; b < 300; ++b) labels.push_back("b" + std::to_string(b));
  m.classifications = {{"many", labels}, {"empty", {}}};
  m.tags = {"t1", "t2"};
  m.buckets.resize(2);
  m.tagged.resize(2);
  for (int i = 0; i < 1001; ++i) {
    m.keys.push_back(std::to_string(i));
    m.buckets[0].push_back(static_cast<uint32_t>((i * 7) % 301));
    m.buckets[1].push_back(0);
    m.tagged[0].push_back(i % 3 == 0);
    m.tagged[1].push_back(i % 5 == 0);
  }
  SortByKey(&m);
  CountMembers(&m);
  Result<Membership> back = DecodeMembership(EncodeMembership(m), "x");
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->keys, m.keys);
  EXPECT_EQ(back->buckets, m.buckets);
  EXPECT_EQ(back->tagged, m.tagged);
  EXPECT_EQ(back->key_kind, KeyKind::kInt);
}

void ExpectError(const std::string& bytes, const std::string& part) {
  Result<Membership> back = DecodeMembership(bytes, "/h/run-000003.seghist");
  ASSERT_FALSE(back.ok()) << "decoded: expected an error with '" << part << "'";
  EXPECT_EQ(back.message().rfind("/h/run-000003.seghist: ", 0), 0u) << back.message();
  EXPECT_NE(back.message().find(part), std::string::npos) << back.message();
}

TEST(MembershipFile, EveryFlippedByteIsAnError) {
  std::string bytes = EncodeMembership(SmallMembership());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x10);
    Result<Membership> back = DecodeMembership(damaged, "f");
    EXPECT_FALSE(back.ok()) << "byte " << i << " flipped and the file still read";
  }
}

TEST(MembershipFile, EveryTruncationIsAnError) {
  std::string bytes = EncodeMembership(SmallMembership());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<Membership> back = DecodeMembership(bytes.substr(0, n), "f");
    EXPECT_FALSE(back.ok()) << "cut at " << n;
  }
  ExpectError(bytes.substr(0, bytes.size() - 1), "truncated");
  ExpectError(bytes + "x", "extra bytes");
}

TEST(MembershipFile, ForeignAndNewerFilesAreNamed) {
  ExpectError("id,value\nC1,Top\n", "not a seg history file");
  std::string bytes = EncodeMembership(SmallMembership());
  bytes[8] = 2;  // the version's low byte
  ExpectError(bytes, "version 2, newer than the version 1");
}

TEST(MembershipFile, ChecksumsCatchDamage) {
  std::string bytes = EncodeMembership(SmallMembership());
  std::string body = bytes;
  body.back() = static_cast<char>(body.back() ^ 1);
  ExpectError(body, "the body's checksum does not match");
  std::string header = bytes;
  header[96] = static_cast<char>(header[96] ^ 1);
  ExpectError(header, "the header's checksum does not match");
}

TEST(MembershipFile, InconsistentContentBehindGoodChecksumsIsRefused) {
  // Written by a faulty writer: checksums right, content wrong.
  Membership sizes = SmallMembership();
  sizes.bucket_sizes[0][0] = 5;
  ExpectError(EncodeMembership(sizes), "sizes in its header differ");
  Membership order = SmallMembership();
  std::swap(order.keys[0], order.keys[1]);
  ExpectError(EncodeMembership(order), "keys out of order");
  Membership code = SmallMembership();
  code.buckets[0][0] = 3;
  code.classifications[0].buckets.pop_back();  // codes up to 3 need 2 bits either way
  code.bucket_sizes[0].pop_back();
  ExpectError(EncodeMembership(code), "out of range");
}

TEST(MembershipFile, SummaryReadsTheHeaderAlone) {
  std::string path = ::testing::TempDir() + "/summary.seghist";
  Membership m = SmallMembership();
  m.run_id = 4;
  std::string bytes = EncodeMembership(m);
  // Damage the body: the summary does not read it, the whole read does.
  bytes.back() = static_cast<char>(bytes.back() ^ 1);
  std::ofstream(path, std::ios::binary) << bytes;
  Result<Membership> summary = ReadMembershipSummary(path);
  ASSERT_TRUE(summary.ok()) << summary.message();
  EXPECT_EQ(summary->run_id, 4u);
  EXPECT_EQ(summary->tag_sizes, std::vector<uint64_t>{2});
  EXPECT_TRUE(summary->keys.empty());
  Result<Membership> whole = ReadMembershipFile(path);
  ASSERT_FALSE(whole.ok());
  EXPECT_NE(whole.message().find(path + ": corrupt"), std::string::npos) << whole.message();
  EXPECT_FALSE(ReadMembershipFile(::testing::TempDir() + "/absent.seghist").ok());
}

TEST(ByteCodec, VarintsAndBounds) {
  ByteWriter w;
  for (uint64_t v : {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35, ~uint64_t{0}}) w.Varint(v);
  ByteReader r(w.bytes());
  uint64_t v = 0;
  for (uint64_t want : {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35, ~uint64_t{0}}) {
    ASSERT_TRUE(r.Varint(&v));
    EXPECT_EQ(v, want);
  }
  EXPECT_FALSE(r.Varint(&v));
  const std::string eleven(11, '\xff');
  ByteReader overlong(eleven);
  EXPECT_FALSE(overlong.Varint(&v));
  const std::string promised_five(
      "\x05"
      "ab",
      3);
  ByteReader short_string(promised_five);
  std::string s;
  EXPECT_FALSE(short_string.String(&s));
}

}  // namespace
}  // namespace seg::rt
