// The things a name in a rule file can denote, as the editor shows them: each with its kind, its
// type and where it is defined. Built from the checked program (sema::Program) and the function
// registry; hover, completion and go to definition all describe names through these.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source_file.h"
#include "compiler/sema/program.h"

namespace seg::lsp {

enum class TargetKind {
  kInput,
  kEventSet,
  kColumn,
  kParam,
  kLet,
  kTag,
  kScore,
  kClassification,
  kBucket,
  kFunction,
  kModule
};

struct Target {
  TargetKind kind = TargetKind::kLet;
  std::string name;
  std::string type;       // the value's type ("money", "bool"); empty where it has none
  SourceSpan definition;  // Valid() is false for functions and modules
  std::string owner;      // a column's input or event set; a bucket's classification
  std::string signature;  // functions: how to call it
  std::string doc;        // functions: one line
};

// The keyword that declares it ("let", "segments") or what it is ("column", "function").
const char* KindWord(TargetKind kind);

// Every declared name of the program (inputs, event sets, params, lets, tags, scores,
// classifications), the std modules' included, in that order.
std::vector<Target> NamedTargets(const sema::Program& program);
std::optional<Target> FindNamed(const sema::Program& program, const std::string& name);
// The columns of the input or event set called `owner` (empty when there is none).
std::vector<Target> ColumnsOf(const sema::Program& program, const std::string& owner);
// The columns a bare name can mean at customer level: the customer input's.
std::vector<Target> CustomerColumns(const sema::Program& program);
// The bucket labels of the classification called `classification`.
std::vector<Target> BucketsOf(const sema::Program& program, const std::string& classification);

// Registry functions, aggregates, population functions and models.
std::vector<Target> FunctionTargets();
std::optional<Target> FindFunction(const std::string& name);

// The targets of the typed tree's reference kinds; null when the index is out of range.
std::optional<Target> ParamTarget(const sema::Program& program, int32_t index);
std::optional<Target> LetTarget(const sema::Program& program, int32_t index);
std::optional<Target> TagTarget(const sema::Program& program, int32_t index);
std::optional<Target> ScoreTarget(const sema::Program& program, int32_t index);
std::optional<Target> ClassificationTarget(const sema::Program& program, int32_t index);
std::optional<Target> EventSetTarget(const sema::Program& program, int32_t index);
std::optional<Target> BucketTarget(const sema::Program& program, int32_t classification, const std::string& label);
std::optional<Target> CustomerColumnTarget(const sema::Program& program, int32_t column);
std::optional<Target> EventColumnTarget(const sema::Program& program, int32_t event_set, int32_t column);

}  // namespace seg::lsp
