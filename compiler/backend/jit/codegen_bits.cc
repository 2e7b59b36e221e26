// Bool columns as bits (exec::PackedAsBits): a persisted bool costs two bits per customer, its
// value and its validity, as the interpreter keeps it (exec/bits.h).
//
// Writing: compiled code does not pack bits. Each customer stores its value and validity as two
// bytes into the calling thread's scratch (layout.h, StageBits), plain stores at an offset
// affine in the customer, as cheap to compile and to vectorise as the byte stores of any other
// type; the runner packs the bytes into the column's words after the call (JitRunner::RunMorsel,
// exec::PackBits, shared with the interpreter). Packing in the generated code (a vector compare
// per block of 64 and a masked, partly atomic store per output) doubled the compile time of a
// program of many tags.
//
// Reading: a bool of an earlier part of the stage is read back from the scratch (the parts run
// one after the other over the same customers); one of an earlier stage from its words, loaded
// once per block of 64, each customer shifting its bit out.
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>

#include "compiler/backend/jit/codegen_internal.h"
#include "compiler/exec/result.h"

namespace seg::jit {

bool Emitter::PackedBool(ir::NodeId id) const { return exec::PackedAsBits(p_.nodes[id].type); }

llvm::Value* Emitter::ScratchByte(ir::NodeId id, bool valid) {
  size_t slot = bit_slot_.at(id);
  uint64_t offset = (2 * slot + (valid ? 1 : 0)) * bits_.chunk;
  return b_.CreateConstInBoundsGEP1_64(i8_, scratch_row_, offset);
}

Val Emitter::GetPackedBool(ir::NodeId id) {
  Val out;
  if (InStage(id)) {  // an earlier part's: this call's scratch
    out.v = b_.CreateZExt(LoadInput(i8_, ScratchByte(id, false)), i64_);
    out.ok = b_.CreateICmpNE(LoadInput(i8_, ScratchByte(id, true)), llvm::ConstantInt::get(i8_, 0));
    return out;
  }
  auto word = [&](int field) {
    auto key = std::make_pair(field, id);
    auto it = packed_words_.find(key);
    if (it != packed_words_.end()) return it->second;
    llvm::Value* w = LoadInput(i64_, ob_.CreateInBoundsGEP(i64_, PerNode(field, id), block_), &ob_);
    packed_words_[key] = w;
    return w;
  };
  llvm::Value* shift = b_.CreateAnd(c_, I64(63));
  out.v = b_.CreateAnd(b_.CreateLShr(word(kFullI), shift), I64(1));
  out.ok = b_.CreateTrunc(b_.CreateLShr(word(kFullV), shift), i1_);
  return out;
}

void Emitter::StorePackedBool(ir::NodeId id, const Val& v) {
  const OutputScopes& scopes = output_scopes_.at(id);
  // The value bit is `value != 0` whether or not the value is valid, as the interpreter packs it.
  StoreOutput(b_.CreateZExt(b_.CreateICmpNE(v.v, I64(0)), i8_), ScratchByte(id, false), scopes.value_scope,
              scopes.value_noalias);
  StoreOutput(b_.CreateZExt(v.ok, i8_), ScratchByte(id, true), scopes.valid_scope, scopes.valid_noalias);
}

}  // namespace seg::jit
