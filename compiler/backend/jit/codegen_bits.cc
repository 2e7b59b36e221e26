// Bool columns as bits (exec::PackedAsBits): a persisted or spilled bool costs two bits per
// customer, its value and its validity, as the interpreter keeps it (exec/bits.h).
//
// Writing: each customer of a block of 64 stores its value and validity as bytes into two
// 64-byte scratch arrays on the stack (plain stores, as cheap to compile and to vectorise as the
// byte stores they replace; a word carried through the loop as a phi per output doubled the
// compile time of 1,000 tags), and the block's end packs each array into a word (one vector
// compare) and stores the words. A morsel need not start or end on a block's boundary, and the
// neighbouring morsel may be running on another thread: a word the block fills entirely is
// stored plainly, a partial one is updated atomically, only the block's own bits of it.
//
// Reading (an earlier stage's or part's bool): the word is loaded once per block, and each
// customer shifts its bit out.
#include <llvm/IR/DerivedTypes.h>
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

void Emitter::StorePackedBool(ir::NodeId id, const Val& v) {
  llvm::Type* bytes = llvm::ArrayType::get(i8_, 64);
  // Aligned as the vector load that packs them expects (FlushBits).
  auto scratch = [&] {
    llvm::AllocaInst* a = eb_.CreateAlloca(bytes);
    a->setAlignment(llvm::Align(64));
    return a;
  };
  BitStore store{id, scratch(), scratch()};
  // The customer's place in its block: affine in the customer, so the stores stay consecutive.
  llvm::Value* k = b_.CreateSub(c_, b_.CreateShl(block_, I64(6)));
  b_.CreateStore(b_.CreateZExt(b_.CreateICmpNE(v.v, I64(0)), i8_), b_.CreateInBoundsGEP(i8_, store.values, k));
  b_.CreateStore(b_.CreateZExt(v.ok, i8_), b_.CreateInBoundsGEP(i8_, store.valid, k));
  bit_stores_.push_back(store);
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
  // Each array's 64 bytes as a word: byte k nonzero sets bit k (bytes of customers outside the
  // block are stale, and masked off below).
  llvm::Type* bytes = llvm::FixedVectorType::get(i8_, 64);
  llvm::Value* zero = llvm::Constant::getNullValue(bytes);
  auto pack = [&](llvm::Value* array) {
    return b_.CreateBitCast(b_.CreateICmpNE(b_.CreateAlignedLoad(bytes, array, llvm::Align(64)), zero), i64_);
  };
  std::vector<std::pair<llvm::Value*, llvm::Value*>> words;  // value, validity
  for (const BitStore& s : bit_stores_) words.emplace_back(pack(s.values), pack(s.valid));
  llvm::BasicBlock* whole = llvm::BasicBlock::Create(c, "bits_whole", fn);
  llvm::BasicBlock* partial = llvm::BasicBlock::Create(c, "bits_partial", fn);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(c, "bits_done", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(mask, all), whole, partial);
  auto address = [&](int field, ir::NodeId id) { return b_.CreateInBoundsGEP(i64_, PerNode(field, id), block_); };
  b_.SetInsertPoint(whole);
  for (size_t k = 0; k < bit_stores_.size(); ++k) {
    const OutputScopes& scopes = output_scopes_.at(bit_stores_[k].id);
    StoreOutput(words[k].first, address(kFullI, bit_stores_[k].id), scopes.value_scope, scopes.value_noalias);
    StoreOutput(words[k].second, address(kFullV, bit_stores_[k].id), scopes.valid_scope, scopes.valid_noalias);
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(partial);
  llvm::Value* keep = b_.CreateNot(mask);
  for (size_t k = 0; k < bit_stores_.size(); ++k) {
    for (auto [field, word] : {std::pair{kFullI, words[k].first}, std::pair{kFullV, words[k].second}}) {
      llvm::Value* at = address(field, bit_stores_[k].id);
      b_.CreateAtomicRMW(llvm::AtomicRMWInst::And, at, keep, llvm::MaybeAlign(8), llvm::AtomicOrdering::Monotonic);
      b_.CreateAtomicRMW(llvm::AtomicRMWInst::Or, at, b_.CreateAnd(word, mask), llvm::MaybeAlign(8),
                         llvm::AtomicOrdering::Monotonic);
    }
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

}  // namespace seg::jit
