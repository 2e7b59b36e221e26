#include "compiler/cli/args.h"

namespace seg::cli {

bool Args::Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) positional_.push_back(argv[i]);
      break;
    }
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    std::optional<std::string> value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "h") name = "help";
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr && name != "help") {
      error_ = "unknown option '" + arg + "'";
      return false;
    }
    if (spec != nullptr && spec->takes_value) {
      if (!value) {
        if (i + 1 >= argc) {
          error_ = "option --" + name + " needs a value (" + spec->value_name + ")";
          return false;
        }
        value = argv[++i];
      }
      values_[name].push_back(*value);
    } else {
      if (value) {
        error_ = "option --" + name + " takes no value";
        return false;
      }
      values_[name].push_back("");
    }
  }
  return true;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string OptionsHelp(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const OptionSpec& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " " + s.value_name : "");
    if (left.size() < 30) left += std::string(30 - left.size(), ' ');
    else left += "\n" + std::string(30, ' ');
    out += left + s.help + "\n";
  }
  return out;
}

}  // namespace seg::cli
