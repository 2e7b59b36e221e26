// The scalar functions a rule can call, as the checker sees them: the names, arities, docs and
// signatures are the runtime's function registry (runtime/kernels/functions.h), which the
// interpreter and the JIT call through too. Aggregates and population functions are not there:
// they are language constructs with their own specs.
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

// Aggregates, population functions and the registry's functions, by name, for did-you-mean.
std::vector<std::string> AllFunctionNames();

}  // namespace seg::sema
