#include "compiler/lsp/resolve.h"

#include <functional>

namespace seg::lsp {

namespace {

// A typed node and the event set its bare column references belong to (-1: customer level).
struct TypedHit {
  const sema::TExpr* node = nullptr;
  int32_t event_set = -1;
};

// Depth-first over a typed tree; `visit` returns true to stop.
bool WalkTyped(const sema::TExprPtr& e, int32_t event_set,
               const std::function<bool(const sema::TExpr&, int32_t)>& visit) {
  if (!e) return false;
  if (visit(*e, event_set)) return true;
  for (const sema::TExprPtr& arg : e->args) {
    if (WalkTyped(arg, event_set, visit)) return true;
  }
  if (e->aggregate) {
    if (WalkTyped(e->aggregate->value, e->aggregate->events, visit)) return true;
    if (WalkTyped(e->aggregate->filter, e->aggregate->events, visit)) return true;
    if (e->aggregate->window) {
      if (WalkTyped(e->aggregate->window->from, -1, visit) || WalkTyped(e->aggregate->window->to, -1, visit))
        return true;
    }
  }
  if (e->window) {
    if (WalkTyped(e->window->from, -1, visit) || WalkTyped(e->window->to, -1, visit)) return true;
  }
  return false;
}

// Every typed tree of the program, with the event set it is evaluated per event of.
bool WalkProgram(const sema::Program& p, const std::function<bool(const sema::TExpr&, int32_t)>& visit) {
  for (const sema::LetSymbol& s : p.lets)
    if (WalkTyped(s.value, -1, visit)) return true;
  for (const sema::TagSymbol& s : p.tags)
    if (WalkTyped(s.condition, -1, visit)) return true;
  for (const sema::ScoreSymbol& s : p.scores)
    if (WalkTyped(s.value, -1, visit)) return true;
  for (const sema::ClassificationSymbol& c : p.classifications) {
    for (const sema::RuleSymbol& r : c.rules)
      if (WalkTyped(r.condition, -1, visit)) return true;
  }
  for (size_t k = 0; k < p.event_sets.size(); ++k) {
    int32_t set = static_cast<int32_t>(k);
    for (const sema::TExprPtr& f : p.event_sets[k].filters)
      if (WalkTyped(f, set, visit)) return true;
    for (const sema::ColumnSymbol& c : p.event_sets[k].columns)
      if (WalkTyped(c.definition, set, visit)) return true;
  }
  return false;
}

// The node spanning exactly `span`, below any conversion the checker wrapped around it.
TypedHit FindTyped(const sema::Program& program, const SourceSpan& span) {
  TypedHit hit;
  WalkProgram(program, [&](const sema::TExpr& e, int32_t event_set) {
    if (e.span.file != span.file || e.span.begin != span.begin || e.span.end != span.end) return false;
    hit = {&e, event_set};
    return e.kind != sema::TExprKind::kConvert;
  });
  return hit;
}

std::optional<Target> FromTyped(const sema::Program& program, const TypedHit& hit) {
  const sema::TExpr& e = *hit.node;
  switch (e.kind) {
    case sema::TExprKind::kParam: return ParamTarget(program, e.symbol);
    case sema::TExprKind::kLetRef: return LetTarget(program, e.symbol);
    case sema::TExprKind::kTagRef: return TagTarget(program, e.symbol);
    case sema::TExprKind::kScoreRef: return ScoreTarget(program, e.symbol);
    case sema::TExprKind::kClassLabel: return ClassificationTarget(program, e.symbol);
    case sema::TExprKind::kInBucket: return BucketTarget(program, e.symbol, e.label);
    case sema::TExprKind::kColumn: return CustomerColumnTarget(program, e.symbol);
    case sema::TExprKind::kEventColumn:
      if (e.type.kind == lang::TypeKind::kEventSet) return EventSetTarget(program, e.type.events);
      return EventColumnTarget(program, hit.event_set, e.symbol);
    default: return std::nullopt;
  }
}

std::optional<Target> Named(const std::vector<Target>& targets, const std::string& name) {
  for (const Target& t : targets) {
    if (t.name == name) return t;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Target> Resolve(const driver::Compilation& compilation, const Reference& reference) {
  if (reference.kind == Reference::Kind::kCallee) return FindFunction(reference.name);
  if (reference.kind == Reference::Kind::kImport) {
    Target t;
    t.kind = TargetKind::kModule;
    t.name = reference.name;
    return t;
  }
  const sema::Program* program = compilation.program.get();
  if (program == nullptr) return std::nullopt;
  if (reference.kind == Reference::Kind::kName || reference.kind == Reference::Kind::kMember) {
    TypedHit hit = FindTyped(*program, reference.expr_span);
    if (hit.node != nullptr) {
      if (std::optional<Target> t = FromTyped(*program, hit)) return t;
    }
  }
  switch (reference.kind) {
    case Reference::Kind::kMember:
    case Reference::Kind::kColumnDeclaration:
      if (auto t = Named(ColumnsOf(*program, reference.object), reference.name)) return t;
      return Named(BucketsOf(*program, reference.object), reference.name);
    default:
      if (auto t = FindNamed(*program, reference.name)) return t;
      return Named(CustomerColumns(*program), reference.name);
  }
}

std::optional<Target> TargetAt(const driver::Compilation& compilation, uint32_t offset) {
  if (!compilation.module) return std::nullopt;
  std::optional<Reference> reference = ReferenceAt(*compilation.module, offset);
  if (!reference) return std::nullopt;
  return Resolve(compilation, *reference);
}

}  // namespace seg::lsp
