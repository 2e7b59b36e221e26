// Who entered and who left each audience (bucket or tag) between two runs: a customer enters an
// audience when it is a member after and was not before (a customer new to the data included),
// and exits when it was a member before and is not after (a customer gone from the data
// included). A bucket or tag that only one run has is one that nobody is in in the other.
#pragma once
#include <string>
#include <vector>

#include "runtime/history/audience.h"
#include "runtime/history/membership.h"

namespace seg::rt {

struct AudienceChanges {
  Audience audience;
  std::vector<std::string> entered, exited;  // keys, ascending
};

// The audiences of `after` (declaration order), then those only `before` has. `before` may be
// null: nothing recorded yet, so every member enters.
std::vector<AudienceChanges> ComputeChanges(const Membership* before, const Membership& after);

}  // namespace seg::rt
