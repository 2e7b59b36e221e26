// How one output column's cells are written (write_results.cc plans them, csv_rows.cc and
// write_results.cc write them). Internal to those files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/exec/result.h"

namespace seg::driver {

// How one output column's cells are written, decided once per run rather than per cell.
struct CellPlan {
  enum class Kind : uint8_t {
    kKey,
    kBucket,
    kTag,
    kBool,
    kInt,
    kFloat,
    kMoney,
    kDate,
    kTimestamp,
    kDuration,
    kTextDomain,
    kFormatted
  };
  explicit CellPlan(Kind kind, const exec::ResultColumn* column = nullptr) : kind(kind), column(column) {}
  Kind kind;
  const exec::ResultColumn* column;
  const int32_t* buckets = nullptr;
  // kBucket: each bucket's name, kTextDomain: each text of the domain, as the writer writes it
  // (quoted and escaped once, not on every row).
  std::vector<std::string> encoded;
};

}  // namespace seg::driver
