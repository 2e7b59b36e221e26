// The fused event loops of codegen: one pass over a customer's events per input computes every
// aggregate of the stage over it, each aggregate function's state kept in loop phis. Started,
// updated per event and finished by aggregate function, as the interpreter's EvalAggregate
// (eval_aggregate.cc) computes them.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/backend/jit/codegen_internal.h"
#include "compiler/lang/aggregate_traits.h"
#include "runtime/civil_time.h"

namespace seg::jit {

using ir::NodeId;
using lang::AggFold;
using lang::AggFunc;
using lang::TypeKind;

// The fused pass over one customer's events of `input`: every aggregate in `aggs` keeps its
// running state in loop phis and updates it with selects, so a filtered-out event costs no
// branch. Each aggregate stops at its own window end, as the interpreter's `break` does.
namespace {
// count_distinct and mode collect their values in a runtime list, median, percentile and stddev
// theirs as numbers in another (slot = the aggregate's place in the group).
bool CollectsCodes(lang::AggFunc f) { return lang::Traits(f).fold == AggFold::kDistinct; }
bool CollectsNumbers(lang::AggFunc f) { return lang::Traits(f).fold == AggFold::kSample; }
}  // namespace

void Emitter::EmitAggregates(int32_t input, const std::vector<NodeId>& aggs) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::Value* offsets = PerNode(kOffsets, input);
  llvm::Value* begin = b_.CreateZExt(LoadInput(i32_, b_.CreateInBoundsGEP(i32_, offsets, c_)), i64_);
  llvm::Value* end = b_.CreateZExt(LoadInput(i32_, b_.CreateInBoundsGEP(i32_, offsets, b_.CreateAdd(c_, I64(1)))),
                                   i64_);
  // The fast loops where the run allows them (FastLoopsHold), else, or where a sum might have
  // overflowed on the way, the general loop: both give the interpreter's values.
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  llvm::BasicBlock* general = llvm::BasicBlock::Create(context, "events_general", fn);
  llvm::BasicBlock* join = llvm::BasicBlock::Create(context, "events_join", fn);
  std::vector<AggregateValues> fast;
  llvm::BasicBlock* fast_entry = nullptr;
  llvm::BasicBlock* fast_exit = nullptr;
  if (fast_events_) {
    fast_entry = llvm::BasicBlock::Create(context, "events_fast", fn);
    b_.SetInsertPoint(fast_entry);
    fast_unsafe_ = false;
    fast_columns_.clear();
    llvm::Value* retry = nullptr;
    fast = EmitFastLoops(input, aggs, begin, end, &retry);
    fast_exit = b_.GetInsertBlock();
    b_.CreateCondBr(retry, general, join);
  }
  b_.SetInsertPoint(general);
  std::vector<AggregateValues> slow = EmitGeneralLoop(input, aggs, begin, end);
  llvm::BasicBlock* general_exit = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(pre);
  bool use_fast = fast_events_ && !fast_unsafe_;
  if (use_fast) b_.CreateCondBr(FastLoopsHold(input, begin, end), fast_entry, general);
  else b_.CreateBr(general);
  if (fast_entry != nullptr && !use_fast) {
    // Never entered: its values must not reach the join.
    fast_exit->getTerminator()->eraseFromParent();
    llvm::IRBuilder<>(fast_exit).CreateUnreachable();
  }
  b_.SetInsertPoint(join);
  std::vector<AggregateValues> values = slow;
  for (size_t g = 0; use_fast && g < aggs.size(); ++g) {
    for (int f = 0; f < kStateFields; ++f) {
      if (slow[g][f] == nullptr || fast[g][f] == nullptr) continue;
      llvm::PHINode* phi = b_.CreatePHI(slow[g][f]->getType(), 2);
      phi->addIncoming(slow[g][f], general_exit);
      phi->addIncoming(fast[g][f], fast_exit);
      values[g][f] = phi;
    }
  }
  for (size_t g = 0; g < aggs.size(); ++g) FinishAggregate(g, aggs[g], values[g]);
}

std::vector<Emitter::AggregateValues> Emitter::EmitGeneralLoop(int32_t input, const std::vector<NodeId>& aggs,
                                                               llvm::Value* begin, llvm::Value* end) {
  std::vector<size_t> all(aggs.size());
  for (size_t g = 0; g < aggs.size(); ++g) all[g] = g;
  std::vector<AggregateValues> out(aggs.size());
  EmitEventLoop(input, aggs, all, begin, end, true, &out);
  return out;
}

void Emitter::EmitEventLoop(int32_t input, const std::vector<NodeId>& ids, const std::vector<size_t>& aggs,
                            llvm::Value* lo, llvm::Value* hi, bool windowed, std::vector<AggregateValues>* out) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  for (size_t g : aggs) {
    AggFunc f = p_.nodes[ids[g]].aggregate.func;
    if (CollectsCodes(f))
      Helper("seg_rt_distinct_reset", llvm::Type::getVoidTy(context), {I32(static_cast<int32_t>(g))});
    if (CollectsNumbers(f))
      Helper("seg_rt_sample_reset", llvm::Type::getVoidTy(context), {I32(static_cast<int32_t>(g))});
    if (IsSequenceStep(ids[g])) Helper("seg_rt_sequence_reset", llvm::Type::getVoidTy(context), {I32(ids[g])});
  }
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  llvm::BasicBlock* header = llvm::BasicBlock::Create(context, "events", fn);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(context, "event", fn);
  llvm::BasicBlock* exit = llvm::BasicBlock::Create(context, "events_done", fn);
  b_.CreateBr(header);
  b_.SetInsertPoint(header);
  llvm::PHINode* e = b_.CreatePHI(i64_, 2, "e");
  e->addIncoming(lo, pre);
  LoopVars loop{pre, {}};
  std::vector<AggregateState> states;
  for (size_t g : aggs) states.push_back(StartAggregate(ids[g], loop, windowed));
  b_.CreateCondBr(b_.CreateICmpULT(e, hi), body, exit);

  b_.SetInsertPoint(body);
  e_ = e;
  event_vals_.clear();
  in_event_loop_ = true;  // a failure here branches to the helper at once (FailIf)
  in_fast_loop_ = !windowed;
  llvm::Value* day = LoadInput(i32_, b_.CreateInBoundsGEP(i32_, PerNode(kLocalDay, input), e));
  for (size_t k = 0; k < aggs.size(); ++k)
    UpdateAggregate(input, aggs[k], ids[aggs[k]], states[k], loop, day, windowed);
  in_event_loop_ = false;
  in_fast_loop_ = false;
  e->addIncoming(b_.CreateAdd(e, I64(1)), b_.GetInsertBlock());
  for (LoopVars::Var& v : loop.vars) v.phi->addIncoming(v.next, b_.GetInsertBlock());
  llvm::BranchInst* back = b_.CreateBr(header);
  if (!windowed) {
    // A window holds a few to a few tens of events: vectors of 4 without interleaving start from
    // 4 events, where LLVM's default (4 vectors at once) needs 16 and leaves shorter ranges scalar.
    llvm::Metadata* interleave[] = {llvm::MDString::get(context, "llvm.loop.interleave.count"),
                                    llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(i32_, 1))};
    llvm::MDNode* self = llvm::MDNode::getDistinct(context, {nullptr, llvm::MDNode::get(context, interleave)});
    self->replaceOperandWith(0, self);
    back->setMetadata(llvm::LLVMContext::MD_loop, self);
  }
  event_vals_.clear();

  b_.SetInsertPoint(exit);
  for (size_t k = 0; k < aggs.size(); ++k) {
    AggregateValues& values = (*out)[aggs[k]];
    for (int f = 0; f < kStateFields; ++f) {
      int var = states[k].var[f];
      values[f] = var < 0 ? nullptr : loop.vars[static_cast<size_t>(var)].phi;
    }
  }
}

// The loop-carried values aggregate `id` needs, starting at its initial values.
Emitter::AggregateState Emitter::StartAggregate(NodeId id, LoopVars& loop, bool windowed) {
  AggregateState st;
  st.var.fill(-1);
  auto var = [&](StateField field, llvm::Type* t, llvm::Value* init) {
    llvm::PHINode* phi = b_.CreatePHI(t, 2);
    phi->addIncoming(init, loop.pre);
    loop.vars.push_back({phi, phi});
    st.var[field] = static_cast<int>(loop.vars.size() - 1);
  };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Type* vt = value_float ? f64_ : i64_;
  llvm::Value* vzero = value_float ? F64(0) : I64(0);
  if (windowed) var(kStopped, i1_, Bool(false));
  var(kCount, i64_, I64(0));
  var(kOverflow, i1_, Bool(false));
  switch (lang::Traits(a.func).fold) {
    case AggFold::kSum:
      var(kSum, vt, vzero);
      if (!windowed && !value_float) var(kMagnitude, i64_, I64(0));
      break;
    case AggFold::kExtreme:
    case AggFold::kPick:
      var(kBest, vt, vzero);
      var(kBestValid, i1_, Bool(false));
      var(kHave, i1_, Bool(false));
      break;
    case AggFold::kPeriods:
      var(kLastDay, i32_, I32(INT32_MIN));
      var(kRun, i32_, I32(0));
      var(kLongest, i32_, I32(0));
      var(kDays, i32_, I32(0));
      break;
    case AggFold::kGap:
      var(kFirstTime, i64_, I64(0));
      var(kLastTime, i64_, I64(0));
      break;
    case AggFold::kCount:
    case AggFold::kDistinct:
    case AggFold::kSample: break;  // the count, or the runtime's lists
  }
  return st;
}

// One event's update of aggregate `id` (number g of its group), branch-free but for
// count_distinct's helper call. `windowed`: the event's day is tested against the window, and the
// aggregate stops at the window's end, as the interpreter's `break` does; else the loop runs over
// the window's events only.
void Emitter::UpdateAggregate(int32_t input, size_t g, NodeId id, const AggregateState& st, LoopVars& loop,
                              llvm::Value* day, bool windowed) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::Value* e = e_;
  auto cur = [&](StateField f) -> llvm::Value* { return loop.vars[static_cast<size_t>(st.var[f])].phi; };
  auto set = [&](StateField f, llvm::Value* v) { loop.vars[static_cast<size_t>(st.var[f])].next = v; };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Value* in = Bool(true);
  if (windowed) {
    llvm::Value* stopped = b_.CreateOr(cur(kStopped), b_.CreateICmpSGT(day, DayBound(true, id)));
    set(kStopped, stopped);
    in = b_.CreateAnd(b_.CreateNot(stopped), b_.CreateICmpSGE(day, DayBound(false, id)));
  }
  if (a.filter >= 0) in = b_.CreateAnd(in, Truthy(Get(a.filter)));
  Val value = a.value >= 0 ? Get(a.value) : Val{I64(0), Bool(true)};
  llvm::Value* take = b_.CreateAnd(in, value.ok);
  if (IsSequenceStep(id)) {
    if (in_fast_loop_) fast_unsafe_ = true;  // the sequence takes the times of all the steps' events
    CollectSequenceTime(input, id, in);
  }
  switch (lang::Traits(a.func).fold) {
    case AggFold::kCount: set(kCount, b_.CreateAdd(cur(kCount), FromBool(in))); break;
    case AggFold::kSum: {
      set(kCount, b_.CreateAdd(cur(kCount), FromBool(take)));
      if (value_float) {
        set(kSum, b_.CreateSelect(take, b_.CreateFAdd(cur(kSum), value.v), cur(kSum)));
      } else if (!windowed) {
        // Wrapping adds and the OR of the magnitudes added, both plain reductions that LLVM
        // vectorises; EmitFastLoops checks afterwards where a partial sum might have overflowed.
        llvm::Value* added = b_.CreateSelect(take, value.v, I64(0));
        set(kSum, b_.CreateAdd(cur(kSum), added));
        set(kMagnitude,
            b_.CreateOr(cur(kMagnitude), b_.CreateBinaryIntrinsic(llvm::Intrinsic::abs, added, Bool(false))));
      } else {
        llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, cur(kSum), value.v);
        set(kSum, b_.CreateSelect(take, b_.CreateExtractValue(r, 0), cur(kSum)));
        set(kOverflow, b_.CreateOr(cur(kOverflow), b_.CreateAnd(take, b_.CreateExtractValue(r, 1))));
      }
      break;
    }
    case AggFold::kExtreme: {
      bool is_min = a.func == AggFunc::kMin;
      if (p_.nodes[a.value].type.IsTextLike()) {
        // Text compares its strings, not its codes: the helper decides, as the interpreter does.
        llvm::Value* r = Helper("seg_rt_text_better", i8_,
                                {ctx_, I32(a.value), b_.CreateZExt(take, i8_), value.v,
                                 b_.CreateZExt(cur(kBestValid), i8_), cur(kBest),
                                 llvm::ConstantInt::get(i8_, is_min ? 1 : 0)});
        llvm::Value* replace = b_.CreateICmpNE(r, llvm::ConstantInt::get(i8_, 0));
        set(kBest, b_.CreateSelect(replace, value.v, cur(kBest)));
        set(kBestValid, b_.CreateOr(cur(kBestValid), replace));
        break;
      }
      llvm::Value* better = value_float ? (is_min ? b_.CreateFCmpOLT(value.v, cur(kBest))
                                                  : b_.CreateFCmpOGT(value.v, cur(kBest)))
                                        : (is_min ? b_.CreateICmpSLT(value.v, cur(kBest))
                                                  : b_.CreateICmpSGT(value.v, cur(kBest)));
      llvm::Value* replace = b_.CreateAnd(take, b_.CreateOr(b_.CreateNot(cur(kBestValid)), better));
      set(kBest, b_.CreateSelect(replace, value.v, cur(kBest)));
      set(kBestValid, b_.CreateOr(cur(kBestValid), replace));
      break;
    }
    case AggFold::kPick: {
      llvm::Value* replace = a.func == AggFunc::kFirst ? b_.CreateAnd(in, b_.CreateNot(cur(kHave))) : in;
      set(kHave, b_.CreateOr(cur(kHave), in));
      set(kBestValid, b_.CreateSelect(replace, value.ok, cur(kBestValid)));
      set(kBest, b_.CreateSelect(replace, value.v, cur(kBest)));
      break;
    }
    case AggFold::kDistinct:
    case AggFold::kSample: {
      // A call per kept value, so a branch here (the only kind in the loop).
      llvm::BasicBlock* add = llvm::BasicBlock::Create(context, "collect_add", fn);
      llvm::BasicBlock* next = llvm::BasicBlock::Create(context, "collect_next", fn);
      b_.CreateCondBr(take, add, next);
      b_.SetInsertPoint(add);
      llvm::Value* slot = I32(static_cast<int32_t>(g));
      if (CollectsNumbers(a.func))
        Helper("seg_rt_sample_add", llvm::Type::getVoidTy(context),
               {slot, value_float ? value.v : b_.CreateSIToFP(value.v, f64_)});
      else if (value_float) Helper("seg_rt_distinct_add_float", llvm::Type::getVoidTy(context), {slot, value.v});
      else Helper("seg_rt_distinct_add", llvm::Type::getVoidTy(context), {slot, value.v});
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
      break;
    }
    case AggFold::kPeriods: {
      // Weeks and months: the period's index (rt::PeriodIndex), by the helper the interpreter's code calls.
      rt::PeriodUnit unit = *lang::StreakPeriod(a.func);
      if (unit != rt::PeriodUnit::kDay)
        day = Helper("seg_rt_period_index", i32_, {I32(static_cast<int32_t>(unit)), day});
      llvm::Value* last = cur(kLastDay);
      llvm::Value* fresh = b_.CreateAnd(in, b_.CreateICmpNE(day, last));
      llvm::Value* consecutive = b_.CreateAnd(b_.CreateICmpNE(last, I32(INT32_MIN)),
                                              b_.CreateICmpEQ(day, b_.CreateAdd(last, I32(1))));
      llvm::Value* run = b_.CreateSelect(fresh, b_.CreateSelect(consecutive, b_.CreateAdd(cur(kRun), I32(1)), I32(1)),
                                         cur(kRun));
      set(kRun, run);
      set(kDays, b_.CreateAdd(cur(kDays), b_.CreateZExt(fresh, i32_)));
      set(kLongest, b_.CreateSelect(b_.CreateICmpSGT(run, cur(kLongest)), run, cur(kLongest)));
      set(kLastDay, b_.CreateSelect(fresh, day, last));
      break;
    }
    case AggFold::kGap: {
      llvm::Value* t;
      llvm::Value* use = in;
      if (a.value >= 0) {
        use = take;
        t = p_.nodes[a.value].type.Is(TypeKind::kDate) ? b_.CreateMul(value.v, I64(rt::kMicrosPerDay)) : value.v;
      } else {
        t = LoadInput(i64_, b_.CreateInBoundsGEP(i64_, PerNode(kInstant, input), e));
      }
      set(kFirstTime, b_.CreateSelect(b_.CreateAnd(use, b_.CreateICmpEQ(cur(kCount), I64(0))), t, cur(kFirstTime)));
      set(kLastTime, b_.CreateSelect(use, t, cur(kLastTime)));
      set(kCount, b_.CreateAdd(cur(kCount), FromBool(use)));
      break;
    }
  }
}

// Aggregate `id`'s value once the loop is done, stored like any node's.
void Emitter::FinishAggregate(size_t g, NodeId id, const AggregateValues& st) {
  auto cur = [&](StateField f) -> llvm::Value* { return st[f]; };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Value* count = cur(kCount);
  llvm::Value* overflow = cur(kOverflow);
  Val out{Zero(id), Bool(true)};
  const lang::AggTraits& traits = lang::Traits(a.func);
  switch (traits.fold) {
    case AggFold::kCount: out.v = count; break;
    case AggFold::kSum: {
      if (a.func == AggFunc::kSum) {
        out.v = cur(kSum);
        break;
      }
      llvm::Value* none = b_.CreateICmpEQ(count, I64(0));
      llvm::Value* n = b_.CreateSIToFP(count, f64_);
      if (value_float) {
        out.v = b_.CreateFDiv(cur(kSum), n);
      } else if (IsFloat(id)) {
        out.v = b_.CreateFDiv(b_.CreateSIToFP(cur(kSum), f64_), n);
      } else {
        CheckedValue s = RoundToI64(b_.CreateFDiv(b_.CreateSIToFP(cur(kSum), f64_), n));
        overflow = b_.CreateOr(overflow, b_.CreateAnd(b_.CreateNot(none), s.overflow));
        out.v = s.value;
      }
      out.ok = b_.CreateNot(none);
      out.v = b_.CreateSelect(none, Zero(id), out.v);
      break;
    }
    case AggFold::kExtreme:
    case AggFold::kPick:
      out.ok = cur(kBestValid);
      out.v = cur(kBest);
      break;
    case AggFold::kDistinct: {
      llvm::Value* slot = I32(static_cast<int32_t>(g));
      if (a.func == AggFunc::kCountDistinct) {
        out.v = Helper("seg_rt_distinct_count", i64_, {slot});
        break;
      }
      // mode: text values are ordered by their strings, the helper reads the value node's domain.
      bool text = p_.nodes[a.value].type.IsTextLike();
      out.ok = b_.CreateICmpNE(Helper("seg_rt_distinct_size", i64_, {slot}), I64(0));
      out.v = Helper("seg_rt_mode", i64_, {ctx_, I32(text ? a.value : -1), slot});
      break;
    }
    case AggFold::kSample: {
      // The helper sorts and computes as the interpreter does (runtime/kernels/event_stats.h).
      llvm::Value* slot = I32(static_cast<int32_t>(g));
      llvm::Value* func = I32(static_cast<int32_t>(a.func));
      llvm::Value* none = b_.CreateICmpNE(Helper("seg_rt_sample_missing", i8_, {slot, func}),
                                          llvm::ConstantInt::get(i8_, 0));
      llvm::Value* d = Helper("seg_rt_sample_stat", f64_, {slot, func, F64(a.fraction)});
      if (IsFloat(id)) {
        out.v = d;
      } else {
        CheckedValue s = RoundToI64(d);
        overflow = b_.CreateAnd(b_.CreateNot(none), s.overflow);
        out.v = s.value;
      }
      out.ok = b_.CreateNot(none);
      out.v = b_.CreateSelect(none, Zero(id), out.v);
      break;
    }
    case AggFold::kPeriods: {
      if (!traits.current_streak) {
        out.v = b_.CreateSExt(cur(a.func == AggFunc::kActiveDays ? kDays : kLongest), i64_);
        break;
      }
      int32_t unit = static_cast<int32_t>(*traits.period);
      out.v = b_.CreateSExt(Helper("seg_rt_current_streak", i32_,
                                   {I32(unit), cur(kLastDay), cur(kRun), DayBound(true, id)}),
                            i64_);
      break;
    }
    case AggFold::kGap: {
      llvm::Value* few = b_.CreateICmpSLT(count, I64(2));
      llvm::Value* gap = b_.CreateSIToFP(b_.CreateSub(cur(kLastTime), cur(kFirstTime)), f64_);
      CheckedValue s = RoundToI64(b_.CreateFDiv(gap, b_.CreateSIToFP(b_.CreateSub(count, I64(1)), f64_)));
      overflow = b_.CreateAnd(b_.CreateNot(few), s.overflow);
      out.ok = b_.CreateNot(few);
      out.v = b_.CreateSelect(few, I64(0), s.value);
      break;
    }
  }
  (void)value_float;
  if (traits.can_overflow) {
    FailIf(overflow, id, kFailTotal);
    out.ok = b_.CreateAnd(out.ok, b_.CreateNot(overflow));
  }
  cust_vals_[id] = out;
  Store(id, out);
}

}  // namespace seg::jit
