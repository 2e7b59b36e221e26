#include "runtime/io/float_texts.h"

#include <charconv>
#include <cmath>

#include "runtime/decimal_text.h"

namespace seg::rt {

std::string_view FloatTexts::Text(double value) {
  if (!slots_) slots_ = std::make_unique<Slot[]>(size_t{1} << slot_bits_);
  auto bits = std::bit_cast<uint64_t>(value);
  Slot& slot = slots_[SlotOf(value)];
  if (slot.size != 0 && slot.bits == bits) return {slot.text, slot.size};  // the usual case: no other branch
  slot.bits = bits;
  if (value > -1e5 && value < 1e5 && value == static_cast<double>(static_cast<int32_t>(value)) &&
      !(value == 0 && std::signbit(value))) {
    // A whole number below 10^5 in magnitude (a count of days, a score) is its integer's digits:
    // the shortest text never takes the exponent form there ("1e+04" is no shorter than
    // "10000", and the tie goes to the plain form), and the digits cost far less than the
    // search for the shortest text. -0.0 ("-0") is left to to_chars.
    slot.size = static_cast<uint8_t>(WriteIntText(static_cast<int32_t>(value), slot.text) - slot.text);
  } else {
    auto [end, ec] = std::to_chars(slot.text, slot.text + kTextMax, value);  // shortest round-trip
    slot.size = static_cast<uint8_t>(end - slot.text);
  }
  return {slot.text, slot.size};
}

}  // namespace seg::rt
