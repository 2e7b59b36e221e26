// Checks of the data left until the rows they cover are evaluated: a snapshot's value arrays are
// checked piece by piece on the thread about to evaluate them, while the pieces are still in its
// cache, instead of in a pass of their own before the run (docs/SNAPSHOT.md, Safety). Everything
// that guards a memory access (offsets, dictionaries, validity) is checked before the data is
// given; what is left here are values, each checked before any code reads it.
#pragma once
#include <cstddef>

#include "runtime/status.h"

namespace seg::rt {

class DeferredChecks {
 public:
  virtual ~DeferredChecks() = default;
  // Checks everything evaluating customers [begin, end) reads, on the calling thread (several
  // threads may call it at once, for different customers). Evaluate them only when it passes.
  virtual Status CheckCustomers(size_t begin, size_t end) = 0;
  // Checks whatever is still unchecked; a run may succeed only when it passes. After any failure
  // it gives the first damage in the file's order, so the message does not depend on threads.
  virtual Status CheckRest() = 0;
};

}  // namespace seg::rt
