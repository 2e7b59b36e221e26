// The scalar functions a rule can call, as the checker sees them: the names, arities, docs and
// signatures are the runtime's function registry (runtime/kernels/functions.h), which the
// interpreter and the JIT call through too. Aggregates and population functions are not there:
// they are language constructs with their own specs; LanguageFunctions() names and describes them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compiler/lang/functions.h"

namespace seg::sema {

using lang::Builtin;
using lang::BuiltinInfo;
using lang::Signature;

inline const std::vector<BuiltinInfo>& Builtins() { return rt::fn::Functions(); }
inline const BuiltinInfo* FindBuiltin(std::string_view name) { return rt::fn::FindFunction(name); }
using lang::InfoOf;

// How a registry function is called, for people: "days_since(date | timestamp) -> duration".
std::string SignatureText(const BuiltinInfo& info);

// A function that is part of the language rather than the registry: an aggregate over events,
// a population function or a fitted model. `usage` and `doc` are one line each (docs/LANGUAGE.md
// has the full story); editors show them on hover and completion.
enum class LanguageFunctionKind : uint8_t { kAggregate, kPopulation, kModel };
struct LanguageFunction {
  std::string_view name;
  LanguageFunctionKind kind;
  std::string_view usage;
  std::string_view doc;
};
const std::vector<LanguageFunction>& LanguageFunctions();
const LanguageFunction* FindLanguageFunction(std::string_view name);

// Aggregates, population functions and the registry's functions, by name, for did-you-mean.
std::vector<std::string> AllFunctionNames();

}  // namespace seg::sema
