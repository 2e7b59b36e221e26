// The bundled example data (examples/data) read once for the API tests, with helpers that hand
// it to seg the ways a host would: files, columns in memory, one JSON record per customer.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "seg/seg.hpp"

namespace seg_test {

std::string SourcePath(const std::string& relative);  // under the repository root

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int Column(const std::string& name) const;  // -1 when absent
};
// Comma-separated, no quoted fields (the example data has none).
const Csv& ExampleCsv(const std::string& input);  // "customers", "orders", "visits"

std::shared_ptr<const seg::Program> CompileExample(const std::string& name);  // "retail.seg"

// The input declarations of the example data (customers, orders, visits), as examples/retail.seg
// writes them: the start of a program over examples/data.
std::string ExampleInputs();

// Every example input bound from its file.
seg::Inputs FileInputs(const std::shared_ptr<const seg::Program>& program);

// Host-owned columns for one input, converted from the CSV text by the declared types; money
// in cents (scale 2) and ids as text, so the bind converts them. Keep it alive while binding.
struct HostColumns {
  std::vector<std::vector<uint8_t>> buffers;
  std::vector<std::vector<int32_t>> offsets;
  std::vector<seg::ColumnView> views;
};
std::unique_ptr<HostColumns> MemoryColumns(const seg::InputInfo& input, const Csv& csv);

// {"customer": {...}, "events": {"orders": [...], "visits": [...]}} for each customer key.
std::map<std::string, std::string> CustomerRecords(const seg::Program& program);

}  // namespace seg_test
