// Conditions reduced once each to a small tree over interned leaves, for the lints that reason
// about what a condition admits (lints.cc): "does every customer that meets rule k also meet the
// earlier rule j?" (unreachable rules) and "can anything meet this at all?" (always false).
//
// The unreachable-rule lint asks the first question for pairs of rules, so each question must
// cost next to nothing: every leaf of a condition (a comparison, a call, a tag reference...) is
// printed once when the condition is added and stands for its text's id from then on, and a
// leaf `key op constant` keeps its key's id and the constant. A comparison of two conditions
// then compares integers, and two bit masks (ConditionTable::MayImply) rule out most pairs
// before any tree is walked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/sema/program.h"

namespace seg::sema {

class ConditionTable {
 public:
  using Ref = int32_t;  // a condition added to the table

  explicit ConditionTable(const Program& program) : program_(program) {}

  Ref Add(const TExpr& condition);

  // Does every customer that meets `a` also meet `b`? Sound but not complete: false when the
  // conditions do not show it. Comparisons `key op constant` on the same key are compared by
  // their bounds (`spend > 1000` implies `spend >= 500`); other leaves only when their text is
  // the same; `and` and `or` are looked through on either side.
  bool Implies(Ref a, Ref b) const;
  // The tree nodes Implies has visited so far, over all its calls: what a caller's budget counts
  // (two conditions of hundreds of `and`ed parts each cost a product of those).
  size_t steps() const { return steps_; }
  // False only where Implies(a, b) is false; costs two mask operations (see Node::present).
  bool MayImply(Ref a, Ref b) const { return (nodes_[b].required & ~nodes_[a].present) == 0; }
  // True when the condition's `and`ed comparisons bound one value into an empty range:
  // `age > 65 and age < 18`.
  bool Contradicts(Ref condition) const;

 private:
  // A condition `key op constant`, the constant on the right, on whole numbers with `>` and `<`
  // made `>=` and `<=` (x > 3 is x >= 4) so that thresholds compare directly.
  struct Atom {
    uint32_t key;  // the id of the key's text
    CompareOp op;
    double bound;
  };
  // A leaf's text and, for a comparison with a constant, its atom. Leaves that print the same
  // share one (the first one's atom): equal text means equal leaves to every question above.
  struct Leaf {
    bool is_leaf = false;  // false for an id that only ever named an atom's key
    std::optional<Atom> atom;
  };
  enum class Kind : uint8_t { kAnd, kOr, kLeaf };
  struct Node {
    Kind kind;
    bool is_true = false;       // the constant `true`, implied by everything
    Ref left = -1, right = -1;  // kAnd, kOr
    uint32_t leaf = 0;          // kLeaf: the id of its text, an index into leaves_
    // Bloom masks over text ids: `present` has a bit for every leaf's text and atom key under
    // the node, `required` the bits that any condition implying this one must have present
    // (an `and` needs all its sides', an `or` only what both sides need, `true` nothing).
    uint64_t present = 0, required = 0;
  };

  Ref AddNode(const TExpr& e);
  uint32_t Intern(std::string text);
  std::optional<Atom> AsAtom(const TExpr& e);
  bool LeafImplies(const Node& a, const Node& b) const;
  static uint64_t Bit(uint32_t id);

  const Program& program_;
  std::vector<Node> nodes_;
  std::vector<Leaf> leaves_;                       // by text id
  std::unordered_map<std::string, uint32_t> ids_;  // text -> id
  mutable size_t steps_ = 0;
};

}  // namespace seg::sema
