// Sequences of events in compiled code. A step is a count aggregate: inside its input's fused
// event loop, each event it counts also hands its time to the runtime (one list per step node,
// per thread); the sequence node, emitted after every step's loop of the stage (its id is
// larger, and lowering puts the steps in its stage), calls the kernel the interpreter calls
// (eval_sequence.cc) on those lists.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/backend/jit/codegen_internal.h"

namespace seg::jit {

using ir::NodeId;

bool Emitter::IsSequenceStep(NodeId id) {
  if (sequence_steps_.empty()) {
    sequence_steps_.assign(p_.nodes.size(), false);
    for (const ir::Node& n : p_.nodes) {
      if (n.kind != ir::NodeKind::kSequence) continue;
      for (size_t s = 0; s <= n.sequence.limits.size(); ++s) sequence_steps_[n.args[s]] = true;
    }
  }
  return sequence_steps_[id];
}

// A call per counted event, so a branch (as count_distinct's collection).
void Emitter::CollectSequenceTime(int32_t input, NodeId step, llvm::Value* counted) {
  llvm::LLVMContext& context = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock* add = llvm::BasicBlock::Create(context, "sequence_add", fn);
  llvm::BasicBlock* next = llvm::BasicBlock::Create(context, "sequence_next", fn);
  b_.CreateCondBr(counted, add, next);
  b_.SetInsertPoint(add);
  llvm::Value* instant = LoadInput(i64_, b_.CreateInBoundsGEP(i64_, PerNode(kInstant, input), e_));
  Helper("seg_rt_sequence_add", llvm::Type::getVoidTy(context), {I32(step), instant});
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
}

// The kernel's answer, INT64_MIN for missing (no answer it gives is that).
Val Emitter::EmitSequence(NodeId id) {
  Val out;
  llvm::Value* r = Helper("seg_rt_sequence", i64_, {ctx_, I32(id)});
  out.ok = b_.CreateICmpNE(r, I64(INT64_MIN));
  out.v = b_.CreateSelect(out.ok, r, I64(0));
  return out;
}

}  // namespace seg::jit
