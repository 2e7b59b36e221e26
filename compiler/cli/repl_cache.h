// What the REPL remembers between answers so that an answer on a million customers costs only
// what changed. Each IR node gets a content hash over its whole subgraph (kinds, types, columns
// by name, constants, windows, the bound value of every param it reads, and as_of and the time
// zone, which every window depends on). The per-customer results of aggregates, population
// ranks and named lets, tags and scores are kept as extra columns of the loaded customer table,
// keyed by that hash; a later program that contains a node with the same hash reads the column
// instead of recomputing it, whatever the node is called and wherever it sits in the new IR.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"

namespace seg::cli {

// One hash per node of `program`, with `params` bound (one value per program param).
std::vector<uint64_t> HashNodes(const ir::Program& program, const std::vector<lang::Value>& params);

// A program cut down to what one answer needs.
struct SpecializedProgram {
  ir::Program program;
  std::vector<ir::NodeId> fresh;  // nodes computed by this run that the cache will keep
  size_t reused = 0;              // nodes read from the cache
};

class ResultCache {
 public:
  // The data changed (loaded again): forget every column. The cache adds columns to `data`.
  void Reset(rt::Dataset* data);
  void Clear();

  // The program that computes `roots` (node ids of `full`; classifications are computed only if
  // their kClassify node is a root or reached from one): every node with a cached column becomes
  // a read of that column, every node that no root needs becomes a missing constant.
  // With `aggregates_only`, named lets, tags and scores are recomputed from their parts, so an
  // explanation can still take their conditions apart.
  SpecializedProgram Specialize(const ir::Program& full, const std::vector<uint64_t>& hashes,
                                const std::vector<ir::NodeId>& roots, bool aggregates_only = false) const;
  // Keeps the columns of `plan.fresh` from a successful run of `plan.program`.
  void Store(const SpecializedProgram& plan, const std::vector<uint64_t>& hashes, const exec::RunResult& result);

  size_t columns() const { return column_of_.size(); }
  size_t hits() const { return hits_; }

 private:
  rt::Dataset* data_ = nullptr;
  size_t base_columns_ = 0;
  std::unordered_map<uint64_t, int32_t> column_of_;  // hash -> column of data_->customers
  std::vector<ir::ColumnSchema> labels_;             // per cached column: its type, and how explanations name it
  mutable size_t hits_ = 0;
};

}  // namespace seg::cli
