// Each seed picks an as_of, a customer count and a few "temperature" knobs (how often values go
// missing, whether money runs near overflow), then draws every row from lists of edge values.
#include "tests/differential/data_generator.h"

#include <cstdio>
#include <cstdlib>

#include "runtime/civil_time.h"
#include "runtime/money.h"
#include "tests/differential/random.h"

namespace seg::differential {
namespace {

Cell Int(int64_t v) {
  Cell c;
  c.missing = false;
  c.i = v;
  return c;
}
Cell Float(double v) {
  Cell c;
  c.missing = false;
  c.f = v;
  return c;
}
Cell Text(std::string v) {
  Cell c;
  c.missing = false;
  c.s = std::move(v);
  return c;
}

class DataGenerator {
 public:
  DataGenerator(uint64_t seed, uint64_t stream) : rng_(seed, 1000 + stream), types_(seed, 2000 + stream) {}

  DataSet Run() {
    DataSet out;
    int32_t as_of_candidates[] = {Day(2025, 6, 30),  Day(2025, 3, 31),
                                  Day(2024, 2, 29),  Day(2025, 1, 1),
                                  Day(2024, 12, 31), Day(2025, 5, 31),
                                  Day(2025, 4, 1),   static_cast<int32_t>(Day(2024, 1, 1) + rng_.Below(600))};
    as_of_ = as_of_candidates[rng_.Below(8)];
    out.as_of = rt::FormatDate(as_of_);
    missing_percent_ = rng_.Pick<int>({0, 5, 10, 25});
    huge_money_ = rng_.Chance(6);
    // The decimal type of each money column on the servers, in half the data sets one of its own
    // (from a stream of its own, so that a data set with the usual types is what it was before).
    for (const char* column : {"customers.spend", "orders.amount"}) {
      if (types_.Chance(50)) out.money_types[column] = types_.Pick<DecimalType>({{38, 6}, {18, 2}, {24, 9}});
    }
    auto declared = [&](const char* column) -> const DecimalType* {
      auto it = out.money_types.find(column);
      return it == out.money_types.end() ? nullptr : &it->second;
    };
    spend_type_ = declared("customers.spend");
    amount_type_ = declared("orders.amount");
    int64_t customers = rng_.Chance(15)   ? rng_.Between(1, 3)
                        : rng_.Chance(10) ? rng_.Between(80, 150)
                                          : rng_.Between(4, 40);
    // Text keys padded (c007: byte order is creation order) or not (c10 sorts before c2).
    const char* key_format = rng_.Chance(50) ? "c%03lld" : "c%lld";
    std::vector<Row>& rows = out.inputs["customers"];
    for (int64_t k = 0; k < customers; ++k) {
      Row r;
      char key[16];
      std::snprintf(key, sizeof key, key_format, static_cast<long long>(k));
      keys_.push_back(Key(key, k));
      r["id"] = keys_.back();
      r["signup"] = Maybe(Int(as_of_ - rng_.Pick<int64_t>({0, 1, 30, 365, 366, -1, rng_.Between(0, 1500)})));
      r["city"] = Maybe(
          Text(rng_.Pick<std::string>({"Paris", "Boston", "San Jose", "", "paris", "S\xC3\xA3o Paulo", "books"})));
      r["age"] = Maybe(Int(rng_.Pick<int64_t>({18, 25, 25, 40, 65, 0, -1, rng_.Between(18, 90)})));
      r["rating"] = Maybe(Float(rng_.Pick<double>({0.5, 1.0, 1.0, 2.5, 0.0, 3.25, 1e-9, -2.0})));
      r["spend"] = Maybe(Money(spend_type_));
      r["vip"] = Maybe(Int(rng_.Chance(30)));
      Cell tags;
      tags.missing = false;
      for (const char* label : {"vip", "newsletter", "VIP"})
        if (rng_.Chance(25)) tags.tags.push_back(label);
      r["tags"] = Maybe(tags);
      rows.push_back(std::move(r));
    }
    Events(out.inputs["orders"], true);
    Events(out.inputs["visits"], false);
    // Rows in an order unrelated to the keys in half the seeds: results must not follow it.
    if (rng_.Chance(50)) return Reordered(out, rng_.Next());
    return out;
  }

 private:
  // A customer key, for a program whose key is text-like (s) or int (i): the int keys are
  // distinct, of mixed sign and width, and in no relation to the text keys' order.
  static Cell Key(const std::string& text, int64_t k) {
    Cell c = Text(text);
    c.i = (k * 7919) % 100003 - 50000;  // 100003 is prime: distinct for k < 100003
    return c;
  }

  static int32_t Day(int y, int m, int d) { return static_cast<int32_t>(rt::DaysFromCivil(y, m, d)); }

  Cell Maybe(Cell c) {
    if (rng_.Chance(missing_percent_)) c.missing = true;
    return c;
  }

  int64_t MoneyValue() {
    if (huge_money_ && rng_.Chance(30)) {
      // Near the int64 limit of money's fixed point (about 922 trillion): sums overflow.
      return rng_.Pick<int64_t>({INT64_MAX / 2, INT64_MAX / 3, INT64_MAX - 1, -(INT64_MAX / 2)}) -
             rng_.Between(0, 9999);
    }
    switch (rng_.Below(5)) {
      case 0: return rng_.Pick<int64_t>({0, 1, 199900, 1000000, 50000000, -35000, 1000000});  // ties
      case 1: return rng_.Between(-100, 100) * rt::kMoneyScale / 100;
      default: return rng_.Between(0, 5000) * 100 + rng_.Between(0, 99);
    }
  }

  // Sometimes written with 5 to 10 decimals, as data may come: exact ties on the fifth decimal
  // (half to even), ties broken by a later digit, and both signs (-0.00005 reads as 0). The SQL
  // backends must round them as the CSV reader does (the PostgreSQL campaign loads this text).
  // A column the servers declare as a decimal type (`declared`) holds only what that type holds
  // exactly: fewer decimals, or up to its scale, more often more than 4 of them.
  Cell Money(const DecimalType* declared) {
    Cell c = Int(MoneyValue());
    const int scale = declared ? declared->scale : 99;  // undeclared: numeric, any decimals
    if (scale < 4) {
      int64_t unit = 1;
      for (int k = scale; k < 4; ++k) unit *= 10;
      c.i -= c.i % unit;
      return c;
    }
    if (huge_money_ || scale == 4 || !rng_.Chance(declared ? 40 : 10)) return c;
    uint64_t magnitude = c.i < 0 ? 0 - static_cast<uint64_t>(c.i) : static_cast<uint64_t>(c.i);
    std::string more = rng_.Pick<std::string>({"5", "5", "50", "51", "49", "05", "500001", "9", "0000000001"});
    more = more.substr(0, static_cast<size_t>(scale - 4));
    char text[64];
    std::snprintf(text, sizeof text, "%s%llu.%04llu%s", c.i < 0 || (c.i == 0 && rng_.Chance(40)) ? "-" : "",
                  static_cast<unsigned long long>(magnitude / rt::kMoneyScale),
                  static_cast<unsigned long long>(magnitude % rt::kMoneyScale), more.c_str());
    c.s = text;
    rt::MoneyParse parsed = rt::ParseMoneyWithReason(c.s, &c.i);
    if (parsed != rt::MoneyParse::kOk && parsed != rt::MoneyParse::kRounded) std::abort();  // a bug here
    return c;
  }

  // A local-ish day near the edges the windows care about.
  int32_t EventDay() {
    int32_t month_start = rt::StartOfMonth(as_of_);
    int32_t quarter_start = rt::StartOfQuarter(as_of_);
    switch (rng_.Below(12)) {
      case 0: return as_of_;
      case 1: return as_of_ - 30;
      case 2: return as_of_ - rng_.Pick<int32_t>({29, 31, 6, 7, 89, 90, 91, 364, 365});
      case 3: return month_start - rng_.Pick<int32_t>({0, 1});
      case 4: return quarter_start - rng_.Pick<int32_t>({0, 1});
      case 5: return rt::AddMonths(quarter_start, -3);
      case 6: return rt::StartOfWeek(as_of_) - rng_.Pick<int32_t>({0, 1, 7});
      case 7: return rt::StartOfYear(as_of_) - rng_.Pick<int32_t>({0, 1});
      case 8: return as_of_ + rng_.Pick<int32_t>({1, 2, 40});  // after as_of: never counted
      default: return as_of_ - static_cast<int32_t>(rng_.Below(400));
    }
  }

  int64_t EventTime() {
    int64_t micros = rng_.Pick<int64_t>({0, rt::kMicrosPerDay - 1, 12 * 3600 * rt::kMicrosPerSecond,
                                         22 * 3600 * rt::kMicrosPerSecond + 30 * 60 * rt::kMicrosPerSecond,
                                         static_cast<int64_t>(rng_.Below(rt::kMicrosPerDay))});
    return static_cast<int64_t>(EventDay()) * rt::kMicrosPerDay + micros;
  }

  void Events(std::vector<Row>& rows, bool orders) {
    for (const Cell& key : keys_) {
      // Now and then a customer past 64 events: its validity bits span whole words, which the
      // JIT's fast event loops check word by word (seg_jit_rows_valid), and its windows are long.
      int64_t n = rng_.Chance(25)   ? 0
                  : rng_.Chance(70) ? rng_.Between(1, 5)
                  : rng_.Chance(95) ? rng_.Between(6, 16)
                                    : rng_.Between(65, 150);
      int64_t previous = EventTime();
      for (int64_t e = 0; e < n; ++e) {
        Row r;
        r["customer"] = key;
        if (rng_.Chance(1)) r["customer"] = rng_.Chance(50) ? Cell() : Key("stranger", 100002);
        int64_t ts = rng_.Chance(20) ? previous : EventTime();  // equal timestamps: ties
        previous = ts;
        r["ts"] = rng_.Chance(3) ? Cell() : Int(ts);
        if (orders) {
          r["amount"] = Maybe(Money(amount_type_));
          r["qty"] = Maybe(Int(rng_.Pick<int64_t>({0, 1, 1, 2, 3, 5, -1})));
          r["category"] = Maybe(Text(rng_.Pick<std::string>({"books", "toys", "garden", "", "Books", "b%_"})));
          r["discounted"] = Maybe(Int(rng_.Chance(40)));
        } else {
          r["page"] = Maybe(Text(rng_.Pick<std::string>({"home", "product", "cart", "checkout", "", "Product"})));
        }
        rows.push_back(std::move(r));
      }
    }
  }

  Rng rng_;
  Rng types_;
  const DecimalType* spend_type_ = nullptr;
  const DecimalType* amount_type_ = nullptr;
  int32_t as_of_ = 0;
  int missing_percent_ = 0;
  bool huge_money_ = false;
  std::vector<Cell> keys_;
};

void Append(rt::Column& column, const Cell& cell) {
  if (cell.missing) {
    column.AppendNull();
    return;
  }
  switch (column.type()) {
    case rt::ValueType::kBool: column.AppendBool(cell.i != 0); break;
    case rt::ValueType::kInt:
    case rt::ValueType::kMoney:
    case rt::ValueType::kTimestamp:
    case rt::ValueType::kDuration: column.AppendInt64(cell.i); break;
    case rt::ValueType::kDate: column.AppendInt32(static_cast<int32_t>(cell.i)); break;
    case rt::ValueType::kFloat: column.AppendDouble(cell.f); break;
    case rt::ValueType::kText:
    case rt::ValueType::kId: column.AppendText(cell.s); break;
    case rt::ValueType::kTags:
      for (const std::string& t : cell.tags) column.AddTag(t);
      column.FinishTags();
      break;
  }
}

std::string Format(rt::ValueType type, const Cell& cell) {
  if (cell.missing) return "";
  switch (type) {
    case rt::ValueType::kBool: return cell.i ? "true" : "false";
    case rt::ValueType::kInt: return std::to_string(cell.i);
    case rt::ValueType::kMoney: return cell.s.empty() ? rt::FormatMoney(cell.i) : cell.s;
    case rt::ValueType::kTimestamp: return rt::FormatTimestamp(cell.i);
    case rt::ValueType::kDuration: return std::to_string(cell.i / rt::kMicrosPerSecond);
    case rt::ValueType::kDate: return rt::FormatDate(static_cast<int32_t>(cell.i));
    case rt::ValueType::kFloat: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", cell.f);
      return buffer;
    }
    case rt::ValueType::kText:
    case rt::ValueType::kId: return cell.s;
    case rt::ValueType::kTags: {
      std::string out;
      for (const std::string& t : cell.tags) out += (out.empty() ? "" : "|") + t;
      return out;
    }
  }
  return "";
}

const Cell& CellOf(const Row& row, const std::string& column) {
  static const Cell kMissing;
  auto it = row.find(column);
  return it == row.end() ? kMissing : it->second;
}

}  // namespace

DataSet GenerateData(uint64_t seed, uint64_t stream) { return DataGenerator(seed, stream).Run(); }

__int128 DecimalUnits(const Cell& cell, int scale) {
  __int128 units = 0;
  if (cell.s.empty()) {
    units = cell.i;
    for (int k = 4; k < scale; ++k) units *= 10;
    for (int k = scale; k < 4; ++k) {
      if (units % 10 != 0) std::abort();  // a value the generator did not fit to the type
      units /= 10;
    }
    return units;
  }
  size_t point = cell.s.find('.');
  const bool negative = cell.s[0] == '-';
  std::string digits = cell.s.substr(negative ? 1 : 0, point - (negative ? 1 : 0));
  std::string fraction = point == std::string::npos ? "" : cell.s.substr(point + 1);
  if (fraction.size() > static_cast<size_t>(scale)) std::abort();  // as above
  fraction.resize(static_cast<size_t>(scale), '0');
  for (char c : digits + fraction) units = units * 10 + (c - '0');
  return negative ? -units : units;
}

std::string MoneyTypesText(const DataSet& data, const std::string& decimal) {
  std::string out;
  for (const auto& [column, type] : data.money_types) {
    out += (out.empty() ? "" : ", ") + column + " " + decimal + "(" + std::to_string(type.precision) + "," +
           std::to_string(type.scale) + ")";
  }
  return out;
}

DataSet Reordered(const DataSet& data, uint64_t seed) {
  Rng rng(seed, 77);
  DataSet out = data;
  for (auto& [name, rows] : out.inputs) {
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng.Below(i)]);
  }
  return out;
}

std::vector<std::optional<rt::Table>> BuildTables(const ir::Program& program, const DataSet& data) {
  std::vector<std::optional<rt::Table>> tables(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    const ir::InputSchema& input = program.inputs[i];
    auto rows = data.inputs.find(input.name);
    if (rows == data.inputs.end()) continue;
    rt::Table table(input.name);
    for (const ir::ColumnSchema& c : input.columns) table.AddColumn(c.name, c.type.ToValueType());
    for (const Row& row : rows->second) {
      for (size_t c = 0; c < input.columns.size(); ++c)
        Append(table.mutable_column(c), CellOf(row, input.columns[c].name));
    }
    tables[i] = std::move(table);
  }
  return tables;
}

std::map<std::string, std::string> ToCsv(const ir::Program& program, const DataSet& data) {
  std::map<std::string, std::string> out;
  for (const ir::InputSchema& input : program.inputs) {
    auto rows = data.inputs.find(input.name);
    if (rows == data.inputs.end()) continue;
    std::string& csv = out[input.name];
    for (size_t c = 0; c < input.columns.size(); ++c) csv += (c ? "," : "") + input.columns[c].name;
    csv += "\n";
    for (const Row& row : rows->second) {
      for (size_t c = 0; c < input.columns.size(); ++c) {
        csv += (c ? "," : "") + Format(input.columns[c].type.ToValueType(), CellOf(row, input.columns[c].name));
      }
      csv += "\n";
    }
  }
  return out;
}

namespace {
// The rows of `data` whose customer is (keep = true) or is not `key`.
DataSet FilterCustomer(const DataSet& data, const std::string& key, bool keep) {
  DataSet out = data;
  for (auto& [name, rows] : out.inputs) {
    const char* column = name == "customers" ? "id" : "customer";
    std::erase_if(rows, [&](const Row& r) {
      const Cell& c = CellOf(r, column);
      return (!c.missing && c.s == key) != keep;
    });
  }
  return out;
}
}  // namespace

DataSet WithoutCustomer(const DataSet& data, const std::string& key) { return FilterCustomer(data, key, false); }
DataSet OnlyCustomer(const DataSet& data, const std::string& key) { return FilterCustomer(data, key, true); }

DataSet WithoutRow(const DataSet& data, const std::string& input, size_t row) {
  DataSet out = data;
  std::vector<Row>& rows = out.inputs[input];
  if (row < rows.size()) rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(row));
  return out;
}

}  // namespace seg::differential
