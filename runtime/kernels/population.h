// Population-wide ranking kernels: one value per customer in, one score per customer out.
// Marketers compare our scores with the ones their existing tools print (the R `rfm` package,
// pandas qcut, SQL ntile / percent_rank), so each method reproduces its tool's conventions
// exactly, including ties, repeated cut points and the floating-point order of operations that
// decides which side of a cut a tied value lands on.
//
// All kernels are deterministic: the result depends on the values and the tie order alone, never
// on a thread count (QuantileBins may use a pool's threads; the others are single-threaded).
// Missing input (valid[i] == 0, or a NaN value) takes no part in the ranking and gets
// out_valid[i] = 0; an empty or all-missing input leaves every output invalid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace seg::rt {

class ThreadPool;

enum class BinMethod : uint8_t {
  // The R `rfm` package (rsquaredacademy/rfm). Breaks b_k = quantile(x, k/bins, type = 7) + 1,
  // k = 1..bins-1, over the valid values; the score intervals are
  // [min, b_1) [b_1, b_2) ... [b_{bins-1}, max + 1), i.e. bin = 1 + #{k : b_k <= x}.
  //   x = {1, 2, 3, 4, 5}, bins = 5: quantiles 1.8 2.6 3.4 4.2, breaks 2.8 3.6 4.4 5.2,
  //   bins 1 1 2 3 4 (the +1 shifts everyone down a bin: nobody reaches 5 here, as in the package).
  // Repeated breaks: the package assigns the intervals one after another, and an interval
  // [b, b) is empty, so a repeated break simply skips bin numbers; nothing is renumbered.
  //   x = {1, 1, 1, 1, 1, 1, 1, 1, 5, 9}, bins = 5: breaks 2 2 2 2.8 -> bins 1 (x8), 5, 5.
  // The probabilities are computed as R's seq(0, 1, length.out = bins + 1) does (k * (1/bins),
  // so 3/5 is 0.6000000000000001) and the interpolation as R's (1 - h) * x[lo] + h * x[hi];
  // with integer data a break can then sit a hair above an integer, which moves tied values.
  // Checked against the package's published tables (population_test.cc): all 995 customers of
  // rfm_data_orders and all 39,999 of rfm_data_customer get the published R, F and M scores.
  // What decides them is the left-closed interval: in those tables 19 of the 24 breaks equal a
  // data value exactly (e.g. orders at break 5 -> F = 3, not 2), so x == b_k must go up a bin.
  // No break repeats in the published data; the repeated-break rule above follows the package's
  // scoring loop (each interval [lower_i, upper_i) is assigned in turn) and is pinned by our tests.
  // All values equal: every break is x + 1, so every customer gets bin 1.
  // The bin count is always `bins`, even where some bins are empty.
  kRfm,
  // pandas qcut(x, bins, duplicates="drop"): edges e_0..e_bins are numpy's linear quantiles at
  // 0, 1/bins, .., 1 (numpy's order of operations: p*100/100, (n-1)*p, and its two-sided lerp);
  // bins are right-closed (e_{k-1}, e_k] with e_0 included; repeated edges are dropped, so there
  // may be fewer bins, numbered 1..(edges kept - 1).
  //   x = {1, 2, 3, 4, 5}, bins = 2: edges 1 3 5 -> bins 1 1 1 2 2.
  //   x = {1, 1, 1, 1, 2}, bins = 4: edges 1 1 1 1 2 -> kept 1 2 -> bins 1 1 1 1 1 (1 bin used).
  // As in pandas, when all edges collapse into one (all values equal, or n == 1, with bins >= 2)
  // no interval remains and every output is invalid; with bins == 1 everyone gets bin 1.
  kQcut,
  // pandas qcut(x.rank(method="first"), bins): ranks 1..n by value, ties in tie order (see
  // QuantileBins), then kQcut on the ranks (the ranks are distinct, so no edge is dropped once
  // n >= 2). pandas' "first" is the frame's row order; a frame grouped by customer id is in key
  // order, which is the tie order seg passes.
  //   x = {5, 5, 5, 5}, bins = 2: ranks 1 2 3 4, edges 1 2.5 4 -> bins 1 1 2 2.
  kQcutRank,
  // SQL ntile(bins) OVER (ORDER BY value, key), ties in tie order: n = q * bins + r rows go to
  // groups of q + 1 rows (the first r groups) and q rows (the rest). Groups used = min(n, bins).
  //   n = 10, bins = 3: group sizes 4 3 3.
  kNtile,
};

// The cut points behind the bins, for reports ("r = 4 means recency between X and Y days").
// edges are ascending in value and describe the ascending bins 1..bins; with descending = true,
// score s corresponds to ascending bin (bins + 1 - s).
//   kRfm:              min, b_1, .., b_{bins-1}, max + 1  (bin k is [edges[k-1], edges[k]))
//   kQcut:             the kept edges                    (bin k is (edges[k-1], edges[k]])
//   kQcutRank, kNtile: the smallest value of each bin, then the largest value overall; ties can
//                      straddle bins, so bin k holds values in [edges[k-1], edges[k]].
// bins is the number of bins used (the top score); 0 when nothing was valid.
struct BinCuts {
  std::vector<double> edges;
  int bins = 0;
};

// The probability of cut k of `bins`, computed the way both R's seq(0, 1, length.out = bins + 1)
// and numpy's linspace(0, 1, bins + 1) do: k times the step, with the last one exactly 1. The
// rounding of k * (1 / bins) (3 * 0.2 = 0.6000000000000001) is part of what the tools compute.
// The SQL backend writes these into the statements that compute the cut points on a server.
double CutProbability(int k, int bins);
// The probability numpy's linear quantile uses for p: pandas passes p * 100 and numpy divides
// by 100 again, which changes the last bit of some.
double NumpyProbability(double p);

// Scores values into bins 1..bins by `method`. descending reverses the numbering
// (bins_used + 1 - bin) so bin 1 holds the largest values: rfm's recency score.
//   kRfm, x = {10, 20, 30}, bins = 3, descending: breaks 17.67 24.33 -> 3 2 1.
// values[i] counts when valid[i] != 0 (valid may be null: all valid). out_bin[i] is 0 where
// out_valid[i] == 0. bins must be >= 1 (bins < 1 leaves everything invalid).
// tie_order decides between equal values for the rank methods (kQcutRank, kNtile): it lists the
// rows 0..n-1, each once, and of two tied rows the one listed first gets the lower rank. seg
// passes the rows in customer key order (RowsInKeyOrder in runtime/customer_key.h), so a result
// never depends on the order of rows in a file. Empty: row order. kRfm and kQcut keep ties
// together and ignore it. descending reverses the bin numbers, not the tie order.
// pool (may be null): kRfm and kQcut count, select and assign on its threads; the result is the
// same for any thread count (order_statistics.h says why).
void QuantileBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                  int32_t* out_bin, uint8_t* out_valid, BinCuts* cuts /* may be null */,
                  std::span<const uint32_t> tie_order = {}, ThreadPool* pool = nullptr);
// The same, each bin written as an int64_t: straight into a node's column of ints.
void QuantileBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                  int64_t* out_bin, uint8_t* out_valid, BinCuts* cuts /* may be null */,
                  std::span<const uint32_t> tie_order = {}, ThreadPool* pool = nullptr);

// QuantileBins of ints ranked as the doubles static_cast<double>(values[i]) / unit (unit > 0):
// the same bins and cuts, for kRfm and kQcut, with no column of doubles made: values that span at
// most 16,384 (counts, days: the usual recency and frequency) counted by value, others (money in
// ten-thousandths) selected as ints. False, with nothing written, for the other methods, which
// QuantileBins then ranks. bins < 1 leaves every row missing, as QuantileBins does.
bool QuantileBinsOfInts(const int64_t* values, const uint8_t* valid, size_t n, double unit, int bins, BinMethod method,
                        bool descending, int64_t* out_bin, uint8_t* out_valid, BinCuts* cuts /* may be null */,
                        ThreadPool* pool = nullptr);

// One customer scored against a population, without scoring anyone else (real-time evaluation,
// compiler/driver/population_snapshot.cc). The population has m valid values including this
// customer's x, which sits at 0-based rank `position` (the values before it are smaller, or
// equal and earlier in tie order); value_at(j) is the j-th of them in that order. Gives the bin
// QuantileBins would give the customer over those values, computed by the same code (false
// where it would leave the customer missing: qcut edges that collapse into one).
bool QuantileBinOfOne(const std::function<double(size_t)>& value_at, size_t m, size_t position, double x, int bins,
                      BinMethod method, bool descending, int32_t* bin);

// The percent rank PercentRank gives a value with `below` smaller values and `tied` equal ones
// (itself included) among m valid values.
double PercentRankOfOne(size_t below, size_t tied, size_t m, bool descending);

// SQL percent_rank(): (rank - 1) / (n - 1), rank 1-based with ties sharing the lowest rank,
// n the number of valid values; 0 when n == 1. descending ranks the largest value first.
//   x = {10, 20, 20, 30}: ranks 1 2 2 4 -> 0, 1/3, 1/3, 1; descending: ranks 4 2 2 1 -> 1, 1/3, 1/3, 0.
// The Pareto view of a value: for each customer, the share of the population's total held by
// this customer and every customer with a larger value. Customers tied on a value share one
// figure (their whole group included), so the result does not depend on customer order.
// Example: values 50, 30, 20 (total 100) -> 0.5, 0.8, 1.0; "the top customers making 80% of
// revenue" are those with cumulative share <= 0.8. All missing when the total is not positive.
void CumulativeShare(const double* values, const uint8_t* valid, size_t n, double* out, uint8_t* out_valid);

void PercentRank(const double* values, const uint8_t* valid, size_t n, bool descending, double* out,
                 uint8_t* out_valid);

}  // namespace seg::rt
