// The sequence kernel (runtime/kernels/sequence.h): each edge of the rules on hand-made times,
// then the linear-time passes against a brute-force reading of the rules on random times.
#include "runtime/kernels/sequence.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

namespace seg::rt::seq {
namespace {

constexpr int64_t kDay = 86'400'000'000;

int64_t Measured(Measure m, std::vector<std::vector<int64_t>> steps, std::vector<int64_t> limits, bool negated = false,
                 int64_t horizon = INT64_MAX, bool* valid = nullptr) {
  Spec spec;
  spec.measure = m;
  spec.last_negated = negated;
  spec.limits = std::move(limits);
  spec.horizon = horizon;
  int64_t out = -1;
  bool ok = Evaluate(spec, steps, &out);
  if (valid != nullptr) *valid = ok;
  return ok ? out : -1;
}

TEST(Sequence, ThenMeansStrictlyLaterAndAtMostTheLimit) {
  // Same instant: not a sequence. Exactly at the limit: is one. One microsecond past it: not.
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {0}}, {3 * kDay}), 0);
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {3 * kDay}}, {3 * kDay}), 1);
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {3 * kDay + 1}}, {3 * kDay}), 0);
  EXPECT_EQ(Measured(Measure::kHappened, {{5}, {1, 4}}, {kDay}), 0);  // only earlier events
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {100 * kDay}}, {kNoLimit}), 1);
}

TEST(Sequence, EveryFirstStepEventIsOneOccurrence) {
  // Two carts before one purchase: two occurrences; the time is from the first cart.
  EXPECT_EQ(Measured(Measure::kCount, {{0, kDay}, {2 * kDay}}, {3 * kDay}), 2);
  EXPECT_EQ(Measured(Measure::kTimeTo, {{0, kDay}, {2 * kDay}}, {3 * kDay}), 2 * kDay);
  // The first cart is too early for the limit: the time is from the second.
  EXPECT_EQ(Measured(Measure::kCount, {{0, kDay}, {2 * kDay}}, {kDay}), 1);
  EXPECT_EQ(Measured(Measure::kTimeTo, {{0, kDay}, {2 * kDay}}, {kDay}), kDay);
  // Time to the first purchase after the cart, not a later one.
  EXPECT_EQ(Measured(Measure::kTimeTo, {{0}, {5, 7}}, {kNoLimit}), 5);
  bool valid = true;
  Measured(Measure::kTimeTo, {{10}, {5}}, {kNoLimit}, false, INT64_MAX, &valid);
  EXPECT_FALSE(valid);
}

TEST(Sequence, NothingFollowsOnlyOnceTheWholeLimitHasBeenSeen) {
  int64_t horizon = 10 * kDay;  // the end of the as_of day
  // A cart 3 days before the horizon: its 3 days end exactly at the horizon, not yet all seen.
  EXPECT_EQ(Measured(Measure::kCount, {{7 * kDay}, {}}, {3 * kDay}, true, horizon), 0);
  EXPECT_EQ(Measured(Measure::kCount, {{7 * kDay - 1}, {}}, {3 * kDay}, true, horizon), 1);
  // A purchase at the same instant does not follow the cart; one exactly at the limit does.
  EXPECT_EQ(Measured(Measure::kCount, {{0}, {0}}, {3 * kDay}, true, horizon), 1);
  EXPECT_EQ(Measured(Measure::kCount, {{0}, {3 * kDay}}, {3 * kDay}, true, horizon), 0);
  EXPECT_EQ(Measured(Measure::kCount, {{0}, {3 * kDay + 1}}, {3 * kDay}, true, horizon), 1);
  // Without a limit: no later event at all, however recent the first.
  EXPECT_EQ(Measured(Measure::kHappened, {{9 * kDay}, {1}}, {kNoLimit}, true, horizon), 1);
  EXPECT_EQ(Measured(Measure::kHappened, {{9 * kDay}, {9 * kDay + 1}}, {kNoLimit}, true, horizon), 0);
}

TEST(Sequence, FunnelStepsEachWithinTheirLimitOfTheStepBefore) {
  // view 0, cart at 1 day, buy at 2.5 days: cart within 1 day of the view, buy within 2 of the cart.
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {kDay}, {5 * kDay / 2}}, {kDay, 2 * kDay}), 1);
  EXPECT_EQ(Measured(Measure::kTimeTo, {{0}, {kDay}, {5 * kDay / 2}}, {kDay, 2 * kDay}), 5 * kDay / 2);
  // The only cart close enough to the view has no purchase after it in time; a later cart does.
  EXPECT_EQ(Measured(Measure::kHappened, {{0}, {kDay, 4 * kDay}, {5 * kDay}}, {kDay, 2 * kDay}), 0);
  // Viewed, carted, then did not buy.
  EXPECT_EQ(Measured(Measure::kCount, {{0}, {kDay}, {}}, {kDay, 2 * kDay}, true, 10 * kDay), 1);
  EXPECT_EQ(Measured(Measure::kCount, {{0}, {kDay}, {2 * kDay}}, {kDay, 2 * kDay}, true, 10 * kDay), 0);
}

// The rules read literally: every chain of events, O(n^k).
int64_t BruteForce(Measure m, const std::vector<std::vector<int64_t>>& steps, const std::vector<int64_t>& limits,
                   bool negated, int64_t horizon, bool* valid) {
  size_t k = steps.size() - 1;
  auto within = [&](int64_t a, int64_t b, size_t i) { return b > a && (limits[i] == kNoLimit || b - a <= limits[i]); };
  // The earliest end of an occurrence from event time t of step i; INT64_MAX for none.
  std::function<int64_t(size_t, int64_t)> ends = [&](size_t i, int64_t t) -> int64_t {
    if (i == k) return t;
    if (i + 1 == k && negated) {
      bool seen = limits[i] == kNoLimit || t + limits[i] < horizon;
      for (int64_t b : steps[k])
        if (within(t, b, i)) return INT64_MAX;
      return seen ? t : INT64_MAX;
    }
    int64_t best = INT64_MAX;
    for (int64_t b : steps[i + 1])
      if (within(t, b, i)) best = std::min(best, ends(i + 1, b));
    return best;
  };
  int64_t count = 0;
  *valid = true;
  for (int64_t a : steps[0]) {
    int64_t e = ends(0, a);
    if (e == INT64_MAX) continue;
    if (m == Measure::kTimeTo) return e - a;
    ++count;
  }
  if (m == Measure::kTimeTo) *valid = false;
  return m == Measure::kHappened ? count > 0 : count;
}

TEST(Sequence, AgreesWithTheRulesReadLiterallyOnRandomTimes) {
  std::mt19937_64 rng(20261206);
  for (int round = 0; round < 3000; ++round) {
    size_t k = 1 + rng() % 3;
    std::vector<std::vector<int64_t>> steps(k + 1);
    for (auto& s : steps) {
      size_t n = rng() % 6;
      for (size_t j = 0; j < n; ++j) s.push_back(static_cast<int64_t>(rng() % 12));  // many ties
      std::sort(s.begin(), s.end());
    }
    if (steps[0].empty()) steps[0].push_back(static_cast<int64_t>(rng() % 12));
    std::vector<int64_t> limits;
    for (size_t i = 0; i < k; ++i) limits.push_back(rng() % 4 == 0 ? kNoLimit : static_cast<int64_t>(rng() % 5));
    bool negated = rng() % 2 == 0;
    int64_t horizon = static_cast<int64_t>(rng() % 16);
    for (Measure m : {Measure::kHappened, Measure::kCount, Measure::kTimeTo}) {
      if (m == Measure::kTimeTo && negated) continue;
      SCOPED_TRACE(testing::Message() << "round " << round << " measure " << static_cast<int>(m));
      bool valid = false, expected_valid = false;
      int64_t got = Measured(m, steps, limits, negated, horizon, &valid);
      int64_t want = BruteForce(m, steps, limits, negated, horizon, &expected_valid);
      ASSERT_EQ(valid, expected_valid);
      if (valid) {
        ASSERT_EQ(got, want);
      }
    }
  }
}

}  // namespace
}  // namespace seg::rt::seq
