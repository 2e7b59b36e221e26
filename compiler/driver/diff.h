// `seg diff`: what changes when the rules change (OLD.seg vs NEW.seg on the same data) or when
// time passes (one program as of D1 vs D2). For each classification present in both runs, the
// migration matrix (old bucket x new bucket); for each tag, the customers who gain or lose it;
// and the customers that moved, one row per customer and classification.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"

namespace seg::driver {

// One side of a diff: a program, the data it ran over and the run's result.
struct DiffSide {
  const ir::Program* program = nullptr;
  const rt::Dataset* data = nullptr;
  const exec::RunResult* result = nullptr;
};

inline constexpr const char* kNoBucket = "(no bucket)";
inline constexpr const char* kAbsent = "(absent)";  // the customer is not in that side's data

struct MigrationMatrix {
  std::string name;
  std::vector<std::string> old_labels, new_labels;  // buckets, then kNoBucket, then kAbsent
  std::vector<std::vector<size_t>> counts;          // [old label][new label]
  size_t moved = 0;                                 // off the diagonal (same label on both sides)
};

struct TagChange {
  std::string name;
  bool in_old = false, in_new = false;
  size_t old_count = 0, new_count = 0;
  size_t gained = 0, lost = 0;  // tagged only in new / only in old (customers in both data sets)
};

struct Moved {
  std::string key, classification, old_bucket, new_bucket;  // "" for no bucket
};

struct DiffReport {
  size_t customers = 0;  // customers in the union of both sides
  std::vector<MigrationMatrix> matrices;
  std::vector<std::string> only_old, only_new;  // classifications in one side only
  std::vector<TagChange> tags;
  std::vector<Moved> moved;  // customer order of the old side, then new-only customers
};

// Customers are matched by key, so the two sides may have loaded different files.
DiffReport ComputeDiff(const DiffSide& old_side, const DiffSide& new_side);

// The matrices and tag changes as text; bucket labels are quoted so the layout is unambiguous.
std::string FormatDiff(const DiffReport& diff, const std::string& old_name, const std::string& new_name);

// key,classification,old,new as CSV.
bool WriteMoved(const DiffReport& diff, const std::string& key_name, const std::function<bool(std::string_view)>& sink);

}  // namespace seg::driver
