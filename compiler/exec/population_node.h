// One population node over a column of ranked values: the kernel its spec names (quantile bins,
// percent_rank, cumulative_share). The batch run's population step (population_step.cc, for every
// engine) calls it, and so does the real-time evaluation of one customer whose cumulative_share
// must be summed over a batch's population again (compiler/driver/population_snapshot.cc).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "compiler/ir/ir.h"
#include "runtime/kernels/population.h"

namespace seg::exec {

// The unit a value is ranked in, as people mean it: money in currency units, durations and
// timestamps in days, so the rfm convention's "break + 1" is one unit, one day. The kernels see
// double(value) / unit (floats as they are).
double RankingUnit(const lang::Type& type);

// The runtime's ranking method for the checker's.
rt::BinMethod RankingMethod(lang::BinMethod method);

// Where a population node's outputs go: `ints` for the bins (int), `floats` for percent_rank and
// cumulative_share (float); `valid` always. Each holds n rows.
struct PopulationOut {
  int64_t* ints = nullptr;
  double* floats = nullptr;
  uint8_t* valid = nullptr;
};

// Computes the node for n customers from their ranked values (valid[i] == 0: missing); the
// quantile methods also fill `cuts` (may be null). tie_order breaks ties of the rank methods
// (rt::QuantileBins); empty: row order. pool (may be null): the threads the quantile bins may use.
void ComputePopulation(const lang::PopulationSpec& spec, const double* values, const uint8_t* valid, size_t n,
                       const PopulationOut& out, rt::BinCuts* cuts, std::span<const uint32_t> tie_order = {},
                       rt::ThreadPool* pool = nullptr);

// The same for ints ranked as double(value) / unit, where the kernels bin them as they are
// (rt::QuantileBinsOfInts: rfm and qcut over a narrow range); false, with nothing written, where
// they do not, and the caller ranks the values as doubles with ComputePopulation.
bool ComputePopulationOfInts(const lang::PopulationSpec& spec, const int64_t* values, const uint8_t* valid, double unit,
                             size_t n, const PopulationOut& out, rt::BinCuts* cuts, rt::ThreadPool* pool = nullptr);

}  // namespace seg::exec
