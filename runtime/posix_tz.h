#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

// A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3", the footer of a TZif v2+ file. It decides
// offsets after the file's last explicit transition, i.e. for the present and the future.
struct PosixTzRule {
  // One end of daylight time: a day of the year plus a local wall-clock time.
  struct Boundary {
    enum class Kind : uint8_t { kMonthWeekDay, kJulianNoLeap, kZeroBasedDay };
    Kind kind = Kind::kMonthWeekDay;
    int month = 0;                // kMonthWeekDay: 1..12
    int week = 0;                 // kMonthWeekDay: 1..5, 5 = last
    int weekday = 0;              // kMonthWeekDay: 0 = Sunday
    int day = 0;                  // kJulianNoLeap: 1..365 (Feb 29 never counted); kZeroBasedDay: 0..365
    int32_t time_seconds = 7200;  // local time of the switch; may be negative or exceed a day
  };

  std::string std_abbreviation;
  std::string dst_abbreviation;
  int32_t std_offset_seconds = 0;  // east of UTC (the POSIX text writes it west-positive)
  bool has_dst = false;
  int32_t dst_offset_seconds = 0;
  Boundary dst_start;
  Boundary dst_end;

  // The UTC offset in effect at an instant (seconds since the epoch).
  int32_t OffsetAt(int64_t utc_seconds) const;
};

// Parses "STDoffset[DST[offset][,start[/time],end[/time]]]"; names may be <quoted> ("<+03>-3").
// A DST part without rules uses the US rules (M3.2.0,M11.1.0), as POSIX implementations do.
bool ParsePosixTz(std::string_view text, PosixTzRule* out);

}  // namespace seg::rt
