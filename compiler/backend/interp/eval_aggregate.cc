// Aggregates: for each customer of the batch, one pass over that customer's events (a
// contiguous, time-ordered range), keeping those inside the window and passing the filter.
#include <algorithm>

#include "compiler/backend/interp/engine.h"
#include "compiler/lang/aggregate_traits.h"
#include "runtime/kernels/event_stats.h"
#include "runtime/kernels/scalar_ops.h"
#include "runtime/kernels/streaks.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using lang::AggFold;
using lang::AggFunc;
using lang::TypeKind;
namespace ops = rt::ops;

void Engine::EvalAggregate(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  const NodeInfo& info = info_[id];
  const ir::Aggregate& agg = n.aggregate;
  const rt::EventData& events = data_.events[n.input];
  Buffer& out = b.values[id];
  size_t len = b.size();
  out.Resize(len, info.is_float);
  const size_t first_event = b.event_begin[n.input];
  View filter = agg.filter >= 0 ? ArgView(b, agg.filter, p_.nodes[agg.filter]) : View{};
  bool has_value = agg.value >= 0;
  const lang::Type value_type = has_value ? p_.nodes[agg.value].type : lang::Type::Error();
  View value = has_value ? ArgView(b, agg.value, p_.nodes[agg.value]) : View{};
  bool value_float = value_type.Is(TypeKind::kFloat);
  const TextDomain* domain = has_value && value_type.IsTextLike() ? info_[agg.value].domain.get() : nullptr;
  const int32_t lo = info.day_lo, hi = info.day_hi;
  // active_days and streaks: the calendar period they count (last_day below holds its index).
  const lang::AggTraits& traits = lang::Traits(agg.func);
  const rt::PeriodUnit period_unit = traits.period.value_or(rt::PeriodUnit::kDay);
  std::vector<int64_t> distinct;  // count_distinct and mode: the values kept
  std::vector<double> sample;     // median, percentile, stddev: the values kept, as numbers
  auto value_less = [&](int64_t a, int64_t b) {
    return domain != nullptr ? domain->At(a).compare(domain->At(b)) < 0 : a < b;
  };

  for (size_t c = 0; c < len; ++c) {
    size_t begin = events.offsets[b.begin + c], end = events.offsets[b.begin + c + 1];
    int64_t count = 0, sum_i = 0;
    double sum_f = 0;
    bool have = false, overflow = false;
    int64_t best_i = 0;
    double best_f = 0;
    bool best_valid = false;
    int32_t last_day = INT32_MIN, run = 0, longest = 0, days = 0;
    int64_t first_time = 0, last_time = 0;
    distinct.clear();
    sample.clear();
    for (size_t e = begin; e < end; ++e) {
      int32_t day = events.local_day[e];
      if (day > hi) break;  // time-ordered: nothing later can be inside the window
      if (day < lo) continue;
      size_t le = e - first_event;
      if (agg.filter >= 0 && !(filter.V(le) && filter.I(le))) continue;
      switch (traits.fold) {
        case AggFold::kCount: ++count; break;
        case AggFold::kSum:
          if (!value.V(le)) break;
          ++count;
          if (value_float) sum_f += value.F(le);
          else overflow |= ops::AddI(sum_i, value.I(le), &sum_i) != ops::Outcome::kOk;
          break;
        case AggFold::kExtreme: {
          if (!value.V(le)) break;
          bool take = !best_valid;
          if (!take) {
            int cmp;
            if (domain != nullptr) cmp = domain->At(value.I(le)).compare(domain->At(best_i));
            else if (value_float) cmp = value.F(le) < best_f ? -1 : value.F(le) > best_f ? 1 : 0;
            else cmp = value.I(le) < best_i ? -1 : value.I(le) > best_i ? 1 : 0;
            take = agg.func == AggFunc::kMin ? cmp < 0 : cmp > 0;
          }
          if (take) {
            best_valid = true;
            best_i = value_float ? 0 : value.I(le);
            best_f = value_float ? value.F(le) : 0;
          }
          break;
        }
        case AggFold::kPick:
          if (agg.func == AggFunc::kFirst && have) break;
          have = true;
          best_valid = value.V(le);
          best_i = value_float ? 0 : value.I(le);
          best_f = value_float ? value.F(le) : 0;
          break;
        case AggFold::kDistinct:
          if (value.V(le)) distinct.push_back(value_float ? static_cast<int64_t>(value.F(le)) : value.I(le));
          break;
        case AggFold::kSample:
          if (value.V(le)) sample.push_back(value_float ? value.F(le) : static_cast<double>(value.I(le)));
          break;
        case AggFold::kPeriods: {
          int32_t period = rt::PeriodIndex(period_unit, day);  // the day itself for days
          if (period == last_day) break;
          ++days;
          run = (last_day != INT32_MIN && period == last_day + 1) ? run + 1 : 1;
          longest = std::max(longest, run);
          last_day = period;
          break;
        }
        case AggFold::kGap: {
          int64_t t;
          if (has_value) {
            if (!value.V(le)) break;
            t = value_type.Is(TypeKind::kDate) ? value.I(le) * rt::kMicrosPerDay : value.I(le);
          } else {
            t = events.instant[e];
          }
          if (count == 0) first_time = t;
          last_time = t;
          ++count;
          break;
        }
      }
    }
    out.v[c] = 1;
    if (info.is_float) out.f[c] = 0;
    else out.i[c] = 0;
    switch (traits.fold) {
      case AggFold::kCount: out.i[c] = count; break;
      case AggFold::kSum:
        if (agg.func == AggFunc::kSum) {
          if (value_float) out.f[c] = sum_f;
          else out.i[c] = sum_i;
          break;
        }
        if (count == 0) {  // avg
          out.v[c] = 0;
          break;
        }
        if (value_float) out.f[c] = sum_f / static_cast<double>(count);
        else if (info.is_float) out.f[c] = static_cast<double>(sum_i) / static_cast<double>(count);
        else overflow |= ops::DivideI(sum_i, static_cast<double>(count), &out.i[c]) == ops::Outcome::kOverflow;
        break;
      case AggFold::kExtreme:
      case AggFold::kPick:
        out.v[c] = best_valid;
        if (info.is_float) out.f[c] = best_f;
        else out.i[c] = best_i;
        break;
      case AggFold::kDistinct: {
        if (agg.func == AggFunc::kCountDistinct) {
          std::sort(distinct.begin(), distinct.end());
          out.i[c] = std::unique(distinct.begin(), distinct.end()) - distinct.begin();
          break;
        }
        uint8_t status = rt::stats::kOk;  // mode
        out.i[c] = rt::stats::Mode(distinct, value_less, &status);
        out.v[c] = status == rt::stats::kOk;
        break;
      }
      case AggFold::kSample: {
        uint8_t status = rt::stats::kOk;
        double d = agg.func == AggFunc::kStdDev ? rt::stats::SampleStdDev(sample, &status)
                                                : rt::stats::Percentile(sample, agg.fraction, &status);
        if (status != rt::stats::kOk) {
          out.v[c] = 0;
          break;
        }
        if (info.is_float) out.f[c] = d;
        else overflow |= ops::RoundToI64(d, &out.i[c]) != ops::Outcome::kOk;
        break;
      }
      case AggFold::kPeriods:
        out.i[c] = agg.func == AggFunc::kActiveDays ? days
                   : traits.current_streak          ? rt::stats::CurrentStreak(period_unit, last_day, run, hi)
                                                    : longest;
        break;
      case AggFold::kGap:
        if (count < 2) {
          out.v[c] = 0;
          break;
        }
        overflow |= ops::DivideI(last_time - first_time, static_cast<double>(count - 1), &out.i[c]) ==
                    ops::Outcome::kOverflow;
        break;
    }
    if (overflow) {
      out.v[c] = 0;
      Fail(b, c, n, id, std::string("a total too large for a ") + lang::TypeName(n.type));
    }
  }
}

}  // namespace seg::interp
