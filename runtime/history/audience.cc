#include "runtime/history/audience.h"

namespace seg::rt {

std::vector<Audience> AudiencesOf(const Membership& m) {
  std::vector<Audience> out;
  for (const MembershipClassification& c : m.classifications)
    for (const std::string& b : c.buckets) out.push_back({c.name, b, ""});
  for (const std::string& t : m.tags) out.push_back({"", "", t});
  return out;
}

std::vector<std::string> MembersOf(const Membership& m, const Audience& audience) {
  std::vector<std::string> keys;
  if (audience.is_tag()) {
    for (size_t t = 0; t < m.tags.size(); ++t) {
      if (m.tags[t] != audience.tag) continue;
      for (size_t i = 0; i < m.keys.size(); ++i)
        if (m.tagged[t][i]) keys.push_back(m.keys[i]);
    }
    return keys;
  }
  for (size_t c = 0; c < m.classifications.size(); ++c) {
    const MembershipClassification& cls = m.classifications[c];
    if (cls.name != audience.classification) continue;
    for (size_t b = 0; b < cls.buckets.size(); ++b) {
      if (cls.buckets[b] != audience.bucket) continue;
      for (size_t i = 0; i < m.keys.size(); ++i)
        if (m.buckets[c][i] == b + 1) keys.push_back(m.keys[i]);
    }
  }
  return keys;
}

}  // namespace seg::rt
