// The strings of a text node whose values are not known before the run: `first_name + " " +
// last_name`, and what lower/upper/if/?? make of such a text. Every other text has a dictionary
// the plan builds before the first row (plan.h, TextDomain); these get one that grows as the
// engines intern the strings they make, row by row, from any thread.
//
// Codes are canonical (one code per distinct string, so count_distinct and mode count codes) but
// their order depends on which thread interned first: nothing may order or tie-break by code, and
// the result hands strings back sorted (execute.cc), so no code leaks out of a run.
//
// Memory is bounded: every string made during the run (and every string the plan makes for a
// joined text) is charged to the run's TextBudget; past it interning stops and the run fails
// after the stage (RunState::CheckTextBudget), which does not depend on threads: the set of
// distinct strings a stage makes is the same whichever thread makes which.
#pragma once
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace seg::exec {

// The bytes the strings made by one run may take: each string's length plus kTextEntryBytes for
// its bookkeeping (the string object, its view and its slot in the hash index).
inline constexpr size_t kTextEntryBytes = 64;
// A joined text longer than this stops the run (a row's error, like an overflow): a few chained
// `x + x` double a text each time, and one such string could exhaust memory before any budget
// saw it.
inline constexpr size_t kMaxJoinedText = size_t{1} << 20;
// The error for a row whose joined text would pass kMaxJoinedText.
const char* JoinedTextTooLong();

class TextBudget {
 public:
  explicit TextBudget(size_t limit) : limit_(limit) {}
  // Charges `bytes`; false (and nothing charged) when that would pass the limit, which marks the
  // budget spent for good.
  bool Charge(size_t bytes);
  bool spent() const { return spent_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }

 private:
  size_t limit_;
  std::atomic<size_t> used_{0};
  std::atomic<bool> spent_{false};
};

class GrowingDictionary {
 public:
  // Starts with the empty string as code 0 (uncharged), so that code 0, the code every engine
  // stores for a missing row, always names a string.
  explicit GrowingDictionary(TextBudget* budget);
  ~GrowingDictionary();
  GrowingDictionary(const GrowingDictionary&) = delete;
  GrowingDictionary& operator=(const GrowingDictionary&) = delete;

  // The code of `s`, added when new; 0 when it is new and the budget is spent (the run then
  // fails after the stage, so that value is never seen).
  int64_t Intern(std::string_view s);
  // The string of a code this dictionary handed out. Lock-free: the thread holding the code got
  // it from Intern, or from a column written before it could read it.
  std::string_view At(int64_t code) const {
    size_t index = static_cast<size_t>(code) + kFirstChunk;
    int chunk = static_cast<int>(std::bit_width(index)) - kFirstChunkBits - 1;
    return chunks_[static_cast<size_t>(chunk)].load(std::memory_order_acquire)[index - (kFirstChunk << chunk)];
  }
  // How many strings it holds; every code below it can be read.
  size_t size() const { return size_.load(std::memory_order_acquire); }
  // Unique in the process, never reused (unlike an address): what a cache of codes keys on.
  uint64_t id() const { return id_; }

 private:
  static constexpr int kFirstChunkBits = 6;
  static constexpr size_t kFirstChunk = size_t{1} << kFirstChunkBits;  // chunk k holds kFirstChunk << k views
  static constexpr int kChunks = 32;

  TextBudget* budget_;
  uint64_t id_;
  std::mutex mutex_;                                     // Intern: strings_, codes_, a new chunk
  std::deque<std::string> strings_;                      // never moved: the views point into them
  std::unordered_map<std::string_view, int64_t> codes_;  // views of strings_
  std::array<std::atomic<std::string_view*>, kChunks> chunks_{};
  std::atomic<size_t> size_{0};
};

}  // namespace seg::exec
