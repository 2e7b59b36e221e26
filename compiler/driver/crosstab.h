// Overlap beyond rules, on real data: how many customers carry both of two tags (tag x tag), and
// how the buckets of one classification spread over those of another (classification x
// classification), as counts and shares. `seg report` (HTML, JSON, the summary on stderr) and
// `seg check --data` show them.
//
// Bounded so that a program with hundreds of tags cannot ask for a table nobody can read or a
// report of gigabytes: the first kMaxCrosstabTags tags (in declaration order) and the pairs among
// the first kMaxCrosstabClassifications classifications, each pair at most kMaxCrosstabCells
// cells; what is left out is counted and said.
#pragma once
#include <string>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"

namespace seg::driver {

inline constexpr size_t kMaxCrosstabTags = 32;             // a 32 x 32 table
inline constexpr size_t kMaxCrosstabClassifications = 10;  // 45 pairs
inline constexpr size_t kMaxCrosstabCells = 2500;          // e.g. 50 buckets x 50 buckets

// Customers counted in row i and column j. Tags: row and column i are the same tag, so the
// diagonal is each tag's size. Classifications: rows are the buckets of `rows_name`, columns
// those of `columns_name`, each followed by "(no bucket)" when some customers are in none (no
// `else`, or outside a refinement's scope).
struct Crosstab {
  bool of_tags = false;                 // tag x tag, else classification x classification
  std::string rows_name, columns_name;  // "tags" for tag x tag
  std::vector<std::string> row_labels, column_labels;
  std::vector<std::vector<size_t>> counts;  // [row][column]
  std::vector<size_t> row_totals;           // customers in each row's tag or bucket
  // The shares the writers print: of all customers, and of the row's customers.
  double Share(size_t row, size_t column, size_t customers) const;
  double RowShare(size_t row, size_t column) const;
};

struct Crosstabs {
  size_t customers = 0;
  bool has_tags = false;  // two tags or more
  Crosstab tags;
  std::vector<Crosstab> classifications;  // pairs in declaration order: (0,1), (0,2), ..., (1,2), ...
  size_t tags_left_out = 0;               // tags after the kMaxCrosstabTags-th
  size_t pairs_left_out = 0;              // pairs beyond the bounds
  std::string LeftOutNote() const;        // "" when nothing was left out
};

// The nodes a run must keep for ComputeCrosstabs: the tags' conditions.
std::vector<ir::NodeId> CrosstabNodes(const ir::Program& program);

// `result` must come from a run that kept CrosstabNodes(program).
Crosstabs ComputeCrosstabs(const ir::Program& program, const exec::RunResult& result, size_t customers);

// The tables as text for `seg check --data`: counts, and each cell's share of its row.
std::string FormatCrosstabs(const Crosstabs& crosstabs);

// One line each for `seg report`'s summary: the tables written and the most overlapping tags.
std::string SummarizeCrosstabs(const Crosstabs& crosstabs);

}  // namespace seg::driver
