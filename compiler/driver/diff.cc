#include "compiler/driver/diff.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unordered_map>

#include "runtime/customer_key.h"
#include "runtime/io/result_writer.h"

namespace seg::driver {

namespace {

// The customers of both sides, matched by key: (old row, new row), either may be absent.
struct Pair {
  std::optional<size_t> old_row, new_row;
  std::string key;
};

std::vector<Pair> MatchCustomers(const rt::Dataset& old_data, const rt::Dataset& new_data) {
  const rt::Column& old_keys = old_data.customers.column(old_data.key_column);
  const rt::Column& new_keys = new_data.customers.column(new_data.key_column);
  std::unordered_map<std::string, size_t> new_rows;
  new_rows.reserve(new_data.num_customers());
  for (size_t r = 0; r < new_data.num_customers(); ++r) new_rows.emplace(rt::CustomerKeyText(new_keys, r), r);
  std::vector<Pair> pairs;
  std::vector<uint8_t> seen(new_data.num_customers(), 0);
  for (size_t r = 0; r < old_data.num_customers(); ++r) {
    Pair p;
    p.old_row = r;
    p.key = rt::CustomerKeyText(old_keys, r);
    if (auto it = new_rows.find(p.key); it != new_rows.end()) {
      p.new_row = it->second;
      seen[it->second] = 1;
    }
    pairs.push_back(std::move(p));
  }
  for (size_t r = 0; r < new_data.num_customers(); ++r) {
    if (!seen[r]) pairs.push_back({std::nullopt, r, rt::CustomerKeyText(new_keys, r)});
  }
  return pairs;
}

// Label index of a customer on one side: bucket, kNoBucket (size), kAbsent (size + 1).
size_t LabelIndex(const exec::Values<int32_t>& buckets, std::optional<size_t> row, size_t bucket_count) {
  if (!row) return bucket_count + 1;
  int32_t b = buckets[*row];
  return b < 0 ? bucket_count : static_cast<size_t>(b);
}

bool Tagged(const exec::ResultColumn& column, std::optional<size_t> row) { return row && column.Holds(*row); }

}  // namespace

DiffReport ComputeDiff(const DiffSide& old_side, const DiffSide& new_side) {
  const ir::Program& op = *old_side.program;
  const ir::Program& np = *new_side.program;
  std::vector<Pair> pairs = MatchCustomers(*old_side.data, *new_side.data);
  DiffReport diff;
  diff.customers = pairs.size();
  for (const ir::Classification& nc : np.classifications) {
    bool found = false;
    for (const ir::Classification& oc : op.classifications) found = found || oc.name == nc.name;
    if (!found) diff.only_new.push_back(nc.name);
  }
  for (size_t oi = 0; oi < op.classifications.size(); ++oi) {
    const ir::Classification& oc = op.classifications[oi];
    size_t ni = np.classifications.size();
    for (size_t k = 0; k < np.classifications.size(); ++k)
      if (np.classifications[k].name == oc.name) ni = k;
    if (ni == np.classifications.size()) {
      diff.only_old.push_back(oc.name);
      continue;
    }
    const ir::Classification& nc = np.classifications[ni];
    MigrationMatrix m;
    m.name = oc.name;
    m.old_labels = oc.buckets;
    m.new_labels = nc.buckets;
    for (auto* labels : {&m.old_labels, &m.new_labels}) {
      labels->push_back(kNoBucket);
      labels->push_back(kAbsent);
    }
    m.counts.assign(m.old_labels.size(), std::vector<size_t>(m.new_labels.size(), 0));
    const exec::Values<int32_t>& ob = old_side.result->buckets[oi];
    const exec::Values<int32_t>& nb = new_side.result->buckets[ni];
    for (const Pair& p : pairs) {
      size_t o = LabelIndex(ob, p.old_row, oc.buckets.size());
      size_t n = LabelIndex(nb, p.new_row, nc.buckets.size());
      ++m.counts[o][n];
      if (m.old_labels[o] == m.new_labels[n]) continue;
      ++m.moved;
      auto text = [](const std::string& label) { return label == kNoBucket ? std::string() : label; };
      diff.moved.push_back({p.key, m.name, text(m.old_labels[o]), text(m.new_labels[n])});
    }
    diff.matrices.push_back(std::move(m));
  }
  // Moved rows grouped by customer (in match order), then by classification order.
  std::unordered_map<std::string, size_t> order;
  for (size_t i = 0; i < pairs.size(); ++i) order.emplace(pairs[i].key, i);
  std::stable_sort(diff.moved.begin(), diff.moved.end(),
                   [&](const Moved& a, const Moved& b) { return order[a.key] < order[b.key]; });

  std::vector<std::string> names;
  for (const ir::Named& t : op.tags) names.push_back(t.name);
  for (const ir::Named& t : np.tags) {
    if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
  }
  for (const std::string& name : names) {
    TagChange change;
    change.name = name;
    const exec::ResultColumn* oc = nullptr;
    const exec::ResultColumn* nc = nullptr;
    for (const ir::Named& t : op.tags)
      if (t.name == name) oc = &*old_side.result->nodes[t.node];
    for (const ir::Named& t : np.tags)
      if (t.name == name) nc = &*new_side.result->nodes[t.node];
    change.in_old = oc != nullptr;
    change.in_new = nc != nullptr;
    for (const Pair& p : pairs) {
      bool was = oc != nullptr && Tagged(*oc, p.old_row);
      bool is = nc != nullptr && Tagged(*nc, p.new_row);
      change.old_count += was;
      change.new_count += is;
      if (p.old_row && p.new_row && oc != nullptr && nc != nullptr) {
        change.gained += is && !was;
        change.lost += was && !is;
      }
    }
    diff.tags.push_back(change);
  }
  return diff;
}

std::string FormatDiff(const DiffReport& diff, const std::string& old_name, const std::string& new_name) {
  std::string out = "old: " + old_name + "\nnew: " + new_name + "\n";
  char cell[64];
  for (const MigrationMatrix& m : diff.matrices) {
    std::snprintf(cell, sizeof(cell), "%zu of %zu", m.moved, diff.customers);
    out += "segments " + m.name + ": " + cell + " customers moved (rows old, columns new)\n";
    // Leave out the no-bucket and absent rows and columns when nobody is in them.
    std::vector<size_t> rows, cols;
    for (size_t o = 0; o < m.old_labels.size(); ++o) {
      size_t sum = 0;
      for (size_t k : m.counts[o]) sum += k;
      if (o + 2 < m.old_labels.size() || sum > 0) rows.push_back(o);
    }
    for (size_t n = 0; n < m.new_labels.size(); ++n) {
      size_t sum = 0;
      for (const auto& row : m.counts) sum += row[n];
      if (n + 2 < m.new_labels.size() || sum > 0) cols.push_back(n);
    }
    size_t label_width = 4;
    for (size_t o : rows) label_width = std::max(label_width, m.old_labels[o].size() + 2);
    std::vector<size_t> widths;
    std::string header = "  " + std::string(label_width, ' ');
    for (size_t n : cols) {
      widths.push_back(std::max<size_t>(8, m.new_labels[n].size() + 2));
      std::string quoted = "\"" + m.new_labels[n] + "\"";
      header += "  " + std::string(widths.back() - quoted.size(), ' ') + quoted;
    }
    out += header + "\n";
    for (size_t o : rows) {
      std::string quoted = "\"" + m.old_labels[o] + "\"";
      std::string line = "  " + quoted + std::string(label_width - quoted.size(), ' ');
      for (size_t c = 0; c < cols.size(); ++c) {
        std::string number = std::to_string(m.counts[o][cols[c]]);
        line += "  " + std::string(widths[c] - number.size(), ' ') + number;
      }
      out += line + "\n";
    }
  }
  for (const std::string& name : diff.only_old) out += "segments " + name + ": only in old\n";
  for (const std::string& name : diff.only_new) out += "segments " + name + ": only in new\n";
  if (!diff.tags.empty()) out += "tags\n";
  for (const TagChange& t : diff.tags) {
    char line[256];
    if (t.in_old && t.in_new) {
      std::snprintf(line, sizeof(line), "  %-24s +%zu -%zu  (%zu -> %zu)\n", t.name.c_str(), t.gained, t.lost,
                    t.old_count, t.new_count);
    } else {
      std::snprintf(line, sizeof(line), "  %-24s only in %s (%zu customers)\n", t.name.c_str(),
                    t.in_old ? "old" : "new", t.in_old ? t.old_count : t.new_count);
    }
    out += line;
  }
  return out;
}

bool WriteMoved(const DiffReport& diff, const std::string& key_name,
                const std::function<bool(std::string_view)>& sink) {
  rt::ResultWriter writer(rt::ResultFormat::kCsv, {key_name, "classification", "old", "new"}, sink);
  for (const Moved& m : diff.moved) {
    writer.AddText(m.key);
    writer.AddText(m.classification);
    for (const std::string* bucket : {&m.old_bucket, &m.new_bucket}) {
      if (bucket->empty()) writer.AddNull();
      else writer.AddText(*bucket);
    }
    if (!writer.EndRow()) return false;
  }
  return writer.Finish();
}

}  // namespace seg::driver
