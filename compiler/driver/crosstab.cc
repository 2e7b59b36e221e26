#include "compiler/driver/crosstab.h"

#include <algorithm>
#include <cstdio>

namespace seg::driver {

namespace {

bool Holds(const exec::ResultColumn& column, size_t row) { return column.Holds(row); }

// Rows and columns of a classification: its buckets, and "(no bucket)" when someone is in none.
std::vector<std::string> BucketLabels(const ir::Classification& c, const exec::Values<int32_t>& buckets,
                                      size_t customers) {
  std::vector<std::string> labels = c.buckets;
  for (size_t row = 0; row < customers; ++row) {
    if (buckets[row] < 0) {
      labels.push_back("(no bucket)");
      break;
    }
  }
  return labels;
}

size_t Slot(int32_t bucket, size_t buckets) { return bucket < 0 ? buckets : static_cast<size_t>(bucket); }

Crosstab ClassificationPair(const ir::Program& program, const exec::RunResult& result, size_t a, size_t b,
                            size_t customers) {
  const ir::Classification& rows = program.classifications[a];
  const ir::Classification& columns = program.classifications[b];
  Crosstab t;
  t.rows_name = rows.name;
  t.columns_name = columns.name;
  t.row_labels = BucketLabels(rows, result.buckets[a], customers);
  t.column_labels = BucketLabels(columns, result.buckets[b], customers);
  t.counts.assign(t.row_labels.size(), std::vector<size_t>(t.column_labels.size(), 0));
  t.row_totals.assign(t.row_labels.size(), 0);
  for (size_t row = 0; row < customers; ++row) {
    size_t r = Slot(result.buckets[a][row], rows.buckets.size());
    ++t.counts[r][Slot(result.buckets[b][row], columns.buckets.size())];
    ++t.row_totals[r];
  }
  return t;
}

// Bucket labels are quoted, as in rules; tag names and "(no bucket)" are not.
std::string Label(const Crosstab& t, const std::string& label) {
  return t.of_tags || label == "(no bucket)" ? label : "\"" + label + "\"";
}

std::string Percent(double share) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100.0 * share);
  return text;
}

std::string FormatTable(const Crosstab& t, const std::string& title) {
  std::vector<std::string> header = {t.of_tags ? "tag" : t.rows_name + " \\ " + t.columns_name, "customers"};
  for (const std::string& label : t.column_labels) header.push_back(Label(t, label));
  std::vector<std::vector<std::string>> cells;
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    std::vector<std::string> line = {Label(t, t.row_labels[r]), std::to_string(t.row_totals[r])};
    for (size_t c = 0; c < t.column_labels.size(); ++c)
      line.push_back(std::to_string(t.counts[r][c]) + " (" + Percent(t.RowShare(r, c)) + ")");
    cells.push_back(std::move(line));
  }
  std::vector<size_t> width(header.size());
  for (size_t k = 0; k < header.size(); ++k) {
    width[k] = header[k].size();
    for (const auto& line : cells) width[k] = std::max(width[k], line[k].size());
  }
  auto print = [&](const std::vector<std::string>& line) {
    std::string out = " ";
    for (size_t k = 0; k < line.size(); ++k) {
      std::string pad(width[k] - line[k].size(), ' ');
      out += " " + (k == 0 ? line[k] + pad : pad + line[k]);  // labels left, numbers right
    }
    return out + "\n";
  };
  std::string out = "\n" + title + "\n" + print(header);  // a blank line apart from the table above
  for (const auto& line : cells) out += print(line);
  return out;
}

}  // namespace

double Crosstab::Share(size_t row, size_t column, size_t customers) const {
  return customers == 0 ? 0.0 : static_cast<double>(counts[row][column]) / static_cast<double>(customers);
}

double Crosstab::RowShare(size_t row, size_t column) const {
  return row_totals[row] == 0 ? 0.0 : static_cast<double>(counts[row][column]) / static_cast<double>(row_totals[row]);
}

std::string Crosstabs::LeftOutNote() const {
  std::string note;
  if (tags_left_out > 0)
    note += std::to_string(tags_left_out) + " tag" + (tags_left_out == 1 ? "" : "s") + " after the first " +
            std::to_string(kMaxCrosstabTags) + " left out of tag x tag";
  if (pairs_left_out > 0)
    note += std::string(note.empty() ? "" : "; ") + std::to_string(pairs_left_out) + " pair" +
            (pairs_left_out == 1 ? "" : "s") + " of classifications left out (only pairs among the first " +
            std::to_string(kMaxCrosstabClassifications) + " classifications, of at most " +
            std::to_string(kMaxCrosstabCells) + " cells)";
  return note;
}

std::vector<ir::NodeId> CrosstabNodes(const ir::Program& program) {
  std::vector<ir::NodeId> nodes;
  for (const ir::Named& tag : program.tags) nodes.push_back(tag.node);
  return nodes;
}

Crosstabs ComputeCrosstabs(const ir::Program& program, const exec::RunResult& result, size_t customers) {
  Crosstabs out;
  out.customers = customers;
  size_t tags = std::min(program.tags.size(), kMaxCrosstabTags);
  out.tags_left_out = program.tags.size() - tags;
  if (tags >= 2) {
    out.has_tags = true;
    Crosstab& t = out.tags;
    t.of_tags = true;
    t.rows_name = t.columns_name = "tags";
    std::vector<const exec::ResultColumn*> columns;
    for (size_t i = 0; i < tags; ++i) {
      t.row_labels.push_back(program.tags[i].name);
      columns.push_back(&*result.nodes[program.tags[i].node]);
    }
    t.column_labels = t.row_labels;
    t.counts.assign(tags, std::vector<size_t>(tags, 0));
    std::vector<size_t> held;
    for (size_t row = 0; row < customers; ++row) {
      held.clear();
      for (size_t i = 0; i < tags; ++i) {
        if (Holds(*columns[i], row)) held.push_back(i);
      }
      for (size_t i : held) {
        for (size_t j : held) ++t.counts[i][j];
      }
    }
    for (size_t i = 0; i < tags; ++i) t.row_totals.push_back(t.counts[i][i]);
  }
  size_t n = program.classifications.size();
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      size_t cells = (program.classifications[a].buckets.size() + 1) * (program.classifications[b].buckets.size() + 1);
      if (b >= kMaxCrosstabClassifications || cells > kMaxCrosstabCells) {
        ++out.pairs_left_out;
        continue;
      }
      out.classifications.push_back(ClassificationPair(program, result, a, b, customers));
    }
  }
  return out;
}

std::string FormatCrosstabs(const Crosstabs& crosstabs) {
  std::string out;
  std::string customers = std::to_string(crosstabs.customers) + " customers";
  if (crosstabs.has_tags) {
    out += FormatTable(crosstabs.tags, "tag x tag (" + customers + "): customers with both tags (% of the row's tag)");
  }
  for (const Crosstab& t : crosstabs.classifications) {
    out += FormatTable(t, "segments " + t.rows_name + " x segments " + t.columns_name + " (" + customers +
                              "): customers in both buckets (% of the row's bucket)");
  }
  if (std::string note = crosstabs.LeftOutNote(); !note.empty()) out += "(" + note + ")\n";
  return out;
}

std::string SummarizeCrosstabs(const Crosstabs& crosstabs) {
  std::string out;
  if (crosstabs.has_tags) {
    const Crosstab& t = crosstabs.tags;
    size_t best_i = 0, best_j = 1;
    for (size_t i = 0; i < t.row_labels.size(); ++i) {
      for (size_t j = i + 1; j < t.row_labels.size(); ++j) {
        if (t.counts[i][j] > t.counts[best_i][best_j]) best_i = i, best_j = j;
      }
    }
    out += "  tag x tag: " + std::to_string(t.row_labels.size()) + " tags; most in common: " + t.row_labels[best_i] +
           " and " + t.row_labels[best_j] + ", " + std::to_string(t.counts[best_i][best_j]) + " customers (" +
           Percent(t.RowShare(best_i, best_j)) + " of " + t.row_labels[best_i] + ", " +
           Percent(t.RowShare(best_j, best_i)) + " of " + t.row_labels[best_j] + ")\n";
  }
  if (!crosstabs.classifications.empty()) {
    out += "  classification x classification: " + std::to_string(crosstabs.classifications.size()) + " pair" +
           (crosstabs.classifications.size() == 1 ? "" : "s") + "\n";
  }
  if (std::string note = crosstabs.LeftOutNote(); !note.empty()) out += "  (" + note + ")\n";
  return out;
}

}  // namespace seg::driver
