// The aggregates that need all of a customer's values at once: median and percentile (sorted
// values, linear interpolation), stddev and mode. Both engines collect the values of the events
// in the window and call these, so the results are the same and do not depend on row order
// (the values are sorted before any arithmetic, so float sums are always added in one order).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace seg::rt::stats {

// What a value-collecting aggregate says besides its value (the values of fn::Status).
enum Status : uint8_t { kOk = 0, kMissing = 1 };

// The p-quantile (0 <= p <= 1) of the values, numpy's default ("linear"): with the values sorted
// v[0] <= ... <= v[n-1] and h = (n - 1) * p, v[floor h] + (h - floor h) * (v[floor h + 1] - v[floor h]).
// Missing (kMissing) when there are no values. Sorts `values`.
double Percentile(std::vector<double>& values, double p, uint8_t* status);

// The sample standard deviation (divisor n - 1, as R's sd and pandas' std): missing for fewer
// than two values. Sorts `values`, then takes the mean and the squared deviations in that order.
double SampleStdDev(std::vector<double>& values, uint8_t* status);

// The most frequent value; among equally frequent ones the smallest by `less` (seg's value order:
// numbers and dates by value, text by its bytes). Missing when there are no values. Sorts `values`.
int64_t Mode(std::vector<int64_t>& values, const std::function<bool(int64_t, int64_t)>& less, uint8_t* status);

}  // namespace seg::rt::stats
