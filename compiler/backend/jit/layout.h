// How the JIT cuts a program into functions so that compile time stays linear in its size.
// LLVM's optimiser and code generator are superlinear in the size of one function (dead-store
// elimination, the SLP vectoriser and known-bits queries along long chains of values): one
// function for a stage of 10,000 tags took minutes. So a stage whose customer-level nodes weigh
// more than kPartWeight is cut, in node id order, into parts of about that weight, each its own
// function with its own loop over the customers; the stage's function calls them in order.
// A value one part computes and a later part reads goes through memory: it is "spilled" into a
// column of its own (one value and one validity byte per customer, held by the JitRunner), read
// back as an earlier stage's persisted value is. A stage under the weight is one function, as
// before, so ordinary programs compile to the same code. No LLVM type appears here: the runner
// needs the layout too, to allocate the spilled columns.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"

namespace seg::jit {

// A part: the stage's customer-level nodes with ids in [begin, end).
struct PartRange {
  ir::NodeId begin = 0;
  ir::NodeId end = 0;
  size_t weight = 0;  // of its nodes
};

// A stage's bools kept per customer (exec::PackedAsBits: tags, persisted and spilled bool lets).
// Compiled code stores each customer's value and validity as two bytes into a scratch buffer of
// the calling thread, as plainly as any other value, and the runner packs the bytes into the
// columns' words after each call (exec::PackBits, JitRunner::RunMorsel): bit packing costs no
// IR, so no compile time. The runner calls the stage `chunk` customers at a time, so that the
// scratch stays small. Slot k's value bytes are scratch[2k * chunk + i] for the call's customer
// begin + i, its validity bytes scratch[(2k + 1) * chunk + i]. A later part of the stage reads a
// bool from the scratch (the parts run one after the other over the same customers); a spilled
// bool thus needs no column at all.
struct StageBits {
  std::vector<ir::NodeId> slots;  // the stage's persisted or spilled bools, in node order
  size_t chunk = 0;               // customers per call of the stage's function; 0 without slots
  size_t ScratchBytes() const { return 2 * slots.size() * chunk; }
};

struct ProgramLayout {
  std::vector<std::vector<PartRange>> parts;  // by stage; one part for a stage under kPartWeight
  std::vector<bool> spilled;                  // by node: not persisted, but read by a later part
  std::vector<StageBits> bits;                // by stage
  size_t weight = 0;                          // of the whole program (what the JIT budget counts)
};

// About the weight of one part: a few hundred tags. Measured with bench/compile_time.sh: compile
// time per unit of weight is flat below it and grows above it.
inline constexpr size_t kPartWeight = 2000;

// Past this weight a function reports customer-level failures once per customer instead of
// branching at each check (codegen.cc, Emitter::FailIf).
inline constexpr size_t kDeferFailuresWeight = 200;

// Past this weight a program is "large": it is compiled with a short, linear optimisation
// pipeline and LLVM's fast code generator (jit_engine.cc), trading some speed of the compiled
// code for compile time linear in the program: 10,000 tags in about a second.
inline constexpr size_t kFullOptWeight = 4000;

// The JIT's budget: a program heavier than this is not compiled. `--engine auto` runs it on the
// interpreter and says why; `--engine jit` fails with that reason (driver/execute.cc). Compile
// time is linear in the weight, about 0.2 s per 10,000 on one core (bench/compile_time.sh: 10,000
// tags weigh about 60,000), so the budget stands for about 10 s of compiling.
inline constexpr size_t kMaxJitWeight = 500'000;

// The bool scratch (StageBits): about this many bytes per thread, so a chunk of customers stays
// in the cache between the stage writing it and the runner packing it; a chunk is a multiple of
// 64 customers (a word), at least kMinBitChunk (past 5,000 bools the scratch grows beyond the
// budget rather than pay the runner's per-call costs on fewer customers) and at most
// CodegenLimits::max_bit_chunk.
inline constexpr size_t kBitScratchBytes = size_t{2} << 20;
inline constexpr size_t kMinBitChunk = 256;
inline constexpr size_t kMaxBitChunk = 2048;

// What checked arithmetic adds to a node's weight. A check (overflow, a zero divisor, a float
// result that is not finite) lowers to a few instructions more than the operation, and its
// validity and failure flags chain from one operation to the next, which O2's instcombine and
// known-bits queries follow: a chain of checked lets cost 0.5-0.9 ms of O2 per unit of weight
// counted as plain nodes, tags 0.15 (bench/compile_time.sh, `lets`: 1,000 lets compiled in 1 s
// at O2, just under kFullOptWeight). Counted 4 times a plain node, such programs take the short
// pipeline from about 250 lets.
inline constexpr size_t kCheckedWeight = 6;

// Whether compiled code checks node `n`'s result for each customer (arithmetic, negating an int,
// a number made money).
bool CheckedArithmetic(const ir::Node& n);

// The weight of a customer-level node: an estimate of the LLVM IR it lowers to (an aggregate
// counts its event-level expression, a classification its rules, checked arithmetic
// kCheckedWeight more).
size_t NodeWeight(const ir::Program& program, ir::NodeId id);

// The customer-level nodes `id` reads directly: its arguments, and through the event-level
// expressions of an aggregate the customer-level values they use. Constants are left out.
void CustomerDependencies(const ir::Program& program, ir::NodeId id, std::vector<ir::NodeId>* out);

// The limits above, as one run uses them (tests lower them to send small programs down the paths
// of large ones).
struct CodegenLimits {
  size_t part_weight = kPartWeight;
  size_t full_opt_weight = kFullOptWeight;
  size_t defer_failures_weight = kDeferFailuresWeight;
  size_t max_bit_chunk = kMaxBitChunk;  // a multiple of 64
};

// The weight of the whole program (the sum over its stage nodes), as PlanLayout counts it.
size_t ProgramWeight(const ir::Program& program);

ProgramLayout PlanLayout(const ir::Program& program, const std::vector<bool>& persist, size_t part_weight,
                         size_t max_bit_chunk = kMaxBitChunk);

// Whether node `id` is evaluated by compiled stage code (not a constant, event-level value or
// population rank).
bool IsStageNode(const ir::Node& n);

}  // namespace seg::jit
