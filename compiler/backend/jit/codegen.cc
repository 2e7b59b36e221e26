// IR to LLVM IR, one function per stage (scalar operators: codegen_node.cc; aggregates:
// codegen_aggregate.cc). Per customer: each event input's aggregates in one fused
// pass over the customer's events (event-level values computed inline, windows as day compares,
// filters as selects), then the customer-level nodes in id order, then classifications as
// branch-free select chains. Every formula mirrors the interpreter's (eval_scalar.cc,
// eval_aggregate.cc) and runtime/kernels/scalar_ops.h, including what is stored for a missing
// value, so both engines agree byte for byte. Data-dependent facts come from JitCtx at run time.
#include "compiler/backend/jit/codegen.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include <map>

#include "compiler/backend/jit/codegen_internal.h"
#include "runtime/civil_time.h"

namespace seg::jit {

using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

std::string StageSymbol(int32_t stage) { return "seg_stage_" + std::to_string(stage); }

Emitter::Emitter(const ir::Program& p, const std::vector<bool>& stored, llvm::Module& m, int32_t stage, PartRange part,
                 const StageBits& bits, const std::string& name, bool defer_failures, bool fast_events)
    : p_(p),
      stored_(stored),
      m_(m),
      stage_(stage),
      part_(part),
      bits_(bits),
      name_(name),
      defer_failures_(defer_failures),
      fast_events_(fast_events),
      b_(m.getContext()),
      eb_(m.getContext()),
      ob_(m.getContext()) {
  llvm::LLVMContext& c = m.getContext();
  i1_ = llvm::Type::getInt1Ty(c);
  i8_ = llvm::Type::getInt8Ty(c);
  i32_ = llvm::Type::getInt32Ty(c);
  i64_ = llvm::Type::getInt64Ty(c);
  f64_ = llvm::Type::getDoubleTy(c);
  ptr_ = llvm::PointerType::get(c, 0);
  for (size_t k = 0; k < bits.slots.size(); ++k) bit_slot_[bits.slots[k]] = k;
}

bool Emitter::IsFloat(NodeId id) const { return p_.nodes[id].type.Is(TypeKind::kFloat); }
bool Emitter::InStage(NodeId id) const {
  const ir::Node& n = p_.nodes[id];
  return n.stage == stage_ && IsStageNode(n);
}
bool Emitter::InPart(NodeId id) const { return id >= part_.begin && id < part_.end && InStage(id); }

llvm::Value* Emitter::Zero(NodeId id) {
  return IsFloat(id) ? static_cast<llvm::Value*>(llvm::ConstantFP::get(f64_, 0.0)) : I64(0);
}
llvm::Value* Emitter::I64(int64_t v) { return llvm::ConstantInt::get(i64_, static_cast<uint64_t>(v), true); }
llvm::Value* Emitter::I32(int32_t v) { return llvm::ConstantInt::get(i32_, static_cast<uint64_t>(v), true); }
llvm::Value* Emitter::F64(double v) { return llvm::ConstantFP::get(f64_, v); }
llvm::Value* Emitter::Bool(bool v) { return llvm::ConstantInt::get(i1_, v ? 1 : 0); }

llvm::Value* Emitter::Field(int field) {
  auto it = fields_.find(field);
  if (it != fields_.end()) return it->second;
  llvm::Value* addr = eb_.CreateConstInBoundsGEP1_64(i8_, ctx_, static_cast<uint64_t>(8 * field));
  bool word = field == kAsOf || field == kZoneFixed || field == kZoneOffsetUs;
  llvm::Value* v = eb_.CreateLoad(word ? i64_ : ptr_, addr);
  fields_[field] = v;
  return v;
}

llvm::Value* Emitter::PerNode(int field, int64_t index) {
  auto key = std::make_pair(field, index);
  auto it = per_node_.find(key);
  if (it != per_node_.end()) return it->second;
  llvm::Value* base = Field(field);
  llvm::Value* v = eb_.CreateLoad(ptr_, eb_.CreateConstInBoundsGEP1_64(ptr_, base, static_cast<uint64_t>(index)));
  per_node_[key] = v;
  return v;
}

llvm::Value* Emitter::DayBound(bool hi, NodeId id) {
  auto key = std::make_pair(hi ? -2 : -1, static_cast<int64_t>(id));
  auto it = per_node_.find(key);
  if (it != per_node_.end()) return it->second;
  llvm::Value* v = eb_.CreateLoad(i32_, eb_.CreateConstInBoundsGEP1_64(i32_, Field(hi ? kDayHi : kDayLo), id));
  per_node_[key] = v;
  return v;
}

Val Emitter::Scalar(NodeId id) {
  auto it = scalars_.find(id);
  if (it != scalars_.end()) return it->second;
  Val out;
  const ir::Node& n = p_.nodes[id];
  if (n.kind == NodeKind::kConst && !n.type.IsTextLike()) {
    // A literal is part of the IR (and so of the cache key): an immediate, as the plan stores it.
    out.v = IsFloat(id) ? F64(n.constant.f) : I64(n.constant.i);
    out.ok = Bool(!n.constant.missing);
    scalars_[id] = out;
    return out;
  }
  if (IsFloat(id)) out.v = eb_.CreateLoad(f64_, eb_.CreateConstInBoundsGEP1_64(f64_, Field(kScalarF), id));
  else out.v = eb_.CreateLoad(i64_, eb_.CreateConstInBoundsGEP1_64(i64_, Field(kScalarI), id));
  llvm::Value* v = eb_.CreateLoad(i8_, eb_.CreateConstInBoundsGEP1_64(i8_, Field(kScalarV), id));
  out.ok = eb_.CreateICmpNE(v, llvm::ConstantInt::get(i8_, 0));
  scalars_[id] = out;
  return out;
}

Val Emitter::Get(NodeId id) {
  const ir::Node& n = p_.nodes[id];
  if (n.level == ir::Level::kConstant) return Scalar(id);
  if (n.level == ir::Level::kEvent) {
    auto it = event_vals_.find(id);
    if (it != event_vals_.end()) return it->second;
    Val v = EmitNode(id, true);
    event_vals_[id] = v;
    return v;
  }
  if (InPart(id)) return cust_vals_.at(id);
  // An earlier stage's or part's value or a population rank: read the persisted (or spilled)
  // column.
  if (PackedBool(id)) return GetPackedBool(id);
  Val out;
  if (IsFloat(id)) out.v = LoadInput(f64_, b_.CreateInBoundsGEP(f64_, PerNode(kFullF, id), c_));
  else out.v = LoadInput(i64_, b_.CreateInBoundsGEP(i64_, PerNode(kFullI, id), c_));
  out.ok = b_.CreateICmpNE(LoadInput(i8_, b_.CreateInBoundsGEP(i8_, PerNode(kFullV, id), c_)),
                           llvm::ConstantInt::get(i8_, 0));
  return out;
}

llvm::Value* Emitter::Truthy(const Val& v) { return b_.CreateAnd(v.ok, b_.CreateICmpNE(v.v, I64(0))); }
llvm::Value* Emitter::FromBool(llvm::Value* b) { return b_.CreateZExt(b, i64_); }

llvm::Value* Emitter::Lookup(int field, NodeId id, const Val& code) {
  // A missing code reads slot 0, which the runner guarantees exists; the caller discards it.
  llvm::Value* index = b_.CreateSelect(code.ok, code.v, I64(0));
  return LoadInput(i64_, b_.CreateInBoundsGEP(i64_, PerNode(field, id), index));
}

llvm::Value* Emitter::Finite(llvm::Value* x) {
  llvm::Value* a = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  return b_.CreateFCmpOLT(a, F64(std::numeric_limits<double>::infinity()));
}

CheckedValue Emitter::RoundToI64(llvm::Value* x) {
  CheckedValue s;
  llvm::Value* finite = Finite(x);
  llvm::Value* r = b_.CreateUnaryIntrinsic(llvm::Intrinsic::round, x);
  llvm::Value* out_of_range = b_.CreateOr(b_.CreateFCmpOGE(r, F64(9.2233720368547758e18)),
                                          b_.CreateFCmpOLT(r, F64(-9.2233720368547758e18)));
  s.missing = b_.CreateNot(finite);
  s.overflow = b_.CreateAnd(finite, out_of_range);
  llvm::Value* ok = b_.CreateAnd(finite, b_.CreateNot(out_of_range));
  llvm::Value* safe = b_.CreateSelect(ok, r, F64(0));
  s.value = b_.CreateFPToSI(safe, i64_);
  return s;
}

// A check branches to the helper where it fails, except in a function of more than
// kDeferFailuresWeight: there customer-level failures are carried, the first (lowest node) one,
// in two selects and reported once, at the end of the customer (ReportFailure). A branch per
// check made LLVM's known-bits queries walk every earlier check of the function, quadratic in a
// chain of lets (200 chained lets took 15 s to compile). The run keeps the lowest (customer, node)
// failure (exec::RunState::RecordError), so reporting later changes nothing. Inside an event loop
// a check always branches at once. Functions of ordinary programs keep the branches, whose
// not-taken prediction costs nothing at run time.
void Emitter::FailIf(llvm::Value* cond, NodeId id, FailCode code) {
  if (defer_failures_ && !in_event_loop_) {
    llvm::Value* first = b_.CreateAnd(cond, b_.CreateICmpSLT(I32(id), fail_node_));
    fail_node_ = b_.CreateSelect(first, I32(id), fail_node_);
    fail_code_ = b_.CreateSelect(first, I32(code), fail_code_);
    return;
  }
  CallFail(cond, I32(id), I32(code));
}

void Emitter::CallFail(llvm::Value* cond, llvm::Value* node, llvm::Value* code) {
  if (in_fast_loop_) fast_unsafe_ = true;  // the general loop fails rows outside the windows too
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock* fail = llvm::BasicBlock::Create(m_.getContext(), "fail", fn);
  llvm::BasicBlock* cont = llvm::BasicBlock::Create(m_.getContext(), "cont", fn);
  b_.CreateCondBr(cond, fail, cont);
  b_.SetInsertPoint(fail);
  llvm::FunctionCallee helper = m_.getOrInsertFunction("seg_jit_fail",
                                                       llvm::FunctionType::get(llvm::Type::getVoidTy(m_.getContext()),
                                                                               {ptr_, i64_, i32_, i32_}, false));
  b_.CreateCall(helper, {ctx_, c_, node, code});
  b_.CreateBr(cont);
  b_.SetInsertPoint(cont);
}

void Emitter::ReportFailure() {
  if (llvm::isa<llvm::Constant>(fail_node_)) return;  // no check in this function's customer code
  CallFail(b_.CreateICmpNE(fail_node_, I32(kNoFailure)), fail_node_, fail_code_);
}

llvm::Value* Emitter::LocalDay(const lang::Type& t, llvm::Value* v) {
  if (t.Is(TypeKind::kDate)) return b_.CreateTrunc(v, i32_);
  // In UTC or a fixed offset the day is a floor division, as rt::UtcDay computes it; a call per
  // value cost more than the rest of a customer's formulas (days_since(last(orders.ts))).
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock* fixed = llvm::BasicBlock::Create(m_.getContext(), "day_fixed", fn);
  llvm::BasicBlock* rules = llvm::BasicBlock::Create(m_.getContext(), "day_rules", fn);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(m_.getContext(), "day_done", fn);
  b_.CreateCondBr(eb_.CreateICmpNE(Field(kZoneFixed), I64(0)), fixed, rules);
  b_.SetInsertPoint(fixed);
  llvm::Value* local = b_.CreateAdd(v, Field(kZoneOffsetUs));
  llvm::Value* q = b_.CreateSDiv(local, I64(rt::kMicrosPerDay));
  llvm::Value* r = b_.CreateSRem(local, I64(rt::kMicrosPerDay));
  llvm::Value* floor = b_.CreateTrunc(b_.CreateSub(q, b_.CreateZExt(b_.CreateICmpSLT(r, I64(0)), i64_)), i32_);
  b_.CreateBr(done);
  b_.SetInsertPoint(rules);
  llvm::FunctionCallee helper = m_.getOrInsertFunction("seg_jit_local_day",
                                                       llvm::FunctionType::get(i32_, {ptr_, i64_}, false));
  llvm::Value* called = b_.CreateCall(helper, {ctx_, v});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* day = b_.CreatePHI(i32_, 2);
  day->addIncoming(floor, fixed);
  day->addIncoming(called, rules);
  return day;
}

void Emitter::Store(NodeId id, const Val& v) {
  bool bucket = p_.nodes[id].kind == NodeKind::kClassify;
  if (!bucket && !stored_[id]) return;
  const OutputScopes& scopes = output_scopes_.at(id);
  if (bucket) {  // the result's bucket array: index or -1
    StoreOutput(b_.CreateTrunc(b_.CreateSelect(v.ok, v.v, I64(-1)), i32_),
                b_.CreateInBoundsGEP(i32_, PerNode(kBucketOut, id), c_), scopes.bucket_scope, scopes.bucket_noalias);
  }
  if (!stored_[id]) return;
  if (PackedBool(id)) return StorePackedBool(id, v);
  llvm::Value* values = IsFloat(id) ? b_.CreateInBoundsGEP(f64_, PerNode(kFullF, id), c_)
                                    : b_.CreateInBoundsGEP(i64_, PerNode(kFullI, id), c_);
  StoreOutput(v.v, values, scopes.value_scope, scopes.value_noalias);
  StoreOutput(b_.CreateZExt(v.ok, i8_), b_.CreateInBoundsGEP(i8_, PerNode(kFullV, id), c_), scopes.valid_scope,
              scopes.valid_noalias);
}

void Emitter::StoreOutput(llvm::Value* value, llvm::Value* address, llvm::MDNode* scope, llvm::MDNode* noalias) {
  llvm::StoreInst* store = b_.CreateStore(value, address);
  store->setMetadata(llvm::LLVMContext::MD_alias_scope, scope);
  store->setMetadata(llvm::LLVMContext::MD_noalias, noalias);
}

llvm::Value* Emitter::LoadInput(llvm::Type* type, llvm::Value* address, llvm::IRBuilder<>* at) {
  llvm::LoadInst* load = (at != nullptr ? *at : b_).CreateLoad(type, address);
  load->setMetadata(llvm::LLVMContext::MD_alias_scope, input_scope_);
  if (all_outputs_ != nullptr) load->setMetadata(llvm::LLVMContext::MD_noalias, all_outputs_);
  return load;
}

// Alias scopes: what the stage reads (columns, earlier stages' values, tables, event indexes)
// never overlaps what it writes (this stage's persisted columns, each its own array). Told so,
// LLVM vectorises a stage of plain per-customer formulas, as it would a hand-written loop.
void Emitter::MakeAliasScopes() {
  llvm::MDBuilder md(m_.getContext());
  llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("seg.stage");
  llvm::MDNode* input = md.createAnonymousAliasScope(domain, "inputs");
  input_scope_ = llvm::MDNode::get(m_.getContext(), {input});
  struct Arrays {
    NodeId id;
    llvm::MDNode *value = nullptr, *valid = nullptr, *bucket = nullptr;
  };
  std::vector<Arrays> outs;
  std::vector<llvm::Metadata*> all;
  for (NodeId id = 0; id < static_cast<NodeId>(p_.nodes.size()); ++id) {
    bool bucket = p_.nodes[id].kind == NodeKind::kClassify && InPart(id);
    if (!(stored_[id] && InPart(id)) && !bucket) continue;
    Arrays a{id};
    if (stored_[id]) {
      a.value = md.createAnonymousAliasScope(domain, "value");
      a.valid = md.createAnonymousAliasScope(domain, "valid");
      all.push_back(a.value);
      all.push_back(a.valid);
    }
    if (bucket) {
      a.bucket = md.createAnonymousAliasScope(domain, "bucket");
      all.push_back(a.bucket);
    }
    outs.push_back(a);
  }
  if (all.size() > kMaxOutputScopes) {
    // One scope for all outputs: each output's "not the others" list would make the metadata
    // (and LLVM's alias queries over it) quadratic in the outputs. Outputs still never alias
    // inputs; only stores to different outputs are no longer known apart.
    llvm::MDNode* outputs = md.createAnonymousAliasScope(domain, "outputs");
    llvm::MDNode* self = llvm::MDNode::get(m_.getContext(), {outputs});
    llvm::MDNode* others = llvm::MDNode::get(m_.getContext(), {input});
    all_outputs_ = self;
    for (const Arrays& a : outs) output_scopes_[a.id] = OutputScopes{self, others, self, others, self, others};
    return;
  }
  if (!all.empty()) all_outputs_ = llvm::MDNode::get(m_.getContext(), all);
  auto self = [&](llvm::MDNode* scope) { return scope ? llvm::MDNode::get(m_.getContext(), {scope}) : nullptr; };
  auto others = [&](llvm::MDNode* scope) -> llvm::MDNode* {
    if (scope == nullptr) return nullptr;
    std::vector<llvm::Metadata*> list = {input};
    for (llvm::Metadata* other : all)
      if (other != scope) list.push_back(other);
    return llvm::MDNode::get(m_.getContext(), list);
  };
  for (const Arrays& a : outs) {
    output_scopes_[a.id] = OutputScopes{self(a.value),   others(a.value), self(a.valid),
                                        others(a.valid), self(a.bucket),  others(a.bucket)};
  }
}

llvm::Value* Emitter::BlockWord(NodeId id) {
  auto it = block_words_.find(id);
  if (it != block_words_.end()) return it->second;
  llvm::Value* word = LoadInput(i64_, ob_.CreateInBoundsGEP(i64_, PerNode(kColumnValid, id), block_), &ob_);
  block_words_[id] = word;
  return word;
}

llvm::Function* Emitter::Emit() {
  llvm::LLVMContext& c = m_.getContext();
  auto* fty = llvm::FunctionType::get(llvm::Type::getVoidTy(c), {ptr_, i64_, i64_, ptr_}, false);
  llvm::Function* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name_, m_);
  fn->addParamAttr(0, llvm::Attribute::NoAlias);
  fn->addParamAttr(3, llvm::Attribute::NoAlias);  // the bool scratch: only ever reached through it
  ctx_ = fn->getArg(0);
  MakeAliasScopes();
  // Customers go in blocks of 64, one word of every validity bitmap: the words are loaded once
  // per block, and the inner loop over the block's customers is a plain counted loop.
  llvm::BasicBlock* entry = llvm::BasicBlock::Create(c, "entry", fn);
  llvm::BasicBlock* block = llvm::BasicBlock::Create(c, "block", fn);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(c, "customer", fn);
  llvm::BasicBlock* next_block = llvm::BasicBlock::Create(c, "next_block", fn);
  llvm::BasicBlock* exit = llvm::BasicBlock::Create(c, "exit", fn);
  llvm::Value* begin = fn->getArg(1);
  llvm::Value* end = fn->getArg(2);
  b_.SetInsertPoint(entry);
  b_.CreateCondBr(b_.CreateICmpULT(begin, end), block, exit);
  eb_.SetInsertPoint(entry->getTerminator());  // loop-invariant loads from the context go here
  b_.SetInsertPoint(block);
  llvm::PHINode* first = b_.CreatePHI(i64_, 2, "first");
  first->addIncoming(begin, entry);
  block_ = b_.CreateLShr(first, I64(6));
  llvm::Value* block_end = b_.CreateBinaryIntrinsic(llvm::Intrinsic::umin,
                                                    b_.CreateShl(b_.CreateAdd(block_, I64(1)), I64(6)), end);
  b_.CreateBr(body);
  ob_.SetInsertPoint(block->getTerminator());  // per-block loads (validity words) go here
  b_.SetInsertPoint(body);
  llvm::PHINode* customer = b_.CreatePHI(i64_, 2, "c");
  customer->addIncoming(first, block);
  c_ = customer;
  if (!bits_.slots.empty()) scratch_row_ = b_.CreateInBoundsGEP(i8_, fn->getArg(3), b_.CreateSub(customer, begin));
  fail_node_ = I32(kNoFailure);
  fail_code_ = I32(0);

  std::vector<bool> done(p_.nodes.size(), false);
  for (NodeId id = part_.begin; id < part_.end; ++id) {
    if (!InStage(id) || done[id]) continue;
    const ir::Node& n = p_.nodes[id];
    if (n.kind == NodeKind::kAggregate) {
      // Fuse every aggregate of this input (in this part) whose inputs are already computed.
      std::vector<NodeId> group;
      for (NodeId other = id; other < part_.end; ++other) {
        const ir::Node& o = p_.nodes[other];
        if (done[other] || !InStage(other) || o.kind != NodeKind::kAggregate || o.input != n.input) continue;
        if (LatestCustomerDependency(other) < id) group.push_back(other);
      }
      EmitAggregates(n.input, group);
      for (NodeId g : group) done[g] = true;
      continue;
    }
    Val v = EmitNode(id, false);
    cust_vals_[id] = v;
    Store(id, v);
    done[id] = true;
  }
  ReportFailure();
  llvm::Value* next = b_.CreateAdd(customer, I64(1));
  customer->addIncoming(next, b_.GetInsertBlock());
  b_.CreateCondBr(b_.CreateICmpULT(next, block_end), body, next_block);
  b_.SetInsertPoint(next_block);
  first->addIncoming(block_end, b_.GetInsertBlock());
  b_.CreateCondBr(b_.CreateICmpULT(block_end, end), block, exit);
  b_.SetInsertPoint(exit);
  b_.CreateRetVoid();
  return fn;
}

NodeId Emitter::LatestCustomerDependency(NodeId agg) {
  NodeId latest = -1;
  std::vector<NodeId> stack;
  const ir::Aggregate& a = p_.nodes[agg].aggregate;
  stack = {a.value, a.filter};
  std::vector<bool> seen(p_.nodes.size(), false);
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id < 0 || seen[id]) continue;
    seen[id] = true;
    if (InStage(id)) latest = std::max(latest, id);
    if (p_.nodes[id].level == ir::Level::kEvent)
      for (NodeId x : p_.nodes[id].args) stack.push_back(x);
  }
  return latest;
}

std::string PartSymbol(int32_t stage, size_t part) { return StageSymbol(stage) + "_part_" + std::to_string(part); }

namespace {

// Stage `stage`'s function when it is cut into parts: calls each part's function in order over
// the same customers (a part reads what earlier ones spilled).
void EmitStageCallingParts(llvm::Module& m, int32_t stage, const std::vector<llvm::Function*>& parts) {
  llvm::Function* fn = llvm::Function::Create(parts[0]->getFunctionType(), llvm::Function::ExternalLinkage,
                                              StageSymbol(stage), m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(m.getContext(), "entry", fn));
  for (llvm::Function* part : parts) b.CreateCall(part, {fn->getArg(0), fn->getArg(1), fn->getArg(2), fn->getArg(3)});
  b.CreateRetVoid();
}

}  // namespace

std::unique_ptr<llvm::Module> LowerProgram(const ir::Program& program, const std::vector<bool>& persist,
                                           const ProgramLayout& layout, const CodegenLimits& limits,
                                           llvm::LLVMContext& context) {
  auto module = std::make_unique<llvm::Module>("seg_program", context);
  std::vector<bool> stored(persist.size());
  for (size_t id = 0; id < stored.size(); ++id) stored[id] = persist[id] || layout.spilled[id];
  auto defer = [&](const PartRange& part) { return part.weight > limits.defer_failures_weight; };
  // A large program's event loops are emitted once (the general loop): fast loops beside them
  // would double their IR, and so their compile time.
  bool fast_events = layout.weight <= limits.full_opt_weight;
  for (int32_t stage = 0; stage < program.stage_count; ++stage) {
    const std::vector<PartRange>& parts = layout.parts[static_cast<size_t>(stage)];
    const StageBits& bits = layout.bits[static_cast<size_t>(stage)];
    if (parts.size() == 1) {
      Emitter(program, stored, *module, stage, parts[0], bits, StageSymbol(stage), defer(parts[0]), fast_events).Emit();
      continue;
    }
    std::vector<llvm::Function*> functions;
    for (size_t k = 0; k < parts.size(); ++k) {
      llvm::Function* part = Emitter(program, stored, *module, stage, parts[k], bits, PartSymbol(stage, k),
                                     defer(parts[k]), fast_events)
                                 .Emit();
      // Kept apart: inlined back into one function, the parts would cost what cutting saves.
      part->setLinkage(llvm::Function::InternalLinkage);
      part->addFnAttr(llvm::Attribute::NoInline);
      functions.push_back(part);
    }
    EmitStageCallingParts(*module, stage, functions);
  }
  return module;
}

}  // namespace seg::jit
