// `seg check --dump=typed`: the checked program, every expression annotated with its type
// (`expr~type`). Deterministic: the golden tests compare it byte for byte.
#pragma once
#include <string>

#include "compiler/sema/program.h"

namespace seg::sema {

std::string DumpTyped(const Program& program);
// One expression in the same notation. `events` names the set that event columns belong to.
std::string PrintTExpr(const Program& program, const TExpr& expr, int32_t events = -1);
std::string PrintWindow(const Program& program, const WindowSpec& window);

}  // namespace seg::sema
