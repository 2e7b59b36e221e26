// Name resolution and type checking: syntax trees in, a checked Program out. Every mistake is
// reported once, with a code, the whole span and a hint; an expression that fails to check gets
// the poison type so that nothing downstream complains about it again.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostic.h"
#include "compiler/sema/program.h"

namespace seg::sema {

struct ModuleInput {
  const ast::Module* module = nullptr;
  bool is_library = false;                  // a std.* module: no unused-let warnings for it
  std::vector<std::string> unparsed_names;  // declarations that did not parse: defined, unchecked
  // A std module: its name ("std.rfm") and the import that brought it in, where an unmet
  // `needs` of the module is reported.
  std::string library_name;
  SourceSpan imported_at;
};

// The unreachable-rule warning (W0002) compares each classification rule with at most this many
// rules just before it: with every earlier rule in a classification of up to this many rules and
// one, and in a larger one a note (N0001) says so. Comparing every pair would grow with the square
// of the rules (10,000 rules: 50 million pairs); this way it grows with the rules.
inline constexpr size_t kUnreachableRuleWindow = 1000;
// And the comparisons stop, with a note, once they have visited this many condition nodes in the
// program (ConditionTable::steps): about 0.15 s. Only rules of hundreds of `and`ed parts come near
// it (a pair costs the product of their parts); 10,000 rules of two parts each stay well below.
inline constexpr size_t kUnreachableRuleSteps = 50'000'000;

// Modules are checked as one program: library modules first, then the user's files.
// `output_lets` are lets the host prints (seg run --with): they count as used. A need that
// nothing meets stands in with each column of its first listed type, or of its
// `stand_in_type`-th (0 the first) where the column lists that many (`ts: timestamp or date`).
std::unique_ptr<Program> Check(const std::vector<ModuleInput>& modules, const SourceSet& sources, DiagnosticSink& sink,
                               const std::set<std::string>& output_lets = {}, size_t stand_in_type = 0);

}  // namespace seg::sema
