// Bool columns as bits (exec::PackedAsBits): a persisted or spilled bool costs two bits per
// customer, its value and its validity, as the interpreter keeps it (exec/bits.h).
//
// Writing: the customers of a block of 64 each OR their bit into a word the customer loop
// carries (a phi per word, which the loop vectoriser treats as an OR reduction), and the block's
// end stores the words. A morsel need not start or end on a block's boundary, and the
// neighbouring morsel may be running on another thread: a word the block fills entirely is
// stored plainly, a partial one is updated atomically, only the block's own bits of it.
//
// Reading (an earlier stage's or part's bool): the word is loaded once per block, and each
// customer shifts its bit out.
#include <llvm/IR/IRBuilder.h>

#include "compiler/backend/jit/codegen_internal.h"
#include "compiler/exec/result.h"

namespace seg::jit {

bool Emitter::PackedBool(ir::NodeId id) const { return exec::PackedAsBits(p_.nodes[id].type); }

Val Emitter::GetPackedBool(ir::NodeId id) {
  auto word = [&](int field) {
    auto key = std::make_pair(field, id);
    auto it = packed_words_.find(key);
    if (it != packed_words_.end()) return it->second;
    llvm::Value* w = LoadInput(i64_, ob_.CreateInBoundsGEP(i64_, PerNode(field, id), block_), &ob_);
    packed_words_[key] = w;
    return w;
  };
  llvm::Value* shift = b_.CreateAnd(c_, I64(63));
  Val out;
  out.v = b_.CreateAnd(b_.CreateLShr(word(kFullI), shift), I64(1));
  out.ok = b_.CreateTrunc(b_.CreateLShr(word(kFullV), shift), i1_);
  return out;
}

llvm::Value* Emitter::AccumulateBit(llvm::Value* bit) {
  llvm::IRBuilder<> at(customer_bb_, customer_bb_->getFirstInsertionPt());
  llvm::PHINode* phi = at.CreatePHI(i64_, 2, "bits");
  phi->addIncoming(I64(0), block_bb_);
  llvm::Value* next = b_.CreateOr(phi, b_.CreateShl(b_.CreateZExt(bit, i64_), b_.CreateAnd(c_, I64(63))));
  bit_words_.push_back(BitWord{phi, next});
  return next;
}

void Emitter::CloseBitWords(llvm::BasicBlock* latch) {
  for (const BitWord& w : bit_words_) w.phi->addIncoming(w.next, latch);
}

void Emitter::FlushBits(llvm::Value* first, llvm::Value* block_end) {
  if (bit_stores_.empty()) return;
  llvm::LLVMContext& c = m_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  // The block's customers' bits of the word: [first % 64, (block_end - 1) % 64].
  llvm::Value* all = I64(-1);
  llvm::Value* low = b_.CreateShl(all, b_.CreateAnd(first, I64(63)));
  llvm::Value* high = b_.CreateLShr(all, b_.CreateSub(I64(63), b_.CreateAnd(b_.CreateSub(block_end, I64(1)), I64(63))));
  llvm::Value* mask = b_.CreateAnd(low, high);
  llvm::BasicBlock* whole = llvm::BasicBlock::Create(c, "bits_whole", fn);
  llvm::BasicBlock* partial = llvm::BasicBlock::Create(c, "bits_partial", fn);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(c, "bits_done", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(mask, all), whole, partial);
  auto address = [&](int field, ir::NodeId id) { return b_.CreateInBoundsGEP(i64_, PerNode(field, id), block_); };
  b_.SetInsertPoint(whole);
  for (const BitStore& s : bit_stores_) {
    const OutputScopes& scopes = output_scopes_.at(s.id);
    StoreOutput(bit_words_[s.value].next, address(kFullI, s.id), scopes.value_scope, scopes.value_noalias);
    StoreOutput(bit_words_[s.valid].next, address(kFullV, s.id), scopes.valid_scope, scopes.valid_noalias);
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(partial);
  llvm::Value* keep = b_.CreateNot(mask);
  for (const BitStore& s : bit_stores_) {
    for (auto [field, word] : {std::pair{kFullI, s.value}, std::pair{kFullV, s.valid}}) {
      llvm::Value* at = address(field, s.id);
      b_.CreateAtomicRMW(llvm::AtomicRMWInst::And, at, keep, llvm::MaybeAlign(8), llvm::AtomicOrdering::Monotonic);
      b_.CreateAtomicRMW(llvm::AtomicRMWInst::Or, at, bit_words_[word].next, llvm::MaybeAlign(8),
                         llvm::AtomicOrdering::Monotonic);
    }
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

}  // namespace seg::jit
