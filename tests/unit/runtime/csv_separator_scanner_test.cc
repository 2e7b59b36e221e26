#include "runtime/io/csv_separator_scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace seg::rt {
namespace {

// Separators by a byte loop that tracks quote parity: what the scanner must find.
std::vector<size_t> ReferenceSeparators(const std::string& text, size_t begin, size_t end, char delimiter) {
  std::vector<size_t> found;
  bool inside = false;
  for (size_t i = begin; i < end; ++i) {
    if (text[i] == '"') inside = !inside;
    if (!inside && (text[i] == delimiter || text[i] == '\n')) found.push_back(i);
  }
  return found;
}

std::string RandomText(std::mt19937& rng, size_t size) {
  const std::string alphabet = "ab,;\n\"\r\x80\xC3";
  std::string text(size, 'x');
  // Runs without quotes (most files) as well as quote-heavy text.
  bool quotes = rng() % 2;
  for (char& c : text) {
    c = alphabet[rng() % alphabet.size()];
    if (!quotes && c == '"') c = 'q';
  }
  return text;
}

TEST(CsvSeparatorScannerTest, FindsTheSeparatorsOutsideQuotesOfAnyRange) {
  std::mt19937 rng(42);
  for (int round = 0; round < 400; ++round) {
    std::string text = RandomText(rng, rng() % 600);
    char delimiter = rng() % 2 ? ',' : ';';
    size_t begin = text.empty() ? 0 : rng() % text.size();
    size_t end = begin + rng() % (text.size() - begin + 1);
    CsvSeparatorScanner scanner(text, end, delimiter);
    scanner.Seek(begin);
    std::vector<size_t> found;
    for (size_t at = scanner.Next(); at < end; at = scanner.Next()) {
      found.push_back(at);
      // Quotes and high bytes before a separator are never missed (false positives are allowed).
      for (size_t i = begin; i <= at; ++i) {
        if (text[i] == '"') ASSERT_TRUE(scanner.MayHaveQuote(i)) << round;
        if (static_cast<unsigned char>(text[i]) >= 0x80) ASSERT_TRUE(scanner.MayHaveHighByte(i)) << round;
      }
    }
    EXPECT_EQ(scanner.Next(), end);
    ASSERT_EQ(found, ReferenceSeparators(text, begin, end, delimiter)) << "round " << round;
  }
}

// Every kernel the machine can run gives the portable kernel's masks, quote state included.
TEST(CsvSeparatorScannerTest, KernelsAgree) {
  std::mt19937 rng(9);
  std::vector<CsvSeparatorScanner::KernelFn> kernels;
  for (auto kernel : {CsvSeparatorScanner::Sse2Kernel(), CsvSeparatorScanner::Avx2Kernel()}) {
    if (kernel != nullptr) kernels.push_back(kernel);
  }
  std::printf("block kernel in use: %s\n", CsvSeparatorScanner::Kernel());
  for (int round = 0; round < 200; ++round) {
    std::string text = RandomText(rng, 64 * 8);
    for (auto kernel : kernels) {
      uint64_t quotes_portable = 0, quotes_kernel = 0;
      CsvSeparatorScanner::BlockMasks expected[8], got[8];
      CsvSeparatorScanner::PortableKernel()(text.data(), 8, ',', &quotes_portable, expected);
      kernel(text.data(), 8, ',', &quotes_kernel, got);
      for (int b = 0; b < 8; ++b) {
        EXPECT_EQ(got[b].separators, expected[b].separators) << round << " block " << b;
        EXPECT_EQ(got[b].flags, expected[b].flags) << round << " block " << b;
      }
      EXPECT_EQ(quotes_kernel, quotes_portable);
    }
  }
}

}  // namespace
}  // namespace seg::rt
