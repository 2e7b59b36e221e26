#include "runtime/posix_tz.h"

#include <cctype>

#include "runtime/civil_time.h"

namespace seg::rt {
namespace {

class RuleScanner {
 public:
  explicit RuleScanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  bool Abbreviation(std::string* out) {
    if (Consume('<')) {
      size_t end = text_.find('>', pos_);
      if (end == std::string_view::npos) return false;
      *out = std::string(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return out->size() >= 1;
    }
    size_t begin = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    *out = std::string(text_.substr(begin, pos_ - begin));
    return out->size() >= 3;
  }

  bool Number(int max_digits, int* out) {
    int value = 0;
    int digits = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) && digits < max_digits) {
      value = value * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    *out = value;
    return digits > 0;
  }

  // [+-]hh[:mm[:ss]] as seconds, sign as written.
  bool SignedHms(int max_hour_digits, int32_t* seconds) {
    int sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    int hours = 0;
    int minutes = 0;
    int secs = 0;
    if (!Number(max_hour_digits, &hours)) return false;
    if (Consume(':')) {
      if (!Number(2, &minutes)) return false;
      if (Consume(':') && !Number(2, &secs)) return false;
    }
    *seconds = sign * (hours * 3600 + minutes * 60 + secs);
    return true;
  }

  bool Boundary(PosixTzRule::Boundary* out) {
    using Kind = PosixTzRule::Boundary::Kind;
    if (Consume('M')) {
      out->kind = Kind::kMonthWeekDay;
      if (!Number(2, &out->month) || !Consume('.') || !Number(1, &out->week) || !Consume('.') ||
          !Number(1, &out->weekday)) {
        return false;
      }
      if (out->month < 1 || out->month > 12 || out->week < 1 || out->week > 5 || out->weekday > 6) return false;
    } else if (Consume('J')) {
      out->kind = Kind::kJulianNoLeap;
      if (!Number(3, &out->day) || out->day < 1 || out->day > 365) return false;
    } else {
      out->kind = Kind::kZeroBasedDay;
      if (!Number(3, &out->day) || out->day > 365) return false;
    }
    out->time_seconds = 7200;
    // TZif v3 allows -167..167 hours here (RFC 8536 section 3.3.1).
    if (Consume('/') && !SignedHms(3, &out->time_seconds)) return false;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// The local day (days since epoch) on which a boundary falls in `year`.
int64_t BoundaryDay(const PosixTzRule::Boundary& boundary, int64_t year) {
  using Kind = PosixTzRule::Boundary::Kind;
  switch (boundary.kind) {
    case Kind::kJulianNoLeap: {
      int64_t day = DaysFromCivil(year, 1, 1) + boundary.day - 1;
      // Feb 29 is not counted, so days from March on shift by one in leap years.
      if (IsLeapYear(year) && boundary.day >= 60) ++day;
      return day;
    }
    case Kind::kZeroBasedDay: return DaysFromCivil(year, 1, 1) + boundary.day;
    case Kind::kMonthWeekDay: break;
  }
  int64_t first = DaysFromCivil(year, boundary.month, 1);
  int first_weekday = DayOfWeek(first) % 7;  // 0 = Sunday, as POSIX counts
  int64_t day = first + (boundary.weekday - first_weekday + 7) % 7 + int64_t{boundary.week - 1} * 7;
  int64_t last = first + DaysInMonth(year, boundary.month) - 1;
  while (day > last) day -= 7;
  return day;
}

}  // namespace

bool ParsePosixTz(std::string_view text, PosixTzRule* out) {
  RuleScanner scanner(text);
  PosixTzRule rule;
  int32_t west = 0;
  if (!scanner.Abbreviation(&rule.std_abbreviation) || !scanner.SignedHms(2, &west)) return false;
  rule.std_offset_seconds = -west;
  if (scanner.AtEnd()) {
    *out = rule;
    return true;
  }
  if (!scanner.Abbreviation(&rule.dst_abbreviation)) return false;
  rule.has_dst = true;
  rule.dst_offset_seconds = rule.std_offset_seconds + 3600;
  if (!scanner.Peek(',') && !scanner.AtEnd()) {
    if (!scanner.SignedHms(2, &west)) return false;
    rule.dst_offset_seconds = -west;
  }
  if (scanner.Consume(',')) {
    if (!scanner.Boundary(&rule.dst_start) || !scanner.Consume(',') || !scanner.Boundary(&rule.dst_end)) {
      return false;
    }
  } else {
    rule.dst_start = {PosixTzRule::Boundary::Kind::kMonthWeekDay, 3, 2, 0, 0, 7200};
    rule.dst_end = {PosixTzRule::Boundary::Kind::kMonthWeekDay, 11, 1, 0, 0, 7200};
  }
  if (!scanner.AtEnd()) return false;
  *out = rule;
  return true;
}

int32_t PosixTzRule::OffsetAt(int64_t utc_seconds) const {
  if (!has_dst) return std_offset_seconds;
  int64_t year = CivilFromDays(FloorDiv(utc_seconds + std_offset_seconds, 86400)).year;
  // The start is written in standard time, the end in daylight time.
  int64_t start = BoundaryDay(dst_start, year) * 86400 + dst_start.time_seconds - std_offset_seconds;
  int64_t end = BoundaryDay(dst_end, year) * 86400 + dst_end.time_seconds - dst_offset_seconds;
  bool in_dst = start < end ? (utc_seconds >= start && utc_seconds < end)   // northern hemisphere
                            : (utc_seconds < end || utc_seconds >= start);  // southern: spans new year
  return in_dst ? dst_offset_seconds : std_offset_seconds;
}

}  // namespace seg::rt
