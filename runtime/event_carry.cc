#include "runtime/event_carry.h"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

namespace seg::rt {

namespace {

// Re-sorted customers per thread hand-off.
constexpr size_t kResortMorsel = 256;
// Validity words per thread hand-off when packing the carried bits.
constexpr size_t kPackMorsel = 4096;

}  // namespace

CustomerOfRow EventCarry::CustomerOf(const Column& event_keys) const {
  CustomerOfRow of;
  if (int_keys) {
    of.codes = customer_of_event.data();
    of.same = same;  // above every customer, so -1 (no customer) is too, and no code is known
    return of;
  }
  of.codes = event_keys.values<int32_t>().data();
  of.validity = key_nulls ? event_keys.validity().data() : nullptr;
  of.same = same;
  of.customer_of_code = customer_of_code.data();
  of.known_codes = customer_of_code.size();
  return of;
}

std::optional<ColumnCarrier> ColumnCarrier::For(const EventIndex& index, const Column& event_keys, ThreadPool& pool) {
  const EventCarry* carry = index.carry.get();
  if (carry == nullptr || carry->resorted_events > carry->partition.kept / 8) return std::nullopt;
  if (!carry->int_keys && (event_keys.size() != carry->partition.events || event_keys.unloaded())) return std::nullopt;
  ColumnCarrier carrier(index, *carry, carry->CustomerOf(event_keys), pool);
  // Where each re-sorted customer's events were before the sort: in row order, so an event's
  // slot is the rank of its row among the customer's rows.
  const std::vector<uint32_t>& resorted = carry->resorted;
  std::vector<size_t>& start = carrier.resorted_start_;
  start.assign(resorted.size() + 1, 0);
  for (size_t i = 0; i < resorted.size(); ++i) {
    start[i + 1] = start[i] + index.offsets[resorted[i] + 1] - index.offsets[resorted[i]];
  }
  carrier.resorted_from_.resize(start.back());
  pool.ParallelFor(resorted.size(), kResortMorsel, [&](size_t first, size_t last) {
    std::vector<std::pair<uint32_t, uint32_t>> by_row;  // (row, slot now)
    for (size_t i = first; i < last; ++i) {
      uint32_t begin = index.offsets[resorted[i]];
      uint32_t end = index.offsets[resorted[i] + 1];
      by_row.clear();
      for (uint32_t slot = begin; slot < end; ++slot) by_row.emplace_back(index.permutation[slot], slot - begin);
      std::sort(by_row.begin(), by_row.end());
      uint32_t* from = carrier.resorted_from_.data() + start[i];
      for (uint32_t rank = 0; rank < by_row.size(); ++rank) from[by_row[rank].second] = rank;
    }
  });
  return carrier;
}

template <typename T> void ColumnCarrier::Resort(T* data) const {
  const std::vector<uint32_t>& resorted = carry_->resorted;
  pool_->ParallelFor(resorted.size(), kResortMorsel, [&](size_t first, size_t last) {
    std::vector<T> in_row_order;
    for (size_t i = first; i < last; ++i) {
      T* range = data + index_->offsets[resorted[i]];
      in_row_order.assign(range, data + index_->offsets[resorted[i] + 1]);
      const uint32_t* from = resorted_from_.data() + resorted_start_[i];
      for (size_t slot = 0; slot < in_row_order.size(); ++slot) range[slot] = in_row_order[from[slot]];
    }
  });
}

template <typename T> Buffer<T> ColumnCarrier::CarryValues(const T* in) const {
  size_t kept = carry_->partition.kept;
  std::shared_ptr<T[]> out = UninitialisedLines<T>(kept);
  CarryByCustomer(carry_->partition, customer_of_, [in](size_t row, int32_t) { return in[row]; }, out.get(), *pool_);
  Resort(out.get());
  const T* values = out.get();  // before the move below: argument order is unspecified
  return Buffer<T>::View(values, kept, std::move(out));
}

Buffer<uint64_t> ColumnCarrier::CarryValidity(const Column& column) const {
  size_t kept = carry_->partition.kept;
  std::vector<uint64_t> bits((kept + 63) / 64, ~uint64_t{0});
  if (column.NullCount() == 0) {
    if (kept % 64 != 0) bits.back() = (uint64_t{1} << (kept % 64)) - 1;  // no bit past the last row
    return bits;
  }
  // A bit cannot be moved on its own through the passes: each carried as a byte, then packed.
  std::shared_ptr<uint8_t[]> valid = UninitialisedLines<uint8_t>(kept);
  const uint64_t* words = column.validity().data();
  CarryByCustomer(
      carry_->partition, customer_of_,
      [words](size_t row, int32_t) { return static_cast<uint8_t>((words[row >> 6] >> (row & 63)) & 1); },
      valid.get(), *pool_);
  Resort(valid.get());
  pool_->ParallelFor(bits.size(), kPackMorsel, [&](size_t first, size_t last) {
    for (size_t w = first; w < last; ++w) {
      uint64_t word = 0;
      for (size_t i = w * 64; i < std::min(kept, w * 64 + 64); ++i) word |= uint64_t{valid[i]} << (i & 63);
      bits[w] = word;
    }
  });
  return bits;
}

Column ColumnCarrier::Carry(Column column) const {
  if (column.unloaded() || column.type() == ValueType::kTags ||
      (column.size() > 0 && column.NullCount() == column.size())) {
    return column.Gather(index_->permutation);
  }
  Buffer<uint64_t> validity = CarryValidity(column);
  Column::Data data = std::visit(
      [&](const auto& values) -> Column::Data {
        using T = typename std::decay_t<decltype(values)>::value_type;
        return CarryValues<T>(values.data());
      },
      column.data());
  ValueType type = column.type();
  Dictionary dictionary = std::move(column.mutable_dictionary());
  return Column::FromParts(type, carry_->partition.kept, std::move(validity), std::move(data), {},
                           std::move(dictionary));
}

}  // namespace seg::rt
