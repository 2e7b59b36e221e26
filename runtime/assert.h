// SEG_ASSERT(condition, "why"): an invariant of seg's own code, which no input (rule file, data,
// API call) may break. When it does not hold, seg has a bug: the process prints where and why and
// aborts rather than go on computing wrong results. Checked in every build type, so keep it out of
// per-row loops; failures that input can cause are a Status (runtime/status.h), not an assert.
#pragma once
#include <cstdio>
#include <cstdlib>

namespace seg::rt {

[[noreturn]] inline void AssertFailed(const char* condition, const char* why, const char* file, int line) {
  std::fprintf(stderr, "seg: internal error at %s:%d: %s (%s does not hold)\n", file, line, why, condition);
  std::abort();
}

}  // namespace seg::rt

#define SEG_ASSERT(condition, why) \
  ((condition) ? static_cast<void>(0) : ::seg::rt::AssertFailed(#condition, why, __FILE__, __LINE__))
