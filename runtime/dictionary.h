#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace seg::rt {

// The distinct strings of a text, id or tags column. Codes are dense int32_t in first-appearance
// order, so two loads of the same data give the same codes, whatever the thread count.
class Dictionary {
 public:
  // The code of `value`, adding it if new.
  int32_t Intern(std::string_view value);
  // The code of `value`, or -1.
  int32_t Find(std::string_view value) const;

  const std::string& Value(int32_t code) const { return values_[static_cast<size_t>(code)]; }
  const std::vector<std::string>& values() const { return values_; }
  size_t size() const { return values_.size(); }
  void Reserve(size_t count);

  // Interns every value of `other` in its code order and returns, per code of `other`, the code in
  // this dictionary. Merging per-chunk dictionaries in chunk order reproduces sequential codes.
  std::vector<int32_t> Merge(const Dictionary& other);

  friend bool operator==(const Dictionary& a, const Dictionary& b) { return a.values_ == b.values_; }

 private:
  void Grow();
  // Open addressing, linear probing. A slot holds (hash high bits << 32) | (code + 1); 0 = empty.
  // Keeping hash bits in the slot rejects most mismatches without touching the string.
  std::vector<uint64_t> slots_;
  std::vector<std::string> values_;
};

}  // namespace seg::rt
