// The std.* modules, embedded at build time from stdlib/*.seg.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace seg::stdlib {

struct Module {
  std::string_view name;  // "std.rfm"
  std::string_view text;
};

const std::vector<Module>& Modules();
std::optional<Module> Find(std::string_view name);

}  // namespace seg::stdlib
