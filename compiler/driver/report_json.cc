// The report as JSON, for dashboards and tests: the same numbers as the HTML page. Keys keep
// their insertion order and numbers print in their shortest exact form, so the bytes are stable.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/driver/report.h"
#include "runtime/money.h"

namespace seg::driver {

namespace {
using Json = nlohmann::ordered_json;

Json Money(int64_t value) { return rt::MoneyToDouble(value); }

Json OverlapJson(const ClassificationOverlap& o) {
  Json rules = Json::array();
  for (const RuleOverlap& r : o.rules) {
    Json taken = Json::object();
    for (size_t j = 0; j < r.taken_by.size(); ++j) {
      if (r.taken_by[j] > 0) taken[o.rules[j].label] = r.taken_by[j];
    }
    rules.push_back(Json{{"rule", r.label},
                         {"alone", r.alone},
                         {"gets", r.actual},
                         {"taken_by", taken},
                         {"gets_nobody", r.gets_nobody()}});
  }
  Json out{{"classification", o.name}, {"scope", o.scope}, {"customers", o.scope_size}, {"rules", rules}};
  if (!o.else_label.empty()) out["else"] = Json{{"bucket", o.else_label}, {"gets", o.else_count}};
  if (o.unassigned > 0) out["no_bucket"] = o.unassigned;
  return out;
}
// Each bucket's and tag's size per recorded run; null where that run's program lacks it.
Json SizeHistoryJson(const SizeHistory& h) {
  Json runs = Json::array();
  for (const SizeHistoryRun& r : h.runs) {
    runs.push_back(
        Json{{"run", r.run}, {"as_of", r.as_of}, {"program_hash", r.program_hash}, {"customers", r.customers}});
  }
  Json classifications = Json::array(), tags = Json::array();
  for (const SizeSeries& s : h.series) {
    Json sizes = Json::array();
    for (const std::optional<uint64_t>& v : s.sizes) sizes.push_back(v ? Json(*v) : Json(nullptr));
    if (s.classification.empty()) {
      tags.push_back(Json{{"tag", s.label}, {"customers", sizes}});
      continue;
    }
    auto it = std::find_if(classifications.begin(), classifications.end(),
                           [&](const Json& c) { return c["classification"] == s.classification; });
    if (it == classifications.end()) {
      classifications.push_back(Json{{"classification", s.classification}, {"buckets", Json::array()}});
      it = classifications.end() - 1;
    }
    (*it)["buckets"].push_back(Json{{"bucket", s.label}, {"customers", sizes}});
  }
  return Json{{"directory", h.directory}, {"runs", runs}, {"classifications", classifications}, {"tags", tags}};
}

// counts[r][c], with each cell's share of all customers and of its row.
Json CrosstabJson(const Crosstab& t, size_t customers) {
  Json share = Json::array(), row_share = Json::array();
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    Json a = Json::array(), b = Json::array();
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      a.push_back(t.Share(r, c, customers));
      b.push_back(t.RowShare(r, c));
    }
    share.push_back(a);
    row_share.push_back(b);
  }
  return Json{{"rows", t.rows_name},
              {"columns", t.columns_name},
              {"row_labels", t.row_labels},
              {"column_labels", t.column_labels},
              {"row_customers", t.row_totals},
              {"counts", t.counts},
              {"share", share},
              {"row_share", row_share}};
}

Json CrosstabsJson(const Crosstabs& crosstabs) {
  Json pairs = Json::array();
  for (const Crosstab& t : crosstabs.classifications) pairs.push_back(CrosstabJson(t, crosstabs.customers));
  return Json{{"tags", crosstabs.has_tags ? CrosstabJson(crosstabs.tags, crosstabs.customers) : Json(nullptr)},
              {"classifications", pairs},
              {"tags_left_out", crosstabs.tags_left_out},
              {"pairs_left_out", crosstabs.pairs_left_out}};
}
}  // namespace

std::string ReportJson(const Report& report) {
  Json root;
  root["program"] = report.program;
  root["as_of"] = report.as_of;
  root["customers"] = report.customers;
  if (report.has_revenue) {
    root["revenue"] = Json{{"source", report.revenue_source}, {"total", Money(report.revenue_total)}};
  }
  Json metrics = Json::array();
  for (const ReportMetric& m : report.metrics) {
    metrics.push_back(Json{{"name", m.name},
                           {"unit", m.type.Is(lang::TypeKind::kDuration) ? "days"
                                    : m.type.Is(lang::TypeKind::kMoney)  ? "money"
                                                                         : ""}});
  }
  root["metrics"] = metrics;
  Json classes = Json::array();
  for (const ReportClassification& c : report.classifications) {
    Json buckets = Json::array();
    for (const ReportBucket& b : c.buckets) {
      Json bucket{{"bucket", b.label},
                  {"customers", b.customers},
                  {"share",
                   c.scope_size == 0 ? 0.0 : static_cast<double>(b.customers) / static_cast<double>(c.scope_size)}};
      if (report.has_revenue) {
        bucket["revenue"] = Money(b.revenue);
        bucket["revenue_share"] = report.revenue_total == 0
                                      ? 0.0
                                      : rt::MoneyToDouble(b.revenue) / rt::MoneyToDouble(report.revenue_total);
      }
      Json means = Json::object();
      for (size_t m = 0; m < report.metrics.size(); ++m) {
        means[report.metrics[m].name] = b.means[m] ? Json(*b.means[m]) : Json(nullptr);
      }
      bucket["means"] = means;
      buckets.push_back(bucket);
    }
    classes.push_back(
        Json{{"classification", c.name}, {"scope", c.scope}, {"customers", c.scope_size}, {"buckets", buckets}});
  }
  root["classifications"] = classes;
  Json tags = Json::array();
  for (const ReportTag& t : report.tags) tags.push_back(Json{{"tag", t.name}, {"customers", t.customers}});
  root["tags"] = tags;
  Json cuts = Json::array();
  for (const ReportCuts& c : report.cuts) {
    Json values = Json::array();
    for (size_t s = 0; s < c.meanings.size(); ++s) {
      values.push_back(Json{{"value", s + 1}, {"meaning", c.meanings[s]}, {"customers", c.counts[s]}});
    }
    cuts.push_back(Json{{"score", c.score},
                        {"metric", c.metric},
                        {"unit", c.unit},
                        {"method", c.method},
                        {"descending", c.descending},
                        {"edges", c.edges},
                        {"values", values}});
  }
  root["cuts"] = cuts;
  if (report.heat_map) {
    const ReportHeatMap& h = *report.heat_map;
    root["heat_map"] = Json{{"rows", h.r_name}, {"columns", h.f_name}, {"counts", h.counts}};
  }
  Json overlap = Json::array();
  for (const ClassificationOverlap& o : report.overlap) overlap.push_back(OverlapJson(o));
  root["overlap"] = overlap;
  root["crosstabs"] = CrosstabsJson(report.crosstabs);
  Json models = Json::array();
  for (const exec::ModelFitRecord& m : report.models) {
    Json parameters = Json::object();
    for (const auto& [name, value] : m.parameters) parameters[name] = value;
    Json model = {{"model", m.model},           {"customers", m.customers},
                  {"parameters", parameters},   {"log_likelihood", m.log_likelihood},
                  {"iterations", m.iterations}, {"used_by", m.used_by}};
    if (!m.unit.empty()) model["unit"] = m.unit;
    models.push_back(std::move(model));
  }
  root["models"] = models;
  if (report.history) root["history"] = SizeHistoryJson(*report.history);
  return root.dump(2) + "\n";
}

}  // namespace seg::driver
