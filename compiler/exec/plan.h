// The run plan, shared by every engine: what is known about each node before the run (its
// physical representation, text domain, window, lookup tables, constant value, whether its full
// column is kept). RunState::Plan (plan.cc) computes it from the IR, the data and the params;
// engines only read it.
#pragma once
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/exec/growing_dictionary.h"
#include "compiler/ir/ir.h"
#include "runtime/dictionary.h"

namespace seg::exec {

// How the int64 codes of a text value map to strings: a column's dictionary, a list of its own
// made by the plan, or (a text that grows during the run, GrowingTexts) one the engines add to.
struct TextDomain {
  const rt::Dictionary* dict = nullptr;
  std::vector<std::string> own;
  std::unique_ptr<GrowingDictionary> growing;
  std::string_view At(int64_t code) const {
    if (dict != nullptr) return dict->Value(static_cast<int32_t>(code));
    if (growing != nullptr) return growing->At(code);
    return own[static_cast<size_t>(code)];
  }
  size_t size() const { return dict != nullptr ? dict->size() : growing != nullptr ? growing->size() : own.size(); }
};

struct NodeInfo {
  bool is_float = false;
  bool is_text = false;
  std::shared_ptr<TextDomain> domain;  // text nodes
  bool persist = false;                // the full column is kept across stages or returned
  bool scalar = false;                 // constant level: one value for every row
  int64_t scalar_i = 0;
  double scalar_f = 0;
  bool scalar_valid = false;
  int32_t day_lo = INT32_MIN, day_hi = INT32_MAX;  // aggregates and `within`: inclusive local days
  std::vector<int64_t> table;                      // text functions and `in`: result per code of the argument's domain
  std::vector<int64_t> remap[2];                   // text `if`/`??`/lower/upper: argument code -> this node's code
  std::vector<int64_t> list_i;                     // `in` with a numeric list: sorted values
  std::vector<double> list_f;
  std::string origin;  // the let, tag, score or rule the node belongs to
};

// The inclusive local days window `w` covers for a run at `as_of`; a `between` window takes its
// bounds' days (`from`, `to`: nullopt where the bound is missing, which selects nothing).
// Aggregates clip to as_of (`clip_to_as_of`); `within` does not. Every engine's windows, and the
// day literals of the SQL backend, come from here.
void WindowDays(const ir::Window& w, int32_t as_of, std::optional<int64_t> from, std::optional<int64_t> to,
                bool clip_to_as_of, int32_t* day_lo, int32_t* day_hi);

// cmp (< 0, 0, > 0) as decided by a comparison operator. Inline: the compare loops call it per row.
inline bool Decide(lang::CompareOp op, int cmp) {
  switch (op) {
    case lang::CompareOp::kEq: return cmp == 0;
    case lang::CompareOp::kNe: return cmp != 0;
    case lang::CompareOp::kLt: return cmp < 0;
    case lang::CompareOp::kLe: return cmp <= 0;
    case lang::CompareOp::kGt: return cmp > 0;
    case lang::CompareOp::kGe: return cmp >= 0;
  }
  return false;
}
// Which text nodes grow during the run, by node id: a concatenation of two texts that both vary
// per customer (or per event), and a text made from one that grows (lower, upper, a concatenation
// with a constant, if, ??; an aggregate or conversion shares its argument's dictionary). Their
// strings are not known before the run, so they have no lookup tables: every engine makes their
// codes row by row (RunState::MakeText) and reads what it tests of them by string
// (RunState::TextPair, RunState::TextEntry). Decided from the IR alone, in one pass (arguments
// come first), so the JIT's code and the interpreter take the same path.
std::vector<bool> GrowingTexts(const ir::Program& p);
// Whether the plan gives node `id` (a text compare, like, contains, starts_with or ends_with) a
// lookup table over its first argument's strings: when the second is a constant or param and the
// first does not grow. Otherwise every engine evaluates it per row with RunState::TextPair.
// `growing` is GrowingTexts(p). Decided from the IR alone.
bool HasTextTable(const ir::Program& p, const std::vector<bool>& growing, ir::NodeId id);
// Text concatenation (`a + b`, concat) that does not grow: the argument whose strings the node
// maps one by one (the other argument is constant-level, so the result has one string per string
// of this argument, remap[0]); 0 when both are constants. Decided from the IR alone, so the JIT's
// code and the interpreter read the same argument.
size_t ConcatSource(const ir::Program& p, ir::NodeId id);
// Text node `n` (compare, like or a text function) on two strings: what a lookup-table entry
// and a per-row test both compute.
bool TextTest(const ir::Node& n, std::string_view x, std::string_view y);

}  // namespace seg::exec
