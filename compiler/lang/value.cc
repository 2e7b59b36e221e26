#include "compiler/lang/value.h"

#include <charconv>

#include "runtime/civil_time.h"
#include "runtime/money.h"

namespace seg::lang {

std::string FormatValue(const Value& v) {
  if (v.missing) return "missing";
  switch (v.type.kind) {
    case TypeKind::kBool: return v.i ? "true" : "false";
    case TypeKind::kInt: return std::to_string(v.i);
    case TypeKind::kFloat: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v.f);
      std::string s(buffer, end);
      if (s.find_first_of(".e") == std::string::npos && s.find("inf") == std::string::npos &&
          s.find("nan") == std::string::npos)
        s += ".0";
      return s;
    }
    case TypeKind::kMoney: return rt::FormatMoney(v.i);
    case TypeKind::kDate: return rt::FormatDate(static_cast<int32_t>(v.i));
    case TypeKind::kTimestamp: return rt::FormatTimestamp(v.i);
    case TypeKind::kDuration: {
      if (v.i % rt::kMicrosPerDay == 0) return std::to_string(v.i / rt::kMicrosPerDay) + " days";
      if (v.i % rt::kMicrosPerSecond == 0) return std::to_string(v.i / rt::kMicrosPerSecond) + " seconds";
      return std::to_string(v.i) + " microseconds";
    }
    case TypeKind::kText:
    case TypeKind::kId: {
      std::string out = "\"";
      for (char c : v.s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        if (c == '\t') {
          out += "\\t";
          continue;
        }
        out += c;
      }
      return out + "\"";
    }
    case TypeKind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + FormatValue(v.items[i]);
      return out + "]";
    }
    default: return "<error>";
  }
}

}  // namespace seg::lang
