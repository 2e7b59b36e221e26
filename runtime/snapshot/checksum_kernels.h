// The vector kernels behind Checksum (format.h), for tests that hold each one the processor runs
// to the reference XXH3-64.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seg::rt::snapshot {

struct ChecksumKernel {
  const char* name;
  bool runs;  // this processor (and its kernel) can run it
  uint64_t (*hash)(const void* data, size_t size);
};
// Every kernel of this build, the baseline first; Checksum uses the widest that runs.
std::vector<ChecksumKernel> ChecksumKernels();

}  // namespace seg::rt::snapshot
