// Texts row by row, for every engine: tests of two computed texts, the strings of texts that grow
// during the run (growing_dictionary.h), what a lookup table would hold for such a text, the
// run's budget for them, and their columns as the result hands them back.
#include <algorithm>

#include "compiler/exec/run_state.h"
#include "compiler/lang/functions.h"
#include "runtime/kernels/functions.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;

bool RunState::TextPair(NodeId id, int64_t a, int64_t b) const {
  const Node& n = p_.nodes[id];
  return TextTest(n, info_[n.args[0]].domain->At(a), info_[n.args[1]].domain->At(b));
}

namespace {

// The codes a thread made last, by dictionary and argument codes: a join of two per-event
// columns repeats few pairs over millions of events, and a hit skips making the string and the
// dictionary's lock. Direct-mapped; a dictionary's id is never reused, so an entry of an earlier
// run cannot match.
struct RecentCodes {
  struct Entry {
    uint64_t dictionary = 0;
    int64_t x = 0, y = 0, code = 0;
  };
  static constexpr size_t kSlots = 4096;
  Entry entries[kSlots];
  Entry& Slot(uint64_t dictionary, int64_t x, int64_t y) {
    uint64_t h = dictionary * 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(x) * 0xbf58476d1ce4e5b9ULL ^
                 static_cast<uint64_t>(y) * 0x94d049bb133111ebULL;
    return entries[(h ^ (h >> 29)) % kSlots];
  }
};

}  // namespace

int64_t RunState::MakeText(NodeId id, int64_t x, int64_t y) {
  GrowingDictionary& out = *info_[id].domain->growing;
  thread_local RecentCodes recent;
  RecentCodes::Entry& slot = recent.Slot(out.id(), x, y);
  if (slot.dictionary == out.id() && slot.x == x && slot.y == y) return slot.code;
  int64_t code = MakeNewText(id, x, y);
  if (code >= 0 && !text_budget_->spent()) slot = {out.id(), x, y, code};
  return code;
}

int64_t RunState::MakeNewText(NodeId id, int64_t x, int64_t y) {
  const Node& n = p_.nodes[id];
  GrowingDictionary& out = *info_[id].domain->growing;
  auto arg = [&](size_t k, int64_t code) { return info_[n.args[k]].domain->At(code); };
  switch (n.kind) {
    case NodeKind::kIf: return out.Intern(arg(1 + static_cast<size_t>(y), x));
    case NodeKind::kDefault: return out.Intern(arg(static_cast<size_t>(y), x));
    default: break;
  }
  if (n.builtin() != lang::Builtin::kConcat)
    return out.Intern(rt::fn::TextKernel<rt::fn::TextToText>(n.builtin())(arg(0, x)));
  std::string_view a = arg(0, x), b = arg(1, y);
  if (a.size() + b.size() > kMaxJoinedText) return -1;
  return out.Intern(rt::fn::TextKernel<rt::fn::TextTextToText>(n.builtin())(a, b));
}

int64_t RunState::TableEntry(NodeId id, std::string_view s) const {
  const Node& n = p_.nodes[id];
  if (n.kind == NodeKind::kIn) {
    bool found = false;
    for (const lang::Value& item : p_.nodes[n.args[1]].constant.items) found |= item.s == s;
    return found;
  }
  if (n.kind == NodeKind::kCall && n.builtin() == lang::Builtin::kLength)
    return rt::fn::TextKernel<rt::fn::TextToInt>(lang::Builtin::kLength)(s);
  // compare, like, contains, starts_with, ends_with against a constant or param (HasTextTable)
  const Node& pattern = p_.nodes[n.args[1]];
  return TextTest(n, s, pattern.kind == NodeKind::kConst ? pattern.constant.s : params_[pattern.symbol].s);
}

int64_t RunState::TextEntry(NodeId id, int64_t code) const {
  return TableEntry(id, info_[p_.nodes[id].args[0]].domain->At(code));
}

rt::Status RunState::TextBudgetError(const std::vector<NodeId>& growing) const {
  size_t limit = text_budget_->limit();
  std::string amount = limit >= (size_t{1} << 20) && limit % (size_t{1} << 20) == 0
                           ? std::to_string(limit >> 20) + " MiB"
                           : std::to_string(limit) + " bytes";
  std::string where;
  for (NodeId id : growing) {
    const std::string& origin = info_[id].origin.empty() ? "the program" : info_[id].origin;
    if (where.find(origin) != std::string::npos) continue;
    where += (where.empty() ? "" : ", ") + origin;
  }
  return rt::Status::Error("the texts joined in " + where + " take more than " + amount +
                           " of memory: seg stops rather than exhaust the machine; join fewer or shorter texts");
}

void RunState::CheckTextBudget(int32_t stage) {
  if (!text_budget_->spent()) return;
  std::vector<NodeId> growing;
  for (NodeId id : stage_work_[static_cast<size_t>(stage)]) {
    if (grows_[id] && info_[id].domain->growing != nullptr) growing.push_back(id);
  }
  std::string message = TextBudgetError(growing).message();
  std::lock_guard<std::mutex> lock(error_mutex_);
  error_.customer = 0;
  error_node_ = -1;
  error_.message = std::move(message);
}

void RunState::CanonicalText(NodeId id, ResultColumn* column) const {
  const TextDomain& domain = *info_[id].domain;
  std::vector<int64_t> used;
  for (size_t r = 0; r < column->valid.size(); ++r) {
    if (column->valid[r]) used.push_back(column->ints[r]);
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::sort(used.begin(), used.end(), [&](int64_t a, int64_t b) { return domain.At(a) < domain.At(b); });
  std::vector<int64_t> renumbered(domain.size(), 0);
  column->text.clear();
  for (size_t k = 0; k < used.size(); ++k) {
    renumbered[static_cast<size_t>(used[k])] = static_cast<int64_t>(k);
    column->text.emplace_back(domain.At(used[k]));
  }
  for (size_t r = 0; r < column->valid.size(); ++r)
    column->ints[r] = column->valid[r] ? renumbered[column->ints[r]] : 0;
}

}  // namespace seg::exec
