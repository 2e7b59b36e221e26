#include "compiler/cli/repl_render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "runtime/customer_key.h"

namespace seg::cli {

namespace {

constexpr size_t kSampleKeys = 5;
constexpr size_t kTopValues = 8;

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

std::string Count(size_t n) {
  std::string s = std::to_string(n);
  return std::string(s.size() < 9 ? 9 - s.size() : 0, ' ') + s;
}

// One value of the column's type, formatted as outputs print it.
std::string FormatOne(const lang::Type& type, int64_t i, double f) {
  exec::ResultColumn one;
  one.type = type;
  one.Fill(1, true, i, f);
  return exec::FormatResult(one, 0);
}

}  // namespace

std::string KeyText(const rt::Dataset& data, size_t row) {
  return rt::CustomerKeyText(data.customers.column(data.key_column), row);
}

std::vector<size_t> SpreadSample(const std::vector<size_t>& rows, size_t k) {
  if (rows.size() <= k) return rows;
  std::vector<size_t> out;
  for (size_t j = 0; j < k; ++j) out.push_back(rows[j * (rows.size() - 1) / (k - 1)]);
  return out;
}

std::string SampleKeys(const rt::Dataset& data, const std::vector<size_t>& rows, size_t k) {
  if (rows.empty()) return "";
  std::string out = "  e.g.";
  for (size_t row : SpreadSample(rows, k)) out += " " + KeyText(data, row);
  return out;
}

std::string Share(size_t part, size_t total) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%6.1f%%",
                total == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(total));
  return buffer;
}

std::string Distribution(const exec::ResultColumn& column) {
  size_t total = column.size();
  size_t missing = 0;
  for (size_t r = 0; r < total; ++r) missing += !column.Valid(r);
  std::string tail = "missing " + std::to_string(missing) + " of " + std::to_string(total);
  const lang::Type& t = column.type;
  if (t.Is(lang::TypeKind::kBool) || t.IsTextLike()) {
    std::map<int64_t, size_t> counts;
    for (size_t r = 0; r < total; ++r) {
      if (column.Valid(r)) ++counts[column.Int(r)];
    }
    std::vector<std::pair<int64_t, size_t>> top(counts.begin(), counts.end());
    // Most frequent first; ties by value so the order never changes between runs.
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    size_t shown = std::min(top.size(), kTopValues);
    for (size_t k = 0; k < shown; ++k) {
      std::string label = t.IsTextLike() ? "\"" + column.text[static_cast<size_t>(top[k].first)] + "\""
                                         : FormatOne(t, top[k].first, 0);
      out += "  " + Pad(label, 24) + Count(top[k].second) + Share(top[k].second, total) + "\n";
    }
    if (top.size() > shown) out += "  (" + std::to_string(top.size() - shown) + " more values)\n";
    return out + "  " + tail + "\n";
  }
  if (missing == total) return "  " + tail + "\n";
  bool is_float = t.Is(lang::TypeKind::kFloat);
  std::vector<int64_t> ints;
  std::vector<double> floats;
  for (size_t r = 0; r < total; ++r) {
    if (!column.Valid(r)) continue;
    if (is_float) floats.push_back(column.floats[r]);
    else ints.push_back(column.Int(r));
  }
  size_t n = is_float ? floats.size() : ints.size();
  // Nearest rank: the smallest value with at least p of the values at or below it.
  auto at = [&](double p) {
    size_t rank = std::clamp<size_t>(static_cast<size_t>(std::ceil(p * static_cast<double>(n))), 1, n);
    size_t k = rank - 1;
    if (is_float) {
      std::nth_element(floats.begin(), floats.begin() + static_cast<std::ptrdiff_t>(k), floats.end());
      return FormatOne(t, 0, floats[k]);
    }
    std::nth_element(ints.begin(), ints.begin() + static_cast<std::ptrdiff_t>(k), ints.end());
    return FormatOne(t, ints[k], 0);
  };
  std::string out = "  min " + at(0.0) + "  q1 " + at(0.25) + "  median " + at(0.5) + "  q3 " + at(0.75) + "  max " +
                    at(1.0);
  return out + "  " + tail + "\n";
}

std::string TagCounts(const exec::ResultColumn& column, const rt::Dataset& data) {
  std::vector<size_t> rows;
  for (size_t r = 0; r < column.size(); ++r) {
    if (column.Holds(r)) rows.push_back(r);
  }
  size_t total = column.size();
  return "  " + Pad("tagged", 24) + Count(rows.size()) + Share(rows.size(), total) +
         SampleKeys(data, rows, kSampleKeys) + "\n" + "  " + Pad("not tagged", 24) + Count(total - rows.size()) +
         Share(total - rows.size(), total) + "\n";
}

std::string BucketCounts(const ir::Classification& classification, const exec::Values<int32_t>& buckets,
                         const rt::Dataset& data) {
  std::vector<std::vector<size_t>> rows(classification.buckets.size());
  std::vector<size_t> none;
  for (size_t r = 0; r < buckets.size(); ++r) {
    if (buckets[r] < 0) none.push_back(r);
    else rows[static_cast<size_t>(buckets[r])].push_back(r);
  }
  std::string out;
  for (size_t b = 0; b < rows.size(); ++b) {
    out += "  " + Pad(classification.buckets[b], 24) + Count(rows[b].size()) + Share(rows[b].size(), buckets.size()) +
           SampleKeys(data, rows[b], kSampleKeys) + "\n";
  }
  if (!none.empty()) {
    std::string why = classification.parent >= 0 ? "(not refined)" : "(no bucket)";
    out += "  " + Pad(why, 24) + Count(none.size()) + Share(none.size(), buckets.size()) + "\n";
  }
  return out;
}

}  // namespace seg::cli
