// Scalar operators in generated code, one case per IR node kind, each the transcription of the
// interpreter's case in eval_scalar.cc (which follows runtime/kernels/scalar_ops.h): same missing
// rules, same overflow checks, same value stored for a missing row.
#include "compiler/backend/jit/codegen_internal.h"
#include "compiler/exec/plan.h"
#include "compiler/lang/functions.h"
#include "runtime/dataset.h"
#include "runtime/kernels/functions.h"
#include "runtime/kernels/scalar_ops.h"

namespace seg::jit {

using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

llvm::Value* Emitter::Helper(const char* name, llvm::Type* result, std::vector<llvm::Value*> args) {
  std::vector<llvm::Type*> types;
  for (llvm::Value* a : args) types.push_back(a->getType());
  llvm::FunctionCallee fn = m_.getOrInsertFunction(name, llvm::FunctionType::get(result, types, false));
  return b_.CreateCall(fn, args);
}

Val Emitter::EmitColumn(NodeId id, bool event) {
  const ir::Node& n = p_.nodes[id];
  llvm::Value* row = event ? e_ : c_;
  Val out;
  if (event && in_fast_loop_) {
    // The fast loops run only where this column has a value on each of the customer's events
    // (FastLoopsHold).
    fast_columns_.push_back(id);
    out.ok = Bool(true);
  } else {
    // A customer's validity bit comes from its block's word (loaded once per 64 customers).
    llvm::Value* word = event ? LoadInput(i64_, b_.CreateInBoundsGEP(i64_, PerNode(kColumnValid, id),
                                                                     b_.CreateLShr(row, I64(6))))
                              : BlockWord(id);
    llvm::Value* bit = b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(row, I64(63))), I64(1));
    out.ok = b_.CreateICmpNE(bit, I64(0));
  }
  if (n.type.Is(TypeKind::kTags)) return out;
  llvm::Value* values = PerNode(kColumn, id);
  switch (n.type.ToValueType()) {
    case rt::ValueType::kBool:
      out.v = b_.CreateZExt(LoadInput(i8_, b_.CreateInBoundsGEP(i8_, values, row)), i64_);
      break;
    case rt::ValueType::kFloat: out.v = LoadInput(f64_, b_.CreateInBoundsGEP(f64_, values, row)); break;
    case rt::ValueType::kDate:
    case rt::ValueType::kText:
    case rt::ValueType::kId:
      out.v = b_.CreateSExt(LoadInput(i32_, b_.CreateInBoundsGEP(i32_, values, row)), i64_);
      break;
    default: out.v = LoadInput(i64_, b_.CreateInBoundsGEP(i64_, values, row)); break;
  }
  return out;
}

Val Emitter::EmitNode(NodeId id, bool event) {
  const ir::Node& n = p_.nodes[id];
  auto arg = [&](size_t k) { return Get(n.args[k]); };
  Val out;
  out.ok = Bool(true);
  switch (n.kind) {
    case NodeKind::kColumn:
    case NodeKind::kEventColumn:
      if (n.type.Is(TypeKind::kTags)) {  // only its validity: `in` reads the tags in place
        out = EmitColumn(id, event);
        out.v = I64(0);
        return out;
      }
      return EmitColumn(id, event);
    case NodeKind::kEventDay: {  // the index's day of the event (EvalEventDay)
      llvm::Value* day = LoadInput(i32_, b_.CreateInBoundsGEP(i32_, PerNode(kLocalDay, n.input), e_));
      out.ok = b_.CreateICmpNE(day, I32(rt::kNoDay));
      out.v = b_.CreateSelect(out.ok, b_.CreateSExt(day, i64_), I64(0));
      return out;
    }
    case NodeKind::kArith: return EmitArith(id);
    case NodeKind::kCompare: return EmitCompare(id);
    case NodeKind::kCall: return EmitCall(id);
    case NodeKind::kClassify: return EmitClassify(id);
    case NodeKind::kSequence: return EmitSequence(id);
    case NodeKind::kNegate: {
      Val a = arg(0);
      out.ok = a.ok;
      if (IsFloat(id)) {
        out.v = b_.CreateFNeg(a.v);
        return out;
      }
      llvm::Value* too_big = b_.CreateAnd(a.ok, b_.CreateICmpEQ(a.v, I64(INT64_MIN)));
      FailIf(too_big, id, kFailNegate);
      out.v = b_.CreateSelect(too_big, I64(0), b_.CreateNeg(a.v));
      return out;
    }
    case NodeKind::kNot: out.v = FromBool(b_.CreateNot(Truthy(arg(0)))); return out;
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      llvm::Value* x = Truthy(arg(0));
      llvm::Value* y = Truthy(arg(1));  // both sides always: branch-free, nothing to skip
      out.v = FromBool(n.kind == NodeKind::kAnd ? b_.CreateAnd(x, y) : b_.CreateOr(x, y));
      return out;
    }
    case NodeKind::kIsMissing: {
      Val a = arg(0);
      out.v = FromBool(n.negated() ? a.ok : b_.CreateNot(a.ok));
      return out;
    }
    case NodeKind::kDefault:
    case NodeKind::kIf: {
      bool is_if = n.kind == NodeKind::kIf;
      Val x = arg(is_if ? 1 : 0), y = arg(is_if ? 2 : 1);
      llvm::Value* first = is_if ? Truthy(arg(0)) : x.ok;
      out.ok = b_.CreateSelect(first, x.ok, y.ok);
      if (p_.nodes[id].type.IsTextLike() && Grows(id)) {
        llvm::Value* chosen = b_.CreateSelect(first, x.v, y.v);
        return MakeText(id, out.ok, chosen, b_.CreateSelect(first, I64(0), I64(1)));
      }
      if (p_.nodes[id].type.IsTextLike()) {
        llvm::Value* mx = Lookup(kRemap0, id, x);
        llvm::Value* my = Lookup(kRemap1, id, y);
        out.v = b_.CreateSelect(out.ok, b_.CreateSelect(first, mx, my), I64(0));
      } else {
        out.v = b_.CreateSelect(first, x.v, y.v);
      }
      return out;
    }
    case NodeKind::kConvert: {
      Val a = arg(0);
      TypeKind from = p_.nodes[n.args[0]].type.kind, to = n.type.kind;
      out.ok = a.ok;
      if (to == TypeKind::kFloat) {
        llvm::Value* f = b_.CreateSIToFP(a.v, f64_);
        if (from == TypeKind::kMoney) f = b_.CreateFDiv(f, F64(static_cast<double>(rt::ops::kMoneyUnit)));
        out.v = b_.CreateSelect(a.ok, f, F64(0));
      } else if (to == TypeKind::kMoney) {
        llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a.v, I64(rt::ops::kMoneyUnit));
        FailIf(b_.CreateAnd(a.ok, b_.CreateExtractValue(r, 1)), id, kFailMoney);
        out.v = b_.CreateSelect(a.ok, b_.CreateExtractValue(r, 0), I64(0));
      } else if (to == TypeKind::kTimestamp) {
        llvm::Value* t = Helper("seg_jit_start_of_day", i64_, {ctx_, b_.CreateTrunc(a.v, i32_)});
        out.v = b_.CreateSelect(a.ok, t, I64(0));
      } else {
        out.v = b_.CreateSelect(a.ok, a.v, I64(0));
      }
      return out;
    }
    case NodeKind::kIn: {
      Val needle = arg(0);
      const ir::Node& hay = p_.nodes[n.args[1]];
      const lang::Type& t = p_.nodes[n.args[0]].type;
      llvm::Value* found;
      if (hay.type.Is(TypeKind::kTags)) {
        // 0 absent, 1 present, 2 the customer has no tags value: then false, even for `not in`.
        llvm::Value* r = Helper("seg_jit_in_tags", i8_,
                                {ctx_, I32(id), b_.CreateSelect(needle.ok, needle.v, I64(-1)), c_});
        llvm::Value* tags_ok = b_.CreateICmpNE(r, llvm::ConstantInt::get(i8_, 2));
        found = b_.CreateICmpEQ(r, llvm::ConstantInt::get(i8_, 1));
        if (n.negated()) found = b_.CreateNot(found);
        out.v = FromBool(b_.CreateAnd(b_.CreateAnd(needle.ok, tags_ok), found));
        return out;
      }
      if (t.IsTextLike()) {
        found = b_.CreateICmpNE(Grows(n.args[0]) ? TextEntry(id, needle) : Lookup(kTable, id, needle), I64(0));
      } else if (t.Is(TypeKind::kFloat)) {
        llvm::Value* n_items = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, Field(kListN), I64(id)));
        found = b_.CreateICmpNE(Helper("seg_jit_in_float", i8_, {PerNode(kListF, id), n_items, needle.v}),
                                llvm::ConstantInt::get(i8_, 0));
      } else {
        found = Bool(false);
        for (const lang::Value& item : hay.constant.items)
          found = b_.CreateOr(found, b_.CreateICmpEQ(needle.v, I64(item.i)));
      }
      if (n.negated()) found = b_.CreateNot(found);
      out.v = FromBool(b_.CreateAnd(needle.ok, found));  // missing is in no list and outside none
      return out;
    }
    case NodeKind::kLike: {
      Val text = arg(0), pattern = arg(1);
      llvm::Value* match = TextTest(id, text, pattern);
      if (n.negated()) match = b_.CreateNot(match);
      out.v = FromBool(b_.CreateAnd(b_.CreateAnd(text.ok, pattern.ok), match));
      return out;
    }
    case NodeKind::kWithin: {
      Val a = arg(0);
      llvm::Value* day = LocalDay(p_.nodes[n.args[0]].type, a.v);
      llvm::Value* inside = b_.CreateAnd(b_.CreateICmpSGE(day, DayBound(false, id)),
                                         b_.CreateICmpSLE(day, DayBound(true, id)));
      out.v = FromBool(b_.CreateAnd(a.ok, inside));
      return out;
    }
    case NodeKind::kInBucket: {
      Val a = arg(0);
      out.v = FromBool(b_.CreateAnd(a.ok, b_.CreateICmpEQ(a.v, I64(n.bucket_index()))));
      return out;
    }
    case NodeKind::kBucketLabel: {
      Val a = arg(0);
      out.ok = a.ok;
      out.v = b_.CreateSelect(a.ok, a.v, I64(0));
      return out;
    }
    default: break;  // constants, params and populations never reach here; aggregates are fused
  }
  return out;
}

Val Emitter::EmitArith(NodeId id) {
  const ir::Node& n = p_.nodes[id];
  Val a = Get(n.args[0]), c = Get(n.args[1]);
  TypeKind ta = p_.nodes[n.args[0]].type.kind, tb = p_.nodes[n.args[1]].type.kind, tr = n.type.kind;
  auto op = n.arith_op();
  llvm::Value* both = b_.CreateAnd(a.ok, c.ok);
  CheckedValue s{nullptr, Bool(false), Bool(false)};
  bool through_double = tr == TypeKind::kFloat;  // computed in doubles, checked for non-finite
  auto with_overflow = [&](llvm::Intrinsic::ID which, llvm::Value* x, llvm::Value* y) {
    llvm::Value* r = b_.CreateBinaryIntrinsic(which, x, y);
    s.value = b_.CreateExtractValue(r, 0);
    s.overflow = b_.CreateExtractValue(r, 1);
  };
  auto to_double = [&](TypeKind t, llvm::Value* v) { return t == TypeKind::kFloat ? v : b_.CreateSIToFP(v, f64_); };
  if (tr == TypeKind::kFloat) {
    llvm::Value* x = to_double(ta, a.v);
    llvm::Value* y = to_double(tb, c.v);
    llvm::Value* r;
    bool ratio = (ta == TypeKind::kMoney && tb == TypeKind::kMoney) ||
                 (ta == TypeKind::kDuration && tb == TypeKind::kDuration);
    if (ratio || op == lang::ArithOp::kDiv || op == lang::ArithOp::kMod) {
      r = b_.CreateFDiv(x, y);
      s.missing = ratio ? b_.CreateICmpEQ(c.v, I64(0)) : b_.CreateFCmpOEQ(y, F64(0));
    } else {
      r = op == lang::ArithOp::kAdd   ? b_.CreateFAdd(x, y)
          : op == lang::ArithOp::kSub ? b_.CreateFSub(x, y)
                                      : b_.CreateFMul(x, y);
    }
    // Frozen before its check, so that the analyses stop here (see the freeze below); freezing
    // the raw result rather than the selected one keeps the check as cheap to run as before.
    r = b_.CreateFreeze(r);
    s.missing = b_.CreateOr(s.missing, b_.CreateNot(Finite(r)));
    s.value = r;  // zeroed below, where missing
  } else if (tr == TypeKind::kInt && op != lang::ArithOp::kAdd && op != lang::ArithOp::kSub &&
             op != lang::ArithOp::kMul) {
    // Floored remainder (ops::ModI); the divisor is made safe first so no row traps.
    llvm::Value* zero = b_.CreateICmpEQ(c.v, I64(0));
    llvm::Value* minus_one = b_.CreateICmpEQ(c.v, I64(-1));
    llvm::Value* d = b_.CreateSelect(b_.CreateOr(zero, minus_one), I64(1), c.v);
    llvm::Value* r = b_.CreateSRem(a.v, d);
    llvm::Value* fix = b_.CreateAnd(b_.CreateICmpNE(r, I64(0)),
                                    b_.CreateICmpNE(b_.CreateICmpSLT(r, I64(0)), b_.CreateICmpSLT(d, I64(0))));
    r = b_.CreateSelect(fix, b_.CreateAdd(r, d), r);
    s.value = b_.CreateSelect(minus_one, I64(0), r);
    s.missing = zero;
  } else if (tr == TypeKind::kInt || (tr != TypeKind::kDate && !(tr == TypeKind::kDuration && ta == TypeKind::kDate) &&
                                      (op == lang::ArithOp::kAdd || op == lang::ArithOp::kSub))) {
    llvm::Intrinsic::ID which = op == lang::ArithOp::kAdd   ? llvm::Intrinsic::sadd_with_overflow
                                : op == lang::ArithOp::kSub ? llvm::Intrinsic::ssub_with_overflow
                                                            : llvm::Intrinsic::smul_with_overflow;
    with_overflow(which, a.v, c.v);
  } else if (tr == TypeKind::kDate) {
    // ops::DatePlusDuration: whole days, floored.
    llvm::Value* q = b_.CreateSDiv(c.v, I64(rt::kMicrosPerDay));
    llvm::Value* rem = b_.CreateSRem(c.v, I64(rt::kMicrosPerDay));
    llvm::Value* days = b_.CreateSub(q, FromBool(b_.CreateICmpSLT(rem, I64(0))));
    llvm::Value* r = op == lang::ArithOp::kSub ? b_.CreateSub(a.v, days) : b_.CreateAdd(a.v, days);
    s.overflow = b_.CreateOr(b_.CreateICmpSGT(r, I64(INT32_MAX)), b_.CreateICmpSLT(r, I64(INT32_MIN)));
    s.value = r;
  } else if (tr == TypeKind::kDuration && ta == TypeKind::kDate) {
    with_overflow(llvm::Intrinsic::smul_with_overflow, b_.CreateSub(a.v, c.v), I64(rt::kMicrosPerDay));
  } else if (op == lang::ArithOp::kMul) {
    bool lhs_scaled = ta == tr;
    llvm::Value* scaled = lhs_scaled ? a.v : c.v;
    llvm::Value* factor = lhs_scaled ? c.v : a.v;
    if ((lhs_scaled ? tb : ta) == TypeKind::kInt) {
      with_overflow(llvm::Intrinsic::smul_with_overflow, scaled, factor);
    } else {
      s = RoundToI64(b_.CreateFMul(b_.CreateSIToFP(scaled, f64_), factor));  // ops::ScaleI
      through_double = true;
    }
  } else {  // ops::DivideI: money or duration divided by a number
    llvm::Value* divisor = to_double(tb, c.v);
    CheckedValue r = RoundToI64(b_.CreateFDiv(b_.CreateSIToFP(a.v, f64_), divisor));
    through_double = true;
    llvm::Value* by_zero = b_.CreateFCmpOEQ(divisor, F64(0));
    s.value = r.value;
    s.missing = b_.CreateOr(by_zero, r.missing);
    s.overflow = b_.CreateAnd(b_.CreateNot(by_zero), r.overflow);
  }
  FailIf(b_.CreateAnd(both, s.overflow), id, kFailResult);
  Val out;
  out.ok = b_.CreateAnd(both, b_.CreateNot(b_.CreateOr(s.missing, s.overflow)));
  out.v = b_.CreateSelect(out.ok, s.value, Zero(id));
  // A result computed in doubles (a float, or money or a duration scaled by a float) is frozen
  // (a float above, before its check): instcombine's poison and implied-condition analyses
  // otherwise follow the value back through every earlier such operation and its non-finite
  // check, at each operation, quadratic in a chain of lets (1,000 float lets took 21-129 s to
  // compile). The value is fully defined (a NaN or infinity makes it missing), so the freeze
  // changes nothing but what the analyses may look through; it costs no instruction.
  if (through_double && tr != TypeKind::kFloat) out.v = b_.CreateFreeze(out.v);
  return out;
}

Val Emitter::EmitCompare(NodeId id) {
  const ir::Node& n = p_.nodes[id];
  Val a = Get(n.args[0]), c = Get(n.args[1]);
  llvm::Value* both = b_.CreateAnd(a.ok, c.ok);
  llvm::Value* r;
  if (p_.nodes[n.args[0]].type.IsTextLike()) {
    r = TextTest(id, a, c);
  } else {
    // Three-way like the interpreter (a NaN compares equal to everything), then the operator.
    bool f = IsFloat(n.args[0]);
    llvm::Value* lt = f ? b_.CreateFCmpOLT(a.v, c.v) : b_.CreateICmpSLT(a.v, c.v);
    llvm::Value* gt = f ? b_.CreateFCmpOGT(a.v, c.v) : b_.CreateICmpSGT(a.v, c.v);
    llvm::Value* eq = b_.CreateNot(b_.CreateOr(lt, gt));
    switch (n.compare_op()) {
      case lang::CompareOp::kEq: r = eq; break;
      case lang::CompareOp::kNe: r = b_.CreateNot(eq); break;
      case lang::CompareOp::kLt: r = lt; break;
      case lang::CompareOp::kLe: r = b_.CreateNot(gt); break;
      case lang::CompareOp::kGt: r = gt; break;
      default: r = b_.CreateNot(lt); break;
    }
  }
  Val out;
  out.ok = Bool(true);
  out.v = FromBool(b_.CreateAnd(both, r));
  return out;
}

Val Emitter::EmitClassify(NodeId id) {
  const ir::Node& n = p_.nodes[id];
  const ir::Classification& cls = p_.classifications[n.symbol];
  // First match by priority as a select chain from the lowest priority up: no branches.
  llvm::Value* bucket = I64(cls.else_bucket);
  for (size_t k = cls.rules.size(); k-- > 0;) {
    bucket = b_.CreateSelect(Truthy(Get(cls.rules[k].condition)), I64(cls.rules[k].bucket), bucket);
  }
  if (cls.parent >= 0) {
    Val parent = Get(n.args.back());
    llvm::Value* eligible = b_.CreateAnd(parent.ok, b_.CreateICmpEQ(parent.v, I64(cls.parent_bucket)));
    bucket = b_.CreateSelect(eligible, bucket, I64(-1));
  }
  Val out;
  out.v = bucket;
  out.ok = b_.CreateICmpSGE(bucket, I64(0));
  return out;
}

bool Emitter::Grows(NodeId id) {
  if (growing_.empty()) growing_ = exec::GrowingTexts(p_);
  return growing_[static_cast<size_t>(id)];
}

Val Emitter::MakeText(NodeId id, llvm::Value* valid, llvm::Value* x, llvm::Value* y) {
  llvm::Value* code = Helper("seg_rt_text_make", i64_, {ctx_, I32(id), b_.CreateZExt(valid, i8_), x, y});
  llvm::Value* too_long = b_.CreateICmpSLT(code, I64(0));
  FailIf(too_long, id, kFailTextTooLong);
  Val out;
  out.ok = b_.CreateAnd(valid, b_.CreateNot(too_long));
  out.v = b_.CreateSelect(out.ok, code, I64(0));
  return out;
}

llvm::Value* Emitter::TextEntry(NodeId id, const Val& code) {
  // Code 0 names a string in every growing dictionary: a missing row asks for it, and the caller
  // discards the answer.
  return Helper("seg_rt_text_entry", i64_, {ctx_, I32(id), b_.CreateSelect(code.ok, code.v, I64(0))});
}

llvm::Value* Emitter::TextTest(NodeId id, const Val& a, const Val& c) {
  if (growing_.empty()) growing_ = exec::GrowingTexts(p_);
  if (exec::HasTextTable(p_, growing_, id)) return b_.CreateICmpNE(Lookup(kTable, id, a), I64(0));
  // Two computed texts: the run's per-row test (RunState::TextPair), called only when both have a value.
  llvm::Value* both = b_.CreateZExt(b_.CreateAnd(a.ok, c.ok), i8_);
  llvm::Value* r = Helper("seg_rt_text_pair", i8_, {ctx_, I32(id), both, a.v, c.v});
  return b_.CreateICmpNE(r, llvm::ConstantInt::get(i8_, 0));
}

llvm::Value* Emitter::CallKernel(const rt::fn::Kernel& k, const std::vector<llvm::Value*>& args) {
  using rt::fn::Shape;
  bool float_args = k.shape == Shape::kFloat || k.shape == Shape::kFloatFloat || k.shape == Shape::kFloatFloatFloat;
  bool float_result = float_args || k.shape == Shape::kIntToFloat;
  std::vector<llvm::Type*> types(args.size(), float_args ? f64_ : i64_);
  types.push_back(ptr_);
  llvm::FunctionCallee callee = m_.getOrInsertFunction(k.symbol, llvm::FunctionType::get(float_result ? f64_ : i64_,
                                                                                         types, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr(llvm::Attribute::WillReturn);
    f->addParamAttr(static_cast<unsigned>(args.size()), llvm::Attribute::NoCapture);
  }
  if (status_slot_ == nullptr) status_slot_ = eb_.CreateAlloca(i8_, nullptr, "status");
  std::vector<llvm::Value*> call_args = args;
  call_args.push_back(status_slot_);
  return b_.CreateCall(callee, call_args);
}

// Builtin functions: a call to the registry's kernel (runtime/kernels/functions.h), the code the
// interpreter calls; text functions read the plan's lookup tables or the run's per-row test.
Val Emitter::EmitCall(NodeId id) {
  const ir::Node& n = p_.nodes[id];
  const rt::fn::FunctionInfo& fn = rt::fn::InfoOf(n.builtin());
  std::vector<Val> args;
  llvm::Value* valid = Bool(true);
  for (NodeId a : n.args) {
    args.push_back(Get(a));
    valid = b_.CreateAnd(valid, args.back().ok);
  }
  Val out;
  out.ok = valid;
  switch (fn.signature) {
    case lang::Signature::kTextToText:
      if (Grows(id)) return MakeText(id, valid, args[0].v, I64(0));
      out.v = b_.CreateSelect(valid, Lookup(kRemap0, id, args[0]), I64(0));
      return out;
    case lang::Signature::kTextTextToText:  // concat: made by the run, or the remap of its non-constant side
      if (Grows(id)) return MakeText(id, valid, args[0].v, args[1].v);
      out.v = b_.CreateSelect(valid, Lookup(kRemap0, id, args[exec::ConcatSource(p_, id)]), I64(0));
      return out;
    case lang::Signature::kTextToInt:
      out.v = b_.CreateSelect(valid, Grows(n.args[0]) ? TextEntry(id, args[0]) : Lookup(kTable, id, args[0]), I64(0));
      return out;
    case lang::Signature::kTextTextToBool:
      out.v = FromBool(b_.CreateAnd(valid, TextTest(id, args[0], args[1])));
      return out;
    default: break;
  }
  // A duration in days or hours: the kernel's one division (runtime/kernels/functions.cc, Days and
  // Hours), emitted here rather than called (a call a customer was 1.6% of job.seg's samples).
  // The same two operations, int to double and the division, so the same bits; never fails.
  if (fn.id == rt::fn::FunctionId::kDays || fn.id == rt::fn::FunctionId::kHours) {
    double per = fn.id == rt::fn::FunctionId::kDays ? rt::fn::kDurationPerDay : rt::fn::kDurationPerHour;
    out.v = b_.CreateSelect(valid, b_.CreateFDiv(b_.CreateSIToFP(args[0].v, f64_), llvm::ConstantFP::get(f64_, per)),
                            Zero(id));
    return out;
  }
  const rt::fn::Kernel& kernel = rt::fn::KernelFor(fn.id, p_.nodes[n.args[0]].type.ToValueType());
  auto machine = [&](size_t k) -> llvm::Value* {
    if (fn.form == rt::fn::ArgForm::kValue) return args[k].v;
    return b_.CreateSExt(LocalDay(p_.nodes[n.args[k]].type, args[k].v), i64_);
  };
  llvm::Value* status = llvm::ConstantInt::get(i8_, 0);
  llvm::Value* v;
  if (fn.fold_pairwise) {
    v = machine(0);
    for (size_t k = 1; k < args.size(); ++k) {
      v = CallKernel(kernel, {v, machine(k)});
      status = b_.CreateOr(status, b_.CreateLoad(i8_, status_slot_));
    }
  } else {
    std::vector<llvm::Value*> xs;
    for (size_t k = 0; k < args.size(); ++k) xs.push_back(machine(k));
    if (fn.takes_as_of) xs.push_back(Field(kAsOf));
    if (fn.takes_zone) xs.push_back(Helper("seg_jit_zone", i64_, {ctx_}));  // add_months (calendar.h)
    v = CallKernel(kernel, xs);
    status = b_.CreateLoad(i8_, status_slot_);
  }
  if (kernel.overflow != nullptr) {
    llvm::Value* overflow = b_.CreateICmpEQ(status, llvm::ConstantInt::get(i8_, rt::fn::kOverflow));
    FailIf(b_.CreateAnd(valid, overflow), id, kFailCall);
  }
  out.ok = b_.CreateAnd(valid, b_.CreateICmpEQ(status, llvm::ConstantInt::get(i8_, rt::fn::kOk)));
  out.v = b_.CreateSelect(out.ok, v, Zero(id));
  return out;
}

}  // namespace seg::jit
