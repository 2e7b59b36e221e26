// The function registry (runtime/kernels/functions.h): the table is consistent (unique names,
// one address per JIT symbol, a kernel for every type the checker admits), and the kernels
// compute, report missing values and overflow the way docs/LANGUAGE.md says.
#include "runtime/kernels/functions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "runtime/civil_time.h"

namespace seg::rt::fn {
namespace {

// Calls `name`'s kernel for a first argument of `type` with machine-form arguments.
struct Call {
  Outcome status;
  int64_t i = 0;
  double f = 0;
};
Call Apply(std::string_view name, ValueType type, std::vector<int64_t> ints, std::vector<double> floats = {}) {
  const FunctionInfo* info = FindFunction(name);
  EXPECT_NE(info, nullptr) << name;
  ints.resize(4, 0);
  floats.resize(4, 0);
  Call out;
  out.status = CallKernel(KernelFor(info->id, type), ints.data(), floats.data(), &out.i, &out.f);
  return out;
}

TEST(FunctionRegistry, NamesAreUniqueAndEachSymbolHasOneAddress) {
  std::set<std::string_view> names;
  std::map<std::string, void*> address_of;
  for (const FunctionInfo& f : Functions()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_EQ(&InfoOf(f.id), &f) << f.name;
    ASSERT_FALSE(f.kernels.empty()) << f.name;
    for (const Kernel& k : f.kernels) {
      ASSERT_NE(k.address, nullptr) << k.symbol;
      auto [it, inserted] = address_of.emplace(k.symbol, k.address);
      EXPECT_EQ(it->second, k.address) << k.symbol << " names two functions";
    }
  }
  EXPECT_EQ(FindFunction("no_such_function"), nullptr);
}

TEST(FunctionRegistry, NumericFunctionsHaveAKernelForEveryNumericType) {
  for (const FunctionInfo& f : Functions()) {
    if (f.signature != Signature::kNumericSame && f.signature != Signature::kNumericCommon) continue;
    for (ValueType t : {ValueType::kInt, ValueType::kFloat, ValueType::kMoney, ValueType::kDuration}) {
      const Kernel& k = KernelFor(f.id, t);
      bool float_kernel = k.shape == Shape::kFloat || k.shape == Shape::kFloatFloat ||
                          k.shape == Shape::kFloatFloatFloat;
      EXPECT_EQ(float_kernel, t == ValueType::kFloat) << f.name << " for " << ValueTypeName(t);
    }
  }
}

TEST(FunctionKernels, RoundingFollowsTheTypesUnit) {
  // Money rounds to whole currency units (x 10^4), durations to whole days, halves away from 0.
  EXPECT_EQ(Apply("round", ValueType::kMoney, {12'5000}).i, 13'0000);
  EXPECT_EQ(Apply("round", ValueType::kMoney, {-12'5000}).i, -13'0000);
  EXPECT_EQ(Apply("floor", ValueType::kMoney, {-12'0001}).i, -13'0000);
  EXPECT_EQ(Apply("ceil", ValueType::kDuration, {kMicrosPerDay + 1}).i, 2 * kMicrosPerDay);
  EXPECT_EQ(Apply("round", ValueType::kInt, {7}).i, 7);
  EXPECT_DOUBLE_EQ(Apply("round", ValueType::kFloat, {}, {2.5}).f, 3.0);
}

TEST(FunctionKernels, OverflowAndMissingAreReportedNotComputed) {
  Call abs_min = Apply("abs", ValueType::kInt, {INT64_MIN});
  EXPECT_EQ(abs_min.status, kOverflow);
  EXPECT_NE(KernelFor(FunctionId::kAbs, ValueType::kInt).overflow, nullptr);
  EXPECT_EQ(Apply("round", ValueType::kMoney, {INT64_MAX}).status, kOverflow);
  EXPECT_EQ(Apply("ln", ValueType::kFloat, {}, {0.0}).status, kMissing);
  EXPECT_EQ(Apply("sqrt", ValueType::kFloat, {}, {-1.0}).status, kMissing);
  EXPECT_EQ(Apply("exp", ValueType::kFloat, {}, {1000.0}).status, kMissing);  // not finite
  EXPECT_EQ(Apply("pow", ValueType::kFloat, {}, {2.0, 10.0}).f, 1024.0);
  EXPECT_EQ(Apply("sqrt", ValueType::kFloat, {}, {9.0}).status, kOk);
}

TEST(FunctionKernels, TimeFunctionsTakeTheLocalDay) {
  const FunctionInfo& days_since = *FindFunction("days_since");
  EXPECT_EQ(days_since.form, ArgForm::kLocalDay);
  EXPECT_TRUE(days_since.takes_as_of);
  int64_t day = DaysFromCivil(2024, 2, 29);
  EXPECT_EQ(Apply("days_since", ValueType::kDate, {day, day + 10}).i, 10 * kMicrosPerDay);
  EXPECT_EQ(Apply("year", ValueType::kDate, {day}).i, 2024);
  EXPECT_EQ(Apply("month", ValueType::kDate, {day}).i, 2);
  EXPECT_EQ(Apply("day", ValueType::kDate, {day}).i, 29);
  EXPECT_EQ(Apply("weekday", ValueType::kDate, {day}).i, 4);  // a Thursday
}

TEST(FunctionKernels, LeastAndGreatestFoldPairwise) {
  EXPECT_TRUE(FindFunction("least")->fold_pairwise);
  EXPECT_EQ(Apply("least", ValueType::kMoney, {5, -3}).i, -3);
  EXPECT_EQ(Apply("greatest", ValueType::kInt, {5, -3}).i, 5);
  EXPECT_EQ(Apply("clamp", ValueType::kInt, {15, 0, 10}).i, 10);
}

TEST(FunctionKernels, TextKernelsWorkOnStrings) {
  auto text_text = [](std::string_view name) { return TextKernel<TextText>(FindFunction(name)->id); };
  EXPECT_TRUE(text_text("contains")("newsletter", "letter"));
  EXPECT_TRUE(text_text("starts_with")("newsletter", "news"));
  EXPECT_FALSE(text_text("ends_with")("new", "newsletter"));
  auto length = TextKernel<TextToInt>(FunctionId::kLength);
  EXPECT_EQ(length("Zürich"), 6);  // characters, not bytes
  auto upper = TextKernel<TextToText>(FunctionId::kUpper);
  EXPECT_EQ(upper("vip-1"), "VIP-1");
  EXPECT_TRUE(LikeMatch("gold member", "gold%"));
  EXPECT_TRUE(LikeMatch("abc", "a_c"));
  EXPECT_FALSE(LikeMatch("abc", "a_"));
  // A '%' in the text does not stop the pattern's '%' from being a wildcard, nor does it use the
  // wildcard up (found by running the differential programs on ClickHouse and on PostgreSQL:
  // "b%_" like "b%" was false in both engines).
  EXPECT_TRUE(LikeMatch("b%_", "b%"));
  EXPECT_TRUE(LikeMatch("50% off", "%%%"));
  EXPECT_TRUE(LikeMatch("50%", "%%"));
  EXPECT_TRUE(LikeMatch("a%b", "a%b"));
  EXPECT_TRUE(LikeMatch("a%xb", "a%b"));
  EXPECT_TRUE(LikeMatch("a%b%c", "a%c"));
  EXPECT_FALSE(LikeMatch("a%", "a%b"));
  EXPECT_FALSE(LikeMatch("b%_", "b%x"));
}

}  // namespace
}  // namespace seg::rt::fn
