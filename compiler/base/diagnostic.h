// User mistakes as values: a Diagnostic has a stable code, a span, a message, notes and a hint.
// Passes report into a DiagnosticSink and carry on; nothing here throws.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source_file.h"

namespace seg {

enum class Severity : uint8_t { kError, kWarning, kNote };

enum class DiagCode : uint16_t {
#define SEG_DIAG(id, code, name, severity, summary) id,
#include "compiler/base/diagnostic_codes.def"
#undef SEG_DIAG
};

struct DiagInfo {
  std::string_view code;  // "E0200"
  std::string_view name;  // "type-mismatch"
  Severity severity;
  std::string_view summary;
};
const DiagInfo& InfoOf(DiagCode code);
const std::vector<DiagCode>& AllDiagCodes();
std::optional<DiagCode> WarningByName(std::string_view name);

struct DiagNote {
  SourceSpan span;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  SourceSpan span;
  std::string message;
  std::string label;  // short text printed beside the carets, may be empty
  std::vector<DiagNote> notes;
  std::string help;  // "did you mean ...", or how to fix it
};

// Collects diagnostics in report order. Warnings can be disabled or promoted by name; errors are
// capped per compilation so a badly broken file stays readable.
class DiagnosticSink {
 public:
  static constexpr size_t kMaxErrors = 50;

  // Returns the stored diagnostic so the caller can add notes and a hint, or a scratch one
  // when the diagnostic is suppressed.
  Diagnostic& Report(DiagCode code, SourceSpan span, std::string message);

  void DisableWarning(DiagCode code) { disabled_.insert(code); }
  // A pass may skip the work behind a warning nobody will see.
  bool IsDisabled(DiagCode code) const { return disabled_.count(code) > 0; }
  // Nothing located in `file` is reported from now on: an imported module whose needs the program
  // does not meet, where one error at the import says it all (compiler/sema/check_needs.cc).
  void MuteFile(uint32_t file) { muted_files_.insert(file); }
  void set_warnings_as_errors(bool on) { warnings_as_errors_ = on; }

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool HasErrors() const { return errors_ > 0; }
  // Past the cap every further error is refused (one kTooManyErrors says so): a pass may stop
  // walking the program then, and work spent on a refused diagnostic (a "did you mean" search
  // over every visible name) is wasted, which Kept tells before it is spent.
  bool capped() const { return capped_; }
  bool Kept(const Diagnostic& d) const { return &d != &scratch_; }
  size_t refused_errors() const { return refused_; }
  // Sorts by file and position so output is stable however the passes were ordered.
  void SortByLocation();

 private:
  std::vector<Diagnostic> diagnostics_;
  std::set<DiagCode> disabled_;
  std::set<uint32_t> muted_files_;
  Diagnostic scratch_;
  bool warnings_as_errors_ = false;
  bool capped_ = false;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  size_t refused_ = 0;
};

// "did you mean" support: the closest candidate by edit distance, if close enough to help.
std::optional<std::string> ClosestName(std::string_view wrong, const std::vector<std::string>& candidates);

// Sets d.help to "did you mean 'NAME'?" when a candidate is ClosestName's; false, help untouched,
// when none is close enough (the caller then gives its own hint).
bool SuggestClosestName(Diagnostic& d, std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace seg
