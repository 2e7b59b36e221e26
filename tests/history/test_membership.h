// A small membership for the unit tests: three customers, one classification, one tag.
#pragma once
#include "runtime/history/membership.h"

namespace seg::rt {

inline Membership SmallMembership() {
  Membership m;
  m.as_of = "2025-06-30";
  m.program_hash = std::string(64, 'a');
  m.program = "retail.seg";
  m.key_name = "id";
  m.classifications = {{"value", {"Top", "At risk", "Lost"}}};
  m.tags = {"vip"};
  m.keys = {"C2", "C1", "C10"};
  m.buckets = {{1, 0, 3}};
  m.tagged = {{1, 0, 1}};
  SortByKey(&m);
  CountMembers(&m);
  return m;
}

}  // namespace seg::rt
