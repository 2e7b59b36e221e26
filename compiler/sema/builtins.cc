#include "compiler/sema/builtins.h"

namespace seg::sema {

std::vector<std::string> AllFunctionNames() {
  std::vector<std::string> names = {"count", "sum", "avg", "min", "max", "first", "last", "count_distinct",
                                    "active_days", "streak_days", "current_streak_days", "avg_gap",
                                    "quantile_bin", "quintile", "quartile", "decile", "ntile", "percent_rank", "cumulative_share"};
  for (const BuiltinInfo& info : Builtins()) names.emplace_back(info.name);
  return names;
}

}  // namespace seg::sema
