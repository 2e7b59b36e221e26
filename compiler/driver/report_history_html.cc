// The report's section "Segment sizes over the recorded runs" (seg report --history DIR): per
// classification, and for the tags, a line chart of each bucket's customers run by run (inline
// SVG, like the rest of the page) and the same numbers as a table.
#include <algorithm>
#include <cstdio>

#include "compiler/driver/report.h"

namespace seg::driver {

namespace {

// Distinguishable on white and in grey print; a group with more series repeats them dashed.
const char* kColors[] = {"#3e7cb1", "#e8871e", "#2f9e44", "#c92a2a", "#7048e8",
                         "#0c8599", "#a61e4d", "#5c940d", "#495057", "#d9480f"};
constexpr size_t kColorCount = sizeof(kColors) / sizeof(kColors[0]);
// The table shows the last runs only; the chart shows them all.
constexpr size_t kTableRuns = 12;

std::string Number(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", v);
  return text;
}

std::string Chart(const SizeHistory& h, const std::vector<const SizeSeries*>& group, const std::string& title) {
  const int left = 70, right = 20, top = 12, plot_h = 180, bottom = 24, plot_w = 640;
  uint64_t most = 1;
  for (const SizeSeries* s : group)
    for (const std::optional<uint64_t>& v : s->sizes)
      if (v) most = std::max(most, *v);
  const size_t n = h.runs.size();
  auto x = [&](size_t i) { return left + (n <= 1 ? plot_w / 2.0 : plot_w * static_cast<double>(i) / (n - 1)); };
  auto y = [&](uint64_t v) { return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(most); };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(left + plot_w + right) +
                    "\" height=\"" + std::to_string(top + plot_h + bottom) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(title) + " over the recorded runs\">\n";
  // Axes: zero and the largest size on the left, the first and last as_of (and some between) below.
  svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + plot_h) + "\" x2=\"" +
         std::to_string(left + plot_w) + "\" y2=\"" + std::to_string(top + plot_h) + "\" stroke=\"#9aa5b1\"/>\n";
  for (uint64_t v : {uint64_t{0}, most}) {
    svg += "<text x=\"" + std::to_string(left - 8) + "\" y=\"" + Number(y(v) + 4) + "\" text-anchor=\"end\">" +
           HtmlCount(v) + "</text>\n";
  }
  size_t step = std::max<size_t>(1, (n + 5) / 6);
  for (size_t i = 0; i < n; ++i) {
    if (i % step != 0 && i + 1 != n) continue;
    // The first and last labels lean inwards so that neither is cut at the edge.
    const char* anchor = n > 1 && i == 0 ? "start" : n > 1 && i + 1 == n ? "end" : "middle";
    svg += "<text x=\"" + Number(x(i)) + "\" y=\"" + std::to_string(top + plot_h + 16) + "\" text-anchor=\"" + anchor +
           "\">" + HtmlEscape(h.runs[i].as_of) + "</text>\n";
  }
  for (size_t k = 0; k < group.size(); ++k) {
    const SizeSeries& s = *group[k];
    std::string color = kColors[k % kColorCount];
    std::string dash = k >= kColorCount ? " stroke-dasharray=\"5 3\"" : "";
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      // A run whose program lacks the bucket breaks the line there.
      if (!s.sizes[i]) {
        if (!points.empty())
          svg += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" + dash + " points=\"" + points +
                 "\"/>\n";
        points.clear();
        continue;
      }
      points += (points.empty() ? "" : " ") + Number(x(i)) + "," + Number(y(*s.sizes[i]));
      svg += "<circle cx=\"" + Number(x(i)) + "\" cy=\"" + Number(y(*s.sizes[i])) + "\" r=\"2.5\" fill=\"" + color +
             "\"><title>" + HtmlEscape(s.label) + ", " + HtmlEscape(h.runs[i].as_of) + ": " + HtmlCount(*s.sizes[i]) +
             "</title></circle>\n";
    }
    if (!points.empty())
      svg += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" + dash + " points=\"" + points +
             "\"/>\n";
  }
  svg += "</svg>\n<p class=\"legend meta\">";
  for (size_t k = 0; k < group.size(); ++k)
    svg += "<span style=\"background:" + std::string(kColors[k % kColorCount]) + "\"></span>" +
           HtmlEscape(group[k]->label);
  return svg + "</p>\n";
}

std::string Table(const SizeHistory& h, const std::vector<const SizeSeries*>& group, const std::string& name) {
  size_t first = h.runs.size() > kTableRuns ? h.runs.size() - kTableRuns : 0;
  std::string html = "<table class=\"history\" data-group=\"" + HtmlEscape(name) + "\">\n<tr><th class=\"l\"></th>";
  for (size_t i = first; i < h.runs.size(); ++i)
    html += "<th>run " + std::to_string(h.runs[i].run) + "<br>" + HtmlEscape(h.runs[i].as_of) + "</th>";
  html += "</tr>\n";
  for (const SizeSeries* s : group) {
    html += "<tr><td class=\"l\">" + HtmlEscape(s->label) + "</td>";
    for (size_t i = first; i < h.runs.size(); ++i)
      html += "<td>" + (s->sizes[i] ? HtmlCount(*s->sizes[i]) : std::string("&ndash;")) + "</td>";
    html += "</tr>\n";
  }
  html += "</table>\n";
  if (first > 0)
    html += "<p class=\"meta\">the table shows the last " + std::to_string(kTableRuns) + " of " +
            std::to_string(h.runs.size()) + " runs; the chart shows them all</p>\n";
  return html;
}

}  // namespace

std::string SizeHistoryHtml(const SizeHistory& h) {
  std::string html = "<h2>Segment sizes over the recorded runs</h2>\n<p class=\"meta\">" +
                     std::to_string(h.runs.size()) + " run" + (h.runs.size() == 1 ? "" : "s") + " recorded in " +
                     HtmlEscape(h.directory) + "</p>\n";
  if (h.runs.empty()) return html;
  std::vector<std::string> groups;  // classification names in series order, then "" for the tags
  for (const SizeSeries& s : h.series)
    if (std::find(groups.begin(), groups.end(), s.classification) == groups.end()) groups.push_back(s.classification);
  std::stable_partition(groups.begin(), groups.end(), [](const std::string& g) { return !g.empty(); });
  for (const std::string& g : groups) {
    std::vector<const SizeSeries*> group;
    for (const SizeSeries& s : h.series)
      if (s.classification == g) group.push_back(&s);
    std::string title = g.empty() ? "tags" : "segments " + g;
    html += "<h3>" + HtmlEscape(title) + "</h3>\n" + Chart(h, group, title) + Table(h, group, g.empty() ? "tags" : g);
  }
  return html;
}

}  // namespace seg::driver
