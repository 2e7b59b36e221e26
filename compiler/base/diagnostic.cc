#include "compiler/base/diagnostic.h"

#include <algorithm>

namespace seg {

namespace {
const DiagInfo kInfos[] = {
#define SEG_DIAG(id, code, name, severity, summary) {code, name, Severity::k##severity, summary},
#include "compiler/base/diagnostic_codes.def"
#undef SEG_DIAG
};
}  // namespace

const DiagInfo& InfoOf(DiagCode code) { return kInfos[static_cast<size_t>(code)]; }

const std::vector<DiagCode>& AllDiagCodes() {
  static const std::vector<DiagCode> all = [] {
    std::vector<DiagCode> v;
    for (size_t i = 0; i < sizeof(kInfos) / sizeof(kInfos[0]); ++i) v.push_back(static_cast<DiagCode>(i));
    return v;
  }();
  return all;
}

std::optional<DiagCode> WarningByName(std::string_view name) {
  for (DiagCode code : AllDiagCodes()) {
    const DiagInfo& info = InfoOf(code);
    if (info.severity == Severity::kWarning && (info.name == name || info.code == name)) return code;
  }
  return std::nullopt;
}

Diagnostic& DiagnosticSink::Report(DiagCode code, SourceSpan span, std::string message) {
  Severity severity = InfoOf(code).severity;
  if (muted_files_.count(span.file)) {
    scratch_ = {};
    return scratch_;
  }
  if (severity == Severity::kWarning) {
    if (disabled_.count(code)) {
      scratch_ = {};
      return scratch_;
    }
    if (warnings_as_errors_) severity = Severity::kError;
  }
  if (severity == Severity::kError) {
    if (errors_ >= kMaxErrors) {
      if (!capped_) {
        capped_ = true;
        diagnostics_.push_back({DiagCode::kTooManyErrors,
                                Severity::kError,
                                span,
                                "too many errors; seg stopped reporting after " + std::to_string(kMaxErrors),
                                "",
                                {},
                                "fix the errors above and check again"});
      }
      ++refused_;
      scratch_ = {};
      return scratch_;
    }
    ++errors_;
  } else if (severity == Severity::kWarning) {
    ++warnings_;
  }
  diagnostics_.push_back({code, severity, span, std::move(message), "", {}, ""});
  return diagnostics_.back();
}

void DiagnosticSink::SortByLocation() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.code == DiagCode::kTooManyErrors || b.code == DiagCode::kTooManyErrors)
      return b.code == DiagCode::kTooManyErrors && a.code != DiagCode::kTooManyErrors;
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

namespace {
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
      // A swap of two neighbours counts as one edit: "sotre" for "store".
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev[j - 1]);  // approximation good enough for hints
      }
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::optional<std::string> ClosestName(std::string_view wrong, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    size_t d = EditDistance(wrong, candidate);
    if (!best || d < best_distance || (d == best_distance && candidate < *best)) {
      best = candidate;
      best_distance = d;
    }
  }
  // Close enough to be a typo: about a third of the name may differ.
  size_t limit = std::max<size_t>(1, (wrong.size() + 2) / 3);
  if (best && best_distance <= limit) return best;
  return std::nullopt;
}

bool SuggestClosestName(Diagnostic& d, std::string_view wrong, const std::vector<std::string>& candidates) {
  std::optional<std::string> close = ClosestName(wrong, candidates);
  if (close) d.help = "did you mean '" + *close + "'?";
  return close.has_value();
}

}  // namespace seg
