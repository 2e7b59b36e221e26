// exec::Execute with engines that watch what the execution layer asks of them: an engine is
// prepared once, after the plan, with the persisted columns in place; a stage's morsels cover
// every customer exactly once; a stage without work is never sent; an engine that declines
// leaves every stage to the reference; the result does not depend on which engine ran; and a
// cancelled run (RunOptions::cancel, the REPL's Ctrl-C) sends no morsel after the flag is set.
#include "compiler/exec/execute.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/write_results.h"

namespace seg::exec {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SEG_SOURCE_DIR;

using Morsel = std::tuple<int32_t, size_t, size_t>;  // stage, begin, end

// Records each morsel it is given, then has an interpreter of the same run evaluate it.
class Recorder {
 public:
  explicit Recorder(RunState& run) : inner_(interp::NewEvaluator(run)) {}
  void Record(int32_t stage, size_t begin, size_t end) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      morsels_.emplace_back(stage, begin, end);
    }
    inner_->RunMorsel(stage, begin, end);
  }
  ReferenceEvaluator& inner() { return *inner_; }
  std::vector<Morsel> morsels() const {
    std::vector<Morsel> sorted = morsels_;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }

 private:
  std::unique_ptr<ReferenceEvaluator> inner_;
  std::mutex mutex_;
  std::vector<Morsel> morsels_;
};

// A compiled engine stand-in: accepts or declines the run, and checks the state it is prepared in.
class WatchingEngine final : public StageEvaluator {
 public:
  WatchingEngine(RunState& run, bool accept) : run_(run), accept_(accept), recorder_(run) {}
  rt::Status Prepare() override {
    ++prepared_;
    size_t customers = run_.data_.num_customers();
    for (size_t id = 0; id < run_.info_.size(); ++id) {
      if (!run_.info_[id].persist) continue;
      const PersistedColumn& full = run_.full_[id];
      // A bool is bits: a validity bit per customer; every other type a validity byte.
      persisted_in_place_ &= full.packed ? full.rows == customers && full.valid_bits.size() == BitWords(customers)
                                         : full.v.size() == customers;
      valid_at_prepare_[static_cast<ir::NodeId>(id)] = full.packed ? static_cast<const void*>(full.valid_bits.data())
                                                                   : full.v.data();
    }
    buckets_at_prepare_ = run_.bucket_out_;
    return accept_ ? rt::Status::Ok() : rt::Status::Error("declined by the test");
  }
  // Where the persisted columns' validity and the bucket arrays were when the engine was
  // prepared: what compiled code keeps pointers to for the whole run.
  const std::map<ir::NodeId, const void*>& valid_at_prepare() const { return valid_at_prepare_; }
  const std::vector<int32_t*>& buckets_at_prepare() const { return buckets_at_prepare_; }
  void RunMorsel(int32_t stage, size_t begin, size_t end) override { recorder_.Record(stage, begin, end); }
  int prepared() const { return prepared_; }
  bool persisted_in_place() const { return persisted_in_place_; }
  std::vector<Morsel> morsels() const { return recorder_.morsels(); }

 private:
  RunState& run_;
  bool accept_;
  Recorder recorder_;
  int prepared_ = 0;
  bool persisted_in_place_ = true;
  std::map<ir::NodeId, const void*> valid_at_prepare_;
  std::vector<int32_t*> buckets_at_prepare_;
};

// The reference, counting the morsels it evaluates.
class WatchingReference final : public ReferenceEvaluator {
 public:
  explicit WatchingReference(RunState& run) : recorder_(run) {}
  rt::Status Prepare() override { return recorder_.inner().Prepare(); }
  void RunMorsel(int32_t stage, size_t begin, size_t end) override { recorder_.Record(stage, begin, end); }
  rt::Status EvaluateConstant(ir::NodeId id, NodeInfo& info) override {
    return recorder_.inner().EvaluateConstant(id, info);
  }
  std::vector<Morsel> morsels() const { return recorder_.morsels(); }

 private:
  Recorder recorder_;
};

struct Retail {
  std::unique_ptr<driver::Compilation> compilation;
  driver::LoadedData loaded;
  std::vector<lang::Value> params;
  const ir::Program& program() const { return *compilation->ir; }
};

std::unique_ptr<Retail> LoadRetail() {
  auto r = std::make_unique<Retail>();
  r->compilation = driver::CompileFile((kSource / "examples/retail.seg").string(), driver::CompileOptions{});
  EXPECT_TRUE(r->compilation && r->compilation->ok() && r->compilation->ir);
  fs::path data = kSource / "examples/data";
  std::vector<driver::InputBinding> inputs = {{"customers", (data / "customers.csv").string()},
                                              {"orders", (data / "orders.csv").string()},
                                              {"visits", (data / "visits.csv").string()}};
  r->loaded = driver::LoadData(r->program(), inputs, rt::LoadOptions{}, driver::ColumnsToLoad::kRead);
  EXPECT_TRUE(r->loaded.ok()) << r->loaded.status.message();
  rt::Status bound = driver::BindParams(r->program(), {}, "2025-06-30", &r->params);
  EXPECT_TRUE(bound.ok()) << bound.message();
  return r;
}

std::string Written(const Retail& r, const RunResult& result) {
  if (!result.ok()) return "error: " + result.status.message();
  std::string bytes;
  driver::WriteResults(r.program(), r.loaded.data, result, {}, rt::ResultFormat::kCsv, [&](std::string_view b) {
    bytes += b;
    return true;
  });
  return bytes;
}

// The morsels every stage with work must get: [0, customers) in pieces of `morsel`.
std::vector<Morsel> Expected(const RunState& run, size_t morsel) {
  std::vector<Morsel> out;
  size_t customers = run.data_.num_customers();
  for (int32_t stage = 0; stage < run.p_.stage_count; ++stage) {
    if (run.stage_work_[static_cast<size_t>(stage)].empty()) continue;
    for (size_t begin = 0; begin < customers; begin += morsel)
      out.emplace_back(stage, begin, std::min(customers, begin + morsel));
  }
  return out;
}

RunOptions Options() {
  RunOptions options;
  options.threads = 3;
  options.morsel = 7;  // many morsels, an uneven last one
  return options;
}

TEST(ExecuteTest, AnEngineThatAcceptsGetsEveryCustomerOfEveryStageOnce) {
  std::unique_ptr<Retail> r = LoadRetail();
  ASSERT_GE(r->program().stage_count, 2) << "retail.seg ranks populations between stages";
  RunState run(r->program(), r->loaded.data, r->params, Options());
  WatchingReference reference(run);
  WatchingEngine engine(run, /*accept=*/true);
  RunResult result = Execute(run, reference, &engine);
  EXPECT_EQ(engine.prepared(), 1);
  EXPECT_TRUE(engine.persisted_in_place());
  EXPECT_EQ(engine.morsels(), Expected(run, 7));
  EXPECT_TRUE(reference.morsels().empty());
  EXPECT_EQ(Written(*r, result), Written(*r, interp::Run(r->program(), r->loaded.data, r->params, RunOptions{})));
}

// Compiled code holds raw pointers into the persisted columns and the bucket arrays from Prepare
// on: they stay where they were through every stage and population step, and the result hands
// back that very storage (moved, not copied or reallocated).
TEST(ExecuteTest, WhatAnEngineIsPointedAtStaysInPlaceUntilTheResult) {
  std::unique_ptr<Retail> r = LoadRetail();
  RunState run(r->program(), r->loaded.data, r->params, Options());
  WatchingReference reference(run);
  WatchingEngine engine(run, /*accept=*/true);
  RunResult result = Execute(run, reference, &engine);
  ASSERT_TRUE(result.ok()) << result.status.message();
  const ir::Program& p = r->program();
  ASSERT_FALSE(p.tags.empty());
  for (const ir::Named& tag : p.tags) {
    ASSERT_TRUE(result.nodes[tag.node]) << tag.name;
    const ResultColumn& column = *result.nodes[tag.node];
    ASSERT_TRUE(column.packed()) << tag.name;  // a tag is a bool: two bits per customer
    EXPECT_EQ(column.size(), r->loaded.data.num_customers()) << tag.name;
    EXPECT_EQ(static_cast<const void*>(column.bool_valid.data()), engine.valid_at_prepare().at(tag.node)) << tag.name;
  }
  ASSERT_EQ(result.buckets.size(), p.classifications.size());
  for (size_t k = 0; k < p.classifications.size(); ++k) {
    EXPECT_EQ(result.buckets[k].data(), engine.buckets_at_prepare()[p.classifications[k].node]) << k;
    EXPECT_EQ(result.buckets[k].size(), r->loaded.data.num_customers());
  }
}

TEST(ExecuteTest, AnEngineThatDeclinesLeavesEveryStageToTheReference) {
  std::unique_ptr<Retail> r = LoadRetail();
  RunState run(r->program(), r->loaded.data, r->params, Options());
  WatchingReference reference(run);
  WatchingEngine engine(run, /*accept=*/false);
  RunResult result = Execute(run, reference, &engine);
  EXPECT_EQ(engine.prepared(), 1);
  EXPECT_TRUE(engine.morsels().empty());
  EXPECT_EQ(reference.morsels(), Expected(run, 7));
  EXPECT_EQ(Written(*r, result), Written(*r, interp::Run(r->program(), r->loaded.data, r->params, RunOptions{})));
}

TEST(ExecuteTest, AnEngineIsNotPreparedForARunThatCannotStart) {
  std::unique_ptr<Retail> r = LoadRetail();
  std::vector<lang::Value> no_as_of = r->params;
  no_as_of[r->program().as_of_param].missing = true;
  RunState run(r->program(), r->loaded.data, no_as_of, Options());
  WatchingReference reference(run);
  WatchingEngine engine(run, /*accept=*/true);
  RunResult result = Execute(run, reference, &engine);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(engine.prepared(), 0);
  EXPECT_TRUE(engine.morsels().empty() && reference.morsels().empty());
}

// An engine that sets the run's cancel flag while it evaluates its first morsel, as a Ctrl-C
// arriving mid-run does.
class CancellingEngine final : public StageEvaluator {
 public:
  CancellingEngine(RunState& run, std::atomic<bool>& cancel) : recorder_(run), cancel_(cancel) {}
  rt::Status Prepare() override { return recorder_.inner().Prepare(); }
  void RunMorsel(int32_t stage, size_t begin, size_t end) override {
    cancel_.store(true);
    recorder_.Record(stage, begin, end);
  }
  std::vector<Morsel> morsels() const { return recorder_.morsels(); }

 private:
  Recorder recorder_;
  std::atomic<bool>& cancel_;
};

TEST(ExecuteTest, ACancelledRunSendsNoMorselAfterTheFlagAndHandsBackNothing) {
  std::unique_ptr<Retail> r = LoadRetail();
  std::atomic<bool> cancel{false};
  RunOptions options = Options();
  options.threads = 1;  // one morsel at a time: the one that sets the flag is the last
  options.cancel = &cancel;
  RunState run(r->program(), r->loaded.data, r->params, options);
  WatchingReference reference(run);
  CancellingEngine engine(run, cancel);
  ASSERT_GT(r->loaded.data.num_customers(), 7u);  // more than one morsel
  RunResult result = Execute(run, reference, &engine);
  EXPECT_EQ(engine.morsels().size(), 1u);
  EXPECT_TRUE(reference.morsels().empty());
  EXPECT_TRUE(result.cancelled);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(std::none_of(result.nodes.begin(), result.nodes.end(), [](const auto& n) { return n.has_value(); }));
  EXPECT_TRUE(result.buckets.empty());
}

TEST(ExecuteTest, ARunCancelledBeforeItStartsEvaluatesNothing) {
  std::unique_ptr<Retail> r = LoadRetail();
  std::atomic<bool> cancel{true};
  RunOptions options = Options();
  options.cancel = &cancel;
  RunState run(r->program(), r->loaded.data, r->params, options);
  WatchingReference reference(run);
  WatchingEngine engine(run, /*accept=*/true);
  RunResult result = Execute(run, reference, &engine);
  EXPECT_TRUE(engine.morsels().empty() && reference.morsels().empty());
  EXPECT_TRUE(result.cancelled);
  // Not cancelled: the same run completes, so the flag alone made the difference.
  cancel.store(false);
  RunState again(r->program(), r->loaded.data, r->params, options);
  WatchingReference reference_again(again);
  EXPECT_TRUE(Execute(again, reference_again, nullptr).ok());
}

}  // namespace
}  // namespace seg::exec
