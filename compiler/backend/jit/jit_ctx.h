// What compiled stage functions read at run time. Generated code depends only on the IR; every
// value that depends on the data, params or as_of (text lookup tables, day ranges, constant-level
// values, column buffers) is reached through this context, so compiled code can be cached by the
// IR's hash and reused with other data. Every field is 8 bytes: codegen addresses field k at
// offset 8*k (checked below), so the layout is one plain array of words.
#pragma once
#include <cstddef>
#include <cstdint>

namespace seg::jit {

struct JitCtx {
  // Indexed by node id.
  const int64_t* scalar_i;  // constant-level values
  const double* scalar_f;
  const uint8_t* scalar_v;
  const int32_t* day_lo;  // aggregates and `within`: inclusive local days
  const int32_t* day_hi;
  const int64_t* const* table;   // text lookup tables (compare, in, like, length, ...)
  const int64_t* const* remap0;  // text code remaps (if, ??, lower, upper)
  const int64_t* const* remap1;
  const double* const* list_f;  // float `in` lists, sorted
  const int64_t* list_n;
  const void* const* column;            // column and event_column nodes: value buffers
  const uint64_t* const* column_valid;  // their validity bitmaps
  int64_t* const* full_i;               // persisted nodes: one value per customer (bool: words of bits)
  double* const* full_f;
  uint8_t* const* full_v;  // (bool: words of validity bits)
  // Indexed by input.
  const uint32_t* const* offsets;  // customer c's events: [offsets[c], offsets[c+1])
  const int32_t* const* local_day;
  const int64_t* const* instant;
  int64_t as_of;               // local day
  void* runner;                // the JitRunner, for the helpers (errors, time zone)
  int32_t* const* bucket_out;  // by node: a classification's result bucket array
  // The fast event loops' conditions (codegen_event_ranges.cc): by node, 1 where an event
  // column has no missing value; by input, 1 where every customer's local days never decrease.
  const uint8_t* column_full;
  const uint8_t* days_sorted;
  // The run's zone where it is UTC or a fixed offset (zone_fixed 1): compiled code finds a local
  // day inline instead of calling the zone's rules (Emitter::LocalDay).
  int64_t zone_fixed;
  int64_t zone_offset_us;
};

enum CtxField : int {
  kScalarI,
  kScalarF,
  kScalarV,
  kDayLo,
  kDayHi,
  kTable,
  kRemap0,
  kRemap1,
  kListF,
  kListN,
  kColumn,
  kColumnValid,
  kFullI,
  kFullF,
  kFullV,
  kOffsets,
  kLocalDay,
  kInstant,
  kAsOf,
  kRunner,
  kBucketOut,
  kColumnFull,
  kDaysSorted,
  kZoneFixed,
  kZoneOffsetUs,
  kCtxFields
};
static_assert(offsetof(JitCtx, runner) == 8 * kRunner && sizeof(JitCtx) == 8 * kCtxFields);

// Why compiled code failed a row; the helper turns it into the interpreter's exact message.
// kFailCall: a registry kernel reported overflow; its message is the kernel's.
// kFailTextTooLong: a joined text past exec::kMaxJoinedText.
enum FailCode : int32_t { kFailResult, kFailNegate, kFailMoney, kFailTotal, kFailCall, kFailTextTooLong };

// The helpers compiled code calls (runtime_symbols.cc), by name, with their addresses.
struct HelperSymbol {
  const char* name;
  void* address;
};
const HelperSymbol* HelperSymbols(size_t* count);

}  // namespace seg::jit
