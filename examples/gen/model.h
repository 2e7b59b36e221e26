// The synthetic CRM population: per-customer behaviour types and the rows they produce.
#pragma once

#include <cstdint>
#include <vector>

#include "format.h"

namespace seggen {

struct Config {
  std::uint64_t customers = 1000;
  double orders_per_customer = 20;
  double visits_per_customer = 10;
  std::uint64_t seed = 42;
  std::int32_t as_of = 0;  // days since 1970-01-01
  Fmt fmt = Fmt::Csv;
};

// Counter-based RNG: splitmix64 over a state derived from (seed, customer index, stream), so every
// customer's data depends on nothing but those three values.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t index, std::uint64_t stream)
      : s_(mix(mix(seed ^ 0x2545F4914F6CDD1DULL) ^ (index * 4 + stream + 0x632BE59BD9B4E019ULL))) {}
  std::uint64_t next() {
    s_ += 0x9E3779B97F4A7C15ULL;
    return mix(s_);
  }
  double uni() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint32_t below(std::uint32_t n) {                                  // [0, n)
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
  std::int32_t range(std::int32_t lo, std::int32_t hi) {  // [lo, hi], lo <= hi
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo) + 1));
  }
  bool chance(double p) { return uni() < p; }
  double normal();  // standard normal (Box-Muller; per customer, not per row)
  // Cheap approximate normal for per-row use: a bucket 0..kNormalBuckets-1, mapped by bucket_normal().
  static constexpr std::uint32_t kNormalBuckets = 4 * 65536 / 64;
  std::uint32_t approx_normal_bucket();
  static double bucket_normal(std::uint32_t bucket);

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_;
};

enum class Kind : std::uint8_t { Loyal, Regular, OneTime, Churned, New, Hunter, Window, Inactive };
inline constexpr int kKinds = 8;

// What a customer is, decided before any row is written (also used to count orders up front, so that
// order ids can be assigned per chunk before the chunks are generated in parallel).
struct Profile {
  Kind kind;
  std::int32_t signup;  // day
  std::uint32_t orders;
  std::uint32_t visits;
};

struct Counts {
  std::uint64_t customers = 0, orders = 0, visits = 0;
};

// Per-thread scratch space, reused across customers.
struct Scratch {
  std::vector<std::int64_t> ts;
  std::vector<std::uint64_t> keys;
};

class Model {
 public:
  explicit Model(const Config& cfg);
  const Config& config() const { return cfg_; }

  Profile profile(std::uint64_t index) const;
  // Appends the rows of customers [begin, end) to the three buffers; order ids start at first_order.
  Counts generate(std::uint64_t begin, std::uint64_t end, std::uint64_t first_order, Buf& customers, Buf& orders,
                  Buf& visits, Scratch& scratch) const;
  // Header lines (empty for JSON lines).
  static const char* header_customers(Fmt f);
  static const char* header_orders(Fmt f);
  static const char* header_visits(Fmt f);

 private:
  template <Fmt F>
  Counts generate_fmt(std::uint64_t begin, std::uint64_t end, std::uint64_t first_order, Buf& customers, Buf& orders,
                      Buf& visits, Scratch& scratch) const;

  Config cfg_;
  int id_width_ = 1;
  double order_scale_ = 0;  // mean orders of a "Regular" customer
  double visit_scale_ = 0;  // mean base visits of a "Regular" customer
  bool streaks_ = true;
  std::vector<double> price_factor_;  // exp(0.55 z) per approx_normal_bucket()
  DateTable dates_;
};

}  // namespace seggen
