#include "compiler/cli/args.h"

#include <CLI/CLI.hpp>
#include <algorithm>

namespace seg::cli {

namespace {

// The help layout seg has always printed: `  --name VALUE` padded to 30 columns, then the text.
// A CLI11 formatter, so that the text comes from the options CLI11 parses.
class HelpFormatter : public CLI::FormatterBase {
 public:
  HelpFormatter(std::string usage, std::string summary) : usage_(std::move(usage)), summary_(std::move(summary)) {}

  std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
    std::string out = "usage: " + usage_ + "\n\n" + summary_ + "\n\noptions:\n";
    for (const CLI::Option* option : app->get_options()) {
      if (option->get_positional() || option->get_name() == "--help") continue;
      std::string value = option->get_type_name();
      std::string left = "  " + option->get_name() + (value.empty() ? "" : " " + value);
      if (left.size() < 30) left += std::string(30 - left.size(), ' ');
      else left += "\n" + std::string(30, ' ');
      out += left + option->get_description() + "\n";
    }
    return out;
  }

 private:
  std::string usage_, summary_;
};

// One CLI11 application for a command's options. Every option may be repeated (the last value
// counts where one is expected); a flag given a value (`--quiet=1`) is a mistake, as is an
// option without its value.
struct Parser {
  CLI::App app;
  std::vector<std::pair<const OptionSpec*, CLI::Option*>> options;
  std::vector<std::string> positional;
  CLI::Option* help = nullptr;

  Parser(const std::vector<OptionSpec>& specs, const std::string& usage, const std::string& summary) {
    app.set_help_flag();  // replaced by a plain flag: help is printed by the command, not thrown
    app.formatter(std::make_shared<HelpFormatter>(usage, summary));
    app.allow_extras(false);
    app.positionals_at_end(false);
    help = app.add_flag("-h,--help");
    for (const OptionSpec& spec : specs) {
      CLI::Option* option = nullptr;
      if (spec.takes_value) {
        option = app.add_option("--" + spec.name, spec.help)
                     ->type_name(spec.value_name)
                     ->expected(1)
                     ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      } else {
        option = app.add_flag("--" + spec.name, spec.help)->disable_flag_override();
      }
      options.emplace_back(&spec, option);
    }
    app.add_option("arguments", positional)->expected(0, -1);
  }
};

// CLI11's messages, in seg's words where seg has always said it differently.
std::string Explain(const CLI::ParseError& e, const std::vector<OptionSpec>& specs) {
  std::string what = e.what();
  for (const char* extras :
       {"The following arguments were not expected: ", "The following argument was not expected: "}) {
    if (what.rfind(extras, 0) != 0) continue;
    std::string first = what.substr(std::string(extras).size());
    return "unknown option '" + first.substr(0, first.find(' ')) + "'";
  }
  for (const OptionSpec& spec : specs) {
    std::string name = "--" + spec.name;
    if (spec.takes_value && what.rfind(name + ":", 0) == 0)
      return "option " + name + " needs a value (" + spec.value_name + ")";
    if (!spec.takes_value && what.rfind(spec.name + " was given a disallowed flag override", 0) == 0) {
      return "option " + name + " takes no value";
    }
  }
  return what;
}

// CLI11 reads `--quiet=` (an empty value) as the bare flag; seg has always refused any value.
std::optional<std::string> FlagGivenValue(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs) {
  for (const std::string& word : words) {
    if (word == "--") break;
    for (const OptionSpec& spec : specs) {
      if (!spec.takes_value && word.rfind("--" + spec.name + "=", 0) == 0)
        return "option --" + spec.name + " takes no value";
    }
  }
  return std::nullopt;
}

// seg has always read `-format json` as `--format json`; CLI11 would read single letters.
void AcceptSingleDashNames(std::vector<std::string>& words, const std::vector<OptionSpec>& specs) {
  for (std::string& word : words) {
    if (word == "--") break;
    if (word.size() < 3 || word[0] != '-' || word[1] == '-') continue;
    std::string name = word.substr(1, word.find('=') == std::string::npos ? std::string::npos : word.find('=') - 1);
    bool known = name == "help";
    for (const OptionSpec& spec : specs) known |= spec.name == name;
    if (known) word.insert(0, "-");
  }
}

}  // namespace

bool Args::Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs) {
  Parser parser(specs, "", "");
  std::vector<std::string> words(argv + first, argv + argc);
  AcceptSingleDashNames(words, specs);
  if (std::optional<std::string> mistake = FlagGivenValue(words, specs)) {
    error_ = *mistake;
    return false;
  }
  std::reverse(words.begin(), words.end());  // CLI11 takes them last first
  try {
    parser.app.parse(words);
  } catch (const CLI::ParseError& e) {
    error_ = Explain(e, specs);
    return false;
  }
  if (parser.help->count() > 0) values_["help"].push_back("");
  for (const auto& [spec, option] : parser.options) {
    if (option->count() == 0) continue;
    std::vector<std::string>& values = values_[spec->name];
    if (spec->takes_value) values = option->results();
    else values.assign(option->count(), "");
  }
  positional_ = parser.positional;
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

std::string HelpText(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs) {
  Parser parser(specs, usage, summary);
  return parser.app.help();
}

}  // namespace seg::cli
