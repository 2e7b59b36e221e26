#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace seg::rt {

// Finds where CSV fields end, 64 bytes at a time: for each block, bitmasks of the delimiters,
// newlines and quotes (SSE2 on any x86-64, AVX2 where the CPU has it, chosen at run time), quoted
// stretches as the prefix-xor of the quote bits (a carry-less multiply where the CPU has one), and
// the separators as the delimiters and newlines outside them. A byte loop over the same text spends
// several tests per byte; here the reader pays a few instructions per 64 bytes and one per field.
//
// Quote parity alone says where quoted stretches are only for well-formed text: the caller checks
// each field that may hold a quote (MayHaveQuote) and falls back to CsvRecordParser for a record
// that breaks the rules, then resumes with Seek. The scanner itself never reads past `end`.
class CsvSeparatorScanner {
 public:
  // `delimiter` may not be '"', '\n' or '\r' (the caller parses such files with CsvRecordParser).
  CsvSeparatorScanner(std::string_view data, size_t end, char delimiter);

  // Scans from `pos`, taken to be outside quotes (the start of a record).
  void Seek(size_t pos);

  // The offset of the next delimiter or newline outside quotes, or end when there is none.
  size_t Next() {
    while (bits_ == 0) {
      if (!NextBlock()) return end_;
    }
    size_t at = block_ + static_cast<size_t>(std::countr_zero(bits_));
    bits_ &= bits_ - 1;
    return at;
  }

  // Whether the text from `from` up to the last separator returned may hold a quote, or a byte
  // of 0x80 or above. Decided per block: false means certainly not.
  bool MayHaveQuote(size_t from) const { return quote_horizon_ > from; }
  bool MayHaveHighByte(size_t from) const { return high_horizon_ > from; }

  // The block scanner this CPU uses ("avx2" or "sse2"), for tests and benchmarks.
  static const char* Kernel();

  // One window of blocks, as the kernels fill it: per block its separators and whether it holds a
  // quote (bit 0) or a high byte (bit 1). `in_quotes` carries the quote state from block to block
  // (all ones inside). Exposed so that tests can check each kernel against the others.
  struct BlockMasks {
    uint64_t separators;
    uint64_t flags;
  };
  using KernelFn = void (*)(const char* text, size_t blocks, char delimiter, uint64_t* in_quotes, BlockMasks* out);
  static KernelFn PortableKernel();
  static KernelFn Sse2Kernel();  // nullptr where not compiled in
  static KernelFn Avx2Kernel();  // nullptr where the CPU lacks AVX2 or PCLMUL

 private:
  static constexpr size_t kWindowBlocks = 32;  // 2 KiB scanned per kernel call

  bool NextBlock();
  void FillWindow(size_t pos);

  const char* data_;
  size_t end_;
  char delimiter_;
  KernelFn kernel_;
  size_t block_ = 0;          // offset of the current block
  uint64_t bits_ = 0;         // its separators not yet returned
  size_t window_pos_ = 0;     // offset of the window's first block
  size_t next_window_ = 0;    // where the next window starts
  size_t window_count_ = 0;   // blocks in the window
  size_t window_index_ = 0;   // the current block's index in it
  uint64_t in_quotes_ = 0;    // the quote state after the window
  size_t quote_horizon_ = 0;  // end of the last block passed that held a quote
  size_t high_horizon_ = 0;   // end of the last block passed that held a byte >= 0x80
  BlockMasks window_[kWindowBlocks];
};

}  // namespace seg::rt
