// A C++ host embedding seg: compiles a rule file, hands it the CRM's tables as columns it owns
// in memory, runs it, prints the bucket counts, then re-scores one customer in real time
// against the batch's population.
//
//   embed_cpp RULES.seg DATA_DIR AS_OF [--out RESULT.csv]
//
// DATA_DIR holds one CSV per input, as examples/data does (comma-separated, no quoted fields).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "seg/seg.hpp"

namespace {

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

bool ReadCsv(const std::string& path, Csv* out) {
  std::ifstream in(path);
  std::string line;
  auto split = [](const std::string& text) {
    std::vector<std::string> fields;
    std::stringstream stream(text);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (!text.empty() && text.back() == ',') fields.emplace_back();
    return fields;
  };
  if (!std::getline(in, line)) return false;
  out->header = split(line);
  while (std::getline(in, line)) {
    if (!line.empty()) out->rows.push_back(split(line));
  }
  return true;
}

// One column in the layout seg::ColumnView describes, owned by the host.
struct HostColumn {
  std::string name;
  seg::ValueType type = seg::ValueType::kText;
  std::vector<int64_t> i64;
  std::vector<int32_t> i32;
  std::vector<double> f64;
  std::vector<uint8_t> u8, validity;
  std::vector<int32_t> offsets{0};
  std::string bytes;

  seg::ColumnView View() const {
    const void* values = !i64.empty()   ? static_cast<const void*>(i64.data())
                         : !i32.empty() ? static_cast<const void*>(i32.data())
                         : !f64.empty() ? static_cast<const void*>(f64.data())
                         : !u8.empty()  ? static_cast<const void*>(u8.data())
                                        : static_cast<const void*>(bytes.data());
    size_t length = offsets.size() - 1;
    if (!i64.empty()) length = i64.size();
    if (!i32.empty()) length = i32.size();
    if (!f64.empty()) length = f64.size();
    if (!u8.empty()) length = u8.size();
    // Money is kept in cents: seg converts it to its own four decimals.
    return {name,
            type,
            values,
            validity.data(),
            length,
            offsets.size() > 1 ? offsets.data() : nullptr,
            type == seg::ValueType::kMoney ? 2 : 4};
  }
};

int64_t Days(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d);
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
      .time_since_epoch()
      .count();
}

HostColumn Convert(const Csv& csv, size_t col, const seg::ColumnInfo& info) {
  HostColumn c;
  c.name = info.name;
  c.type = info.type;
  c.validity.assign(csv.rows.size() / 8 + 1, 0);
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    const std::string& cell = csv.rows[r][col];
    if (!cell.empty()) c.validity[r / 8] |= static_cast<uint8_t>(1u << (r % 8));
    switch (info.type) {
      case seg::ValueType::kBool: c.u8.push_back(cell == "true"); break;
      case seg::ValueType::kInt: c.i64.push_back(cell.empty() ? 0 : std::stoll(cell)); break;
      case seg::ValueType::kFloat: c.f64.push_back(cell.empty() ? 0 : std::stod(cell)); break;
      case seg::ValueType::kMoney: c.i64.push_back(cell.empty() ? 0 : std::llround(std::stod(cell) * 100)); break;
      case seg::ValueType::kDate: c.i32.push_back(cell.empty() ? 0 : static_cast<int32_t>(Days(cell))); break;
      case seg::ValueType::kTimestamp: {  // "2021-11-20T15:23:17Z"
        int hh = 0, mm = 0, ss = 0;
        if (cell.size() >= 19) std::sscanf(cell.c_str() + 11, "%d:%d:%d", &hh, &mm, &ss);
        c.i64.push_back(cell.empty() ? 0 : ((Days(cell) * 24 + hh) * 60 + mm) * 60'000'000LL + ss * 1'000'000LL);
        break;
      }
      default:  // text, id, tags ('|'-separated labels)
        c.bytes += cell;
        c.offsets.push_back(static_cast<int32_t>(c.bytes.size()));
    }
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 6 && std::string(argv[4]) == "--out")) {
    std::cerr << "usage: embed_cpp RULES.seg DATA_DIR AS_OF [--out RESULT.csv]\n";
    return 2;
  }
  seg::CompileResult compiled = seg::CompileFile(argv[1]);
  if (!compiled.ok()) {
    std::cerr << compiled.rendered;
    return 1;
  }
  const seg::Program& program = *compiled.program;
  seg::Inputs inputs(compiled.program);
  for (const seg::InputInfo& input : program.inputs()) {
    Csv csv;
    if (!ReadCsv(std::string(argv[2]) + "/" + input.name + ".csv", &csv)) continue;
    std::vector<HostColumn> columns;
    for (const seg::ColumnInfo& info : input.columns) {
      for (size_t col = 0; col < csv.header.size(); ++col) {
        if (csv.header[col] == info.name) columns.push_back(Convert(csv, col, info));
      }
    }
    std::vector<seg::ColumnView> views;
    for (const HostColumn& c : columns) views.push_back(c.View());
    if (seg::Status s = inputs.BindColumns(input.name, views); !s.ok()) {
      std::cerr << seg::StatusCodeName(s.code) << ": " << s.message << "\n";
      return 1;
    }
  }
  seg::Result result;
  seg::RunOptions run;
  run.as_of = argv[3];
  run.threads = 2;
  if (seg::Status s = program.Run(inputs, run, &result); !s.ok()) {
    std::cerr << s.message << "\n";
    return 1;
  }
  std::cout << result.num_customers() << " customers\n" << result.Summary();
  if (argc == 6) {
    std::ofstream out(argv[5], std::ios::binary);
    out << result.ToCsv();
    if (!out) return 1;
  }
  // Real time: the first customer, with no events, ranked against the batch's population.
  std::string record = R"({"customer": {")" + program.inputs()[0].key_column + R"(": ")" + result.Key(0) +
                       R"("}, "events": {}})";
  seg::CustomerResult now;
  seg::CustomerOptions options;
  options.as_of = argv[3];
  options.population = result.Population();
  if (seg::Status s = program.EvaluateCustomer(record, options, &now); !s.ok()) {
    std::cerr << s.message << "\n";
    return 1;
  }
  std::cout << "customer " << now.key << " without events: " << now.json << "\n";
  return 0;
}
