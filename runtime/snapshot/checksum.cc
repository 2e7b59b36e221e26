// The snapshot format's checksum, XXH3-64, with the widest vector code the processor runs.
// Debian's libxxhash is built for the x86-64 baseline (SSE2); a run's checks hash every byte it
// reads (430 MB for bench/peers/job.seg at 1M customers), and on this project's machines
// AVX-512 hashes 64 KiB pieces of a mapped file 1.3 to 1.4 times as fast and AVX2 1.25 times
// (docs/SNAPSHOT.md, Speed). XXH3 gives the same value whatever the vector width (its
// specification), so files written by one build are read by any.
//
// xxHash's own inline code is compiled here with the vector kernels it offers for runtime
// dispatch (XXH_DISPATCH_*), each under its target attribute, and the choice is made once.
#define XXH_INLINE_ALL
#if defined(__x86_64__)
#define XXH_X86DISPATCH 1  // accumulators and secret aligned for the widest kernel
#define XXH_DISPATCH_AVX2 1
#define XXH_DISPATCH_AVX512 1
#define XXH_TARGET_AVX2 __attribute__((target("avx2")))
#define XXH_TARGET_AVX512 __attribute__((target("avx512f")))
#include <immintrin.h>  // xxhash.h includes it only for the vector width it is built for
#endif
#include <xxhash.h>

#include "runtime/snapshot/checksum_kernels.h"
#include "runtime/snapshot/format.h"

namespace seg::rt::snapshot {

namespace {

using HashFunction = uint64_t (*)(const void*, size_t);

uint64_t Baseline(const void* data, size_t size) { return XXH3_64bits(data, size); }

#if defined(__x86_64__)
// Inputs longer than XXH3_MIDSIZE_MAX take the long loop, whose kernels are passed in; shorter
// ones have no vector code.
__attribute__((target("avx2"))) uint64_t Avx2(const void* data, size_t size) {
  if (size <= XXH3_MIDSIZE_MAX) return XXH3_64bits(data, size);
  return XXH3_hashLong_64b_internal(data, size, XXH3_kSecret, sizeof(XXH3_kSecret), XXH3_accumulate_512_avx2,
                                    XXH3_scrambleAcc_avx2);
}

__attribute__((target("avx512f"))) uint64_t Avx512(const void* data, size_t size) {
  if (size <= XXH3_MIDSIZE_MAX) return XXH3_64bits(data, size);
  return XXH3_hashLong_64b_internal(data, size, XXH3_kSecret, sizeof(XXH3_kSecret), XXH3_accumulate_512_avx512,
                                    XXH3_scrambleAcc_avx512);
}
#endif

HashFunction Widest() {
#if defined(__x86_64__)
  // __builtin_cpu_supports also asks the kernel (XGETBV) whether it saves the registers.
  if (__builtin_cpu_supports("avx512f")) return Avx512;
  if (__builtin_cpu_supports("avx2")) return Avx2;
#endif
  return Baseline;
}

}  // namespace

uint64_t Checksum(const void* data, size_t size) {
  static const HashFunction hash = Widest();
  return hash(data, size);
}

std::vector<ChecksumKernel> ChecksumKernels() {
  std::vector<ChecksumKernel> kernels = {{"baseline", true, Baseline}};
#if defined(__x86_64__)
  kernels.push_back({"avx2", __builtin_cpu_supports("avx2") != 0, Avx2});
  kernels.push_back({"avx512", __builtin_cpu_supports("avx512f") != 0, Avx512});
#endif
  return kernels;
}

}  // namespace seg::rt::snapshot
