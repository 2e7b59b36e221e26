// A small command-line parser: `--name value`, `--name=value`, boolean `--flag`, repeated
// options and positional arguments. Hand-written so the CLI compiles in seconds.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace seg::cli {

struct OptionSpec {
  std::string name;         // without dashes: "format"
  bool takes_value = false;
  std::string value_name;   // for help: "FORMAT"
  std::string help;
};

class Args {
 public:
  // Parses argv[first..]; on a mistake returns false and sets error().
  bool Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  const std::string& error() const { return error_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

std::string OptionsHelp(const std::vector<OptionSpec>& specs);

}  // namespace seg::cli
