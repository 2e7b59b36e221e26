// The types of the language. Value types mirror the runtime's column types; on top of them the
// checker knows lists (in `x in [...]`), sets of events (what aggregates range over) and a
// poison type that silences follow-on errors once one has been reported. Shared by the checker,
// the IR and the engines (compiler/lang holds what all of them speak; see value.h).
#pragma once
#include <cstdint>
#include <string>

#include "runtime/value_type.h"

namespace seg::lang {

enum class TypeKind : uint8_t {
  kError,  // poison: an error was reported already; every check accepts it quietly
  kBool,
  kInt,
  kFloat,
  kMoney,
  kDate,
  kTimestamp,
  kDuration,
  kText,
  kTags,
  kId,
  kList,      // a literal list; `element` says of what
  kEventSet,  // events of one input or derived event set; `events` says which
};

struct Type {
  TypeKind kind = TypeKind::kError;
  TypeKind element = TypeKind::kError;  // kList only
  int32_t events = -1;                  // kEventSet only: index of the event set

  static Type Error() { return {}; }
  static Type Of(TypeKind k) { return {k, TypeKind::kError, -1}; }
  static Type List(TypeKind e) { return {TypeKind::kList, e, -1}; }
  static Type Events(int32_t id) { return {TypeKind::kEventSet, TypeKind::kError, id}; }
  static Type FromValueType(rt::ValueType v);

  bool IsError() const { return kind == TypeKind::kError; }
  bool Is(TypeKind k) const { return kind == k; }
  bool IsNumeric() const { return kind == TypeKind::kInt || kind == TypeKind::kFloat || kind == TypeKind::kMoney; }
  bool IsTextLike() const { return kind == TypeKind::kText || kind == TypeKind::kId; }
  bool IsValue() const { return kind != TypeKind::kError && kind != TypeKind::kList && kind != TypeKind::kEventSet; }
  // The runtime column type of a value type (not for lists, event sets or errors).
  rt::ValueType ToValueType() const;
  bool operator==(const Type& o) const { return kind == o.kind && element == o.element && events == o.events; }
  bool operator!=(const Type& o) const { return !(*this == o); }
};

std::string TypeName(TypeKind kind);
std::string TypeName(const Type& type);
// The name with its article, for messages: "an int", "a money", "an id".
std::string ATypeName(const Type& type);  // "money", "list of text", "events of orders" needs names: see Checker

}  // namespace seg::lang
