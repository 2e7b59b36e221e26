// Time windows, as aggregates (`in last 30 days`) and `within` write them.
#pragma once
#include <cstdint>
#include <string>

namespace seg::lang {

enum class WindowKind : uint8_t {
  kRolling,         // last 30 days
  kPreviousPeriod,  // last month: the previous whole calendar period
  kCurrentPeriod,   // this month: the current calendar period up to as_of
  kAgo,             // 180 to 90 days ago
  kBetween,         // between 2024-01-01 and 2024-03-31 (both days included)
};

enum class WindowUnit : uint8_t { kDay, kWeek, kMonth, kQuarter, kYear };

// A window in words, given how its `between` bounds print: "last 30 days", "180 to 90 days ago".
std::string WindowPhrase(WindowKind kind, int64_t count, int64_t count_to, WindowUnit unit, const std::string& from,
                         const std::string& to);

}  // namespace seg::lang
