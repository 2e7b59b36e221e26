#include "compiler/lang/window.h"

namespace seg::lang {

std::string WindowPhrase(WindowKind kind, int64_t count, int64_t count_to, WindowUnit unit_kind,
                         const std::string& from, const std::string& to) {
  static const char* const kUnits[] = {"days", "weeks", "months", "quarters", "years"};
  const char* unit = kUnits[static_cast<int>(unit_kind)];
  switch (kind) {
    case WindowKind::kRolling: return "last " + std::to_string(count) + " " + unit;
    case WindowKind::kPreviousPeriod: return std::string("previous ") + unit;
    case WindowKind::kCurrentPeriod: return std::string("current ") + unit;
    case WindowKind::kAgo: return std::to_string(count) + " to " + std::to_string(count_to) + " " + unit + " ago";
    case WindowKind::kBetween: return "between " + from + " and " + to;
  }
  return "?";
}

}  // namespace seg::lang
