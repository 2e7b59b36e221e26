#include "runtime/snapshot/piece_checks.h"

#include <algorithm>

namespace seg::rt::snapshot {

void PieceChecks::AddArray(size_t input, const Section& section, std::string_view bytes, size_t element,
                           std::function<bool(size_t, size_t)> fits) {
  auto array = std::make_unique<Array>();
  array->input = input;
  array->section = section;
  array->bytes = bytes.data();
  array->element = element;
  array->fits = std::move(fits);
  array->states = std::make_unique<std::atomic<uint8_t>[]>(section.pieces.size());  // kUnchecked
  std::lock_guard<std::mutex> lock(adding_);
  arrays_.push_back(std::move(array));
}

void PieceChecks::Ready(std::vector<Offsets> offsets) {
  offsets_ = std::move(offsets);
  // In the file's order, so that CheckRest reports the first damage whichever thread found one.
  std::sort(arrays_.begin(), arrays_.end(),
            [](const auto& a, const auto& b) { return a->section.offset < b->section.offset; });
}

bool PieceChecks::Check(Array& array, size_t piece) {
  std::atomic<uint8_t>& state = array.states[piece];
  uint8_t seen = state.load(std::memory_order_acquire);
  if (seen == kUnchecked && state.compare_exchange_strong(seen, kChecking, std::memory_order_acq_rel)) {
    size_t begin = piece * kPieceBytes;
    size_t end = std::min<size_t>(array.section.size, begin + kPieceBytes);
    bool intact = PieceIntact(array.section, array.bytes, piece) && (!array.fits || array.fits(begin, end));
    state.store(intact ? kIntact : kDamaged, std::memory_order_release);
    state.notify_all();
    return intact;
  }
  // Another thread is checking it (a piece two neighbouring morsels share): its answer.
  while ((seen = state.load(std::memory_order_acquire)) == kChecking) state.wait(kChecking, std::memory_order_acquire);
  return seen == kIntact;
}

Status PieceChecks::Damage(const Array& array, size_t piece) const {
  // The checksum first: a piece whose checksum matches but whose values do not was written so.
  if (!PieceIntact(array.section, array.bytes, piece))
    return Status::Error("snapshot file " + path_ + ": " + ChecksumMismatch(array.section, piece));
  return Status::Error("snapshot file " + path_ + ": damaged: a column holds values it cannot hold");
}

Status PieceChecks::CheckCustomers(size_t begin, size_t end) {
  for (const std::unique_ptr<Array>& array : arrays_) {
    auto [offsets, count] = offsets_[array->input];
    if (count == 0 || begin >= end) continue;
    uint64_t first = offsets[std::min(begin, count - 1)], last = offsets[std::min(end, count - 1)];
    if (first >= last) continue;
    size_t from = first * array->element / kPieceBytes;
    size_t to = std::min<size_t>(PieceCount(last * array->element), array->section.pieces.size());
    for (size_t piece = from; piece < to; ++piece) {
      if (!Check(*array, piece)) return Damage(*array, piece);
    }
  }
  return Status::Ok();
}

Status PieceChecks::CheckRest() {
  for (const std::unique_ptr<Array>& array : arrays_) {
    for (size_t piece = 0; piece < array->section.pieces.size(); ++piece) {
      if (!Check(*array, piece)) return Damage(*array, piece);
    }
  }
  return Status::Ok();
}

}  // namespace seg::rt::snapshot
