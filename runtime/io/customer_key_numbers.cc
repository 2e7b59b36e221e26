#include "runtime/io/customer_key_numbers.h"

#include <algorithm>

namespace seg::rt {
namespace {

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::shared_ptr<const CustomerKeyNumbers> CustomerKeyNumbers::Of(const Column& keys) {
  if (keys.type() != ValueType::kText && keys.type() != ValueType::kId) return nullptr;
  const Dictionary& dictionary = keys.dictionary();
  if (dictionary.size() == 0) return nullptr;
  // The shape comes from the first key: its trailing digits are the number, the rest the prefix.
  std::string_view first = dictionary.Value(0);
  size_t digits = 0;
  while (digits < first.size() && first[first.size() - 1 - digits] >= '0' && first[first.size() - 1 - digits] <= '9')
    ++digits;
  constexpr size_t kMaxDigits = 18;  // the number fits an int64 whatever its digits
  if (digits == 0 || digits > kMaxDigits) return nullptr;
  auto numbers = std::make_shared<CustomerKeyNumbers>();
  numbers->prefix_ = std::string(first.substr(0, first.size() - digits));
  numbers->width_ = digits;
  // Dense: the array costs at most 16 bytes per customer beyond a small constant.
  const uint64_t limit = uint64_t{4} * dictionary.size() + 1024;
  std::vector<int32_t>& code_of_number = numbers->code_of_number_;
  for (size_t code = 0; code < dictionary.size(); ++code) {
    std::string_view key = dictionary.Value(static_cast<int32_t>(code));
    if (key.size() != first.size() || key.substr(0, numbers->prefix_.size()) != numbers->prefix_) return nullptr;
    std::string_view number_text = key.substr(numbers->prefix_.size());
    if (!AllDigits(number_text)) return nullptr;
    uint64_t number = 0;
    for (char c : number_text) number = number * 10 + static_cast<uint64_t>(c - '0');
    if (number >= limit) return nullptr;
    if (number >= code_of_number.size()) {
      code_of_number.resize(std::min(limit, std::max<uint64_t>(number + 1, code_of_number.size() * 2)), -1);
    }
    // Dictionary values are distinct and the width fixed, so no number comes twice.
    code_of_number[number] = static_cast<int32_t>(code);
  }
  numbers->customers_ = dictionary.size();
  auto first_number = static_cast<uint64_t>(
      std::find_if(code_of_number.begin(), code_of_number.end(), [](int32_t code) { return code >= 0; }) -
      code_of_number.begin());
  numbers->first_number_ = first_number;
  numbers->in_number_order_ = first_number + dictionary.size() <= code_of_number.size();
  for (size_t code = 0; numbers->in_number_order_ && code < dictionary.size(); ++code) {
    numbers->in_number_order_ = code_of_number[first_number + code] == static_cast<int32_t>(code);
  }
  numbers->dictionary_ = dictionary.ValuesOnly();
  return numbers;
}

}  // namespace seg::rt
