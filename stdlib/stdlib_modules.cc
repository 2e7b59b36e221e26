#include "stdlib/stdlib_modules.h"

namespace seg::stdlib {

const std::vector<Module>& Modules() {
  static const std::vector<Module> modules = {
#include "stdlib_modules.inc"
  };
  return modules;
}

std::optional<Module> Find(std::string_view name) {
  for (const Module& m : Modules()) {
    if (m.name == name) return m;
  }
  return std::nullopt;
}

}  // namespace seg::stdlib
