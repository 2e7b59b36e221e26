// A constant of the language: a literal, a param's value, a folded expression. The checker makes
// them, the IR carries them, the engines read them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/lang/types.h"

namespace seg::lang {

// Integers, booleans, money (scaled by 10^4), dates (days), timestamps and durations
// (microseconds) live in `i`; floats in `f`; text and ids in `s`.
struct Value {
  Type type;
  bool missing = false;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<Value> items;  // lists
  // A float written as a decimal literal keeps its text: money made from it is read from the
  // text, exactly (922337203685477.5807 has no exact double), and checked against the money range.
  std::string decimal_text;

  static Value Missing(Type t) {
    Value v;
    v.type = t;
    v.missing = true;
    return v;
  }
  static Value Bool(bool b) {
    Value v;
    v.type = Type::Of(TypeKind::kBool);
    v.i = b;
    return v;
  }
  static Value Int(int64_t x) {
    Value v;
    v.type = Type::Of(TypeKind::kInt);
    v.i = x;
    return v;
  }
  static Value Float(double x) {
    Value v;
    v.type = Type::Of(TypeKind::kFloat);
    v.f = x;
    return v;
  }
  static Value Of(TypeKind k, int64_t x) {
    Value v;
    v.type = Type::Of(k);
    v.i = x;
    return v;
  }
  static Value Text(std::string x) {
    Value v;
    v.type = Type::Of(TypeKind::kText);
    v.s = std::move(x);
    return v;
  }
};
std::string FormatValue(const Value& value);  // canonical literal text, for dumps and messages

}  // namespace seg::lang
