#include "runtime/civil_time.h"

#include <algorithm>

namespace seg::rt {
namespace {

// Reads exactly `count` ASCII digits at text[pos..]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t pos, int count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

void AppendPadded(int64_t value, int width, std::string* out) {
  char digits[24];
  int count = 0;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (count < width) digits[count++] = '0';
  while (count > 0) out->push_back(digits[--count]);
}

bool ParseOffset(std::string_view text, size_t pos, int32_t* offset_seconds) {
  if (pos >= text.size()) return false;
  char sign = text[pos];
  if (sign != '+' && sign != '-') return false;
  int hours = 0;
  int minutes = 0;
  if (!ReadDigits(text, pos + 1, 2, &hours)) return false;
  size_t rest = pos + 3;
  if (rest == text.size()) {
    // "+HH"
  } else if (text[rest] == ':' && rest + 3 == text.size()) {
    if (!ReadDigits(text, rest + 1, 2, &minutes)) return false;
  } else if (rest + 2 == text.size()) {
    if (!ReadDigits(text, rest, 2, &minutes)) return false;
  } else {
    return false;
  }
  if (hours > 23 || minutes > 59) return false;
  int32_t seconds = hours * 3600 + minutes * 60;
  *offset_seconds = sign == '-' ? -seconds : seconds;
  return true;
}

}  // namespace

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  // Years start in March so the leap day is the last day of the (shifted) year.
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;                                          // [0, 399]
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;  // [0, 146096]
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // 0 = March
  CivilDate date;
  date.day = static_cast<int32_t>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  date.month = static_cast<int32_t>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  date.year = static_cast<int32_t>(year_of_era + era * 400 + (date.month <= 2));
  return date;
}

int DayOfWeek(int64_t days) {
  // 1970-01-01 was a Thursday (ISO 4).
  int64_t index = (days + 3) % 7;  // 0 = Monday
  if (index < 0) index += 7;
  return static_cast<int>(index) + 1;
}

int32_t AddMonths(int32_t days, int32_t months) { return static_cast<int32_t>(AddMonthsWide(days, months)); }

int64_t AddMonthsWide(int64_t days, int64_t months) {
  CivilDate date = CivilFromDays(days);
  int64_t month_index = int64_t{date.year} * 12 + (date.month - 1) + months;
  int64_t year = FloorDiv(month_index, 12);
  int month = static_cast<int>(month_index - year * 12) + 1;
  int day = date.day;
  int last = DaysInMonth(year, month);
  if (day > last) day = last;
  return DaysFromCivil(year, month, day);
}

int64_t WholeMonthsBetween(int64_t a, int64_t b) {
  if (b < a) return -WholeMonthsBetween(b, a);
  CivilDate from = CivilFromDays(a), to = CivilFromDays(b);
  int64_t months = (int64_t{to.year} - from.year) * 12 + (to.month - from.month);
  // AddMonths(a, months) lands in b's month, on a's day clamped to that month's end.
  int landing = std::min(from.day, DaysInMonth(to.year, to.month));
  return landing > to.day ? months - 1 : months;
}

int32_t PeriodIndex(PeriodUnit unit, int32_t days) {
  switch (unit) {
    case PeriodUnit::kDay: return days;
    case PeriodUnit::kWeek: return static_cast<int32_t>(FloorDiv(int64_t{StartOfWeek(days)} + 3, 7));
    case PeriodUnit::kMonth: {
      CivilDate date = CivilFromDays(days);
      return date.year * 12 + (date.month - 1);
    }
  }
  return days;
}

int32_t StartOfWeek(int32_t days) { return days - (DayOfWeek(days) - 1); }

int32_t StartOfMonth(int32_t days) {
  CivilDate date = CivilFromDays(days);
  return static_cast<int32_t>(DaysFromCivil(date.year, date.month, 1));
}

int32_t StartOfQuarter(int32_t days) {
  CivilDate date = CivilFromDays(days);
  return static_cast<int32_t>(DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1));
}

int32_t StartOfYear(int32_t days) { return static_cast<int32_t>(DaysFromCivil(CivilFromDays(days).year, 1, 1)); }

bool ParseDate(std::string_view text, int32_t* days) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ReadDigits(text, 0, 4, &year) || !ReadDigits(text, 5, 2, &month) || !ReadDigits(text, 8, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = static_cast<int32_t>(DaysFromCivil(year, month, day));
  return true;
}

bool ParseTimestamp(std::string_view text, ParsedTimestamp* out) {
  ParsedTimestamp result;
  if (text.size() < 10 || !ParseDate(text.substr(0, 10), &result.local.day)) return false;
  size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    int64_t micros = 0;
    if (!ReadDigits(text, pos + 1, 2, &hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &minute)) {
      return false;
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!ReadDigits(text, pos + 1, 2, &second)) return false;
      pos += 3;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits < 6) micros = micros * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return false;
        for (int i = digits; i < 6; ++i) micros *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return false;
    result.local.micros_of_day = (hour * 3600 + minute * 60 + second) * kMicrosPerSecond + micros;
  }
  if (pos < text.size()) {
    if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
      result.has_offset = true;
    } else if (ParseOffset(text, pos, &result.offset_seconds)) {
      result.has_offset = true;
    } else {
      return false;
    }
  }
  *out = result;
  return true;
}

void AppendDate(int32_t days, std::string* out) {
  CivilDate date = CivilFromDays(days);
  if (date.year < 0) {
    out->push_back('-');
  } else if (date.year > 9999) {
    out->push_back('+');
  }
  AppendPadded(date.year < 0 ? -int64_t{date.year} : date.year, 4, out);
  out->push_back('-');
  AppendPadded(date.month, 2, out);
  out->push_back('-');
  AppendPadded(date.day, 2, out);
}

std::string FormatDate(int32_t days) {
  std::string text;
  AppendDate(days, &text);
  return text;
}

void AppendTimestamp(int64_t utc_us, std::string* out) {
  int64_t day = FloorDiv(utc_us, kMicrosPerDay);
  int64_t micros_of_day = utc_us - day * kMicrosPerDay;
  AppendDate(static_cast<int32_t>(day), out);
  int64_t seconds = micros_of_day / kMicrosPerSecond;
  int64_t fraction = micros_of_day % kMicrosPerSecond;
  out->push_back('T');
  AppendPadded(seconds / 3600, 2, out);
  out->push_back(':');
  AppendPadded(seconds / 60 % 60, 2, out);
  out->push_back(':');
  AppendPadded(seconds % 60, 2, out);
  if (fraction != 0) {
    out->push_back('.');
    AppendPadded(fraction, 6, out);
  }
  out->push_back('Z');
}

std::string FormatTimestamp(int64_t utc_us) {
  std::string text;
  AppendTimestamp(utc_us, &text);
  return text;
}

}  // namespace seg::rt
