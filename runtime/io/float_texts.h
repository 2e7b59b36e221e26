// The shortest round-trip text of finite doubles, remembered for the values seen recently: what
// every result writer writes for a float (ResultWriter::AddFloat, driver/csv_rows.h).
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace seg::rt {

class FloatTexts {
 public:
  // A table of 2^slot_bits texts (48 bytes each), made on the first value. More slots keep more
  // of a column's distinct values (a million ratios of small counts take a few thousand), fewer
  // cost less to make for a short output.
  explicit FloatTexts(int slot_bits = 12) : slot_bits_(slot_bits) {}

  // The most characters a text has.
  static constexpr size_t kTextMax = 31;
  // Every text returned has this many bytes readable from its start (its own and then padding),
  // so a caller may copy a fixed-size block and keep the text's length of it.
  static constexpr size_t kReadable = 32;

  // The shortest text that reads back as `value` (finite), as std::to_chars writes it; valid
  // until the next call.
  std::string_view Text(double value);
  // Asks for the memory Text(value) will read, so that a batch of values can have their slots
  // brought in at once rather than one after another (a slot not in the cache costs more than
  // the rest of a lookup: the table is larger than the first-level cache and its pages).
  void Prefetch(double value) {
    if (slots_) __builtin_prefetch(&slots_[SlotOf(value)]);
  }

 private:
  // Float columns repeat their values (a share of a customer's few orders takes a few hundred
  // values over a million rows), and the shortest round-trip text costs ten times a lookup: the
  // texts of recent values, by a hash of their bits, one slot each (made on the first value).
  struct Slot {
    uint64_t bits = 0;
    uint8_t size = 0;  // 0: an empty slot
    char text[kReadable];
  };
  size_t SlotOf(double value) const {
    return (std::bit_cast<uint64_t>(value) * 0x9E3779B97F4A7C15) >> (64 - slot_bits_);
  }
  int slot_bits_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace seg::rt
