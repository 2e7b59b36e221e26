#include "compiler/driver/overlap.h"

#include <algorithm>
#include <cstdio>

namespace seg::driver {

namespace {
bool Holds(const exec::ResultColumn& column, size_t row) { return column.Holds(row); }
}  // namespace

std::vector<ir::NodeId> OverlapNodes(const ir::Program& program) {
  std::vector<ir::NodeId> nodes;
  for (const ir::Classification& c : program.classifications) {
    for (const ir::Rule& r : c.rules) nodes.push_back(r.condition);
  }
  return nodes;
}

std::vector<ClassificationOverlap> ComputeOverlap(const ir::Program& program, const exec::RunResult& result,
                                                  size_t customers) {
  std::vector<ClassificationOverlap> out;
  for (size_t ci = 0; ci < program.classifications.size(); ++ci) {
    const ir::Classification& c = program.classifications[ci];
    ClassificationOverlap o;
    o.name = c.name;
    o.scope = "all customers";
    if (c.parent >= 0) {
      const ir::Classification& parent = program.classifications[c.parent];
      o.scope = parent.name + ".\"" + parent.buckets[c.parent_bucket] + "\"";
    }
    // Bucket index -> rule index, so a customer's bucket says which rule took them.
    std::vector<int> rule_of_bucket(c.buckets.size(), -1);
    for (size_t r = 0; r < c.rules.size(); ++r) rule_of_bucket[c.rules[r].bucket] = static_cast<int>(r);
    o.rules.resize(c.rules.size());
    for (size_t r = 0; r < c.rules.size(); ++r) {
      o.rules[r].label = c.rules[r].label;
      o.rules[r].taken_by.assign(r, 0);
    }
    if (c.else_bucket >= 0) o.else_label = c.buckets[c.else_bucket];
    const exec::Values<int32_t>& buckets = result.buckets[ci];
    const exec::Values<int32_t>* parent_buckets = c.parent >= 0 ? &result.buckets[c.parent] : nullptr;
    std::vector<const exec::ResultColumn*> conditions;
    for (const ir::Rule& r : c.rules) conditions.push_back(&*result.nodes[r.condition]);
    for (size_t row = 0; row < customers; ++row) {
      if (parent_buckets != nullptr && (*parent_buckets)[row] != c.parent_bucket) continue;
      ++o.scope_size;
      int32_t bucket = buckets[row];
      int taker = bucket >= 0 ? rule_of_bucket[bucket] : -1;
      if (bucket < 0) ++o.unassigned;
      else if (bucket == c.else_bucket && taker < 0) ++o.else_count;
      for (size_t r = 0; r < c.rules.size(); ++r) {
        if (!Holds(*conditions[r], row)) continue;
        RuleOverlap& rule = o.rules[r];
        ++rule.alone;
        if (taker == static_cast<int>(r)) ++rule.actual;
        else if (taker >= 0 && taker < static_cast<int>(r)) ++rule.taken_by[taker];
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::string FormatOverlap(const std::vector<ClassificationOverlap>& overlaps) {
  std::string out;
  char line[1024];
  for (const ClassificationOverlap& o : overlaps) {
    out += "segments " + o.name + " (" + o.scope + ": " + std::to_string(o.scope_size) + " customers)\n";
    int width = 6;
    for (const RuleOverlap& r : o.rules) width = std::max(width, static_cast<int>(r.label.size()) + 2);
    if (!o.else_label.empty()) width = std::max(width, static_cast<int>(o.else_label.size()) + 7);
    if (o.unassigned > 0) width = std::max(width, 11);
    std::snprintf(line, sizeof(line), "  %-*s %10s %10s  %s\n", width, "rule", "alone", "gets", "taken first by");
    out += line;
    for (size_t i = 0; i < o.rules.size(); ++i) {
      const RuleOverlap& r = o.rules[i];
      std::string taken;
      for (size_t j = 0; j < r.taken_by.size(); ++j) {
        if (r.taken_by[j] == 0) continue;
        taken += (taken.empty() ? "" : ", ") + ("\"" + o.rules[j].label + "\" ") + std::to_string(r.taken_by[j]);
      }
      if (r.gets_nobody())
        taken += std::string(taken.empty() ? "" : "; ") + (r.alone == 0 ? "matches nobody" : "gets nobody");
      std::string label = "\"" + r.label + "\"";
      std::snprintf(line, sizeof(line), "  %-*s %10zu %10zu  %s\n", width, label.c_str(), r.alone, r.actual,
                    taken.c_str());
      out += line;
    }
    if (!o.else_label.empty()) {
      std::string label = "else \"" + o.else_label + "\"";
      std::snprintf(line, sizeof(line), "  %-*s %10s %10zu\n", width, label.c_str(), "", o.else_count);
      out += line;
    }
    if (o.unassigned > 0) {
      std::snprintf(line, sizeof(line), "  %-*s %10s %10zu\n", width, "(no bucket)", "", o.unassigned);
      out += line;
    }
  }
  return out;
}

}  // namespace seg::driver
