// The report as one self-contained HTML page: inline CSS and inline SVG, no script, no fonts or
// images from anywhere, so it opens from a mail attachment or a shared drive and prints as is.
// Every number is formatted with fixed rules, so the bytes depend only on the report.
#include <algorithm>
#include <cstdio>

#include "compiler/driver/report.h"
#include "runtime/money.h"

namespace seg::driver {

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

// 1234567 -> "1,234,567": thousands separators make bucket sizes readable at a glance.
std::string HtmlCount(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

namespace {

std::string Escape(const std::string& text) { return HtmlEscape(text); }

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  std::string text = buffer;
  return text == "-0.0" || text == "-0" ? text.substr(1) : text;
}

std::string Percent(double share) { return Fixed(100.0 * share, 1) + "%"; }

std::string Count(size_t n) { return HtmlCount(n); }

std::string MoneyText(int64_t value) {
  std::string text = Fixed(rt::MoneyToDouble(value), 2);
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot), out;
  bool negative = !whole.empty() && whole[0] == '-';
  if (negative) whole = whole.substr(1);
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  return (negative ? "-" : "") + out + text.substr(dot);
}

double Share(double part, double whole) { return whole <= 0 ? 0.0 : part / whole; }

const char* kStyle = R"css(
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1f2933; max-width: 1100px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
h3 { font-size: 15px; margin-bottom: 6px; }
.meta { color: #52606d; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e4e7eb; text-align: right; white-space: nowrap; }
th { background: #f0f4f8; }
td.l, th.l { text-align: left; }
.bar { display: inline-block; height: 8px; background: #3e7cb1; vertical-align: middle; margin-left: 6px; }
.bar.rev { background: #e8871e; }
table.means th, table.overlap th { white-space: normal; max-width: 90px; vertical-align: bottom; }
tr.dead td { background: #fde8e8; }
.flag { color: #b42318; font-weight: 600; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
svg text { font-family: inherit; font-size: 12px; fill: #1f2933; }
)css";

// Horizontal bars: customers' share and revenue's share of each bucket, side by side.
std::string BucketChart(const ReportClassification& c, const Report& report) {
  const int label_w = 200, bar_w = 560, row_h = report.has_revenue ? 34 : 22;
  int height = static_cast<int>(c.buckets.size()) * row_h + 10;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(label_w + bar_w + 80) +
                    "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-label=\"bucket sizes of " +
                    Escape(c.name) + "\">\n";
  for (size_t i = 0; i < c.buckets.size(); ++i) {
    const ReportBucket& b = c.buckets[i];
    int y = static_cast<int>(i) * row_h + 4;
    double share = Share(static_cast<double>(b.customers), static_cast<double>(c.scope_size));
    int w = static_cast<int>(share * bar_w + 0.5);
    svg += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 11) + "\" text-anchor=\"end\">" +
           Escape(b.label) + "</text>\n";
    svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(w) +
           "\" height=\"13\" fill=\"#3e7cb1\"/>\n";
    svg += "<text x=\"" + std::to_string(label_w + w + 6) + "\" y=\"" + std::to_string(y + 11) + "\">" +
           Percent(share) + "</text>\n";
    if (!report.has_revenue) continue;
    double rev = Share(rt::MoneyToDouble(b.revenue), rt::MoneyToDouble(report.revenue_total));
    int rw = static_cast<int>(std::max(0.0, rev) * bar_w + 0.5);
    svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 15) + "\" width=\"" +
           std::to_string(rw) + "\" height=\"11\" fill=\"#e8871e\"/>\n";
    svg += "<text x=\"" + std::to_string(label_w + rw + 6) + "\" y=\"" + std::to_string(y + 25) + "\">" + Percent(rev) +
           "</text>\n";
  }
  return svg + "</svg>\n";
}

std::string ClassificationSection(const ReportClassification& c, const Report& report) {
  std::string html = "<h3>segments " + Escape(c.name) + "</h3>\n<p class=\"meta\">" + Escape(c.scope) + ": " +
                     Count(c.scope_size) + " customers</p>\n";
  if (report.has_revenue) {
    html +=
        "<p class=\"legend meta\"><span style=\"background:#3e7cb1\"></span>share of customers"
        "<span style=\"background:#e8871e\"></span>share of revenue</p>\n";
  }
  html += BucketChart(c, report);
  html += "<table class=\"buckets\" data-classification=\"" + Escape(c.name) +
          "\">\n<tr><th class=\"l\">bucket</th><th>customers</th><th>share</th>";
  if (report.has_revenue) html += "<th>revenue</th><th>share of revenue</th>";
  html += "</tr>\n";
  for (const ReportBucket& b : c.buckets) {
    double share = Share(static_cast<double>(b.customers), static_cast<double>(c.scope_size));
    html += "<tr><td class=\"l bucket\">" + Escape(b.label) + "</td><td class=\"count\">" + Count(b.customers) +
            "</td><td>" + Percent(share) + "</td>";
    if (report.has_revenue) {
      html += "<td>" + MoneyText(b.revenue) + "</td><td>" +
              Percent(Share(rt::MoneyToDouble(b.revenue), rt::MoneyToDouble(report.revenue_total))) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table>\n";
  if (report.metrics.empty() || c.buckets.empty()) return html;
  // Metric means: one row per metric, a bar scaled to the row's largest absolute mean.
  html += "<table class=\"means\">\n<tr><th class=\"l\">mean of</th>";
  for (const ReportBucket& b : c.buckets) html += "<th>" + Escape(b.label) + "</th>";
  html += "</tr>\n";
  for (size_t m = 0; m < report.metrics.size(); ++m) {
    const ReportMetric& metric = report.metrics[m];
    std::string unit = metric.type.Is(lang::TypeKind::kDuration) ? "days" : "";
    double top = 0;
    for (const ReportBucket& b : c.buckets)
      if (b.means[m]) top = std::max(top, std::abs(*b.means[m]));
    html += "<tr><td class=\"l\">" + Escape(metric.name) + (unit.empty() ? "" : " (days)") + "</td>";
    for (const ReportBucket& b : c.buckets) {
      if (!b.means[m]) {
        html += "<td>&ndash;</td>";
        continue;
      }
      int w = top > 0 ? static_cast<int>(std::abs(*b.means[m]) / top * 40 + 0.5) : 0;
      html += "<td>" + FormatAmount(*b.means[m], "") + "<span class=\"bar\" style=\"width:" + std::to_string(w) +
              "px\"></span></td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string TagsSection(const Report& report) {
  if (report.tags.empty()) return "";
  std::string html =
      "<h2>Tags</h2>\n<table class=\"tags\">\n<tr><th class=\"l\">tag</th><th>customers</th><th>share</th></tr>\n";
  for (const ReportTag& t : report.tags) {
    double share = Share(static_cast<double>(t.customers), static_cast<double>(report.customers));
    html += "<tr><td class=\"l\">" + Escape(t.name) + "</td><td class=\"count\">" + Count(t.customers) + "</td><td>" +
            Percent(share) +
            "<span class=\"bar\" style=\"width:" + std::to_string(static_cast<int>(share * 200 + 0.5)) +
            "px\"></span></td></tr>\n";
  }
  return html + "</table>\n";
}

std::string CutsSection(const Report& report) {
  if (report.cuts.empty()) return "";
  std::string html = "<h2>What the scores mean</h2>\n";
  for (const ReportCuts& c : report.cuts) {
    html += "<h3>" + Escape(c.score) + "</h3>\n<p class=\"meta\">ranks " + Escape(c.metric) +
            (c.unit.empty() ? "" : " (" + Escape(c.unit) + ")") + ", method " + Escape(c.method) +
            (c.descending ? ", descending: the highest score holds the smallest values" : "") + "</p>\n";
    html += "<table class=\"cuts\">\n<tr><th>" + Escape(c.score) + " =</th><th class=\"l\">means " + Escape(c.metric) +
            "</th><th>customers</th></tr>\n";
    for (size_t s = c.meanings.size(); s-- > 0;) {
      html += "<tr><td>" + std::to_string(s + 1) + "</td><td class=\"l\">" + Escape(c.meanings[s]) + "</td><td>" +
              Count(c.counts[s]) + "</td></tr>\n";
    }
    html += "</table>\n";
  }
  return html;
}

std::string HeatMapSection(const Report& report) {
  if (!report.heat_map) return "";
  const ReportHeatMap& h = *report.heat_map;
  const int cell = 64, left = 60, top = 10;
  size_t most = 1;
  for (const auto& row : h.counts)
    for (size_t k : row) most = std::max(most, k);
  int width = left + h.f_bins * cell + 10, height = top + h.r_bins * cell + 40;
  std::string svg = "<h2>" + Escape(h.r_name) + " &times; " + Escape(h.f_name) +
                    "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-label=\"heat map\">\n";
  for (int r = h.r_bins; r >= 1; --r) {
    int y = top + (h.r_bins - r) * cell;
    svg += "<text x=\"" + std::to_string(left - 10) + "\" y=\"" + std::to_string(y + cell / 2 + 4) +
           "\" text-anchor=\"end\">" + Escape(h.r_name) + " " + std::to_string(r) + "</text>\n";
    for (int f = 1; f <= h.f_bins; ++f) {
      size_t k = h.counts[r - 1][f - 1];
      int x = left + (f - 1) * cell;
      // Lighter blue for fewer customers: opacity from 0.06 (nobody) to 1 (the fullest cell).
      double opacity = 0.06 + 0.94 * static_cast<double>(k) / static_cast<double>(most);
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             std::to_string(cell - 2) + "\" height=\"" + std::to_string(cell - 2) +
             "\" fill=\"#1f5f99\" fill-opacity=\"" + Fixed(opacity, 3) + "\"/>\n";
      svg += "<text x=\"" + std::to_string(x + cell / 2 - 1) + "\" y=\"" + std::to_string(y + cell / 2 + 4) +
             "\" text-anchor=\"middle\"" + (opacity > 0.55 ? " style=\"fill:#ffffff\"" : "") + ">" + Count(k) +
             "</text>\n";
    }
  }
  for (int f = 1; f <= h.f_bins; ++f) {
    svg += "<text x=\"" + std::to_string(left + (f - 1) * cell + cell / 2 - 1) + "\" y=\"" +
           std::to_string(top + h.r_bins * cell + 16) + "\" text-anchor=\"middle\">" + Escape(h.f_name) + " " +
           std::to_string(f) + "</text>\n";
  }
  return svg + "</svg>\n";
}

std::string OverlapSection(const Report& report) {
  if (report.overlap.empty()) return "";
  std::string html =
      "<h2>Rule overlap</h2>\n<p class=\"meta\">alone: customers the rule's condition catches on its "
      "own; gets: customers it keeps after the rules above it; the rest went to an earlier rule.</p>\n";
  for (const ClassificationOverlap& o : report.overlap) {
    html += "<h3>segments " + Escape(o.name) +
            "</h3>\n<table class=\"overlap\">\n<tr><th class=\"l\">rule</th><th>alone</th><th>gets</th>";
    for (size_t j = 0; j + 1 < o.rules.size(); ++j) html += "<th>taken by " + Escape(o.rules[j].label) + "</th>";
    html += "<th class=\"l\"></th></tr>\n";
    for (size_t i = 0; i < o.rules.size(); ++i) {
      const RuleOverlap& r = o.rules[i];
      html += std::string("<tr") + (r.gets_nobody() ? " class=\"dead\"" : "") + "><td class=\"l\">" + Escape(r.label) +
              "</td><td>" + Count(r.alone) + "</td><td>" + Count(r.actual) + "</td>";
      for (size_t j = 0; j + 1 < o.rules.size(); ++j) {
        html += "<td>" + (j < r.taken_by.size() && r.taken_by[j] > 0 ? Count(r.taken_by[j]) : std::string()) + "</td>";
      }
      html += "<td class=\"l\">" +
              std::string(r.gets_nobody() ? (r.alone == 0 ? "<span class=\"flag\">matches nobody</span>"
                                                          : "<span class=\"flag\">gets nobody</span>")
                                          : "") +
              "</td></tr>\n";
    }
    if (!o.else_label.empty()) {
      html += "<tr><td class=\"l\">else " + Escape(o.else_label) + "</td><td></td><td>" + Count(o.else_count) + "</td>";
      for (size_t j = 0; j + 1 < o.rules.size(); ++j) html += "<td></td>";
      html += "<td></td></tr>\n";
    }
    html += "</table>\n";
  }
  return html;
}

// One crosstab: each cell the customers in both, and their share of the row; the darker the
// cell, the larger that share.
std::string CrosstabTable(const Crosstab& t, const std::string& title) {
  auto label = [&](const std::string& text) {
    return Escape(!t.of_tags && text != "(no bucket)" ? "\"" + text + "\"" : text);
  };
  std::string html = "<h3>" + title + "</h3>\n<table class=\"crosstab\" data-rows=\"" + Escape(t.rows_name) +
                     "\" data-columns=\"" + Escape(t.columns_name) + "\">\n<tr><th class=\"l\"></th><th>customers</th>";
  for (const std::string& c : t.column_labels) html += "<th>" + label(c) + "</th>";
  html += "</tr>\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    html += "<tr><td class=\"l\">" + label(t.row_labels[r]) + "</td><td>" + Count(t.row_totals[r]) + "</td>";
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      double share = t.RowShare(r, c);
      html += "<td style=\"background:rgba(62,124,177," + Fixed(0.6 * share, 3) + ")\">" + Count(t.counts[r][c]) +
              " <span class=\"meta\">" + Percent(share) + "</span></td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string CrosstabsSection(const Report& report) {
  const Crosstabs& x = report.crosstabs;
  if (!x.has_tags && x.classifications.empty()) return "";
  std::string html =
      "<h2>Overlap between tags and between classifications</h2>\n<p class=\"meta\">each cell: the customers in "
      "both, and their share of the row's customers.</p>\n";
  if (x.has_tags) html += CrosstabTable(x.tags, "tag &times; tag");
  for (const Crosstab& t : x.classifications)
    html += CrosstabTable(t, "segments " + Escape(t.rows_name) + " &times; segments " + Escape(t.columns_name));
  if (std::string note = x.LeftOutNote(); !note.empty()) html += "<p class=\"meta\">" + Escape(note) + "</p>\n";
  return html;
}

std::string ModelsSection(const Report& report) {
  if (report.models.empty()) return "";
  std::string html =
      "<h2>Fitted models</h2>\n<p class=\"meta\">fitted by maximum likelihood over every customer "
      "(docs/MODELS.md); a higher log-likelihood is a better fit of the same data.</p>\n";
  for (const exec::ModelFitRecord& m : report.models) {
    std::string users;
    for (const std::string& u : m.used_by) users += (users.empty() ? "" : ", ") + u;
    html += "<h3>" + Escape(m.model) + "</h3>\n<p class=\"meta\">" + Count(m.customers) +
            (m.model == "BG/NBD" ? " customers, time in " + Escape(m.unit) : " repeat customers") + "; used by " +
            Escape(users) + "</p>\n<table class=\"models\">\n<tr><th class=\"l\">parameter</th><th>value</th></tr>\n";
    char text[32];
    for (const auto& [name, value] : m.parameters) {
      std::snprintf(text, sizeof text, "%.6g", value);
      html += "<tr><td class=\"l\">" + Escape(name) + "</td><td>" + text + "</td></tr>\n";
    }
    std::snprintf(text, sizeof text, "%.2f", m.log_likelihood);
    html += "<tr><td class=\"l\">log-likelihood</td><td>" + std::string(text) + "</td></tr>\n</table>\n";
  }
  return html;
}

}  // namespace

std::string ReportHtml(const Report& report) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>seg report: " +
                     Escape(report.program) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<h1>Segment report: " + Escape(report.program) + "</h1>\n<p class=\"meta\">as of " + Escape(report.as_of) +
          " &middot; <span id=\"customers\">" + Count(report.customers) + "</span> customers";
  if (report.has_revenue)
    html += " &middot; revenue " + MoneyText(report.revenue_total) + " (" + Escape(report.revenue_source) + ")";
  html += "</p>\n";
  if (!report.classifications.empty()) html += "<h2>Segments</h2>\n";
  for (const ReportClassification& c : report.classifications) html += ClassificationSection(c, report);
  html += TagsSection(report);
  html += CutsSection(report);
  html += HeatMapSection(report);
  html += OverlapSection(report);
  html += CrosstabsSection(report);
  html += ModelsSection(report);
  if (report.history) html += SizeHistoryHtml(*report.history);
  return html + "</body>\n</html>\n";
}

}  // namespace seg::driver
