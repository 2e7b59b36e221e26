// Calendar arithmetic as SQL (add_months and `x ± N months`, months_between, years_between, age),
// mirroring runtime/kernels/calendar.cc and runtime/civil_time.cc step by step in 64-bit integer
// arithmetic on day numbers, the same text for every dialect. Not the engines' own date types:
// PostgreSQL's interval months and ClickHouse's addMonths do clamp to the month's end, but their
// dates stop where seg's do not (PostgreSQL: 4713 BC..294276 AD through a timestamp; ClickHouse
// 18.16: 1970..2105), and seg places a timestamp's new wall-clock reading in the zone its own way
// (TimeZone::LocalToUtc: of a reading that happens twice the earlier instant, where PostgreSQL
// takes the later). Each intermediate is bound once (Dialect::Bind) so the text stays linear.
#include <functional>

#include "compiler/backend/sql/lowering.h"
#include "runtime/kernels/calendar.h"
#include "runtime/kernels/functions.h"

namespace seg::sql {

namespace {

constexpr int64_t kMicrosPerDay = 86400000000;
// As runtime/kernels/calendar.cc: more months than any date seg holds lies apart, and the last
// day whose local midnight a timestamp can hold.
constexpr int64_t kMonthLimit = int64_t{12} * 10'000'000;
constexpr int64_t kDayLimit = INT64_MAX / kMicrosPerDay - 2;

class CalendarSql {
 public:
  explicit CalendarSql(const Dialect& d) : d_(d) {}

  using Body = std::function<std::string(const std::string&)>;
  // body(name) with name bound to x.
  std::string Let(const std::string& x, const Body& body) {
    std::string name = "seg_cal" + std::to_string(next_++);
    return d_.Bind(name, x, body(name));
  }
  std::string I(int64_t v) const { return d_.Int(v); }
  std::string Div(const std::string& a, int64_t b) const { return d_.IntDiv(a, I(b)); }  // a >= 0
  std::string FloorDiv(const std::string& a, int64_t b) const { return d_.FloorDiv(a, I(b)); }

  // The civil date of day `day` (a bound name) as (month index year * 12 + month - 1, day of the
  // month), passed to `body`: CivilFromDays, the era-based civil formula.
  std::string Civil(const std::string& day,
                    const std::function<std::string(const std::string&, const std::string&)>& body) {
    return Let(FloorDiv("(" + day + " + " + I(719468) + ")", 146097), [&](const std::string& era) {
      return Let("(" + day + " + " + I(719468) + " - " + era + " * " + I(146097) + ")", [&](const std::string& doe) {
        std::string yoe_sum = "(" + doe + " - " + Div(doe, 1460) + " + " + Div(doe, 36524) + " - " + Div(doe, 146096) +
                              ")";
        return Let(Div(yoe_sum, 365), [&](const std::string& yoe) {
          std::string doy = "(" + doe + " - (" + I(365) + " * " + yoe + " + " + Div(yoe, 4) + " - " + Div(yoe, 100) +
                            "))";
          return Let(doy, [&](const std::string& doy_name) {
            return Let(Div("(" + I(5) + " * " + doy_name + " + " + I(2) + ")", 153), [&](const std::string& mp) {
              // mp counts months from March: the month index is the March-based year's * 12 + mp + 2.
              std::string month_index = "((" + yoe + " + " + era + " * " + I(400) + ") * " + I(12) + " + " + mp +
                                        " + " + I(2) + ")";
              std::string day_of_month = "(" + doy_name + " - " +
                                         Div("(" + I(153) + " * " + mp + " + " + I(2) + ")", 5) + " + " + I(1) + ")";
              return Let(month_index, [&](const std::string& mi) {
                return Let(day_of_month, [&](const std::string& dd) { return body(mi, dd); });
              });
            });
          });
        });
      });
    });
  }

  // The day number of the first day of month index `mi` (a bound name): DaysFromCivil.
  std::string FirstDay(const std::string& mi) {
    return Let(FloorDiv("(" + mi + " - " + I(2) + ")", 12), [&](const std::string& year) {  // March-based
      std::string mp = "(" + mi + " - " + I(2) + " - " + I(12) + " * " + year + ")";
      return Let(FloorDiv(year, 400), [&](const std::string& era) {
        return Let("(" + year + " - " + I(400) + " * " + era + ")", [&](const std::string& yoe) {
          std::string doy = Div("(" + I(153) + " * " + mp + " + " + I(2) + ")", 5);
          std::string doe = "(" + I(365) + " * " + yoe + " + " + Div(yoe, 4) + " - " + Div(yoe, 100) + " + " + doy +
                            ")";
          return "(" + era + " * " + I(146097) + " + " + doe + " - " + I(719468) + ")";
        });
      });
    });
  }

  // AddMonthsWide(day, months) of bound names, |months| < kMonthLimit: the day of the month
  // clamped to the target month's last.
  std::string AddMonths(const std::string& day, const std::string& months) {
    return Civil(day, [&](const std::string& mi, const std::string& dd) {
      return Let("(" + mi + " + " + months + ")", [&](const std::string& target) {
        return Let(FirstDay(target), [&](const std::string& start) {
          return Let("(" + target + " + " + I(1) + ")", [&](const std::string& next_month) {
            return Let(FirstDay(next_month), [&](const std::string& next) {
              return "(" + start + " + " + d_.LeastOf({dd, "(" + next + " - " + start + ")"}) + " - " + I(1) + ")";
            });
          });
        });
      });
    });
  }

  // WholeMonthsBetween(a, b) of bound day names: for b >= a the months from a's month to b's,
  // less one where a moved that many months (its day clamped to b's month) lands after b;
  // negated for b < a.
  std::string MonthsBetween(const std::string& a, const std::string& b) {
    return Let(d_.LeastOf({a, b}), [&](const std::string& lo) {
      return Let(d_.GreatestOf({a, b}), [&](const std::string& hi) {
        return Civil(hi, [&](const std::string& hi_mi, const std::string& /*hi_dd*/) {
          return Civil(lo, [&](const std::string& lo_mi, const std::string& /*lo_dd*/) {
            return Let("(" + hi_mi + " - " + lo_mi + ")", [&](const std::string& months) {
              return Let(AddMonths(lo, months), [&](const std::string& landing) {
                std::string whole = "(" + months + " - " + d_.IfElse(landing + " > " + hi, I(1), I(0)) + ")";
                return d_.IfElse(b + " < " + a, I(0) + " - " + whole, whole);
              });
            });
          });
        });
      });
    });
  }

  // add_months on a timestamp (AddMonthsToInstant): the local day moves as a date does, the
  // local time of day stays, and the reading is placed in the zone as TimeZone::LocalToUtc does:
  // of the offsets a day either side, the one that holds (both: the earlier instant; none, in a
  // gap: the offset before).
  std::string AddMonthsToInstant(const std::string& utc, const std::string& months, const std::string& zone) {
    auto offset = [&](const std::string& micros) { return d_.UtcOffsetMicros(micros, zone); };
    return Let("(" + utc + " + " + offset(utc) + ")", [&](const std::string& wall) {
      return Let(FloorDiv(wall, kMicrosPerDay), [&](const std::string& day) {
        return Let(AddMonths(day, months), [&](const std::string& new_day) {
          std::string too_far = "(" + new_day + " > " + I(kDayLimit) + " OR " + new_day + " < " + I(-kDayLimit) + ")";
          std::string new_wall = "(" + new_day + " * " + I(kMicrosPerDay) + " + (" + wall + " - " + day + " * " +
                                 I(kMicrosPerDay) + "))";
          return Let(d_.FailIf(too_far, new_wall, "seg: a result too large for a timestamp"),
                     [&](const std::string& w) {
                       return Let(offset("(" + w + " - " + I(kMicrosPerDay) + ")"), [&](const std::string& before) {
                         return Let(offset("(" + w + " + " + I(kMicrosPerDay) + ")"), [&](const std::string& after) {
                           std::string with_before = "(" + w + " - " + before + ")",
                                       with_after = "(" + w + " - " + after + ")";
                           std::string before_holds = "(" + offset(with_before) + " = " + before + ")";
                           std::string after_holds = "(" + offset(with_after) + " = " + after + ")";
                           // Three branches: a CASE, not Dialect::IfElse (one condition), so that
                           // PostgreSQL's text stays as it was.
                           return "CASE WHEN " + before_holds + " AND " + after_holds + " THEN " +
                                  d_.LeastOf({with_before, with_after}) + " WHEN " + after_holds + " THEN " +
                                  with_after + " ELSE " + with_before + " END";
                         });
                       });
                     });
        });
      });
    });
  }

 private:
  const Dialect& d_;
  int next_ = 0;
};

}  // namespace

std::optional<lang::Value> Lowering::EvalCalendar(ir::NodeId id, const std::vector<lang::Value>& args) const {
  const ir::Node& n = p_.nodes[id];
  if (n.kind != ir::NodeKind::kCall || n.builtin() != rt::fn::FunctionId::kAddMonths) return std::nullopt;
  lang::Value out = args[0];
  if (args[0].missing || args[1].missing) {
    out.missing = true;
    return out;
  }
  uint8_t status = rt::fn::kOk;
  out.i = n.type.Is(lang::TypeKind::kDate)
              ? rt::fn::AddMonthsToDate(args[0].i, args[1].i, 0, &status)
              : rt::fn::AddMonthsToInstant(args[0].i, args[1].i, reinterpret_cast<int64_t>(&zone_), &status);
  if (status != rt::fn::kOk) return std::nullopt;  // the statement computes it, and fails as seg does
  return out;
}

std::string Lowering::Calendar(ir::NodeId id, const std::vector<std::string>& args) {
  const ir::Node& n = p_.nodes[id];
  auto fid = n.builtin();
  CalendarSql c(d_);
  // The local day of argument k (ArgForm::kLocalDay: a timestamp's day in the program's zone).
  auto day_of = [&](size_t k) {
    return p_.nodes[n.args[k]].type.Is(lang::TypeKind::kDate) ? args[k] : d_.LocalDayOfMicros(args[k], p_.timezone);
  };
  switch (fid) {
    case rt::fn::FunctionId::kAddMonths:
      return c.Let(args[1], [&](const std::string& months) {
        // A count of months no date can be apart fails as seg's kernel does (kOverflow).
        std::string wild = "(" + months + " <= " + c.I(-kMonthLimit) + " OR " + months + " >= " + c.I(kMonthLimit) +
                           ")";
        bool is_date = n.type.Is(lang::TypeKind::kDate);
        std::string message = is_date ? "seg: a result too large for a date"
                                      : "seg: a result too large for a timestamp";
        // Where the count is wild, 0 months keeps every intermediate in range (ClickHouse
        // computes the whole expression on every row before throwIf fails it).
        return c.Let(d_.FailIf(wild, d_.IfElse(wild, c.I(0), months), message), [&](const std::string& m) {
          if (!is_date) return c.AddMonthsToInstant(args[0], m, p_.timezone);
          return c.Let(args[0], [&](const std::string& day) {
            return c.Let(c.AddMonths(day, m), [&](const std::string& out) {
              std::string outside = "(" + out + " < " + c.I(INT32_MIN) + " OR " + out + " > " + c.I(INT32_MAX) + ")";
              return d_.FailIf(outside, out, message);
            });
          });
        });
      });
    case rt::fn::FunctionId::kMonthsBetween:
    case rt::fn::FunctionId::kYearsBetween:
    case rt::fn::FunctionId::kAge: {
      std::string from = day_of(0);
      std::string to = fid == rt::fn::FunctionId::kAge ? d_.Int(as_of_) : day_of(1);
      std::string months = c.Let(from, [&](const std::string& a) {
        return c.Let(to, [&](const std::string& b) { return c.MonthsBetween(a, b); });
      });
      return fid == rt::fn::FunctionId::kMonthsBetween ? months : d_.IntDiv(months, d_.Int(12));  // towards zero
    }
    default: break;
  }
  throw Refused(id, "the function " + std::string(rt::fn::InfoOf(fid).name) + " as calendar arithmetic");
}

}  // namespace seg::sql
