#include "runtime/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace seg::rt {
namespace {

constexpr size_t npos = std::string_view::npos;

TEST(Utf8Test, AcceptsAsciiAndEveryLengthOfSequence) {
  EXPECT_EQ(FindInvalidUtf8(""), npos);
  EXPECT_EQ(FindInvalidUtf8("plain ascii longer than eight bytes"), npos);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 end"), npos);  // é € 😀
  EXPECT_EQ(FindInvalidUtf8(std::string("nul \0 inside", 12)), npos);                 // NUL is a character
}

TEST(Utf8Test, FindsTheFirstBadByteAfterAnAsciiRun) {
  // Past the eight-byte fast path, and in the byte-at-a-time tail.
  EXPECT_EQ(FindInvalidUtf8("0123456789abcdef\xE9"), 16u);
  EXPECT_EQ(FindInvalidUtf8("ab\xE9"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xE9"), 0u);
  EXPECT_EQ(FindInvalidUtf8("ok \xC3\xA9 then \x80"), 11u);  // a stray continuation byte
}

TEST(Utf8Test, RejectsTruncatedOverlongSurrogateAndOutOfRange) {
  EXPECT_EQ(FindInvalidUtf8("x\xE2\x82"), 1u);         // cut short at the end
  EXPECT_EQ(FindInvalidUtf8("x\xC3("), 1u);            // continuation missing
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // U+D800, a surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xFF\xFE"), 0u);
}

TEST(Utf8Test, IsAsciiSeesAHighByteAnywhere) {
  std::string text(200, 'a');
  EXPECT_TRUE(IsAscii(text));
  EXPECT_TRUE(IsAscii(""));
  for (size_t at : {0u, 7u, 63u, 64u, 130u, 199u}) {  // inside a 64-byte block, and in the tail
    std::string with_high = text;
    with_high[at] = '\xC3';
    EXPECT_FALSE(IsAscii(with_high)) << at;
  }
}

TEST(Utf8Test, FindsABadByteAtEveryLengthAndPlace) {
  // Fields of every short length, where the word-wide steps overlap or fall back to bytes.
  for (size_t length = 0; length <= 20; ++length) {
    std::string text(length, 'x');
    EXPECT_TRUE(IsValidUtf8(text)) << length;
    for (size_t at = 0; at < length; ++at) {
      std::string with_high = text;
      with_high[at] = '\xE9';
      EXPECT_EQ(FindInvalidUtf8(with_high), at) << length;
    }
  }
}

TEST(Utf8Test, RecognisesUtf16ByItsMarkOrInterleavedNuls) {
  EXPECT_NE(Utf16Evidence("\xFF\xFEi\0d\0"), nullptr);
  EXPECT_NE(Utf16Evidence("\xFE\xFF\0i\0d"), nullptr);
  EXPECT_NE(Utf16Evidence(std::string_view("i\0d\0,\0", 6)), nullptr);  // UTF-16LE without a mark
  EXPECT_NE(Utf16Evidence(std::string_view("\0i\0d\0,", 6)), nullptr);  // UTF-16BE without a mark
  EXPECT_EQ(Utf16Evidence("id,name\n"), nullptr);
  EXPECT_EQ(Utf16Evidence("\xEF\xBB\xBFid,name\n"), nullptr);  // UTF-8 with its mark
  EXPECT_EQ(Utf16Evidence(""), nullptr);
  EXPECT_EQ(Utf16Evidence("x"), nullptr);
}

}  // namespace
}  // namespace seg::rt
