// What the tests of SortEvents compare its result with: an event table with each row's customer
// and time known to the test, and its rows sorted the plain way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/column.h"
#include "runtime/table.h"
#include "runtime/value_order.h"

namespace seg::rt {

struct EventLog {
  Table events{"orders"};
  Column customers{ValueType::kText};
  std::vector<int64_t> customer_of;  // per row; -1: an unknown key
  std::vector<int64_t> time_of;
};

// The rows of known customers, stably sorted by customer, time, then the values of the columns
// `ties` (indexes in log.events).
inline std::vector<uint32_t> PlainSort(const EventLog& log, const std::vector<size_t>& ties) {
  std::vector<uint32_t> rows;
  for (size_t row = 0; row < log.customer_of.size(); ++row) {
    if (log.customer_of[row] >= 0) rows.push_back(static_cast<uint32_t>(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    if (log.customer_of[a] != log.customer_of[b]) return log.customer_of[a] < log.customer_of[b];
    if (log.time_of[a] != log.time_of[b]) return log.time_of[a] < log.time_of[b];
    for (size_t c : ties) {
      if (int order = CompareColumnValues(log.events.column(c), a, b); order != 0) return order < 0;
    }
    return false;
  });
  return rows;
}

}  // namespace seg::rt
