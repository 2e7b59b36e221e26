#include "runtime/duration.h"

#include <charconv>

#include "runtime/civil_time.h"

namespace seg::rt {
namespace {

int64_t UnitMicros(char unit) {
  switch (unit) {
    case 'w': return 7 * kMicrosPerDay;
    case 'd': return kMicrosPerDay;
    case 'h': return 3600 * kMicrosPerSecond;
    case 'm': return 60 * kMicrosPerSecond;
    case 's': return kMicrosPerSecond;
    default: return 0;
  }
}

void AppendUnsigned(uint64_t value, std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, end);
}

}  // namespace

bool ParseDuration(std::string_view text, int64_t* micros) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  int64_t total = 0;
  size_t pos = 0;
  for (bool first_group = true; pos < text.size(); first_group = false) {
    int64_t count = 0;
    size_t digits_begin = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (__builtin_mul_overflow(count, 10, &count) || __builtin_add_overflow(count, text[pos] - '0', &count)) {
        return false;
      }
      ++pos;
    }
    bool has_digits = pos > digits_begin;
    int64_t fraction = 0;  // microseconds
    bool has_fraction = false;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int64_t scale = 100'000;
      size_t fraction_begin = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (scale == 0) return false;  // finer than a microsecond
        fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      has_fraction = pos > fraction_begin;
      if (!has_fraction) return false;
    }
    if (!has_digits && !has_fraction) return false;
    int64_t unit = kMicrosPerSecond;  // a plain number is seconds
    if (pos < text.size()) {
      unit = UnitMicros(text[pos]);
      if (unit == 0) return false;
      ++pos;
    } else if (!first_group) {
      return false;  // "1h30" is ambiguous
    }
    if (has_fraction && unit != kMicrosPerSecond) return false;
    int64_t part = 0;
    if (__builtin_mul_overflow(count, unit, &part) || __builtin_add_overflow(total, part + fraction, &total)) {
      return false;
    }
  }
  *micros = negative ? -total : total;
  return true;
}

void AppendDuration(int64_t micros, std::string* out) {
  if (micros == 0) {
    out->append("0s");
    return;
  }
  uint64_t rest = micros < 0 ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  if (micros < 0) out->push_back('-');
  // Weeks are left out on purpose: "15d" reads better than "2w1d" in reports.
  constexpr struct {
    uint64_t micros;
    char unit;
  } kUnits[] = {{86'400'000'000, 'd'}, {3'600'000'000, 'h'}, {60'000'000, 'm'}};
  for (const auto& unit : kUnits) {
    if (rest >= unit.micros) {
      AppendUnsigned(rest / unit.micros, out);
      out->push_back(unit.unit);
      rest %= unit.micros;
    }
  }
  if (rest == 0) return;
  AppendUnsigned(rest / 1'000'000, out);
  uint64_t fraction = rest % 1'000'000;
  if (fraction != 0) {
    // Microsecond digits with trailing zeros trimmed: "1.5s", "0.000001s".
    out->push_back('.');
    char digits[7] = {};
    for (int i = 5; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    int length = 6;
    while (length > 0 && digits[length - 1] == '0') --length;
    out->append(digits, static_cast<size_t>(length));
  }
  out->push_back('s');
}

std::string FormatDuration(int64_t micros) {
  std::string text;
  AppendDuration(micros, &text);
  return text;
}

}  // namespace seg::rt
