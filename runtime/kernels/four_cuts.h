// A population's bins by four cuts (a quintile's: rfm and qcut with 5 bins), eight rows at a
// time with AVX-512 where the processor runs it. GCC does not vectorize the scalar loop
// (population.cc's CountCutsOf: doubles in, 64-bit bins and validity bytes out), which took 4%
// of a run of bench/peers/job.seg from a snapshot (three quintiles over 1M customers).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace seg::rt::population_detail {

// Whether FourCutsWide runs here (AVX-512F, and the kernel saves its registers).
bool FourCutsWideRuns();

// Rows [begin, end): a row with a value (valid null or valid[i] != 0, and not NaN) gets
// bin = first + step * #{k : cuts[k] < x} (strict) or #{k : cuts[k] <= x}, valid 1; any other
// row bin 0, valid 0. A NaN cut counts for no row (the padding of fewer cuts). Exactly what
// CountCutsOf<4, ...> writes; only where FourCutsWideRuns().
void FourCutsWide(const double* values, const uint8_t* valid, size_t begin, size_t end,
                  const std::array<double, 4>& cuts, bool strict, int64_t first, int64_t step, int64_t* out_bin,
                  uint8_t* out_valid);

}  // namespace seg::rt::population_detail
