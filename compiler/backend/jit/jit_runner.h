// The JIT's StageEvaluator: compiles the program when the execution layer has planned the run,
// points a JitCtx at the plan's tables and the persisted columns, and calls the stage functions
// per morsel.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compiler/backend/jit/jit_engine.h"

namespace seg::jit {

class JitRunner final : public exec::StageEvaluator {
 public:
  JitRunner(exec::RunState& run, const JitOptions& options, JitStats* stats)
      : run_(run), options_(options), stats_(stats) {}
  rt::Status Prepare() override;
  void RunMorsel(int32_t stage, size_t begin, size_t end) override;

  // Called by compiled code (through seg_jit_fail): the interpreter's message for `code`.
  void Fail(uint64_t customer, int32_t node, int32_t code);
  // `needle in tags` of node `node` for a customer: 0 absent, 1 present, 2 no tags value.
  uint8_t InTags(int32_t node, int64_t needle_code, uint64_t customer) const;
  // Compares two codes of text node `node` through its domain's strings (min/max of text).
  int CompareText(int32_t node, int64_t a, int64_t b) const;
  // Text compare / like / contains... of node `node` over two computed texts (RunState::TextPair).
  bool TextPair(int32_t node, int64_t a, int64_t b) const;
  // A growing text's code for one row, and a table entry for a growing argument's code
  // (RunState::MakeText, RunState::TextEntry).
  int64_t MakeText(int32_t node, int64_t x, int64_t y) { return run_.MakeText(node, x, y); }
  int64_t TextEntry(int32_t node, int64_t code) const { return run_.TextEntry(node, code); }
  const rt::TimeZone& zone() const { return run_.zone_; }
  const exec::RunState& run() const { return run_; }

 private:
  // Points the context's full_i/f/v of node `id` at `column`.
  void PointAt(ir::NodeId id, exec::PersistedColumn& column);
  // Packs the bytes compiled code wrote to `scratch` for customers [begin, end) of `stage` into
  // its persisted bools' words.
  void PackBools(int32_t stage, const uint8_t* scratch, size_t begin, size_t end);
  // A bool scratch of scratch_bytes_ for one morsel, and its return. Scratches are reused (one
  // per morsel running at once): a fresh one per morsel would cost its page faults every time.
  std::unique_ptr<uint8_t[]> TakeScratch();
  void GiveBack(std::unique_ptr<uint8_t[]> scratch);

  exec::RunState& run_;
  JitOptions options_;
  JitStats* stats_;
  std::shared_ptr<CompiledCode> code_;
  JitCtx ctx_{};
  // What ctx_ points into, per node or input.
  std::vector<int64_t> scalar_i_, list_n_;
  std::vector<double> scalar_f_;
  std::vector<uint8_t> scalar_v_;
  std::vector<int32_t> day_lo_, day_hi_;
  std::vector<const int64_t*> table_, remap0_, remap1_;
  std::vector<const double*> list_f_;
  std::vector<const void*> column_;
  std::vector<const uint64_t*> column_valid_;
  std::vector<int64_t*> full_i_;
  std::vector<double*> full_f_;
  std::vector<uint8_t*> full_v_;
  std::vector<const uint32_t*> offsets_;
  std::vector<const int32_t*> local_day_;
  std::vector<const int64_t*> instant_;
  std::vector<uint8_t> column_full_;  // by node: an event column without missing values
  std::vector<uint8_t> days_sorted_;  // by input: no customer's local days decrease
  // The columns of spilled nodes (layout.h): written by one part of a stage, read by later ones.
  std::vector<exec::PersistedColumn> spilled_;
  // By stage, by slot of CompiledCode::bits: the column its bits go to (null for a spilled bool,
  // which lives in the scratch only).
  std::vector<std::vector<exec::PersistedColumn*>> bit_columns_;
  size_t scratch_bytes_ = 0;  // the most any stage's bools need
  std::mutex scratch_mutex_;
  std::vector<std::unique_ptr<uint8_t[]>> free_scratch_;
};

}  // namespace seg::jit
