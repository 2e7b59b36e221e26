// The functions compiled code calls, exported to the JIT by name. Each wraps the one runtime
// definition of what it does (time zones, the civil calendar), so both engines share it.
#include <algorithm>

#include "compiler/backend/jit/jit_runner.h"
#include "runtime/civil_time.h"

namespace {
seg::jit::JitRunner* RunnerOf(const seg::jit::JitCtx* ctx) { return static_cast<seg::jit::JitRunner*>(ctx->runner); }
}  // namespace

extern "C" {

void seg_jit_fail(const seg::jit::JitCtx* ctx, uint64_t customer, int32_t node, int32_t code) {
  RunnerOf(ctx)->Fail(customer, node, code);
}

int32_t seg_jit_local_day(const seg::jit::JitCtx* ctx, int64_t utc_us) { return RunnerOf(ctx)->zone().LocalDay(utc_us); }

int64_t seg_jit_start_of_day(const seg::jit::JitCtx* ctx, int32_t day) {
  return RunnerOf(ctx)->zone().StartOfLocalDay(day);
}

// year, month, day of month, or weekday (1 = Monday) of a local day.
int64_t seg_jit_civil(int32_t day, int32_t which) {
  if (which == 3) return seg::rt::DayOfWeek(day);
  seg::rt::CivilDate d = seg::rt::CivilFromDays(day);
  return which == 0 ? d.year : which == 1 ? d.month : d.day;
}

uint8_t seg_jit_in_tags(const seg::jit::JitCtx* ctx, int32_t node, int64_t needle_code, uint64_t customer) {
  return RunnerOf(ctx)->InTags(node, needle_code, customer);
}

// Whether x is in a sorted float list, found the way the interpreter finds it.
uint8_t seg_jit_in_float(const double* list, int64_t n, double x) { return std::binary_search(list, list + n, x); }

}  // extern "C"

namespace seg::jit {

const HelperSymbol* HelperSymbols(size_t* count) {
  static const HelperSymbol symbols[] = {
      {"seg_jit_fail", reinterpret_cast<void*>(&seg_jit_fail)},
      {"seg_jit_local_day", reinterpret_cast<void*>(&seg_jit_local_day)},
      {"seg_jit_start_of_day", reinterpret_cast<void*>(&seg_jit_start_of_day)},
      {"seg_jit_civil", reinterpret_cast<void*>(&seg_jit_civil)},
      {"seg_jit_in_tags", reinterpret_cast<void*>(&seg_jit_in_tags)},
      {"seg_jit_in_float", reinterpret_cast<void*>(&seg_jit_in_float)},
  };
  *count = sizeof(symbols) / sizeof(symbols[0]);
  return symbols;
}

}  // namespace seg::jit
