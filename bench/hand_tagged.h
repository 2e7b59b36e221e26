// The classify benchmark's second yardstick: classify_bench.cc's kTaggedRules (20 rules, some
// matching text columns with `like`) and kTaggedTags (10 tags) written by hand in C++, twice:
// branch-free (the yardstick to match) and as the if/else chain a first draft would be.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/hand_classify.h"

// A text column as seg holds it: a code per customer into its dictionary, -1 where missing.
struct HandText {
  const int32_t* codes;
  std::vector<std::string> dictionary;
};

// The 20-rule program's columns, and three text columns.
struct HandTaggedColumns {
  HandColumns numbers;
  const HandText* city;
  const HandText* domain;  // the e-mail address's domain
  const HandText* channel;
};

inline constexpr int kHandTaggedElse = 20;  // "Others"
inline constexpr int kHandTags = 10;

// What the `like` tests of the program say about each dictionary entry, computed once per
// dictionary (a C++ programmer would not match the strings per customer): index code + 1, so a
// missing value (-1) reads slot 0, false.
struct HandTextFacts {
  std::vector<int32_t> corporate_domain, gmail, app_channel, web_channel, san_city, west_city;
};
HandTextFacts HandTextTables(const HandTaggedColumns& x);

// Writes the bucket (0..20) and the 10 tags (0/1, one array per tag) of customers [begin, end).
void HandTaggedBranchFree(const HandTaggedColumns& x, const HandTextFacts& t, size_t begin, size_t end, int32_t* bucket,
                          uint8_t* const* tags);
void HandTaggedBranchy(const HandTaggedColumns& x, const HandTextFacts& t, size_t begin, size_t end, int32_t* bucket,
                       uint8_t* const* tags);
