#include "runtime/kernels/four_cuts.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace seg::rt::population_detail {

namespace {

// One row, as the vector loop computes eight.
void OneRow(const double* values, const uint8_t* valid, size_t i, const std::array<double, 4>& cuts, bool strict,
            int64_t first, int64_t step, int64_t* out_bin, uint8_t* out_valid) {
  double x = values[i];
  int64_t count = 0;
  for (double cut : cuts) count += strict ? (cut < x) : (cut <= x);
  bool present = x == x && (valid == nullptr || valid[i] != 0);
  out_bin[i] = present ? first + step * count : 0;
  out_valid[i] = present ? 1 : 0;
}

#if defined(__x86_64__)
template <bool kStrict, bool kAllValid>
__attribute__((target("avx512f"))) void Rows(const double* values, const uint8_t* valid, size_t begin, size_t end,
                                             const std::array<double, 4>& cuts, int64_t first, int64_t step,
                                             int64_t* out_bin, uint8_t* out_valid) {
  // Ordered, quiet comparisons: false when either side is NaN, as C++'s < and <= are.
  constexpr int kLess = kStrict ? _CMP_LT_OQ : _CMP_LE_OQ;
  const __m512d c0 = _mm512_set1_pd(cuts[0]), c1 = _mm512_set1_pd(cuts[1]), c2 = _mm512_set1_pd(cuts[2]),
                c3 = _mm512_set1_pd(cuts[3]);
  const __m512i firsts = _mm512_set1_epi64(first), steps = _mm512_set1_epi64(step), ones = _mm512_set1_epi64(1);
  size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    __m512d x = _mm512_loadu_pd(values + i);
    __m512i bin = firsts;
    bin = _mm512_mask_add_epi64(bin, _mm512_cmp_pd_mask(c0, x, kLess), bin, steps);
    bin = _mm512_mask_add_epi64(bin, _mm512_cmp_pd_mask(c1, x, kLess), bin, steps);
    bin = _mm512_mask_add_epi64(bin, _mm512_cmp_pd_mask(c2, x, kLess), bin, steps);
    bin = _mm512_mask_add_epi64(bin, _mm512_cmp_pd_mask(c3, x, kLess), bin, steps);
    __mmask8 present = _mm512_cmp_pd_mask(x, x, _CMP_ORD_Q);
    if constexpr (!kAllValid) {
      __m512i bytes = _mm512_maskz_cvtepu8_epi64(0xFF, _mm_loadl_epi64(reinterpret_cast<const __m128i*>(valid + i)));
      present &= _mm512_test_epi64_mask(bytes, bytes);
    }
    // (The masked forms of the conversions: GCC 12's unmasked ones start from an "undefined"
    // register that -Wmaybe-uninitialized reports.)
    _mm512_storeu_si512(out_bin + i, _mm512_maskz_mov_epi64(present, bin));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out_valid + i), _mm512_maskz_cvtepi64_epi8(present, ones));
  }
  for (; i < end; ++i) OneRow(values, valid, i, cuts, kStrict, first, step, out_bin, out_valid);
}
#else
template <bool kStrict, bool kAllValid>
void Rows(const double* values, const uint8_t* valid, size_t begin, size_t end, const std::array<double, 4>& cuts,
          int64_t first, int64_t step, int64_t* out_bin, uint8_t* out_valid) {
  for (size_t i = begin; i < end; ++i) OneRow(values, valid, i, cuts, kStrict, first, step, out_bin, out_valid);
}
#endif

}  // namespace

bool FourCutsWideRuns() {
#if defined(__x86_64__)
  static const bool runs = __builtin_cpu_supports("avx512f") != 0;
  return runs;
#else
  return false;
#endif
}

void FourCutsWide(const double* values, const uint8_t* valid, size_t begin, size_t end,
                  const std::array<double, 4>& cuts, bool strict, int64_t first, int64_t step, int64_t* out_bin,
                  uint8_t* out_valid) {
  if (strict) {
    valid == nullptr ? Rows<true, true>(values, valid, begin, end, cuts, first, step, out_bin, out_valid)
                     : Rows<true, false>(values, valid, begin, end, cuts, first, step, out_bin, out_valid);
  } else {
    valid == nullptr ? Rows<false, true>(values, valid, begin, end, cuts, first, step, out_bin, out_valid)
                     : Rows<false, false>(values, valid, begin, end, cuts, first, step, out_bin, out_valid);
  }
}

}  // namespace seg::rt::population_detail
