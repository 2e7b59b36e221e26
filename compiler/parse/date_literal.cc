#include "compiler/parse/date_literal.h"

namespace seg::parse {

namespace {
bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}
// Days since 1970-01-01 in the proleptic Gregorian calendar (the era-based civil formula).
int32_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}
}  // namespace

std::optional<int32_t> ParseDateLiteral(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return DaysFromCivil(year, month, day);
}

bool ValidTimestampLiteral(std::string_view text) {
  if (!ParseDateLiteral(text.substr(0, 10))) return false;
  // The lexer guarantees the shape: HH:MM at 11, optional :SS at 17.
  if (Digits(text, 11, 2) > 23 || Digits(text, 14, 2) > 59) return false;
  if (text.size() >= 19 && text[16] == ':' && Digits(text, 17, 2) > 59) return false;
  size_t sign = text.find_first_of("+-", 19);
  if (sign != std::string_view::npos && text.size() >= sign + 6) {
    if (Digits(text, sign + 1, 2) > 23 || Digits(text, sign + 4, 2) > 59) return false;
  }
  return true;
}

}  // namespace seg::parse
