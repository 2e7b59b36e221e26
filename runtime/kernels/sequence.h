// Sequences of a customer's events ("viewed, then bought within 7 days"; "added to cart, then did
// not buy within 3 days"): given each step's event times, whether and how often the sequence
// happened, and how long it took. Both engines collect the times of each step's events (in the
// step's window, passing its filter, none after as_of) and call Evaluate, so they agree, and the
// result never depends on the order of rows: only the sorted times are read.
//
// The rules (docs/LANGUAGE.md, "Sequences"), for steps S0 .. Sk with limits L1 .. Lk:
// - an occurrence starts at an event a0 of S0 and goes on with an event a1 of S1 that is strictly
//   later than a0 and at most L1 after it (a0 < a1 <= a0 + L1), then a2 of S2 likewise from a1;
//   events at the same instant are never in sequence, and one event cannot follow itself;
// - a negated last step (`then not Sk within Lk`) holds at a(k-1) when no event of Sk is in
//   (a(k-1), a(k-1) + Lk] and that whole stretch has been seen: a(k-1) + Lk is before `horizon`
//   (the end of the as_of day); without a limit, when no event of Sk follows at all;
// - each event of S0 is one occurrence at most: two carts before one purchase are two
//   occurrences (kCount counts the S0 events that start one);
// - kTimeTo is the time from the earliest S0 event that starts an occurrence to the earliest last
//   step any occurrence from it reaches.
#pragma once
#include <cstdint>
#include <vector>

namespace seg::rt::seq {

enum class Measure : uint8_t {
  kHappened,  // sequence(...): bool, 1 when some occurrence exists
  kCount,     // count(...): the number of S0 events that start an occurrence
  kTimeTo,    // time_to(...): a duration in microseconds; missing without an occurrence
};

// A step without a `within` limit: any later time.
inline constexpr int64_t kNoLimit = INT64_MAX;

struct Spec {
  Measure measure = Measure::kHappened;
  bool last_negated = false;
  std::vector<int64_t> limits;  // limits[i]: from step i to step i + 1, in microseconds (>= 0), or kNoLimit
  int64_t horizon = INT64_MAX;  // the first instant not yet seen: events are known up to before it
};

// `steps[i]` holds step i's event times (microseconds since the epoch, UTC), ascending;
// steps.size() == spec.limits.size() + 1 >= 2. Returns false when the result is missing (kTimeTo
// without an occurrence); otherwise *out is the result (0/1, a count, or a duration).
bool Evaluate(const Spec& spec, const std::vector<std::vector<int64_t>>& steps, int64_t* out);

}  // namespace seg::rt::seq
