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
  using lang::AggFunc;
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::Value* offsets = PerNode(kOffsets, input);
  llvm::Value* days_ptr = PerNode(kLocalDay, input);
  llvm::Value* begin = b_.CreateZExt(LoadInput(i32_, b_.CreateInBoundsGEP(i32_, offsets, c_)), i64_);
  llvm::Value* end = b_.CreateZExt(LoadInput(i32_, b_.CreateInBoundsGEP(i32_, offsets, b_.CreateAdd(c_, I64(1)))),
                                   i64_);
  for (size_t g = 0; g < aggs.size(); ++g) {
    AggFunc f = p_.nodes[aggs[g]].aggregate.func;
    if (CollectsCodes(f))
      Helper("seg_rt_distinct_reset", llvm::Type::getVoidTy(context), {I32(static_cast<int32_t>(g))});
    if (CollectsNumbers(f))
      Helper("seg_rt_sample_reset", llvm::Type::getVoidTy(context), {I32(static_cast<int32_t>(g))});
    if (IsSequenceStep(aggs[g])) Helper("seg_rt_sequence_reset", llvm::Type::getVoidTy(context), {I32(aggs[g])});
  }
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  llvm::BasicBlock* header = llvm::BasicBlock::Create(context, "events", fn);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(context, "event", fn);
  llvm::BasicBlock* exit = llvm::BasicBlock::Create(context, "events_done", fn);
  b_.CreateBr(header);
  b_.SetInsertPoint(header);
  llvm::PHINode* e = b_.CreatePHI(i64_, 2, "e");
  e->addIncoming(begin, pre);
  LoopVars loop{pre, {}};
  std::vector<AggregateState> states;
  for (NodeId id : aggs) states.push_back(StartAggregate(id, loop));
  b_.CreateCondBr(b_.CreateICmpULT(e, end), body, exit);

  b_.SetInsertPoint(body);
  e_ = e;
  event_vals_.clear();
  in_event_loop_ = true;  // a failure here branches to the helper at once (FailIf)
  llvm::Value* day = LoadInput(i32_, b_.CreateInBoundsGEP(i32_, days_ptr, e));
  for (size_t g = 0; g < aggs.size(); ++g) UpdateAggregate(input, g, aggs[g], states[g], loop, day);
  in_event_loop_ = false;
  e->addIncoming(b_.CreateAdd(e, I64(1)), b_.GetInsertBlock());
  for (LoopVars::Var& v : loop.vars) v.phi->addIncoming(v.next, b_.GetInsertBlock());
  b_.CreateBr(header);
  event_vals_.clear();

  b_.SetInsertPoint(exit);
  for (size_t g = 0; g < aggs.size(); ++g) FinishAggregate(g, aggs[g], states[g], loop);
}

// The loop-carried values aggregate `id` needs, starting at its initial values.
Emitter::AggregateState Emitter::StartAggregate(NodeId id, LoopVars& loop) {
  auto var = [&](llvm::Type* t, llvm::Value* init) {
    llvm::PHINode* phi = b_.CreatePHI(t, 2);
    phi->addIncoming(init, loop.pre);
    loop.vars.push_back({phi, phi});
    return loop.vars.size() - 1;
  };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Type* vt = value_float ? f64_ : i64_;
  llvm::Value* vzero = value_float ? F64(0) : I64(0);
  AggregateState st{};
  st.stopped = var(i1_, Bool(false));
  st.count = var(i64_, I64(0));
  st.overflow = var(i1_, Bool(false));
  switch (lang::Traits(a.func).fold) {
    case AggFold::kSum: st.sum = var(vt, vzero); break;
    case AggFold::kExtreme:
    case AggFold::kPick:
      st.best = var(vt, vzero);
      st.best_valid = var(i1_, Bool(false));
      st.have = var(i1_, Bool(false));
      break;
    case AggFold::kPeriods:
      st.last_day = var(i32_, I32(INT32_MIN));
      st.run = var(i32_, I32(0));
      st.longest = var(i32_, I32(0));
      st.days = var(i32_, I32(0));
      break;
    case AggFold::kGap:
      st.first_time = var(i64_, I64(0));
      st.last_time = var(i64_, I64(0));
      break;
    case AggFold::kCount:
    case AggFold::kDistinct:
    case AggFold::kSample: break;  // the count, or the runtime's lists
  }
  return st;
}

// One event's update of aggregate `id` (number g of its group), branch-free but for
// count_distinct's helper call.
void Emitter::UpdateAggregate(int32_t input, size_t g, NodeId id, const AggregateState& st, LoopVars& loop,
                              llvm::Value* day) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::Value* e = e_;
  auto cur = [&](size_t k) -> llvm::Value* { return loop.vars[k].phi; };
  auto set = [&](size_t k, llvm::Value* v) { loop.vars[k].next = v; };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Value* stopped = b_.CreateOr(cur(st.stopped), b_.CreateICmpSGT(day, DayBound(true, id)));
  set(st.stopped, stopped);
  llvm::Value* in = b_.CreateAnd(b_.CreateNot(stopped), b_.CreateICmpSGE(day, DayBound(false, id)));
  if (a.filter >= 0) in = b_.CreateAnd(in, Truthy(Get(a.filter)));
  Val value = a.value >= 0 ? Get(a.value) : Val{I64(0), Bool(true)};
  llvm::Value* take = b_.CreateAnd(in, value.ok);
  if (IsSequenceStep(id)) CollectSequenceTime(input, id, in);
  switch (lang::Traits(a.func).fold) {
    case AggFold::kCount: set(st.count, b_.CreateAdd(cur(st.count), FromBool(in))); break;
    case AggFold::kSum: {
      set(st.count, b_.CreateAdd(cur(st.count), FromBool(take)));
      if (value_float) {
        set(st.sum, b_.CreateSelect(take, b_.CreateFAdd(cur(st.sum), value.v), cur(st.sum)));
      } else {
        llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, cur(st.sum), value.v);
        set(st.sum, b_.CreateSelect(take, b_.CreateExtractValue(r, 0), cur(st.sum)));
        set(st.overflow, b_.CreateOr(cur(st.overflow), b_.CreateAnd(take, b_.CreateExtractValue(r, 1))));
      }
      break;
    }
    case AggFold::kExtreme: {
      bool is_min = a.func == AggFunc::kMin;
      if (p_.nodes[a.value].type.IsTextLike()) {
        // Text compares its strings, not its codes: the helper decides, as the interpreter does.
        llvm::Value* r = Helper("seg_rt_text_better", i8_,
                                {ctx_, I32(a.value), b_.CreateZExt(take, i8_), value.v,
                                 b_.CreateZExt(cur(st.best_valid), i8_), cur(st.best),
                                 llvm::ConstantInt::get(i8_, is_min ? 1 : 0)});
        llvm::Value* replace = b_.CreateICmpNE(r, llvm::ConstantInt::get(i8_, 0));
        set(st.best, b_.CreateSelect(replace, value.v, cur(st.best)));
        set(st.best_valid, b_.CreateOr(cur(st.best_valid), replace));
        break;
      }
      llvm::Value* better = value_float ? (is_min ? b_.CreateFCmpOLT(value.v, cur(st.best))
                                                  : b_.CreateFCmpOGT(value.v, cur(st.best)))
                                        : (is_min ? b_.CreateICmpSLT(value.v, cur(st.best))
                                                  : b_.CreateICmpSGT(value.v, cur(st.best)));
      llvm::Value* replace = b_.CreateAnd(take, b_.CreateOr(b_.CreateNot(cur(st.best_valid)), better));
      set(st.best, b_.CreateSelect(replace, value.v, cur(st.best)));
      set(st.best_valid, b_.CreateOr(cur(st.best_valid), replace));
      break;
    }
    case AggFold::kPick: {
      llvm::Value* replace = a.func == AggFunc::kFirst ? b_.CreateAnd(in, b_.CreateNot(cur(st.have))) : in;
      set(st.have, b_.CreateOr(cur(st.have), in));
      set(st.best_valid, b_.CreateSelect(replace, value.ok, cur(st.best_valid)));
      set(st.best, b_.CreateSelect(replace, value.v, cur(st.best)));
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
      llvm::Value* last = cur(st.last_day);
      llvm::Value* fresh = b_.CreateAnd(in, b_.CreateICmpNE(day, last));
      llvm::Value* consecutive = b_.CreateAnd(b_.CreateICmpNE(last, I32(INT32_MIN)),
                                              b_.CreateICmpEQ(day, b_.CreateAdd(last, I32(1))));
      llvm::Value* run = b_.CreateSelect(fresh, b_.CreateSelect(consecutive, b_.CreateAdd(cur(st.run), I32(1)), I32(1)),
                                         cur(st.run));
      set(st.run, run);
      set(st.days, b_.CreateAdd(cur(st.days), b_.CreateZExt(fresh, i32_)));
      set(st.longest, b_.CreateSelect(b_.CreateICmpSGT(run, cur(st.longest)), run, cur(st.longest)));
      set(st.last_day, b_.CreateSelect(fresh, day, last));
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
      set(st.first_time,
          b_.CreateSelect(b_.CreateAnd(use, b_.CreateICmpEQ(cur(st.count), I64(0))), t, cur(st.first_time)));
      set(st.last_time, b_.CreateSelect(use, t, cur(st.last_time)));
      set(st.count, b_.CreateAdd(cur(st.count), FromBool(use)));
      break;
    }
  }
}

// Aggregate `id`'s value once the loop is done, stored like any node's.
void Emitter::FinishAggregate(size_t g, NodeId id, const AggregateState& st, LoopVars& loop) {
  auto cur = [&](size_t k) -> llvm::Value* { return loop.vars[k].phi; };
  const ir::Aggregate& a = p_.nodes[id].aggregate;
  bool value_float = a.value >= 0 && IsFloat(a.value);
  llvm::Value* count = cur(st.count);
  llvm::Value* overflow = cur(st.overflow);
  Val out{Zero(id), Bool(true)};
  const lang::AggTraits& traits = lang::Traits(a.func);
  switch (traits.fold) {
    case AggFold::kCount: out.v = count; break;
    case AggFold::kSum: {
      if (a.func == AggFunc::kSum) {
        out.v = cur(st.sum);
        break;
      }
      llvm::Value* none = b_.CreateICmpEQ(count, I64(0));
      llvm::Value* n = b_.CreateSIToFP(count, f64_);
      if (value_float) {
        out.v = b_.CreateFDiv(cur(st.sum), n);
      } else if (IsFloat(id)) {
        out.v = b_.CreateFDiv(b_.CreateSIToFP(cur(st.sum), f64_), n);
      } else {
        CheckedValue s = RoundToI64(b_.CreateFDiv(b_.CreateSIToFP(cur(st.sum), f64_), n));
        overflow = b_.CreateOr(overflow, b_.CreateAnd(b_.CreateNot(none), s.overflow));
        out.v = s.value;
      }
      out.ok = b_.CreateNot(none);
      out.v = b_.CreateSelect(none, Zero(id), out.v);
      break;
    }
    case AggFold::kExtreme:
    case AggFold::kPick:
      out.ok = cur(st.best_valid);
      out.v = cur(st.best);
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
        out.v = b_.CreateSExt(cur(a.func == AggFunc::kActiveDays ? st.days : st.longest), i64_);
        break;
      }
      int32_t unit = static_cast<int32_t>(*traits.period);
      out.v = b_.CreateSExt(Helper("seg_rt_current_streak", i32_,
                                   {I32(unit), cur(st.last_day), cur(st.run), DayBound(true, id)}),
                            i64_);
      break;
    }
    case AggFold::kGap: {
      llvm::Value* few = b_.CreateICmpSLT(count, I64(2));
      llvm::Value* gap = b_.CreateSIToFP(b_.CreateSub(cur(st.last_time), cur(st.first_time)), f64_);
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
