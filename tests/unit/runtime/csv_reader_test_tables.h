// What the CSV reader's tests (csv_reader*_test.cc) share: the orders and customers tables they
// load, a load in UTC, and a generated orders file big enough to be cut into many pieces.
#pragma once

#include <random>
#include <string>

#include "runtime/io/csv_reader.h"
#include "runtime/time_zone.h"

namespace seg::rt::testing {

inline TableSpec OrdersSpec() {
  return TableSpec{"orders",
                   {{"customer", ValueType::kId},
                    {"ts", ValueType::kTimestamp},
                    {"amount", ValueType::kMoney},
                    {"note", ValueType::kText}},
                   "customer",
                   "ts",
                   true};
}

inline LoadResult Load(const std::string& path, const TableSpec& spec, LoadOptions options = {}) {
  return LoadCsvTable(spec, path, options, TimeZone::Utc());
}

inline TableSpec CustomersSpec() {
  return TableSpec{
      "customers", {{"id", ValueType::kId}, {"city", ValueType::kText}, {"tags", ValueType::kTags}}, "id", "", false};
}

// A file big enough to be split into many pieces, with quotes, embedded newlines and bad rows.
inline std::string GeneratedOrders(size_t rows, bool with_bad_rows) {
  std::mt19937_64 random(42);
  std::string text = "customer,ts,amount,note\n";
  for (size_t row = 0; row < rows; ++row) {
    text += "cust" + std::to_string(random() % 5000) + ",";
    text += "2024-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10) + "T12:00:0" +
            std::to_string(random() % 10) + "Z,";
    if (with_bad_rows && random() % 1000 == 0) {
      text += "oops";
    } else if (random() % 10 != 0) {
      text += std::to_string(random() % 100000) + "." + std::to_string(random() % 100);
    }
    text += ",";
    switch (random() % 4) {
      case 0: text += "\"quoted, with \"\"quotes\"\"\nand a newline " + std::to_string(random() % 300) + "\""; break;
      case 1: text += "note" + std::to_string(random() % 1000); break;
      default: break;
    }
    text += row % 7 == 0 ? "\r\n" : "\n";
  }
  return text;
}

}  // namespace seg::rt::testing
