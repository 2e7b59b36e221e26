// Reachability of classification rules on real data: for each rule, how many customers it would
// catch on its own, how many it actually gets once the rules above it have taken theirs, and
// which earlier rules took the rest. A rule that gets nobody is dead weight in the campaign plan
// (or a sign that the rules are in the wrong order), which a static check cannot see.
#pragma once
#include <string>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/ir/ir.h"

namespace seg::driver {

struct RuleOverlap {
  std::string label;
  size_t alone = 0;              // customers in scope whose condition holds
  size_t actual = 0;             // customers the rule gets (first match)
  std::vector<size_t> taken_by;  // per earlier rule: customers it matches that rule j took first
  bool gets_nobody() const { return actual == 0; }
};

struct ClassificationOverlap {
  std::string name;
  std::string scope;  // "all customers" or `value."Top"` for a refinement
  size_t scope_size = 0;
  std::vector<RuleOverlap> rules;  // priority order
  std::string else_label;          // empty without `else`
  size_t else_count = 0;
  size_t unassigned = 0;  // in scope but in no bucket (no else)
};

// The rule condition nodes a run must keep (RunOptions::keep) for ComputeOverlap.
std::vector<ir::NodeId> OverlapNodes(const ir::Program& program);

// `result` must come from a run that kept OverlapNodes(program).
std::vector<ClassificationOverlap> ComputeOverlap(const ir::Program& program, const exec::RunResult& result,
                                                  size_t customers);

// The tables as text for `seg check --data`: one block per classification.
std::string FormatOverlap(const std::vector<ClassificationOverlap>& overlaps);

}  // namespace seg::driver
