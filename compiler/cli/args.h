// The command line of one `seg` command, parsed by CLI11 from the command's option table
// (OptionSpec, declared in commands.cc): `--name value`, `--name=value`, boolean `--flag`,
// repeated options, positional arguments, `--` ending the options, `-h`/`--help`. The help text
// is made from the same table (HelpText), so what is parsed and what is documented never differ.
// CLI11 is included in args.cc alone: it is a large header library (TOOLCHAIN.md section 5).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace seg::cli {

struct OptionSpec {
  std::string name;  // without dashes: "format"
  bool takes_value = false;
  std::string value_name;  // for help: "FORMAT"
  std::string help;
};

class Args {
 public:
  // Parses argv[first..]; on a mistake returns false and sets error().
  bool Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;  // the last value given
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  const std::string& error() const { return error_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;  // "help" present after -h/--help
  std::vector<std::string> positional_;
  std::string error_;
};

// `seg COMMAND --help`: usage, summary, then one line per option.
std::string HelpText(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs);

}  // namespace seg::cli
