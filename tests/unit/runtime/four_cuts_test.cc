// The vectorised bins by four cuts (runtime/kernels/four_cuts.cc) give exactly the scalar
// definition's bins and validity: ties on a cut (strict and not), NaN values and cuts, -0.0
// against a 0 cut, missing rows, descending numbering, and ranges that start and end off an
// eight-row boundary.
#include "runtime/kernels/four_cuts.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace seg::rt::population_detail {
namespace {

TEST(FourCutsWide, SameAsTheDefinition) {
  if (!FourCutsWideRuns()) GTEST_SKIP() << "no AVX-512 here";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::mt19937_64 random(7);
  const std::vector<std::array<double, 4>> cut_sets = {
      {1, 2, 3, 4}, {0, 0, 5, 5}, {-1, 0, 2.5, nan}, {3, nan, nan, nan}, {nan, nan, nan, nan}};
  const std::vector<double> pool = {0.0,
                                    -0.0,
                                    1,
                                    2,
                                    2.5,
                                    3,
                                    4,
                                    5,
                                    -1,
                                    -3,
                                    7.25,
                                    nan,
                                    std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity()};
  size_t n = 1000;
  std::vector<double> values(n);
  std::vector<uint8_t> valid(n);
  for (size_t i = 0; i < n; ++i) {
    values[i] = pool[random() % pool.size()];
    valid[i] = random() % 5 != 0 ? static_cast<uint8_t>(1 + random() % 3) : 0;  // any nonzero byte is valid
  }
  for (const auto& cuts : cut_sets) {
    for (bool strict : {false, true}) {
      for (auto [first, step] : {std::pair<int64_t, int64_t>{1, 1}, {5, -1}}) {
        for (bool all_valid : {false, true}) {
          for (auto [begin, end] : {std::pair<size_t, size_t>{0, n}, {3, 997}, {8, 15}, {5, 6}}) {
            std::vector<int64_t> bins(n, 99);
            std::vector<uint8_t> out_valid(n, 99);
            const uint8_t* validity = all_valid ? nullptr : valid.data();
            FourCutsWide(values.data(), validity, begin, end, cuts, strict, first, step, bins.data(), out_valid.data());
            for (size_t i = 0; i < n; ++i) {
              if (i < begin || i >= end) {
                ASSERT_EQ(bins[i], 99) << i;  // rows outside the range are left alone
                ASSERT_EQ(out_valid[i], 99) << i;
                continue;
              }
              double x = values[i];
              bool present = !std::isnan(x) && (validity == nullptr || validity[i] != 0);
              int64_t count = 0;
              for (double cut : cuts) count += strict ? (cut < x) : (cut <= x);
              ASSERT_EQ(out_valid[i], present ? 1 : 0) << i << " " << x;
              ASSERT_EQ(bins[i], present ? first + step * count : 0) << i << " " << x << " strict " << strict;
            }
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace seg::rt::population_detail
