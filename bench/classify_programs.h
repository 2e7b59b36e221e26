// The programs bench/classify_bench runs, as .seg text over the customer table kInput declares:
// 20 rules (the yardstick's list), 100 generated rules, and the realistic tagged program.
#pragma once
#include <string>

#include "bench/hand_classify.h"

namespace seg::bench {

extern const char* kInput;

// The 20 rules, in priority order: name, condition. HandClassify20 (bench/hand_classify.cc) is the
// same list written as C++, and bench/peers/sql/classify_only.sql as CASE WHEN: change all three
// together.
extern const char* const kRules20[20][2];
constexpr int kElse20 = kHandElse;

std::string Program20();
// 100 rules of 1-3 comparisons over the same metrics, from a fixed seed.
std::string Program100();
// The realistic one: 20 rules in priority order of which three match text columns with `like`,
// and 10 tags (text `like`, text ==, `is missing`, plain comparisons). HandTaggedBranchFree and
// HandTaggedBranchy (bench/hand_tagged.cc) are the same program in C++: change them together.
std::string ProgramTagged();

}  // namespace seg::bench
