// Sequences of events in the language: `count(cart_adds then not paid within 3 days)`,
// `sequence(views then paid within 7 days)`, `time_to(views then paid)`. What each measure means
// is the runtime kernel's (runtime/kernels/sequence.h), which both engines call.
#pragma once
#include <optional>
#include <string_view>

#include "runtime/kernels/sequence.h"

namespace seg::lang {

using SequenceMeasure = rt::seq::Measure;

// The function a rule calls for a measure: "sequence", "count", "time_to".
inline const char* SequenceFunctionName(SequenceMeasure m) {
  switch (m) {
    case SequenceMeasure::kHappened: return "sequence";
    case SequenceMeasure::kCount: return "count";
    case SequenceMeasure::kTimeTo: return "time_to";
  }
  return "sequence";
}

// The measure a call of `name` asks for when its argument is a sequence; nullopt for a function
// that takes no sequence.
inline std::optional<SequenceMeasure> FindSequenceMeasure(std::string_view name) {
  if (name == "sequence") return SequenceMeasure::kHappened;
  if (name == "count") return SequenceMeasure::kCount;
  if (name == "time_to") return SequenceMeasure::kTimeTo;
  return std::nullopt;
}

}  // namespace seg::lang
