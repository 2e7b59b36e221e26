// The snapshot checksum's vector kernels (runtime/snapshot/checksum.cc) give XXH3-64 exactly as
// the xxHash library does, for every length class XXH3 treats apart (short, mid-size, the long
// loop with and without a partial block and stripe) and at unaligned starts, so a file written by
// one processor is read by another.
#include "runtime/snapshot/checksum_kernels.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <string>

#include "runtime/snapshot/format.h"

namespace seg::rt::snapshot {
namespace {

TEST(SnapshotChecksumKernels, EachRunnableKernelIsXxh3) {
  std::string bytes((size_t{1} << 20) + 200, '\0');
  uint64_t state = 0x9E3779B97F4A7C15;
  for (char& c : bytes) {
    state = state * 6364136223846793005 + 1442695040888963407;
    c = static_cast<char>(state >> 56);
  }
  std::vector<ChecksumKernel> kernels = ChecksumKernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ(kernels[0].name, "baseline");
  size_t ran = 0;
  for (const ChecksumKernel& kernel : kernels) {
    if (!kernel.runs) continue;
    ++ran;
    for (size_t size :
         {0, 1, 16, 17, 128, 129, 240, 241, 1024, 1025, 4096, 65535, 65536, 65536 + 7, 1 << 20, (1 << 20) + 129}) {
      for (size_t start : {0, 1, 3, 8, 63}) {
        const char* data = bytes.data() + start;
        EXPECT_EQ(kernel.hash(data, size), XXH3_64bits(data, size)) << kernel.name << " " << size << "+" << start;
      }
    }
  }
  EXPECT_GE(ran, 1u);
  EXPECT_EQ(Checksum(bytes.data() + 5, 100000), XXH3_64bits(bytes.data() + 5, 100000));
}

// Any one flipped bit in a piece changes every kernel's checksum of it.
TEST(SnapshotChecksumKernels, AFlippedBitChangesTheChecksum) {
  std::string bytes(kPieceBytes, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 131 + 17);
  for (const ChecksumKernel& kernel : ChecksumKernels()) {
    if (!kernel.runs) continue;
    uint64_t intact = kernel.hash(bytes.data(), bytes.size());
    for (size_t at : {size_t{0}, size_t{63}, size_t{64}, size_t{1000}, bytes.size() - 65, bytes.size() - 1}) {
      for (int bit : {0, 7}) {
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit));
        EXPECT_NE(kernel.hash(bytes.data(), bytes.size()), intact) << kernel.name << " " << at << " " << bit;
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit));
      }
    }
  }
}

}  // namespace
}  // namespace seg::rt::snapshot
