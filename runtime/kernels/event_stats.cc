// Median, percentile, stddev and mode over one customer's values (see event_stats.h).
#include "runtime/kernels/event_stats.h"

#include <algorithm>
#include <cmath>

namespace seg::rt::stats {

double Percentile(std::vector<double>& values, double p, uint8_t* status) {
  if (values.empty()) {
    *status = kMissing;
    return 0;
  }
  std::sort(values.begin(), values.end());
  double h = static_cast<double>(values.size() - 1) * p;
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, values.size() - 1);
  *status = kOk;
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double SampleStdDev(std::vector<double>& values, uint8_t* status) {
  if (values.size() < 2) {
    *status = kMissing;
    return 0;
  }
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  double mean = sum / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  *status = kOk;
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

int64_t Mode(std::vector<int64_t>& values, const std::function<bool(int64_t, int64_t)>& less, uint8_t* status) {
  if (values.empty()) {
    *status = kMissing;
    return 0;
  }
  std::sort(values.begin(), values.end(), less);
  // Runs of equal values in ascending order: a later run must be strictly longer to win.
  int64_t best = values.front();
  size_t best_count = 0;
  for (size_t i = 0; i < values.size();) {
    size_t j = i + 1;
    while (j < values.size() && !less(values[i], values[j])) ++j;
    if (j - i > best_count) {
      best = values[i];
      best_count = j - i;
    }
    i = j;
  }
  *status = kOk;
  return best;
}

}  // namespace seg::rt::stats
