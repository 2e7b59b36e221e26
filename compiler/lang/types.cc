#include "compiler/lang/types.h"

namespace seg::lang {

Type Type::FromValueType(rt::ValueType v) {
  switch (v) {
    case rt::ValueType::kBool: return Of(TypeKind::kBool);
    case rt::ValueType::kInt: return Of(TypeKind::kInt);
    case rt::ValueType::kFloat: return Of(TypeKind::kFloat);
    case rt::ValueType::kMoney: return Of(TypeKind::kMoney);
    case rt::ValueType::kDate: return Of(TypeKind::kDate);
    case rt::ValueType::kTimestamp: return Of(TypeKind::kTimestamp);
    case rt::ValueType::kDuration: return Of(TypeKind::kDuration);
    case rt::ValueType::kText: return Of(TypeKind::kText);
    case rt::ValueType::kTags: return Of(TypeKind::kTags);
    case rt::ValueType::kId: return Of(TypeKind::kId);
  }
  return Error();
}

rt::ValueType Type::ToValueType() const {
  switch (kind) {
    case TypeKind::kBool: return rt::ValueType::kBool;
    case TypeKind::kInt: return rt::ValueType::kInt;
    case TypeKind::kFloat: return rt::ValueType::kFloat;
    case TypeKind::kMoney: return rt::ValueType::kMoney;
    case TypeKind::kDate: return rt::ValueType::kDate;
    case TypeKind::kTimestamp: return rt::ValueType::kTimestamp;
    case TypeKind::kDuration: return rt::ValueType::kDuration;
    case TypeKind::kText: return rt::ValueType::kText;
    case TypeKind::kTags: return rt::ValueType::kTags;
    case TypeKind::kId: return rt::ValueType::kId;
    default: return rt::ValueType::kBool;  // lists, event sets and errors never become columns
  }
}

std::string TypeName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kError: return "<error>";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kFloat: return "float";
    case TypeKind::kMoney: return "money";
    case TypeKind::kDate: return "date";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kText: return "text";
    case TypeKind::kTags: return "tags";
    case TypeKind::kId: return "id";
    case TypeKind::kList: return "list";
    case TypeKind::kEventSet: return "events";
  }
  return "?";
}

std::string TypeName(const Type& type) {
  if (type.kind == TypeKind::kList) return "list of " + TypeName(type.element);
  return TypeName(type.kind);
}

std::string ATypeName(const Type& type) {
  std::string name = TypeName(type);
  bool vowel = !name.empty() && std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + name;
}

}  // namespace seg::lang
