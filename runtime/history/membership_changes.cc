#include "runtime/history/membership_changes.h"

#include <algorithm>
#include <iterator>

namespace seg::rt {

std::vector<AudienceChanges> ComputeChanges(const Membership* before, const Membership& after) {
  std::vector<Audience> audiences = AudiencesOf(after);
  if (before != nullptr) {
    for (const Audience& a : AudiencesOf(*before))
      if (std::find(audiences.begin(), audiences.end(), a) == audiences.end()) audiences.push_back(a);
  }
  std::vector<AudienceChanges> out;
  for (const Audience& audience : audiences) {
    std::vector<std::string> was = before ? MembersOf(*before, audience) : std::vector<std::string>();
    std::vector<std::string> is = MembersOf(after, audience);
    AudienceChanges changes{audience, {}, {}};
    std::set_difference(is.begin(), is.end(), was.begin(), was.end(), std::back_inserter(changes.entered));
    std::set_difference(was.begin(), was.end(), is.begin(), is.end(), std::back_inserter(changes.exited));
    out.push_back(std::move(changes));
  }
  return out;
}

}  // namespace seg::rt
