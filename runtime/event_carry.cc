#include "runtime/event_carry.h"

#include <type_traits>
#include <utility>

#include "runtime/assert.h"
#include "runtime/bits.h"
#include "runtime/event_order.h"

namespace seg::rt {

namespace {

using event_order::kResortMorsel;
// Rows per thread hand-off when gathering along a local permutation.
constexpr size_t kGatherMorsel = size_t{1} << 16;
// Rows per thread hand-off when packing the carried validity: whole words (a multiple of 64).
constexpr size_t kPackMorsel = size_t{1} << 18;

}  // namespace

CustomerOfRow EventCarry::CustomerOf(const Column& event_keys) const {
  CustomerOfRow of;
  of.same = same;
  if (int_keys) {  // `same` is above every customer, so -1 (no customer) is too; no code is known
    of.codes = customer_of_event.data();
    return of;
  }
  of.codes = event_keys.values<int32_t>().data();
  of.validity = key_nulls ? event_keys.validity().data() : nullptr;
  of.customer_of_code = customer_of_code.data();
  of.known_codes = customer_of_code.size();
  return of;
}

std::optional<ColumnCarrier> ColumnCarrier::For(const EventIndex& index, const Column& event_keys, ThreadPool& pool) {
  const EventCarry* carry = index.carry.get();
  if (carry == nullptr || carry->local || !carry->resorts_kept) return std::nullopt;
  if (!carry->int_keys && (event_keys.size() != carry->partition.events || event_keys.unloaded())) return std::nullopt;
  return ColumnCarrier(*carry, index.offsets, index.permutation, carry->CustomerOf(event_keys), pool);
}

template <typename T> void ColumnCarrier::Resort(T* data) const {
  const std::vector<uint32_t>& resorted = carry_->resorted;
  pool_->ParallelFor(resorted.size(), kResortMorsel, [&](size_t first, size_t last) {
    std::vector<T> scratch;
    for (size_t i = first; i < last; ++i) event_order::MoveAlike(data, offsets_[resorted[i]], ResortedFrom(i), scratch);
  });
}

std::span<const uint32_t> ColumnCarrier::ResortedFrom(size_t i) const {
  uint32_t customer = carry_->resorted[i];
  return {carry_->resorted_from.data() + carry_->resorted_start[i], offsets_[customer + 1] - offsets_[customer]};
}

void ColumnCarrier::ResortInPlace(Column& column) const {
  if (column.unloaded()) return;  // no values, every row missing: nothing moves
  std::visit(
      [&](const auto& values) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        Resort(column.mutable_values<T>().mutable_data());  // a view of a mapped file is copied first
      },
      column.data());
  if (column.NullCount() == 0) return;
  const std::vector<uint32_t>& resorted = carry_->resorted;
  std::vector<uint8_t> scratch;
  for (size_t i = 0; i < resorted.size(); ++i) {
    event_order::MoveValidityAlike(column, offsets_[resorted[i]], ResortedFrom(i), scratch);
  }
}

CarriedColumn ColumnCarrier::CarryInPartitionOrder(const Column& column, std::vector<uint8_t>* unordered) const {
  const CustomerPartition& part = carry_->partition;
  if (unordered != nullptr) unordered->clear();
  // Counted once: each count is a pass over the validity words.
  const bool has_missing = column.NullCount() != 0;
  CarriedColumn carried;
  carried.type = column.type();
  carried.values = std::visit(
      // The result type named, not decltype(carried.values): clang 14 (the fuzzers' compiler)
      // crashes on a captured local in a lambda's return type inside std::visit.
      [&](const auto& values) -> CarriedColumn::Values {
        using T = typename std::decay_t<decltype(values)>::value_type;
        std::shared_ptr<T[]> out = UninitialisedLines<T>(part.kept);
        const T* in = values.data();
        if (carry_->local) {
          pool_->ParallelFor(part.kept, kGatherMorsel, [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) out[i] = in[permutation_[i]];
          });
          return out;
        }
        auto value_of = [in](size_t row, int32_t) { return in[row]; };
        if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          if (unordered != nullptr && !has_missing) {
            // Times: which customers are in order is read while each bucket is in the cache.
            unordered->assign(part.customers, 0);
            uint8_t* flags = unordered->data();
            const T* times = out.get();
            const uint32_t* offsets = offsets_.data();
            CarryByCustomer(part, offsets, customer_of_, value_of, out.get(), *pool_, [=](size_t first, size_t count) {
              for (size_t c = first; c < first + count; ++c) {
                bool later = true;  // each event's time later than the one before's: no branch per event
                for (uint32_t slot = offsets[c] + 1; slot < offsets[c + 1]; ++slot)
                  later &= times[slot] > times[slot - 1];
                flags[c] = !later;
              }
            });
            return out;
          }
        }
        CarryByCustomer(part, offsets_.data(), customer_of_, value_of, out.get(), *pool_);
        return out;
      },
      column.data());
  if (has_missing) {
    // A bit cannot be moved on its own through the passes: each goes as a byte, packed by Finish.
    carried.valid = UninitialisedLines<uint8_t>(part.kept);
    const uint64_t* words = column.validity().data();
    auto valid_of = [words](size_t row) { return static_cast<uint8_t>((words[row >> 6] >> (row & 63)) & 1); };
    if (carry_->local) {
      uint8_t* valid = carried.valid.get();
      pool_->ParallelFor(part.kept, kGatherMorsel, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) valid[i] = valid_of(permutation_[i]);
      });
      return carried;
    }
    CarryByCustomer(
        part, offsets_.data(), customer_of_, [valid_of](size_t row, int32_t) { return valid_of(row); },
        carried.valid.get(), *pool_);
  }
  return carried;
}

Column ColumnCarrier::Finish(CarriedColumn carried, bool resort) const {
  size_t kept = carry_->partition.kept;
  std::vector<uint64_t> bits((kept + 63) / 64, ~uint64_t{0});
  if (kept % 64 != 0) bits.back() = (uint64_t{1} << (kept % 64)) - 1;  // no bit past the last row
  if (carried.valid != nullptr) {
    const uint8_t* valid = carried.valid.get();
    if (resort) Resort(carried.valid.get());
    pool_->ParallelFor(kept, kPackMorsel,
                       [&](size_t begin, size_t end) { PackBits(valid + begin, end - begin, bits.data(), begin); });
  }
  Column::Data data = std::visit(
      [&](auto& values) -> Column::Data {
        using T = typename std::decay_t<decltype(values)>::element_type;
        if (resort) Resort(values.get());
        const T* view = values.get();
        return Buffer<T>::View(view, kept, std::move(values));
      },
      carried.values);
  return Column::FromParts(carried.type, kept, std::move(bits), std::move(data), {}, std::move(carried.dictionary));
}

bool ColumnCarrier::MovesValues(const Column& column) {
  bool all_missing = column.size() > 0 && column.NullCount() == column.size();
  return !column.unloaded() && column.type() != ValueType::kTags && !all_missing;
}

Column ColumnCarrier::Carry(Column column) const {
  size_t kept = carry_->partition.kept;
  bool all_missing = column.size() > 0 && column.NullCount() == column.size();
  if (permutation_.size() != kept && (column.unloaded() || all_missing)) {
    // No permutation kept (rt::BuildEventIndex): every row missing, as Gather would give them.
    Column missing = column.unloaded() ? Column::Unloaded(column.type(), kept) : Column(column.type());
    if (!column.unloaded()) missing.AppendNulls(kept);
    missing.mutable_dictionary() = std::move(column.mutable_dictionary());
    return missing;
  }
  if (!MovesValues(column)) {
    SEG_ASSERT(permutation_.size() == kept, "a tags column is gathered along the index's permutation");
    return Column(column.Gather(permutation_));
  }
  CarriedColumn carried = CarryInPartitionOrder(column);
  carried.dictionary = std::move(column.mutable_dictionary());
  column = Column();  // its buffers freed before the re-sort's copies
  return Finish(std::move(carried), true);
}

}  // namespace seg::rt
