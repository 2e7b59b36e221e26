// The checker speaks the language's vocabulary (compiler/lang/types.h) under its own names.
#pragma once
#include "compiler/lang/types.h"

namespace seg::sema {

using lang::ATypeName;
using lang::Type;
using lang::TypeKind;
using lang::TypeName;

}  // namespace seg::sema
