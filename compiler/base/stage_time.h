// How long one stage of compiling or running took, on the clock and in CPU time: `--verbose`
// prints both, and bench/compile_time.sh compares stages by CPU time, which another process on a
// busy machine does not stretch the way it stretches the wall clock.
#pragma once
#include <time.h>

#include <chrono>

namespace seg {

struct StageTime {
  double wall_ms = 0;
  double cpu_ms = 0;  // every thread of the process: a stage that runs on two threads counts both
};

// Started on construction; Lap() returns the time since the start or the previous lap.
class StageClock {
 public:
  StageClock() : wall_(std::chrono::steady_clock::now()), cpu_(ProcessCpuMs()) {}

  StageTime Lap() {
    auto wall = std::chrono::steady_clock::now();
    double cpu = ProcessCpuMs();
    StageTime t{std::chrono::duration<double, std::milli>(wall - wall_).count(), cpu - cpu_};
    wall_ = wall;
    cpu_ = cpu;
    return t;
  }

 private:
  static double ProcessCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  }

  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

}  // namespace seg
