// Internal to codegen: the per-stage emitter shared by codegen.cc (stages, stage loop, context
// access), codegen_node.cc (scalar operators), codegen_aggregate.cc (the fused event loops) and
// codegen_sequence.cc (sequences of events). Includes LLVM headers: only those files may include it.
#pragma once
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <array>
#include <functional>
#include <map>
#include <unordered_map>
#include <vector>

#include "compiler/backend/jit/jit_ctx.h"
#include "compiler/backend/jit/layout.h"
#include "compiler/ir/ir.h"
#include "runtime/kernels/functions.h"

namespace seg::jit {

// A node's value in generated code: i64 (or double for floats) and an i1 validity.
struct Val {
  llvm::Value* v = nullptr;
  llvm::Value* ok = nullptr;
};

// The outcome of a scalar_ops.h function: its value and why it has none.
struct CheckedValue {
  llvm::Value* value = nullptr;
  llvm::Value* missing = nullptr;
  llvm::Value* overflow = nullptr;
};

class Emitter {
 public:
  // Emits the function `name` evaluating the nodes of `stage` in `part` (layout.h). `stored`:
  // the nodes whose full column compiled code writes (persisted or spilled).
  // `defer_failures`: customer-level failures reported once per customer (FailIf). `bits`: the
  // stage's bools kept per customer, written to the scratch.
  Emitter(const ir::Program& p, const std::vector<bool>& stored, llvm::Module& m, int32_t stage, PartRange part,
          const StageBits& bits, const std::string& name, bool defer_failures, bool fast_events);
  llvm::Function* Emit();

 private:
  // codegen.cc
  bool IsFloat(ir::NodeId id) const;
  bool InStage(ir::NodeId id) const;
  bool InPart(ir::NodeId id) const;  // in the stage and computed by this function
  llvm::Value* Zero(ir::NodeId id);
  llvm::Value* I64(int64_t v);
  llvm::Value* I32(int32_t v);
  llvm::Value* F64(double v);
  llvm::Value* Bool(bool v);
  llvm::Value* Field(int field);
  llvm::Value* PerNode(int field, int64_t index);
  llvm::Value* DayBound(bool hi, ir::NodeId id);
  Val Scalar(ir::NodeId id);
  Val Get(ir::NodeId id);
  llvm::Value* Truthy(const Val& v);
  llvm::Value* FromBool(llvm::Value* b);
  llvm::Value* Lookup(int field, ir::NodeId id, const Val& code);
  llvm::Value* Finite(llvm::Value* x);
  CheckedValue RoundToI64(llvm::Value* x);
  // Reports failure `code` of node `id` for the customer when `cond` holds (see codegen.cc).
  void FailIf(llvm::Value* cond, ir::NodeId id, FailCode code);
  void CallFail(llvm::Value* cond, llvm::Value* node, llvm::Value* code);  // branches to seg_jit_fail
  void ReportFailure();  // the customer's first customer-level failure, if any
  llvm::Value* LocalDay(const lang::Type& t, llvm::Value* v);
  void Store(ir::NodeId id, const Val& v);
  // A bool's column is bits (exec::PackedAsBits): Store writes the customer's value and validity
  // bytes into the scratch, which the runner packs (layout.h, StageBits; codegen_bits.cc).
  bool PackedBool(ir::NodeId id) const;
  Val GetPackedBool(ir::NodeId id);
  void StorePackedBool(ir::NodeId id, const Val& v);
  // The address of the customer's value (or validity) byte of bool `id` in the scratch.
  llvm::Value* ScratchByte(ir::NodeId id, bool valid);
  // A store into one of the stage's output arrays, tagged with that array's alias scope.
  void StoreOutput(llvm::Value* value, llvm::Value* address, llvm::MDNode* scope, llvm::MDNode* noalias);
  // A load of something the stage only reads, tagged so LLVM knows no store of the stage
  // touches it; `at` defaults to the body builder.
  llvm::Value* LoadInput(llvm::Type* type, llvm::Value* address, llvm::IRBuilder<>* at = nullptr);
  void MakeAliasScopes();
  // Column `id`'s validity word for the current block of 64 customers.
  llvm::Value* BlockWord(ir::NodeId id);
  ir::NodeId LatestCustomerDependency(ir::NodeId agg);

  // codegen_node.cc
  Val EmitNode(ir::NodeId id, bool event);
  Val EmitColumn(ir::NodeId id, bool event);
  Val EmitArith(ir::NodeId id);
  Val EmitCompare(ir::NodeId id);
  Val EmitCall(ir::NodeId id);
  // A registry kernel's call; its status is left in status_slot_.
  llvm::Value* CallKernel(const rt::fn::Kernel& k, const std::vector<llvm::Value*>& args);
  // Text compare / like / contains...: the plan's lookup table, or the per-row test.
  llvm::Value* TextTest(ir::NodeId id, const Val& a, const Val& c);
  // Whether text node `id` grows during the run (exec::GrowingTexts; growing_ is filled on first use).
  bool Grows(ir::NodeId id);
  // A growing text's value for the row, made by the run (seg_rt_text_make, RunState::MakeText),
  // failing the row where a joined text is too long; x and y as MakeText takes them.
  Val MakeText(ir::NodeId id, llvm::Value* valid, llvm::Value* x, llvm::Value* y);
  // What node `id`'s lookup table (length, `in` a text list) would hold for a code of its
  // growing argument (seg_rt_text_entry, RunState::TextEntry).
  llvm::Value* TextEntry(ir::NodeId id, const Val& code);
  Val EmitClassify(ir::NodeId id);
  llvm::Value* Helper(const char* name, llvm::Type* result, std::vector<llvm::Value*> args);

  // codegen_aggregate.cc: the fused event loops, by aggregate function
  // The values an event loop carries: a phi each, and what the current event sets it to.
  struct LoopVars {
    llvm::BasicBlock* pre;  // the block the loop is entered from
    struct Var {
      llvm::PHINode* phi;
      llvm::Value* next;
    };
    std::vector<Var> vars;
  };
  // The values an aggregate function carries from event to event (those its function uses).
  enum StateField : int {
    kStopped,  // past the window's end (the general loop)
    kCount,
    kOverflow,
    kSum,
    kMagnitude,  // the fast loop's int sums: the OR of the absolute values added (EmitFastLoops)
    kBest,
    kBestValid,
    kHave,
    kLastDay,
    kRun,
    kLongest,
    kDays,
    kFirstTime,
    kLastTime,
    kStateFields
  };
  // One aggregate's loop-carried values, as indexes into LoopVars::vars (-1: not used).
  struct AggregateState {
    std::array<int, kStateFields> var;
  };
  // The values an aggregate's state holds once its events are done (null: not used).
  using AggregateValues = std::array<llvm::Value*, kStateFields>;
  void EmitAggregates(int32_t input, const std::vector<ir::NodeId>& aggs);
  // The general loop: one pass over all the customer's events, each aggregate testing its window
  // per event (the interpreter's loop, transcribed).
  std::vector<AggregateValues> EmitGeneralLoop(int32_t input, const std::vector<ir::NodeId>& aggs, llvm::Value* begin,
                                               llvm::Value* end);
  // The fast loops (codegen_event_ranges.cc): per window, its events found once per customer and
  // a loop over exactly those. `retry` is set to where a sum might have overflowed on the way:
  // then the general loop computes the customer again.
  std::vector<AggregateValues> EmitFastLoops(int32_t input, const std::vector<ir::NodeId>& aggs, llvm::Value* begin,
                                             llvm::Value* end, llvm::Value** retry);
  // Whether the fast loops hold for the customer's events [begin, end) (FastLoopsHold).
  llvm::Value* FastLoopsHold(int32_t input, llvm::Value* begin, llvm::Value* end);
  // The first event in [lo, hi) whose local day fails `keeps` (hi if none), for days that never
  // decrease within a customer: a binary search after a look at both ends.
  llvm::Value* FirstFailing(int32_t input, llvm::Value* lo, llvm::Value* hi,
                            const std::function<llvm::Value*(llvm::Value*)>& keeps);
  // An event loop over [lo, hi) updating `aggs` (indexes into `ids`); `windowed`: each event's day
  // tested against each aggregate's window (else every event of the range is inside).
  void EmitEventLoop(int32_t input, const std::vector<ir::NodeId>& ids, const std::vector<size_t>& aggs,
                     llvm::Value* lo, llvm::Value* hi, bool windowed, std::vector<AggregateValues>* out);
  AggregateState StartAggregate(ir::NodeId id, LoopVars& loop, bool windowed);
  void UpdateAggregate(int32_t input, size_t g, ir::NodeId id, const AggregateState& st, LoopVars& loop,
                       llvm::Value* day, bool windowed);
  void FinishAggregate(size_t g, ir::NodeId id, const AggregateValues& st);

  // codegen_sequence.cc: a sequence step's loop hands the times of the events it counts to the
  // runtime, and the sequence node calls the kernel on them (runtime/kernels/sequence.h).
  bool IsSequenceStep(ir::NodeId id);
  void CollectSequenceTime(int32_t input, ir::NodeId step, llvm::Value* counted);
  Val EmitSequence(ir::NodeId id);
  std::vector<bool> sequence_steps_;  // by node; filled on first use
  std::vector<bool> growing_;         // by node; filled on first use (Grows)

  const ir::Program& p_;
  const std::vector<bool>& stored_;  // persisted or spilled: written to its full column
  llvm::Module& m_;
  int32_t stage_;
  PartRange part_;
  const StageBits& bits_;
  std::unordered_map<ir::NodeId, size_t> bit_slot_;  // by node: its slot in bits_
  std::string name_;
  bool defer_failures_;
  bool fast_events_;      // whether to emit fast loops at all (not in a large program: compile time)
  llvm::IRBuilder<> b_;   // the code being emitted
  llvm::IRBuilder<> eb_;  // the entry block: loads that do not change from customer to customer
  llvm::IRBuilder<> ob_;  // the block header: loads that do not change within a block of 64
  llvm::Type *i1_, *i8_, *i32_, *i64_, *f64_, *ptr_;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* c_ = nullptr;            // the customer (i64)
  llvm::Value* e_ = nullptr;            // the event row inside an event loop (i64)
  llvm::Value* status_slot_ = nullptr;  // where kernels write their status (entry-block alloca)
  llvm::Value* block_ = nullptr;        // the current block of 64 customers (customer >> 6)
  llvm::Value* scratch_row_ = nullptr;  // the customer's place in the bool scratch: scratch + (c - begin)
  // The customer's first customer-level failure so far (FailIf): node (kNoFailure: none), code.
  static constexpr int32_t kNoFailure = INT32_MAX;
  llvm::Value* fail_node_ = nullptr;
  llvm::Value* fail_code_ = nullptr;
  bool in_event_loop_ = false;  // emitting an event loop's body: FailIf branches at once
  // Emitting a fast loop (EmitFastLoops): an event column's values are taken as all valid (the
  // loops run only where FastLoopsHold says the columns read, listed in fast_columns_, have no
  // missing value among the customer's events); anything the fast loops must not do (fail a row, make a text, hand
  // times to a sequence) sets fast_unsafe_, and the general loop alone is kept.
  bool in_fast_loop_ = false;
  bool fast_unsafe_ = false;
  std::vector<ir::NodeId> fast_columns_;

  std::map<ir::NodeId, llvm::Value*> block_words_;
  std::map<std::pair<int, ir::NodeId>, llvm::Value*> packed_words_;  // (kFullI or kFullV, node): this block's word
  // Alias scopes (MakeAliasScopes): the stage's inputs, and each persisted array.
  struct OutputScopes {
    llvm::MDNode *value_scope, *value_noalias, *valid_scope, *valid_noalias, *bucket_scope, *bucket_noalias;
  };
  // Past this many output arrays in one function, they share one alias scope (MakeAliasScopes).
  static constexpr size_t kMaxOutputScopes = 64;
  llvm::MDNode* input_scope_ = nullptr;
  llvm::MDNode* all_outputs_ = nullptr;
  std::map<ir::NodeId, OutputScopes> output_scopes_;
  std::map<int, llvm::Value*> fields_;
  std::map<std::pair<int, int64_t>, llvm::Value*> per_node_;
  std::map<ir::NodeId, Val> scalars_;
  std::map<ir::NodeId, Val> cust_vals_;
  std::map<ir::NodeId, Val> event_vals_;  // the current event loop's values
};

}  // namespace seg::jit
