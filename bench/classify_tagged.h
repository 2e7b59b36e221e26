// The realistic program (ProgramTagged) in bench/classify_bench: seg with both engines against
// the hand-written branch-free and branchy loops (bench/hand_tagged.cc).
#pragma once
#include <cstddef>

#include "bench/classify_data.h"

namespace seg::bench {

struct TaggedFigures {
  double branch_free[3], branchy[3], interp[3], jit[3];      // wall ms by thread count
  double cpu_branch_free, cpu_branchy, cpu_interp, cpu_jit;  // CPU ms at 1 thread
  long faults_interp, faults_jit;                            // page faults of one run at 1 thread
  size_t mismatches = 0;
};

// Buckets and tags checked against the branch-free loop's. Prints its own table; returns the
// figures for --kv.
TaggedFigures RunTagged(const Metrics& x, int reps);

}  // namespace seg::bench
