// The yardstick: the hand-written 20-rule loop (bench/hand_classify.cc) over the generated
// population, on one or more threads.
#pragma once
#include <cstddef>
#include <cstdint>

#include "bench/classify_data.h"

namespace seg::bench {

void HandClassify(const Metrics& x, size_t begin, size_t end, int32_t* out);

// The loop alone, on `threads` threads, into a bucket array allocated (and its pages touched)
// before the clock starts: the strictest yardstick. seg's figure is the whole driver::Execute,
// which also allocates its columns and assembles the result.
void HandRun(const Metrics& x, size_t threads, int32_t* out);

}  // namespace seg::bench
