#include "compiler/driver/report.h"

#include <cmath>
#include <cstdio>

#include "compiler/sema/program.h"
#include "runtime/civil_time.h"
#include "runtime/money.h"

namespace seg::driver {

namespace {

using lang::TypeKind;

bool IsMetricType(const lang::Type& t) {
  return t.Is(TypeKind::kInt) || t.Is(TypeKind::kFloat) || t.Is(TypeKind::kMoney) || t.Is(TypeKind::kDuration);
}

// A result value in the units the report speaks: money in currency units, durations in days.
std::optional<double> NumberAt(const exec::ResultColumn& column, size_t row) {
  if (!column.Valid(row)) return std::nullopt;
  switch (column.type.kind) {
    case TypeKind::kFloat: return column.floats[row];
    case TypeKind::kMoney: return static_cast<double>(column.Int(row)) / 10000.0;
    case TypeKind::kDuration: return static_cast<double>(column.Int(row)) / static_cast<double>(rt::kMicrosPerDay);
    default: return static_cast<double>(column.Int(row));
  }
}

const ir::Named* FindNamed(const std::vector<ir::Named>& list, ir::NodeId node) {
  for (const ir::Named& n : list)
    if (n.node == node) return &n;
  return nullptr;
}

const ir::Named* FindNamed(const std::vector<ir::Named>& list, const std::string& name) {
  for (const ir::Named& n : list)
    if (n.name == name) return &n;
  return nullptr;
}

bool IsQuantileBins(const ir::Program& program, ir::NodeId node) {
  const ir::Node& n = program.nodes[node];
  return n.kind == ir::NodeKind::kPopulation && n.population.func == lang::PopFunc::kQuantileBin;
}

std::string UnitOf(const lang::Type& t) {
  if (t.Is(TypeKind::kMoney)) return "money";
  if (t.Is(TypeKind::kDuration)) return "days";
  if (t.Is(TypeKind::kDate) || t.Is(TypeKind::kTimestamp)) return "date";
  return "";
}

// What ascending bin k (1-based) holds, from the cut points (see rt::BinCuts). When every ranked
// value is a whole number (counts, days since), the interval is said as the whole numbers in it:
// rfm's [10, 36) days is "between 10 and 35 days".
std::string BinMeaning(const rt::BinCuts& cuts, int k, lang::BinMethod method, bool whole, const std::string& unit) {
  double lo = cuts.edges[k - 1], hi = cuts.edges[k];
  bool rfm = method == lang::BinMethod::kRfm;
  bool open_below = method == lang::BinMethod::kQcut && k > 1;  // qcut: (lo, hi], the first bin [lo, hi]
  if (whole) {
    double a = rfm ? std::ceil(lo) : open_below ? std::floor(lo) + 1 : std::ceil(lo);
    double b = rfm ? std::ceil(hi) - 1 : std::floor(hi);
    if (a > b) return "nobody (an empty bin)";
    if (a == b) return FormatAmount(a, unit);
    return "between " + FormatAmount(a, unit == "days" ? "" : unit) + " and " + FormatAmount(b, unit);
  }
  if (rfm) {
    if (lo >= hi) return "nobody (an empty bin)";
    return "at least " + FormatAmount(lo, unit) + " and below " + FormatAmount(hi, unit);
  }
  if (open_below) return "above " + FormatAmount(lo, unit) + " up to " + FormatAmount(hi, unit);
  if (lo == hi) return FormatAmount(lo, unit);
  return "between " + FormatAmount(lo, unit) + " and " + FormatAmount(hi, unit);
}

// Per customer revenue: a `revenue` let, else the first money column of the first event input
// that has one, summed over every event up to as_of.
rt::Status CustomerRevenue(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                           const exec::RunResult& result, Report* report, std::vector<int64_t>* revenue) {
  size_t n = data.num_customers();
  revenue->assign(n, 0);
  if (const ir::Named* let = FindNamed(program.lets, std::string(sema::kRevenueLetName))) {
    const exec::ResultColumn& column = *result.nodes[let->node];
    if (sema::IsReportRevenue(let->name, column.type)) {
      for (size_t row = 0; row < n; ++row) {
        if (!column.Valid(row)) continue;
        if (column.type.Is(TypeKind::kMoney)) (*revenue)[row] = column.Int(row);
        else if (!rt::MoneyFromDouble(*NumberAt(column, row), &(*revenue)[row])) {
          return rt::Status::Error("revenue of customer row " + std::to_string(row + 1) + " is out of the money range");
        }
      }
      report->has_revenue = true;
      report->revenue_source = "the program's `let revenue`";
      return rt::Status::Ok();
    }
  }
  int32_t as_of_day = static_cast<int32_t>(params[program.as_of_param].i);
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    const ir::InputSchema& input = program.inputs[i];
    if (!input.is_event) continue;
    for (const ir::ColumnSchema& col : input.columns) {
      if (!col.type.Is(TypeKind::kMoney)) continue;
      const rt::EventData& ev = data.events[i];
      int index = ev.table.FindColumnIndex(col.name);
      if (index < 0 || ev.offsets.empty()) return rt::Status::Ok();
      const rt::Column& money = ev.table.column(static_cast<size_t>(index));
      const auto& values = money.values<int64_t>();
      for (size_t c = 0; c < n; ++c) {
        for (uint32_t e = ev.offsets[c]; e < ev.offsets[c + 1]; ++e) {
          if (ev.local_day[e] > as_of_day || !money.IsValid(e)) continue;
          if (!rt::CheckedAddMoney((*revenue)[c], values[e], &(*revenue)[c])) {
            return rt::Status::Error("revenue of customer row " + std::to_string(c + 1) + " overflows the money range");
          }
        }
      }
      report->has_revenue = true;
      report->revenue_source = "sum of " + input.name + "." + col.name + ", all events up to as_of";
      return rt::Status::Ok();
    }
  }
  return rt::Status::Ok();
}

}  // namespace

std::vector<ir::NodeId> ReportNodes(const ir::Program& program) {
  std::vector<ir::NodeId> nodes = OverlapNodes(program);
  for (ir::NodeId tag : CrosstabNodes(program)) nodes.push_back(tag);
  for (const ir::Named& let : program.lets) nodes.push_back(let.node);
  for (ir::NodeId id = 0; id < static_cast<ir::NodeId>(program.nodes.size()); ++id) {
    if (!IsQuantileBins(program, id)) continue;
    nodes.push_back(id);
    nodes.push_back(program.nodes[id].args[0]);  // the ranked values: are they whole numbers?
  }
  return nodes;
}

rt::Status BuildReport(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                       const exec::RunResult& result, const std::string& program_path, Report* report) {
  size_t n = data.num_customers();
  report->program = program_path;
  report->as_of = rt::FormatDate(static_cast<int32_t>(params[program.as_of_param].i));
  report->customers = n;
  for (const ir::Named& let : program.lets) {
    const ir::Node& node = program.nodes[let.node];
    // A let that is the same for everyone (a constant, a param) says nothing about a bucket.
    if (node.level != ir::Level::kCustomer || !IsMetricType(node.type)) continue;
    report->metrics.push_back({let.name, node.type, let.node});
  }
  std::vector<int64_t> revenue;
  SEG_RETURN_IF_ERROR(CustomerRevenue(program, data, params, result, report, &revenue));
  for (int64_t r : revenue) {
    if (!rt::CheckedAddMoney(report->revenue_total, r, &report->revenue_total)) {
      return rt::Status::Error("total revenue overflows the money range");
    }
  }

  std::vector<const exec::ResultColumn*> metric_columns;
  for (const ReportMetric& m : report->metrics) metric_columns.push_back(&*result.nodes[m.node]);
  for (size_t ci = 0; ci < program.classifications.size(); ++ci) {
    const ir::Classification& c = program.classifications[ci];
    ReportClassification rc;
    rc.name = c.name;
    rc.scope = c.parent < 0 ? "all customers"
                            : program.classifications[c.parent].name + ".\"" +
                                  program.classifications[c.parent].buckets[c.parent_bucket] + "\"";
    size_t slots = c.buckets.size() + 1;  // the last one: in scope, no bucket
    std::vector<ReportBucket> buckets(slots);
    std::vector<std::vector<double>> sums(slots, std::vector<double>(report->metrics.size(), 0.0));
    std::vector<std::vector<size_t>> counts(slots, std::vector<size_t>(report->metrics.size(), 0));
    for (size_t b = 0; b < c.buckets.size(); ++b) buckets[b].label = c.buckets[b];
    buckets.back().label = "(no bucket)";
    for (size_t row = 0; row < n; ++row) {
      if (c.parent >= 0 && result.buckets[c.parent][row] != c.parent_bucket) continue;
      ++rc.scope_size;
      int32_t b = result.buckets[ci][row];
      size_t slot = b < 0 ? c.buckets.size() : static_cast<size_t>(b);
      ReportBucket& bucket = buckets[slot];
      ++bucket.customers;
      if (!rt::CheckedAddMoney(bucket.revenue, revenue[row], &bucket.revenue)) {
        return rt::Status::Error("revenue of bucket \"" + bucket.label + "\" overflows the money range");
      }
      for (size_t m = 0; m < metric_columns.size(); ++m) {
        if (std::optional<double> v = NumberAt(*metric_columns[m], row)) {
          sums[slot][m] += *v;
          ++counts[slot][m];
        }
      }
    }
    for (size_t s = 0; s < slots; ++s) {
      if (s + 1 == slots && buckets[s].customers == 0) continue;
      for (size_t m = 0; m < report->metrics.size(); ++m) {
        buckets[s].means.push_back(
            counts[s][m] == 0 ? std::nullopt : std::optional<double>(sums[s][m] / static_cast<double>(counts[s][m])));
      }
      rc.buckets.push_back(std::move(buckets[s]));
    }
    report->classifications.push_back(std::move(rc));
  }

  for (const ir::Named& tag : program.tags) {
    const exec::ResultColumn& column = *result.nodes[tag.node];
    size_t k = 0;
    for (size_t row = 0; row < n; ++row) k += column.Holds(row);
    report->tags.push_back({tag.name, k});
  }

  for (ir::NodeId id = 0; id < static_cast<ir::NodeId>(program.nodes.size()); ++id) {
    if (!IsQuantileBins(program, id)) continue;
    const ir::Named* named = FindNamed(program.lets, id);
    if (named == nullptr) named = FindNamed(program.scores, id);
    const rt::BinCuts& bins = result.cuts[id];
    if (named == nullptr || bins.bins < 1 || bins.edges.size() < static_cast<size_t>(bins.bins) + 1) continue;
    const ir::Node& node = program.nodes[id];
    const ir::Node& arg = program.nodes[node.args[0]];
    ReportCuts cuts;
    cuts.score = named->name;
    const ir::Named* metric = FindNamed(program.lets, node.args[0]);
    cuts.metric = metric != nullptr ? metric->name : "(expression)";
    cuts.unit = UnitOf(arg.type);
    cuts.method = lang::BinMethodName(node.population.method);
    cuts.descending = node.population.descending;
    cuts.edges = bins.edges;
    cuts.counts.assign(static_cast<size_t>(bins.bins), 0);
    const exec::ResultColumn& column = *result.nodes[id];
    for (size_t row = 0; row < n; ++row) {
      if (column.Valid(row) && column.Int(row) >= 1 && column.Int(row) <= bins.bins) ++cuts.counts[column.Int(row) - 1];
    }
    bool whole = !arg.type.Is(TypeKind::kFloat) && !arg.type.Is(TypeKind::kTimestamp);
    const exec::ResultColumn& ranked = *result.nodes[node.args[0]];
    for (size_t row = 0; row < n && whole; ++row) {
      std::optional<double> v = NumberAt(ranked, row);
      whole = !v || *v == std::floor(*v);
    }
    for (int s = 1; s <= bins.bins; ++s) {
      int k = cuts.descending ? bins.bins + 1 - s : s;
      cuts.meanings.push_back(BinMeaning(bins, k, node.population.method, whole, cuts.unit));
    }
    report->cuts.push_back(std::move(cuts));
  }

  // An R x F heat map for the usual names: r/f, or std.rfm's rfm_r/rfm_f.
  for (const auto& [r_name, f_name] : {std::pair<std::string, std::string>{"r", "f"}, {"rfm_r", "rfm_f"}}) {
    const ir::Named* r = FindNamed(program.lets, r_name);
    const ir::Named* f = FindNamed(program.lets, f_name);
    if (r == nullptr || f == nullptr || !IsQuantileBins(program, r->node) || !IsQuantileBins(program, f->node))
      continue;
    ReportHeatMap heat;
    heat.r_name = r_name;
    heat.f_name = f_name;
    heat.r_bins = std::max(1, result.cuts[r->node].bins);
    heat.f_bins = std::max(1, result.cuts[f->node].bins);
    heat.counts.assign(static_cast<size_t>(heat.r_bins), std::vector<size_t>(static_cast<size_t>(heat.f_bins), 0));
    const exec::ResultColumn& rc = *result.nodes[r->node];
    const exec::ResultColumn& fc = *result.nodes[f->node];
    for (size_t row = 0; row < n; ++row) {
      if (!rc.Valid(row) || !fc.Valid(row)) continue;
      int64_t rv = rc.Int(row), fv = fc.Int(row);
      if (rv < 1 || rv > heat.r_bins || fv < 1 || fv > heat.f_bins) continue;
      ++heat.counts[rv - 1][fv - 1];
    }
    report->heat_map = std::move(heat);
    break;
  }
  report->overlap = ComputeOverlap(program, result, n);
  report->crosstabs = ComputeCrosstabs(program, result, n);
  report->models = result.model_fits;
  return rt::Status::Ok();
}

std::string FormatAmount(double value, const std::string& unit) {
  if (unit == "date") return rt::FormatDate(static_cast<int32_t>(std::floor(value)));
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) std::snprintf(buffer, sizeof(buffer), "%.0f", value);
  else std::snprintf(buffer, sizeof(buffer), "%.2f", value);
  std::string text = buffer;
  // 2.80 reads as 2.8; a whole number printed with decimals keeps none.
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  if (unit == "days") text += text == "1" ? " day" : " days";
  return text;
}

}  // namespace seg::driver
