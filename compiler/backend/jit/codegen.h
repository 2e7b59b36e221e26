// IR to LLVM IR: one function per stage (or per part of a large stage, layout.h), `void seg_stage_<k>(JitCtx*, i64
// begin, i64 end)`, evaluating every customer-level node of the stage for customers [begin, end). Forward declarations
// only, so that this header costs no LLVM include.
#pragma once
#include <memory>
#include <string>

#include "compiler/backend/jit/layout.h"
#include "compiler/ir/ir.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace seg::jit {

// The name of stage k's function in the module.
std::string StageSymbol(int32_t stage);

// Builds the module; codegen covers every node kind. Nodes whose full column is kept across
// stages or returned are those with persist[id] set (the run plan, compiler/exec, decides);
// `layout` (PlanLayout of the same program and persist) cuts large stages into parts.
std::unique_ptr<llvm::Module> LowerProgram(const ir::Program& program, const std::vector<bool>& persist,
                                           const ProgramLayout& layout, const CodegenLimits& limits,
                                           llvm::LLVMContext& context);

}  // namespace seg::jit
