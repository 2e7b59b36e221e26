// `seg report`: what a classification means in numbers. Per classification, each bucket's
// customers, revenue and the mean of every metric; per tag, its size; what each population
// score's values mean in the metric's units (the cut points); an R x F heat map when the program
// has recency and frequency quintiles; the overlap of the rules (overlap.h); tag x tag and
// classification x classification crosstabs (crosstab.h); and the fitted models' parameters. Built once from
// a run, then written as one self-contained HTML page or as JSON, byte-identical for the same
// program, data, params and as_of.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/crosstab.h"
#include "compiler/driver/history/size_history.h"
#include "compiler/driver/overlap.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"

namespace seg::driver {

// A per-customer let whose mean is reported: numeric, money or duration.
struct ReportMetric {
  std::string name;
  lang::Type type;
  ir::NodeId node = -1;
};

struct ReportBucket {
  std::string label;  // "(no bucket)" for customers in scope that no rule took (no else)
  size_t customers = 0;
  int64_t revenue = 0;                       // money, scaled by 10^4
  std::vector<std::optional<double>> means;  // per ReportMetric; money in units, durations in days
};

struct ReportClassification {
  std::string name;
  std::string scope;  // "all customers" or `value."Top"`
  size_t scope_size = 0;
  std::vector<ReportBucket> buckets;
};

struct ReportTag {
  std::string name;
  size_t customers = 0;
};

// One population score: what each of its values means in the ranked metric's units.
struct ReportCuts {
  std::string score;   // the let (or score) holding the bins: "rfm_r"
  std::string metric;  // what it ranks: "rfm_recency", or "(expression)"
  std::string unit;    // "days", "money", "" for plain numbers, "date"
  std::string method;  // rfm, qcut, qcut_rank, ntile
  bool descending = false;
  std::vector<double> edges;          // rt::BinCuts::edges, ascending, in `unit`
  std::vector<std::string> meanings;  // per score value 1..bins: "between 31 and 62 days"
  std::vector<size_t> counts;         // customers per score value 1..bins
};

// Customers per (r, f) pair of two quintile-like scores.
struct ReportHeatMap {
  std::string r_name, f_name;
  int r_bins = 0, f_bins = 0;
  std::vector<std::vector<size_t>> counts;  // [r - 1][f - 1]
};

struct Report {
  std::string program;  // the rule file's path, as given
  std::string as_of;    // ISO date
  size_t customers = 0;
  std::string revenue_source;  // how revenue was computed, in words; empty when there is none
  bool has_revenue = false;
  int64_t revenue_total = 0;
  std::vector<ReportMetric> metrics;
  std::vector<ReportClassification> classifications;
  std::vector<ReportTag> tags;
  std::vector<ReportCuts> cuts;
  std::optional<ReportHeatMap> heat_map;
  std::vector<ClassificationOverlap> overlap;
  Crosstabs crosstabs;
  // The models p_alive, expected_purchases, expected_spend and fitted_clv fitted over the
  // customers: parameters, log-likelihood and who uses each fit.
  std::vector<exec::ModelFitRecord> models;
  // With `seg report --history DIR`: each bucket's and tag's size over the recorded runs.
  std::optional<SizeHistory> history;
};

// The nodes a run must keep for BuildReport: the metrics, a `revenue` let, the rule conditions
// (OverlapNodes) and the tags (CrosstabNodes).
std::vector<ir::NodeId> ReportNodes(const ir::Program& program);

// `params` are the run's (as_of included); `result` comes from a run that kept ReportNodes.
// Fails only when revenue overflows the money range.
rt::Status BuildReport(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                       const exec::RunResult& result, const std::string& program_path, Report* report);

std::string ReportJson(const Report& report);
std::string ReportHtml(const Report& report);

// Shared by the writers: a number as people read it ("1,234", "12.5", "31 days").
std::string FormatAmount(double value, const std::string& unit);
// Shared by the HTML writers: text made safe for HTML; a count with thousands separators.
std::string HtmlEscape(const std::string& text);
std::string HtmlCount(size_t n);
// The HTML section charting each bucket's and tag's size over the recorded runs
// (report_history_html.cc).
std::string SizeHistoryHtml(const SizeHistory& history);

}  // namespace seg::driver
