#include "runtime/kernels/sequence.h"

#include <cstddef>
#include <deque>

namespace seg::rt::seq {

namespace {

constexpr int64_t kNone = INT64_MAX;  // "no occurrence from here"

int64_t SaturatingAdd(int64_t t, int64_t limit) { return t > INT64_MAX - limit ? INT64_MAX : t + limit; }

// For each time t of `from` (ascending), the smallest `reach` of the events of `to` in
// (t, t + limit]; kNone where there is none. Both ends of that range only move forward as t
// grows, so one pass with a deque of increasing minima does it in linear time.
std::vector<int64_t> EarliestReach(const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                                   const std::vector<int64_t>& reach, int64_t limit) {
  std::vector<int64_t> out(from.size(), kNone);
  std::deque<size_t> minima;  // indexes into `to`, in the window, reach increasing
  size_t lo = 0, hi = 0;      // the window is to[lo, hi)
  for (size_t j = 0; j < from.size(); ++j) {
    int64_t t = from[j], end = SaturatingAdd(t, limit);
    while (hi < to.size() && to[hi] <= end) {
      if (reach[hi] != kNone) {
        while (!minima.empty() && reach[minima.back()] >= reach[hi]) minima.pop_back();
        minima.push_back(hi);
      }
      ++hi;
    }
    while (lo < to.size() && to[lo] <= t) ++lo;
    while (!minima.empty() && minima.front() < lo) minima.pop_front();
    if (!minima.empty()) out[j] = reach[minima.front()];
  }
  return out;
}

// For each time t of `from`: t where no time of `to` is in (t, t + limit] and t + limit is
// before `horizon` (without a limit: no later time at all); kNone otherwise.
std::vector<int64_t> NothingFollows(const std::vector<int64_t>& from, const std::vector<int64_t>& to, int64_t limit,
                                    int64_t horizon) {
  std::vector<int64_t> out(from.size(), kNone);
  size_t next = 0;  // the first time of `to` after t
  for (size_t j = 0; j < from.size(); ++j) {
    int64_t t = from[j];
    while (next < to.size() && to[next] <= t) ++next;
    bool seen_whole = limit == kNoLimit || SaturatingAdd(t, limit) < horizon;
    bool followed = next < to.size() && (limit == kNoLimit || to[next] <= SaturatingAdd(t, limit));
    if (seen_whole && !followed) out[j] = t;
  }
  return out;
}

}  // namespace

bool Evaluate(const Spec& spec, const std::vector<std::vector<int64_t>>& steps, int64_t* out) {
  size_t k = steps.size() - 1;
  // reach: per event of the current step, the earliest time an occurrence from it ends.
  std::vector<int64_t> reach;
  size_t step = k;
  if (spec.last_negated) {
    reach = NothingFollows(steps[k - 1], steps[k], spec.limits[k - 1], spec.horizon);
    step = k - 1;
  } else {
    reach = steps[k];
  }
  while (step > 0) {
    reach = EarliestReach(steps[step - 1], steps[step], reach, spec.limits[step - 1]);
    --step;
  }
  const std::vector<int64_t>& first = steps[0];
  int64_t count = 0;
  for (size_t j = 0; j < first.size(); ++j) {
    if (reach[j] == kNone) continue;
    if (spec.measure == Measure::kTimeTo) {
      *out = reach[j] - first[j];  // the earliest start: `first` is ascending
      return true;
    }
    ++count;
  }
  switch (spec.measure) {
    case Measure::kHappened: *out = count > 0; return true;
    case Measure::kCount: *out = count; return true;
    case Measure::kTimeTo: return false;
  }
  return false;
}

}  // namespace seg::rt::seq
