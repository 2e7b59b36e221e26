// An audience: the customers in one bucket of a classification, or those with one tag, in one
// recorded run. What `seg changes` reports entering and leaving and what `seg run --audiences`
// writes one file for.
#pragma once
#include <string>
#include <vector>

#include "runtime/history/membership.h"

namespace seg::rt {

struct Audience {
  std::string classification;  // with bucket; empty for a tag
  std::string bucket;
  std::string tag;  // empty for a bucket
  bool is_tag() const { return classification.empty(); }
  bool operator==(const Audience&) const = default;
};

// Every bucket of every classification in declaration order, then every tag.
std::vector<Audience> AudiencesOf(const Membership& m);

// The keys of the audience's members in `m`, ascending; none when `m` has no such bucket or tag.
std::vector<std::string> MembersOf(const Membership& m, const Audience& audience);

}  // namespace seg::rt
