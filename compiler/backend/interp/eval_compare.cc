// Comparisons and membership on a batch: compare, in (lists and tags), like, within, a
// classification's `in bucket` test and its bucket label. Comparisons with missing are false
// (docs/LANGUAGE.md).
#include <algorithm>

#include "compiler/backend/interp/engine.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

void Engine::EvalCompare(Batch& b, NodeId id) {
  auto [n, info, len, out] = OperandsOf(b, id);
  auto arg = [&](size_t k) { return ArgView(b, n.args[k], n); };
  switch (n.kind) {
    case NodeKind::kCompare: {
      View a = arg(0), c = arg(1);
      lang::CompareOp op = n.compare_op();
      const lang::Type& t = p_.nodes[n.args[0]].type;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!a.V(r) || !c.V(r)) {
          out.i[r] = 0;
          continue;
        }
        if (!info.table.empty()) {
          out.i[r] = info.table[a.I(r)];
          continue;
        }
        if (t.IsTextLike()) {
          out.i[r] = run_.TextPair(id, a.I(r), c.I(r));
          continue;
        }
        int cmp;
        if (t.Is(TypeKind::kFloat)) {
          cmp = a.F(r) < c.F(r) ? -1 : a.F(r) > c.F(r) ? 1 : 0;
        } else {
          cmp = a.I(r) < c.I(r) ? -1 : a.I(r) > c.I(r) ? 1 : 0;
        }
        out.i[r] = Decide(op, cmp);
      }
      return;
    }
    case NodeKind::kIn: {
      View needle = arg(0);
      const Node& hay = p_.nodes[n.args[1]];
      bool negated = n.negated();
      if (hay.type.Is(TypeKind::kTags)) {
        const rt::Column& tags = data_.customers.column(hay.symbol);
        const TextDomain& nd = *info_[n.args[0]].domain;
        for (size_t r = 0; r < len; ++r) {
          out.v[r] = 1;
          size_t row = b.begin + (n.level == ir::Level::kEvent ? b.event_customer[n.input][r] : r);
          if (!needle.V(r) || !tags.IsValid(row)) {
            out.i[r] = 0;
            continue;
          }
          int32_t code = tags.dictionary().Find(nd.At(needle.I(r)));
          bool found = false;
          for (int32_t t : tags.TagsAt(row)) found |= t == code;
          out.i[r] = found != negated;
        }
        return;
      }
      bool text = p_.nodes[n.args[0]].type.IsTextLike();
      bool text_grows = run_.grows_[n.args[0]];  // no table: each string is looked up (TextEntry)
      bool is_float = p_.nodes[n.args[0]].type.Is(TypeKind::kFloat);
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!needle.V(r)) {
          out.i[r] = 0;
          continue;
        }  // missing is in no list and outside none
        bool found;
        if (text) found = (text_grows ? run_.TextEntry(id, needle.I(r)) : info.table[needle.I(r)]) != 0;
        else if (is_float) found = std::binary_search(info.list_f.begin(), info.list_f.end(), needle.F(r));
        else found = std::binary_search(info.list_i.begin(), info.list_i.end(), needle.I(r));
        out.i[r] = found != negated;
      }
      return;
    }
    case NodeKind::kLike: {
      View text = arg(0), pattern = arg(1);
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!text.V(r) || !pattern.V(r)) {
          out.i[r] = 0;
          continue;
        }
        bool match = !info.table.empty() ? info.table[text.I(r)] != 0 : run_.TextPair(id, text.I(r), pattern.I(r));
        out.i[r] = match != n.negated();
      }
      return;
    }
    case NodeKind::kWithin: {
      View a = arg(0);
      const lang::Type& t = p_.nodes[n.args[0]].type;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!a.V(r)) {
          out.i[r] = 0;
          continue;
        }
        int32_t day = run_.LocalDayOf(t, a.I(r));
        out.i[r] = day >= info.day_lo && day <= info.day_hi;
      }
      return;
    }
    case NodeKind::kInBucket: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) {
        out.i[r] = a.V(r) && a.I(r) == n.bucket_index();
        out.v[r] = 1;
      }
      return;
    }
    case NodeKind::kBucketLabel: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) {
        out.i[r] = a.V(r) ? a.I(r) : 0;
        out.v[r] = a.V(r);
      }
      return;
    }
    default: return;
  }
}

}  // namespace seg::interp
