// The calendar functions of a rule (quarter, add_months, months_between, years_between, age):
// registry kernels (functions.h) over runtime/civil_time.h, so the interpreter and the JIT call
// the same code. Days are local calendar days in the program's time zone; the engines convert a
// timestamp argument to its day before the call where the function takes days (ArgForm::kLocalDay).
#pragma once
#include <cstdint>

namespace seg::rt::fn {

// The quarter of a day: 1 (January-March) .. 4.
int64_t QuarterOf(int64_t day, uint8_t* st);
// add_months on a date: AddMonths with its end-of-month clamping. `zone` is unused (the
// timestamp kernel's third argument); a result beyond the dates seg holds is kOverflow.
int64_t AddMonthsToDate(int64_t day, int64_t months, int64_t zone, uint8_t* st);
// add_months on a timestamp: the local date moves as a date does, the local time of day stays,
// and the wall-clock reading is placed in the zone as a timestamp written without an offset is
// (TimeZone::LocalToUtc). `zone` is a const rt::TimeZone* the engine passes.
int64_t AddMonthsToInstant(int64_t utc_us, int64_t months, int64_t zone, uint8_t* st);
// Whole months / years from the first day to the second (WholeMonthsBetween: negative when the
// second is earlier, counting towards zero).
int64_t MonthsBetween(int64_t from_day, int64_t to_day, uint8_t* st);
int64_t YearsBetween(int64_t from_day, int64_t to_day, uint8_t* st);
// age(birth): whole years from the birth day to as_of, YearsBetween(birth, as_of).
int64_t AgeAt(int64_t birth_day, int64_t as_of, uint8_t* st);

}  // namespace seg::rt::fn
