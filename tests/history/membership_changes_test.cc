// Who enters and who exits: customers new to the data enter, customers gone exit, a bucket only
// one run has is empty in the other.
#include "runtime/history/membership_changes.h"

#include <gtest/gtest.h>

#include "test_membership.h"

namespace seg::rt {
namespace {

TEST(MembershipChanges, EnterAndExitPerBucketAndTag) {
  Membership before = SmallMembership();  // C1: -, C10: Lost + vip, C2: Top + vip
  Membership after = before;
  // C2 drops to "At risk" and loses vip; C10 leaves the data; C3 arrives in Top with vip.
  after.keys = {"C1", "C2", "C3"};
  after.buckets = {{0, 2, 1}};
  after.tagged = {{0, 0, 1}};
  CountMembers(&after);
  std::vector<AudienceChanges> changes = ComputeChanges(&before, after);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].audience.bucket, "Top");
  EXPECT_EQ(changes[0].entered, std::vector<std::string>{"C3"});
  EXPECT_EQ(changes[0].exited, std::vector<std::string>{"C2"});
  EXPECT_EQ(changes[1].audience.bucket, "At risk");
  EXPECT_EQ(changes[1].entered, std::vector<std::string>{"C2"});
  EXPECT_TRUE(changes[1].exited.empty());
  EXPECT_EQ(changes[2].audience.bucket, "Lost");
  EXPECT_EQ(changes[2].exited, std::vector<std::string>{"C10"});
  EXPECT_TRUE(changes[3].audience.is_tag());
  EXPECT_EQ(changes[3].entered, std::vector<std::string>{"C3"});
  EXPECT_EQ(changes[3].exited, (std::vector<std::string>{"C10", "C2"}));
}

TEST(MembershipChanges, WithoutABeforeEveryoneEnters) {
  Membership after = SmallMembership();
  std::vector<AudienceChanges> changes = ComputeChanges(nullptr, after);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].entered, std::vector<std::string>{"C2"});
  EXPECT_EQ(changes[3].entered, (std::vector<std::string>{"C10", "C2"}));
}

TEST(MembershipChanges, AudiencesOfOneRunOnlyAreEmptyInTheOther) {
  Membership before = SmallMembership();
  Membership after = before;
  after.tags = {"churn_risk"};
  CountMembers(&after);
  std::vector<AudienceChanges> changes = ComputeChanges(&before, after);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[3].audience.tag, "churn_risk");
  EXPECT_EQ(changes[3].entered, (std::vector<std::string>{"C10", "C2"}));
  EXPECT_EQ(changes[4].audience.tag, "vip");
  EXPECT_EQ(changes[4].exited, (std::vector<std::string>{"C10", "C2"}));
  EXPECT_TRUE(changes[4].entered.empty());
}

}  // namespace
}  // namespace seg::rt
