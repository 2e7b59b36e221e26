#include "compiler/exec/population_node.h"

#include "compiler/exec/result.h"
#include "runtime/civil_time.h"

namespace seg::exec {

double RankingUnit(const lang::Type& type) {
  if (type.Is(lang::TypeKind::kMoney)) return 10000.0;
  if (type.Is(lang::TypeKind::kDuration) || type.Is(lang::TypeKind::kTimestamp)) {
    return static_cast<double>(rt::kMicrosPerDay);
  }
  return 1.0;
}

rt::BinMethod RankingMethod(lang::BinMethod method) {
  switch (method) {
    case lang::BinMethod::kRfm: return rt::BinMethod::kRfm;
    case lang::BinMethod::kQcut: return rt::BinMethod::kQcut;
    case lang::BinMethod::kQcutRank: return rt::BinMethod::kQcutRank;
    case lang::BinMethod::kNtile: return rt::BinMethod::kNtile;
  }
  return rt::BinMethod::kRfm;
}

void ComputePopulation(const lang::PopulationSpec& spec, const double* values, const uint8_t* valid, size_t n,
                       const PopulationOut& out, rt::BinCuts* cuts, std::span<const uint32_t> tie_order,
                       rt::ThreadPool* pool) {
  if (spec.func == lang::PopFunc::kCumulativeShare) {
    rt::CumulativeShare(values, valid, n, out.floats, out.valid);
    return;
  }
  if (spec.func == lang::PopFunc::kPercentRank) {
    rt::PercentRank(values, valid, n, spec.descending, out.floats, out.valid);
    return;
  }
  // Every row written, 0 where missing.
  rt::QuantileBins(values, valid, n, spec.bins, RankingMethod(spec.method), spec.descending, out.ints, out.valid, cuts,
                   tie_order, pool);
}

bool ComputePopulationOfInts(const lang::PopulationSpec& spec, const int64_t* values, const uint8_t* valid, double unit,
                             size_t n, const PopulationOut& out, rt::BinCuts* cuts, rt::ThreadPool* pool) {
  if (spec.func != lang::PopFunc::kQuantileBin) return false;
  return rt::QuantileBinsOfInts(values, valid, n, unit, spec.bins, RankingMethod(spec.method), spec.descending,
                                out.ints, out.valid, cuts, pool);
}

}  // namespace seg::exec
