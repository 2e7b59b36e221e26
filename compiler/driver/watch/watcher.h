// `seg watch`'s state: every customer's membership (bucket per classification, each tag) and the
// events appended since the start, so that a batch of new events re-evaluates only the customers
// it touches (docs/SNAPSHOT.md, "Watching a stream").
//
// The start is a batch run over the snapshot, which gives the memberships and pins the
// population (population_snapshot.h): every later evaluation is a customer's record (its stored
// events and those appended since) run through the reference interpreter and ranked against that
// batch alone, exactly as the embedding API's real-time path does; the customers of one batch
// share one run (EvaluateTogether), each ranked as if it ran alone. A customer whose ranked values
// did not change gets the batch's outputs back, so the memberships after a stream are those of a
// batch run over the same events with the same cut points.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/driver/execute.h"
#include "compiler/driver/population_snapshot.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/status.h"

namespace seg::driver::watch {

// One customer's outputs that audiences are made of.
struct Membership {
  std::vector<int32_t> buckets;  // per classification: the bucket's index, -1 none
  std::vector<uint8_t> tags;     // per tag: 1 set
};

// A customer entering or leaving a bucket or a tag.
struct Change {
  std::string key;
  bool enter = false;
  bool is_tag = false;
  std::string name;    // the classification or the tag
  std::string bucket;  // for a classification: the bucket entered or left
};

class Watcher {
 public:
  // Runs the program over `data` (loaded from the snapshot) once, keeping the population.
  static rt::Result<std::unique_ptr<Watcher>> Start(const ir::Program& program, rt::Dataset data,
                                                    bool customers_derived, std::vector<lang::Value> params,
                                                    const ExecuteOptions& execute);

  // Adds a batch of event rows (per input; nullopt where none, never the customer input), as the
  // loader read them, and re-evaluates the customers they name. Changes come in the order the
  // customers first appear in the batch, each customer's in declaration order.
  rt::Result<std::vector<Change>> Apply(std::vector<std::optional<rt::Table>> batch);

  // Every customer's memberships as JSON Lines {"key":..,"buckets":{..},"tags":[..]}, in the
  // batch's row order, then new customers in the order they came.
  std::string MembershipsJsonl() const;
  size_t num_customers() const { return order_.size(); }

 private:
  Watcher(const ir::Program& program, rt::Dataset data, bool customers_derived, std::vector<lang::Value> params);
  // Each of `keys` (distinct, known) as a run over that customer alone gives it, all in one
  // run; empty if that run could not be made.
  std::vector<Membership> EvaluateTogether(const std::vector<std::string>& keys) const;
  void MaskUnavailable(const std::vector<uint8_t>& unavailable, Membership* m) const;
  Membership FromRun(const exec::RunResult& run, size_t row) const;

  const ir::Program& program_;
  rt::Dataset base_;
  bool customers_derived_;
  std::vector<lang::Value> params_;
  std::shared_ptr<const PopulationData> population_;
  std::unordered_map<std::string, size_t> base_row_;  // key -> row of base_
  std::vector<std::optional<rt::Table>> appended_;    // per event input: every row appended
  std::unordered_map<std::string, std::vector<std::vector<uint32_t>>> appended_rows_;  // key -> per input
  std::vector<std::string> order_;
  std::unordered_map<std::string, Membership> memberships_;
};

}  // namespace seg::driver::watch
