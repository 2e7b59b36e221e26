// Scoring one customer against a population that is not there: the IR of a program with every
// population node (quantile bins, percent_rank) replaced by per-customer nodes that place the
// customer's value between cut points recorded by an earlier batch run, or by a missing value.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/ir/ir.h"
#include "runtime/kernels/population.h"

namespace seg::api {

// Cut points per node id (nullopt for nodes without any).
using CutsByNode = std::vector<std::optional<rt::BinCuts>>;

// A copy of `program` without population nodes and with a single stage. A quantile node with
// cuts becomes "bin = 1 + number of cut points at or below the value" (rfm, ntile, qcut over
// ranks) or "... strictly below" (qcut), reversed when descending, compared in the same units
// and with the same double arithmetic as the ranking kernels, so a value from the batch gets
// its batch bin back (ntile and qcut-over-ranks, whose tied values can straddle two bins, give
// ties the higher bin). Values outside the batch's range go to the first or last bin. Without
// cuts (or for percent_rank) the node is a missing value.
std::shared_ptr<const ir::Program> WithFixedPopulation(const ir::Program& program, const CutsByNode* cuts);

// {"version": 1, "cuts": [{"node": 12, "name": "rfm_r", "bins": 5, "edges": [...]}, ...]}:
// the cut points of every quantile node of a run, named by the let that holds it when there is one.
std::string CutsToJson(const ir::Program& program, const interp::RunResult& run);

// Reads CutsToJson's output back, checking that it fits this program's population nodes.
bool CutsFromJson(const ir::Program& program, std::string_view json, CutsByNode* out, std::string* error);

}  // namespace seg::api
