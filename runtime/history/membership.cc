#include "runtime/history/membership.h"

#include <algorithm>
#include <numeric>

namespace seg::rt {

void CountMembers(Membership* m) {
  m->customers = m->keys.size();
  m->bucket_sizes.assign(m->classifications.size(), {});
  for (size_t c = 0; c < m->classifications.size(); ++c) {
    std::vector<uint64_t>& sizes = m->bucket_sizes[c];
    sizes.assign(m->classifications[c].buckets.size(), 0);
    for (uint32_t code : m->buckets[c])
      if (code > 0) ++sizes[code - 1];
  }
  m->tag_sizes.assign(m->tags.size(), 0);
  for (size_t t = 0; t < m->tags.size(); ++t)
    for (uint8_t on : m->tagged[t]) m->tag_sizes[t] += on != 0;
}

void SortByKey(Membership* m) {
  std::vector<size_t> order(m->keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m->keys[a] < m->keys[b]; });
  auto permute = [&](auto& column) {
    std::remove_reference_t<decltype(column)> sorted(column.size());
    for (size_t i = 0; i < order.size(); ++i) sorted[i] = std::move(column[order[i]]);
    column = std::move(sorted);
  };
  permute(m->keys);
  for (auto& column : m->buckets) permute(column);
  for (auto& column : m->tagged) permute(column);
}

}  // namespace seg::rt
