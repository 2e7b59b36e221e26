#include "api_test_data.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace seg_test {

std::string SourcePath(const std::string& relative) { return std::string(SEG_SOURCE_DIR) + "/" + relative; }

int Csv::Column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {
std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return fields;
    start = comma + 1;
  }
}

int64_t Days(const std::string& text) {
  int y = std::stoi(text.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2))),
           d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
      .time_since_epoch()
      .count();
}
}  // namespace

const Csv& ExampleCsv(const std::string& input) {
  static std::map<std::string, Csv> cache;
  auto [it, inserted] = cache.try_emplace(input);
  if (inserted) {
    std::ifstream in(SourcePath("examples/data/" + input + ".csv"));
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("cannot read examples/data/" + input + ".csv");
    it->second.header = Split(line);
    while (std::getline(in, line)) {
      if (!line.empty()) it->second.rows.push_back(Split(line));
    }
  }
  return it->second;
}

std::shared_ptr<const seg::Program> CompileExample(const std::string& name) {
  seg::CompileResult compiled = seg::CompileFile(SourcePath("examples/" + name));
  if (!compiled.ok()) throw std::runtime_error(compiled.rendered);
  return compiled.program;
}

std::string ExampleInputs() {
  std::ifstream in(SourcePath("examples/retail.seg"));
  std::stringstream text;
  text << in.rdbuf();
  std::string program = text.str();
  size_t begin = program.find("input customers");
  size_t end = program.find("}", program.find("input visits"));
  if (begin == std::string::npos || end == std::string::npos)
    throw std::runtime_error("examples/retail.seg: no inputs");
  return program.substr(begin, end + 1 - begin) + "\n";
}

seg::Inputs FileInputs(const std::shared_ptr<const seg::Program>& program) {
  seg::Inputs inputs(program);
  for (const char* name : {"customers", "orders", "visits"}) {
    seg::Status s = inputs.BindFile(name, SourcePath(std::string("examples/data/") + name + ".csv"));
    if (!s.ok()) throw std::runtime_error(s.message);
  }
  return inputs;
}

std::unique_ptr<HostColumns> MemoryColumns(const seg::InputInfo& input, const Csv& csv) {
  auto out = std::make_unique<HostColumns>();
  size_t n = csv.rows.size();
  out->buffers.reserve(input.columns.size() * 2);
  out->offsets.reserve(input.columns.size());
  for (const seg::ColumnInfo& info : input.columns) {
    int col = csv.Column(info.name);
    if (col < 0) continue;
    std::vector<uint8_t>& validity = out->buffers.emplace_back(n / 8 + 1, 0);
    std::vector<uint8_t>& values = out->buffers.emplace_back();
    std::vector<int32_t>& offsets = out->offsets.emplace_back(1, 0);
    auto put = [&](const auto& v) {
      const auto* bytes = reinterpret_cast<const uint8_t*>(&v);
      values.insert(values.end(), bytes, bytes + sizeof v);
    };
    seg::ValueType type = info.type == seg::ValueType::kId ? seg::ValueType::kText : info.type;
    for (size_t r = 0; r < n; ++r) {
      const std::string& cell = csv.rows[r][static_cast<size_t>(col)];
      if (!cell.empty()) validity[r / 8] |= static_cast<uint8_t>(1u << (r % 8));
      switch (type) {
        case seg::ValueType::kBool: put(static_cast<uint8_t>(cell == "true")); break;
        case seg::ValueType::kInt: put(static_cast<int64_t>(cell.empty() ? 0 : std::stoll(cell))); break;
        case seg::ValueType::kFloat: put(cell.empty() ? 0.0 : std::stod(cell)); break;
        case seg::ValueType::kMoney: {
          size_t dot = cell.find('.');
          int64_t cents = cell.empty() ? 0
                                       : std::stoll(cell.substr(0, dot)) * 100 +
                                             (dot == std::string::npos ? 0 : std::stoll(cell.substr(dot + 1)));
          put(cents);
          break;
        }
        case seg::ValueType::kDate: put(static_cast<int32_t>(cell.empty() ? 0 : Days(cell))); break;
        case seg::ValueType::kTimestamp: {
          int64_t micros = 0;
          if (!cell.empty()) {
            int hh = std::stoi(cell.substr(11, 2)), mm = std::stoi(cell.substr(14, 2)),
                ss = std::stoi(cell.substr(17, 2));
            micros = ((Days(cell) * 24 + hh) * 60 + mm) * 60'000'000LL + ss * 1'000'000LL;
          }
          put(micros);
          break;
        }
        default:
          values.insert(values.end(), cell.begin(), cell.end());
          offsets.push_back(static_cast<int32_t>(values.size()));
      }
    }
    bool text = offsets.size() > 1;
    out->views.push_back({info.name, type, values.data(), validity.data(), n, text ? offsets.data() : nullptr,
                          type == seg::ValueType::kMoney ? 2 : 4});
  }
  return out;
}

std::map<std::string, std::string> CustomerRecords(const seg::Program& program) {
  auto object = [](const Csv& csv, const std::vector<std::string>& row) {
    std::string out = "{";
    for (size_t c = 0; c < csv.header.size(); ++c) {
      if (row[c].empty()) continue;
      if (out.size() > 1) out += ",";
      out += "\"" + csv.header[c] + "\":\"" + row[c] + "\"";  // the example data has no quotes or escapes
    }
    return out + "}";
  };
  const seg::InputInfo& entity = program.inputs()[0];
  const Csv& customers = ExampleCsv("customers");
  int key = customers.Column(entity.key_column);
  std::map<std::string, std::map<std::string, std::string>> events;  // key -> input -> JSON list body
  for (const seg::InputInfo& input : program.inputs()) {
    if (!input.is_event) continue;
    const Csv& csv = ExampleCsv(input.name);
    int ref = csv.Column(input.key_column);
    for (const std::vector<std::string>& row : csv.rows) {
      std::string& list = events[row[static_cast<size_t>(ref)]][input.name];
      list += (list.empty() ? "" : ",") + object(csv, row);
    }
  }
  std::map<std::string, std::string> records;
  for (const std::vector<std::string>& row : customers.rows) {
    const std::string& k = row[static_cast<size_t>(key)];
    std::string lists;
    for (const auto& [input, body] : events[k])
      lists += (lists.empty() ? "" : ",") + ("\"" + input + "\":[" + body + "]");
    records[k] = "{\"customer\":" + object(customers, row) + ",\"events\":{" + lists + "}}";
  }
  return records;
}

}  // namespace seg_test
