#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column.h"
#include "runtime/dictionary.h"

namespace seg::rt {

// Resolves an event's customer key to the customers' key code without hashing it, where the
// customers' keys allow: every key is one fixed prefix followed by a fixed number of digits
// ("C0000123": "C" and 7 digits), and the numbers are dense (below 4 per customer + 1024). Then a
// key is its number, and the number indexes an array of codes.
//
// Why this and not a cheaper hash or a check against the previous row: an event log in time
// order names a different customer on almost every row, so the previous-value check rarely hits
// and each probe of a million-key hash table is a cache miss into the slots and another into the
// key bytes. Exports and generated ids are very often prefix + zero-padded counter. Keys of any
// other shape (varying width, letters among the digits, sparse numbers) get no numbering and the
// loader interns them as before. Because the width is fixed, "C123" or "C00000123" against
// "C0000123"-shaped customers are simply other strings: no customer's key, as with the hash.
class CustomerKeyNumbers {
 public:
  // The numbering of a customer key column (text or id), or nullptr when its keys do not all
  // have the shape (or there are none).
  static std::shared_ptr<const CustomerKeyNumbers> Of(const Column& keys);

  // The code of `key` in dictionary(), or -1 when no customer has that key.
  int32_t CodeOf(std::string_view key) const {
    if (key.size() != width_ + prefix_.size() || key.substr(0, prefix_.size()) != prefix_) return -1;
    uint64_t number = 0;
    for (char c : key.substr(prefix_.size())) {
      auto digit = static_cast<unsigned>(static_cast<unsigned char>(c) - '0');
      if (digit > 9) return -1;
      number = number * 10 + digit;
    }
    if (in_number_order_)
      return number - first_number_ < customers_ ? static_cast<int32_t>(number - first_number_) : -1;
    return number < code_of_number_.size() ? code_of_number_[number] : -1;
  }

  // The code an event table's key column gives `key` (see ChunkOutput::numbered_key_column): its
  // customer's code, or for a key no customer has, dictionary().size() + its code in `others`,
  // the column's own dictionary of such keys.
  int32_t EventCode(std::string_view key, Dictionary* others) const {
    int32_t code = CodeOf(key);
    return code >= 0 ? code : static_cast<int32_t>(dictionary_.size()) + others->Intern(key);
  }

  // The customers' keys, codes as in their column: an event key column resolved by CodeOf
  // starts from a copy of it, so its first codes are the customers' own (see MatchTextKeys).
  // Without a hash table (Dictionary::ValuesOnly): nothing looks a key up in it.
  const Dictionary& dictionary() const { return dictionary_; }

 private:
  std::string prefix_;
  size_t width_ = 0;
  std::vector<int32_t> code_of_number_;  // -1: no customer has the number
  // Whether the customers' codes are their numbers less the first one, with no number missing
  // (a customer file sorted by a counter id, as exports often are). Then a code is computed
  // rather than looked up: in an event log in time order every row names another customer, and
  // the lookup array, evicted from the caches by the file streaming past, cost a memory access
  // per row (a third of reading 20 million orders).
  bool in_number_order_ = false;
  uint64_t first_number_ = 0;
  uint64_t customers_ = 0;
  Dictionary dictionary_;
};

}  // namespace seg::rt
