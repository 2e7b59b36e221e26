#include "runtime/rows_of_customers.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace seg::rt {

RowsOfCustomers::RowsOfCustomers(const CustomerOfRow& customer_of, size_t events, const std::vector<uint32_t>& offsets,
                                 std::vector<uint32_t> customers, ThreadPool& pool)
    : customers_(std::move(customers)) {
  start_.assign(customers_.size() + 1, 0);
  for (size_t i = 0; i < customers_.size(); ++i) {
    start_[i + 1] = start_[i] + offsets[customers_[i] + 1] - offsets[customers_[i]];
  }
  rows_.resize(start_.back());
  if (customers_.empty()) return;
  // A bit per customer, and per word of bits how many are set before it: a wanted customer's
  // place among them is found in these (a few hundred KB for a million customers, in the cache)
  // where a binary search per row, its branches mispredicted, took 40 ms for 600k rows.
  size_t customer_count = offsets.size() - 1;
  std::vector<uint64_t> wanted((customer_count + 63) / 64, 0);
  for (uint32_t c : customers_) wanted[c >> 6] |= uint64_t{1} << (c & 63);
  std::vector<uint32_t> before(wanted.size());
  for (size_t w = 0, count = 0; w < wanted.size(); count += std::popcount(wanted[w]), ++w) before[w] = count;
  // Each range of rows lists its wanted rows in row order; the lists are then put per customer,
  // range after range, so the order within a customer is the rows' whatever the thread count.
  size_t ranges = std::max<size_t>(1, pool.size());
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> found(ranges);  // (place, row)
  pool.ParallelFor(ranges, 1, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      for (size_t row = events * r / ranges, end = events * (r + 1) / ranges; row < end; ++row) {
        int32_t c = customer_of(row);
        if (c < 0) continue;
        uint64_t word = wanted[static_cast<uint32_t>(c) >> 6];
        uint64_t below = (uint64_t{1} << (c & 63)) - 1;
        if ((word >> (c & 63)) & 1) {
          found[r].emplace_back(before[static_cast<uint32_t>(c) >> 6] + std::popcount(word & below),
                                static_cast<uint32_t>(row));
        }
      }
    }
  });
  std::vector<uint32_t> cursor(start_.begin(), start_.end() - 1);
  for (const auto& list : found) {
    for (auto [place, row] : list) rows_[cursor[place]++] = row;
  }
}

uint32_t* RowsOfCustomers::Of(uint32_t customer) {
  auto it = std::lower_bound(customers_.begin(), customers_.end(), customer);
  if (it == customers_.end() || *it != customer) return nullptr;
  return rows_.data() + start_[static_cast<size_t>(it - customers_.begin())];
}

}  // namespace seg::rt
