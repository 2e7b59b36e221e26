// Timing for the bench programs: the best wall or CPU time of a few runs.
#pragma once
#include <time.h>

#include <algorithm>
#include <chrono>

namespace seg::bench {

using Clock = std::chrono::steady_clock;
inline double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

template <typename F> double BestMs(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, MsSince(t0));
  }
  return best;
}

// The calling thread's CPU time: on a machine shared with other work a run's wall time is
// mostly its wait for a core, which the CPU time leaves out. Only for single-threaded runs
// (driver::Execute at 1 thread runs its morsels on the calling thread).
inline double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

template <typename F> double BestCpuMs(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    double t0 = ThreadCpuMs();
    f();
    best = std::min(best, ThreadCpuMs() - t0);
  }
  return best;
}

}  // namespace seg::bench
