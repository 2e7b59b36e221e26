// The helpers compiled code calls besides the function registry's kernels (those are mapped by
// jit_engine.cc straight from runtime/kernels/functions.h), exported to the JIT by name. Each
// wraps the one runtime or engine definition of what it does, so both engines share it.
#include <algorithm>
#include <vector>

#include "compiler/backend/jit/jit_runner.h"
#include "compiler/backend/jit/sequence_symbols.h"
#include "compiler/lang/functions.h"
#include "runtime/kernels/event_stats.h"
#include "runtime/kernels/streaks.h"

namespace {
seg::jit::JitRunner* RunnerOf(const seg::jit::JitCtx* ctx) { return static_cast<seg::jit::JitRunner*>(ctx->runner); }

// count_distinct's values for the customer being evaluated, one list per aggregate of a fused
// event loop (slot = its place in the group). Per thread: morsels run concurrently.
std::vector<int64_t>& DistinctSlot(int32_t slot) {
  thread_local std::vector<std::vector<int64_t>> slots;
  if (static_cast<size_t>(slot) >= slots.size()) slots.resize(static_cast<size_t>(slot) + 1);
  return slots[static_cast<size_t>(slot)];
}
// median, percentile and stddev: the customer's values as numbers, one list per aggregate.
std::vector<double>& SampleSlot(int32_t slot) {
  thread_local std::vector<std::vector<double>> slots;
  if (static_cast<size_t>(slot) >= slots.size()) slots.resize(static_cast<size_t>(slot) + 1);
  return slots[static_cast<size_t>(slot)];
}

// The statistic of a slot, by the same kernel the interpreter calls.
double SampleStat(int32_t slot, int32_t func, double fraction, uint8_t* status) {
  std::vector<double>& v = SampleSlot(slot);
  return static_cast<seg::lang::AggFunc>(func) == seg::lang::AggFunc::kStdDev
             ? seg::rt::stats::SampleStdDev(v, status)
             : seg::rt::stats::Percentile(v, fraction, status);
}
}  // namespace

extern "C" {

void seg_jit_fail(const seg::jit::JitCtx* ctx, uint64_t customer, int32_t node, int32_t code) {
  RunnerOf(ctx)->Fail(customer, node, code);
}

int32_t seg_jit_local_day(const seg::jit::JitCtx* ctx, int64_t utc_us) {
  return RunnerOf(ctx)->zone().LocalDay(utc_us);
}

int64_t seg_jit_start_of_day(const seg::jit::JitCtx* ctx, int32_t day) {
  return RunnerOf(ctx)->zone().StartOfLocalDay(day);
}

// The run's time zone, as the calendar kernels take it (a const rt::TimeZone* in an int64).
int64_t seg_jit_zone(const seg::jit::JitCtx* ctx) { return reinterpret_cast<int64_t>(&RunnerOf(ctx)->zone()); }

uint8_t seg_jit_in_tags(const seg::jit::JitCtx* ctx, int32_t node, int64_t needle_code, uint64_t customer) {
  return RunnerOf(ctx)->InTags(node, needle_code, customer);
}

// Streaks by week and month: the period of a day, and the current streak, as the interpreter computes them.
int32_t seg_rt_period_index(int32_t unit, int32_t day) {
  return seg::rt::PeriodIndex(static_cast<seg::rt::PeriodUnit>(unit), day);
}
int32_t seg_rt_current_streak(int32_t unit, int32_t last_period, int32_t run, int32_t end_day) {
  return seg::rt::stats::CurrentStreak(static_cast<seg::rt::PeriodUnit>(unit), last_period, run, end_day);
}

// Whether x is in a sorted float list, found the way the interpreter finds it.
uint8_t seg_jit_in_float(const double* list, int64_t n, double x) { return std::binary_search(list, list + n, x); }

// count_distinct: collect the customer's values, then count them as the interpreter does.
void seg_rt_distinct_reset(int32_t slot) { DistinctSlot(slot).clear(); }
void seg_rt_distinct_add(int32_t slot, int64_t v) { DistinctSlot(slot).push_back(v); }
// A float value is truncated here, by the same conversion the interpreter applies.
void seg_rt_distinct_add_float(int32_t slot, double v) { DistinctSlot(slot).push_back(static_cast<int64_t>(v)); }
int64_t seg_rt_distinct_count(int32_t slot) {
  std::vector<int64_t>& d = DistinctSlot(slot);
  std::sort(d.begin(), d.end());
  return std::unique(d.begin(), d.end()) - d.begin();
}

void seg_rt_sample_reset(int32_t slot) { SampleSlot(slot).clear(); }
void seg_rt_sample_add(int32_t slot, double v) { SampleSlot(slot).push_back(v); }
// Whether the statistic is missing: no values (median, percentile) or fewer than two (stddev).
uint8_t seg_rt_sample_missing(int32_t slot, int32_t func) {
  size_t n = SampleSlot(slot).size();
  return static_cast<seg::lang::AggFunc>(func) == seg::lang::AggFunc::kStdDev ? n < 2 : n == 0;
}
// The statistic (0 when missing: the caller selects it away).
double seg_rt_sample_stat(int32_t slot, int32_t func, double fraction) {
  uint8_t status = 0;
  double d = SampleStat(slot, func, fraction, &status);
  return status == 0 ? d : 0;
}

// mode: the most frequent collected value, ties to the smallest (text by its strings: node is the
// value node whose domain holds them, -1 for numbers).
int64_t seg_rt_distinct_size(int32_t slot) { return static_cast<int64_t>(DistinctSlot(slot).size()); }
int64_t seg_rt_mode(const seg::jit::JitCtx* ctx, int32_t node, int32_t slot) {
  uint8_t status = 0;
  auto less = [&](int64_t a, int64_t b) { return node >= 0 ? RunnerOf(ctx)->CompareText(node, a, b) < 0 : a < b; };
  int64_t v = seg::rt::stats::Mode(DistinctSlot(slot), less, &status);
  return status == 0 ? v : 0;
}

// min/max of text: whether `code` replaces `best`, comparing the strings of node `node`'s domain.
// `take` says the row is in the window, passes the filter and has a value; the codes are only
// looked up when both are real.
uint8_t seg_rt_text_better(const seg::jit::JitCtx* ctx, int32_t node, uint8_t take, int64_t code, uint8_t best_valid,
                           int64_t best, uint8_t is_min) {
  if (!take) return 0;
  if (!best_valid) return 1;
  int cmp = RunnerOf(ctx)->CompareText(node, code, best);
  return is_min ? cmp < 0 : cmp > 0;
}

// compare, like, contains, starts_with, ends_with of two computed texts; false unless both have a value.
uint8_t seg_rt_text_pair(const seg::jit::JitCtx* ctx, int32_t node, uint8_t both, int64_t a, int64_t b) {
  return both != 0 && RunnerOf(ctx)->TextPair(node, a, b);
}

// A text that grows during the run: the row's code (RunState::MakeText), 0 for a missing row,
// -1 for a joined text too long (compiled code then fails the row).
int64_t seg_rt_text_make(const seg::jit::JitCtx* ctx, int32_t node, uint8_t valid, int64_t x, int64_t y) {
  return valid != 0 ? RunnerOf(ctx)->MakeText(node, x, y) : 0;
}

// length or `in` a text list of a growing text: the lookup-table entry for its code (RunState::TextEntry).
int64_t seg_rt_text_entry(const seg::jit::JitCtx* ctx, int32_t node, int64_t code) {
  return RunnerOf(ctx)->TextEntry(node, code);
}

// Whether rows [begin, end) of a validity bitmap are all valid: the fast event loops' condition,
// per customer, where a column they read has missing values elsewhere (codegen_event_ranges.cc).
uint8_t seg_jit_rows_valid(const uint64_t* bits, uint64_t begin, uint64_t end) {
  if (begin >= end) return 1;
  uint64_t first = begin >> 6, last = (end - 1) >> 6;
  uint64_t from_begin = ~uint64_t{0} << (begin & 63);
  uint64_t to_end = ~uint64_t{0} >> (63 - ((end - 1) & 63));
  if (first == last) return (bits[first] & from_begin & to_end) == (from_begin & to_end);
  if ((bits[first] & from_begin) != from_begin) return 0;
  for (uint64_t w = first + 1; w < last; ++w)
    if (bits[w] != ~uint64_t{0}) return 0;
  return (bits[last] & to_end) == to_end;
}

}  // extern "C"

namespace seg::jit {

const HelperSymbol* HelperSymbols(size_t* count) {
  static const HelperSymbol symbols[] = {
      {"seg_jit_fail", reinterpret_cast<void*>(&seg_jit_fail)},
      {"seg_jit_local_day", reinterpret_cast<void*>(&seg_jit_local_day)},
      {"seg_jit_start_of_day", reinterpret_cast<void*>(&seg_jit_start_of_day)},
      {"seg_jit_in_tags", reinterpret_cast<void*>(&seg_jit_in_tags)},
      {"seg_jit_rows_valid", reinterpret_cast<void*>(&seg_jit_rows_valid)},
      {"seg_jit_zone", reinterpret_cast<void*>(&seg_jit_zone)},
      {"seg_rt_period_index", reinterpret_cast<void*>(&seg_rt_period_index)},
      {"seg_rt_current_streak", reinterpret_cast<void*>(&seg_rt_current_streak)},
      {"seg_jit_in_float", reinterpret_cast<void*>(&seg_jit_in_float)},
      {"seg_rt_distinct_reset", reinterpret_cast<void*>(&seg_rt_distinct_reset)},
      {"seg_rt_distinct_add", reinterpret_cast<void*>(&seg_rt_distinct_add)},
      {"seg_rt_distinct_add_float", reinterpret_cast<void*>(&seg_rt_distinct_add_float)},
      {"seg_rt_distinct_count", reinterpret_cast<void*>(&seg_rt_distinct_count)},
      {"seg_rt_sample_reset", reinterpret_cast<void*>(&seg_rt_sample_reset)},
      {"seg_rt_sample_add", reinterpret_cast<void*>(&seg_rt_sample_add)},
      {"seg_rt_sample_missing", reinterpret_cast<void*>(&seg_rt_sample_missing)},
      {"seg_rt_sample_stat", reinterpret_cast<void*>(&seg_rt_sample_stat)},
      {"seg_rt_distinct_size", reinterpret_cast<void*>(&seg_rt_distinct_size)},
      {"seg_rt_mode", reinterpret_cast<void*>(&seg_rt_mode)},
      {"seg_rt_text_better", reinterpret_cast<void*>(&seg_rt_text_better)},
      {"seg_rt_text_pair", reinterpret_cast<void*>(&seg_rt_text_pair)},
      {"seg_rt_text_make", reinterpret_cast<void*>(&seg_rt_text_make)},
      {"seg_rt_text_entry", reinterpret_cast<void*>(&seg_rt_text_entry)},
      {"seg_rt_sequence_reset", reinterpret_cast<void*>(&seg_rt_sequence_reset)},
      {"seg_rt_sequence_add", reinterpret_cast<void*>(&seg_rt_sequence_add)},
      {"seg_rt_sequence", reinterpret_cast<void*>(&seg_rt_sequence)},
  };
  *count = sizeof(symbols) / sizeof(symbols[0]);
  return symbols;
}

}  // namespace seg::jit
