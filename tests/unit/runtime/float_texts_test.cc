#include "runtime/io/float_texts.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace seg::rt {
namespace {

std::string Reference(double value) {
  char room[32];
  return std::string(room, std::to_chars(room, room + sizeof room, value).ptr);
}

const double kEdges[] = {0.0,
                         -0.0,
                         1.0,
                         -1.0,
                         0.1,
                         1.0 / 3,
                         99999.0,
                         -99999.0,
                         100000.0,
                         -100000.0,
                         99999.5,
                         1e21,
                         1e-7,
                         123456789012345680.0,
                         std::numeric_limits<double>::max(),
                         std::numeric_limits<double>::lowest(),
                         std::numeric_limits<double>::min(),
                         -2.2250738585072014e-308,
                         std::numeric_limits<double>::denorm_min(),
                         static_cast<double>(std::numeric_limits<int32_t>::max()),
                         static_cast<double>(std::numeric_limits<int32_t>::min())};

// The shortest round-trip text, as std::to_chars writes it, whether the value's slot holds it,
// another value's text (a table of two slots: every value evicts another), or nothing yet.
TEST(FloatTextsTest, GivesToCharsText) {
  for (int slot_bits : {1, 12}) {
    FloatTexts texts(slot_bits);
    for (int round = 0; round < 3; ++round) {
      for (double value : kEdges) {
        std::string_view text = texts.Text(value);
        ASSERT_EQ(std::string(text), Reference(value)) << value;
        ASSERT_LE(text.size(), FloatTexts::kTextMax);
      }
    }
    for (int k = -3000; k <= 3000; ++k) {
      for (double value : {k / 7.0, k * 1.0, k / 4.0, std::ldexp(1.0, k % 1075)}) {
        ASSERT_EQ(std::string(texts.Text(value)), Reference(value)) << value;
      }
    }
  }
}

// kReadable bytes can be read from every text's start: copying them is safe (ASan would say).
TEST(FloatTextsTest, TextsHaveTheirPaddingReadable) {
  FloatTexts texts(1);
  char copy[FloatTexts::kReadable];
  for (double value : kEdges) {
    std::string_view text = texts.Text(value);
    std::memcpy(copy, text.data(), FloatTexts::kReadable);
    EXPECT_EQ(std::string(copy, text.size()), Reference(value));
  }
}

}  // namespace
}  // namespace seg::rt
