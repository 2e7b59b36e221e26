// The fast event loops of codegen. A customer's events are in time order, so the events inside a
// window are one range of them: it is found once per customer (a look at its ends, a binary
// search where it is cut), and each window gets a loop over exactly its events, updating the
// aggregates of that window with no per-event day test and no `stopped` flag carried from event
// to event (which kept LLVM from vectorising the general loop). A count without a filter is the
// range's length, with no loop at all. An int sum adds without checking and ORs the magnitudes
// it adds; where that bound cannot rule out an overflow of some partial sum, the
// customer is computed again by the general loop, which fails it as the interpreter does.
//
// The fast loops run for a customer where FastLoopsHold says so: every event column they read
// has a value on each of the customer's events (they take each value as valid; a column without
// any missing value is not looked at), and every customer's local days never decrease (in UTC and fixed-offset zones
// always: the events are sorted by time; elsewhere a clock set back across midnight could break it; the runner checks,
// jit.cc). Elsewhere the general loop runs, as before.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <algorithm>

#include "compiler/backend/jit/codegen_internal.h"
#include "compiler/lang/aggregate_traits.h"

namespace seg::jit {

using ir::NodeId;

namespace {

bool SameWindow(const std::optional<ir::Window>& x, const std::optional<ir::Window>& y) {
  if (!x || !y) return !x && !y;
  return x->kind == y->kind && x->count == y->count && x->count_to == y->count_to && x->unit == y->unit &&
         x->from == y->from && x->to == y->to;
}

}  // namespace

llvm::Value* Emitter::FastLoopsHold(int32_t input, llvm::Value* begin, llvm::Value* end) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  auto flag = [&](int field, int64_t index) {
    llvm::Value* byte = eb_.CreateLoad(i8_, eb_.CreateConstInBoundsGEP1_64(i8_, Field(field), index));
    return eb_.CreateICmpNE(byte, llvm::ConstantInt::get(i8_, 0));
  };
  llvm::Value* hold = flag(kDaysSorted, input);
  std::vector<NodeId> columns = fast_columns_;
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  for (NodeId column : columns) {
    // A column with a missing value somewhere: this customer's events may still all have one.
    llvm::BasicBlock* check = llvm::BasicBlock::Create(context, "rows_valid", fn);
    llvm::BasicBlock* checked = llvm::BasicBlock::Create(context, "rows_valid_done", fn);
    llvm::BasicBlock* from = b_.GetInsertBlock();
    b_.CreateCondBr(flag(kColumnFull, column), checked, check);
    b_.SetInsertPoint(check);
    llvm::Value* valid = b_.CreateICmpNE(Helper("seg_jit_rows_valid", i8_, {PerNode(kColumnValid, column), begin, end}),
                                         llvm::ConstantInt::get(i8_, 0));
    b_.CreateBr(checked);
    b_.SetInsertPoint(checked);
    llvm::PHINode* all_valid = b_.CreatePHI(i1_, 2);
    all_valid->addIncoming(Bool(true), from);
    all_valid->addIncoming(valid, check);
    hold = b_.CreateAnd(hold, all_valid);
  }
  return hold;
}

llvm::Value* Emitter::FirstFailing(int32_t input, llvm::Value* lo, llvm::Value* hi,
                                   const std::function<llvm::Value*(llvm::Value*)>& keeps) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::Value* days = PerNode(kLocalDay, input);
  auto day_at = [&](llvm::Value* e) { return LoadInput(i32_, b_.CreateInBoundsGEP(i32_, days, e)); };
  llvm::BasicBlock* first = llvm::BasicBlock::Create(context, "range_first", fn);
  llvm::BasicBlock* last = llvm::BasicBlock::Create(context, "range_last", fn);
  llvm::BasicBlock* search = llvm::BasicBlock::Create(context, "range_search", fn);
  llvm::BasicBlock* loop = llvm::BasicBlock::Create(context, "range_step", fn);
  llvm::BasicBlock* found = llvm::BasicBlock::Create(context, "range_found", fn);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(context, "range_done", fn);
  llvm::BasicBlock* from_start = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateICmpULT(lo, hi), first, done);  // empty: lo
  b_.SetInsertPoint(first);
  b_.CreateCondBr(keeps(day_at(lo)), last, done);  // the first fails: lo
  llvm::BasicBlock* from_first = b_.GetInsertBlock();
  b_.SetInsertPoint(last);
  llvm::Value* hi_minus_1 = b_.CreateSub(hi, I64(1));
  b_.CreateCondBr(keeps(day_at(hi_minus_1)), done, search);  // the last keeps: hi
  llvm::BasicBlock* from_last = b_.GetInsertBlock();
  // day[lo] keeps, day[hi - 1] fails: the answer is in [lo + 1, hi - 1]. A branch-free lower
  // bound over [lo + 1, hi - 1), whose end is the answer where all of it keeps.
  b_.SetInsertPoint(search);
  llvm::Value* base0 = b_.CreateAdd(lo, I64(1));
  llvm::Value* n0 = b_.CreateSub(hi_minus_1, base0);
  b_.CreateCondBr(b_.CreateICmpSGT(n0, I64(0)), loop, found);
  b_.SetInsertPoint(loop);
  llvm::PHINode* base = b_.CreatePHI(i64_, 2);
  llvm::PHINode* n = b_.CreatePHI(i64_, 2);
  base->addIncoming(base0, search);
  n->addIncoming(n0, search);
  llvm::Value* half = b_.CreateLShr(n, I64(1));
  llvm::Value* keep = keeps(day_at(b_.CreateAdd(base, half)));
  llvm::Value* base2 = b_.CreateSelect(keep, b_.CreateAdd(base, b_.CreateAdd(half, I64(1))), base);
  llvm::Value* n2 = b_.CreateSelect(keep, b_.CreateSub(n, b_.CreateAdd(half, I64(1))), half);
  base->addIncoming(base2, b_.GetInsertBlock());
  n->addIncoming(n2, b_.GetInsertBlock());
  b_.CreateCondBr(b_.CreateICmpSGT(n2, I64(0)), loop, found);
  llvm::BasicBlock* from_loop = b_.GetInsertBlock();
  b_.SetInsertPoint(found);
  llvm::PHINode* answer = b_.CreatePHI(i64_, 2);
  answer->addIncoming(base0, search);
  answer->addIncoming(base2, from_loop);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* result = b_.CreatePHI(i64_, 4);
  result->addIncoming(lo, from_start);
  result->addIncoming(lo, from_first);
  result->addIncoming(hi, from_last);
  result->addIncoming(answer, found);
  return result;
}

std::vector<Emitter::AggregateValues> Emitter::EmitFastLoops(int32_t input, const std::vector<NodeId>& aggs,
                                                             llvm::Value* begin, llvm::Value* end,
                                                             llvm::Value** retry) {
  std::vector<AggregateValues> out(aggs.size());
  for (AggregateValues& v : out) v.fill(nullptr);
  std::vector<std::vector<size_t>> windows;  // aggregates (indexes into aggs) by window
  for (size_t g = 0; g < aggs.size(); ++g) {
    const std::optional<ir::Window>& w = p_.nodes[aggs[g]].aggregate.window;
    auto same = [&](const std::vector<size_t>& group) {
      return SameWindow(p_.nodes[aggs[group[0]]].aggregate.window, w);
    };
    auto it = std::find_if(windows.begin(), windows.end(), same);
    if (it == windows.end()) windows.push_back({g});
    else it->push_back(g);
  }
  *retry = Bool(false);
  llvm::Value* to_as_of = nullptr;  // the end of the windows that end with as_of's day
  for (const std::vector<size_t>& group : windows) {
    NodeId first = aggs[group[0]];
    // Every aggregate's days end at as_of or the window's end; only a window starts later than
    // the first event (exec::RunState::Plan sets the bounds: no window, `last N days` and
    // `this week|month|...` end with as_of, so they share where their events end).
    const std::optional<ir::Window>& window = p_.nodes[first].aggregate.window;
    bool ends_as_of = !window || window->kind == lang::WindowKind::kRolling ||
                      window->kind == lang::WindowKind::kCurrentPeriod;
    llvm::Value* hi = DayBound(true, first);
    llvm::Value* to = ends_as_of ? to_as_of : nullptr;
    if (to == nullptr)
      to = FirstFailing(input, begin, end, [&](llvm::Value* day) { return b_.CreateICmpSLE(day, hi); });
    if (ends_as_of) to_as_of = to;
    llvm::Value* from = begin;
    if (p_.nodes[first].aggregate.window) {
      llvm::Value* lo = DayBound(false, first);
      from = FirstFailing(input, begin, to, [&](llvm::Value* day) { return b_.CreateICmpSLT(day, lo); });
    }
    std::vector<size_t> looped;
    for (size_t g : group) {
      const ir::Aggregate& a = p_.nodes[aggs[g]].aggregate;
      if (lang::Traits(a.func).fold == lang::AggFold::kCount && a.filter < 0 && !IsSequenceStep(aggs[g])) {
        out[g][kCount] = b_.CreateSub(to, from);
        out[g][kOverflow] = Bool(false);
      } else {
        looped.push_back(g);
      }
    }
    if (!looped.empty()) EmitEventLoop(input, aggs, looped, from, to, false, &out);
    for (size_t g : looped) {
      if (out[g][kMagnitude] == nullptr) continue;
      // Every partial sum is at most count x the largest magnitude added: below 2^63 where their
      // bit widths add up to at most 63.
      llvm::Value* count_zeros = b_.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, out[g][kCount], Bool(false));
      llvm::Value* magnitude_zeros = b_.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, out[g][kMagnitude], Bool(false));
      llvm::Value* risky = b_.CreateICmpULT(b_.CreateAdd(count_zeros, magnitude_zeros), I64(65));
      *retry = b_.CreateOr(*retry, risky);
    }
  }
  return out;
}

}  // namespace seg::jit
