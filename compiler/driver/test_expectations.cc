// `seg test`'s expectations: each one checked against the test's run, with the expected and the
// actual value in the message; and the tests' constant expressions.
#include "compiler/driver/test_runner_internal.h"
#include "compiler/ir/const_fold.h"
#include "runtime/customer_key.h"

namespace seg::driver {

using lang::TypeKind;
using lang::Value;
using sema::TExpr;
using sema::TExprKind;

// Evaluates a test's constant expression (`as_of - 3 days`) with the test's params.
std::optional<Value> EvalConstant(const TExpr& e, const std::vector<Value>& params, const rt::TimeZone& zone) {
  if (e.kind == TExprKind::kConst) return e.constant;
  if (e.kind == TExprKind::kParam) return params[e.symbol];
  std::vector<Value> args;
  for (const sema::TExprPtr& a : e.args) {
    std::optional<Value> v = EvalConstant(*a, params, zone);
    if (!v) return std::nullopt;
    args.push_back(*v);
  }
  ir::Node node;
  node.type = e.type;
  switch (e.kind) {
    case TExprKind::kArith:
      node.kind = ir::NodeKind::kArith;
      node.set_arith_op(static_cast<lang::ArithOp>(e.op));
      break;
    case TExprKind::kNegate: node.kind = ir::NodeKind::kNegate; break;
    case TExprKind::kConvert:
      if (e.type.Is(TypeKind::kTimestamp) && args[0].type.Is(TypeKind::kDate)) {
        Value v = args[0];
        v.type = e.type;
        if (!v.missing) v.i = zone.StartOfLocalDay(static_cast<int32_t>(v.i));
        return v;
      }
      node.kind = ir::NodeKind::kConvert;
      break;
    default: return std::nullopt;
  }
  std::optional<Value> out = ir::EvalOperator(node, args);
  if (out) out->type = e.type;
  return out;
}

namespace {

Value ActualValue(const exec::ResultColumn& column, size_t row) {
  Value v;
  v.type = column.type;
  v.missing = !column.Valid(row);
  if (v.missing) return v;
  if (column.type.Is(TypeKind::kFloat)) v.f = column.floats[row];
  else if (column.type.IsTextLike()) v.s = column.text[static_cast<size_t>(column.Int(row))];
  else v.i = column.Int(row);
  return v;
}

std::string Shown(const Value& v) { return v.missing ? "missing" : lang::FormatValue(v); }

const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};

}  // namespace

void CheckExpectation(const sema::Expectation& e, const ir::Program& ir, const exec::RunResult& result,
                      const rt::Column& keys, const std::vector<Value>& params, const rt::TimeZone& zone,
                      TestOutcome& outcome) {
  auto fail = [&](SourceSpan span, std::string message) { outcome.failures.push_back({span, std::move(message)}); };
  auto row_of = [&](const std::string& key) { return rt::FindCustomerRow(keys, key); };
  std::optional<size_t> row = row_of(e.customer);
  if (!row) {
    fail(e.span, "customer \"" + e.customer + "\" is not among this test's given rows");
    return;
  }
  auto bucket_label = [&](int32_t cls) -> std::string {
    int32_t b = result.buckets[cls][*row];
    return b < 0 ? "no bucket" : "\"" + ir.classifications[cls].buckets[b] + "\"";
  };
  switch (e.kind) {
    case ast::TestStmtKind::kExpectInBucket: {
      int32_t b = result.buckets[e.symbol][*row];
      bool in = b >= 0 && ir.classifications[e.symbol].buckets[b] == e.bucket;
      if (in == e.negated) {
        fail(e.span, "expected \"" + e.customer + "\" " + (e.negated ? "not " : "") + "in " +
                         ir.classifications[e.symbol].name + ".\"" + e.bucket + "\", but it is in " +
                         bucket_label(e.symbol));
      }
      break;
    }
    case ast::TestStmtKind::kExpectTagged: {
      const exec::ResultColumn& col = *result.nodes[ir.tags[e.symbol].node];
      bool tagged = col.Holds(*row);
      if (tagged == e.negated) {
        fail(e.span, "expected \"" + e.customer + "\" " + (e.negated ? "not " : "") + "tagged " +
                         ir.tags[e.symbol].name + (tagged ? ", but it is" : ", but it is not"));
      }
      break;
    }
    case ast::TestStmtKind::kExpectMissing:
    case ast::TestStmtKind::kExpectValue: {
      Value actual;
      std::string name;
      if (e.metric_kind == TExprKind::kClassLabel) {
        int32_t b = result.buckets[e.symbol][*row];
        actual = b < 0 ? Value::Missing(lang::Type::Of(TypeKind::kText))
                       : Value::Text(ir.classifications[e.symbol].buckets[b]);
        name = ir.classifications[e.symbol].name;
      } else {
        ir::NodeId node = e.metric_kind == TExprKind::kLetRef     ? ir.lets[e.symbol].node
                          : e.metric_kind == TExprKind::kScoreRef ? ir.scores[e.symbol].node
                                                                  : ir.tags[e.symbol].node;
        name = e.metric_kind == TExprKind::kLetRef     ? ir.lets[e.symbol].name
               : e.metric_kind == TExprKind::kScoreRef ? ir.scores[e.symbol].name
                                                       : ir.tags[e.symbol].name;
        actual = ActualValue(*result.nodes[node], *row);
      }
      if (e.kind == ast::TestStmtKind::kExpectMissing) {
        if (actual.missing == e.negated)
          fail(e.span, "expected " + name + " of \"" + e.customer + "\" " + (e.negated ? "not " : "") +
                           "to be missing, but it is " + Shown(actual));
        break;
      }
      std::optional<Value> expected = EvalConstant(*e.expected, params, zone);
      ir::Node compare;
      compare.kind = ir::NodeKind::kCompare;
      compare.type = lang::Type::Of(TypeKind::kBool);
      compare.set_compare_op(e.compare);
      std::optional<Value> ok = expected ? ir::EvalOperator(compare, {actual, *expected}) : std::nullopt;
      if (!ok || ok->i == 0) {
        fail(e.span, "expected " + name + " of \"" + e.customer + "\" " + kOps[static_cast<int>(e.compare)] + " " +
                         (expected ? Shown(*expected) : "?") + ", but it is " + Shown(actual));
      }
      break;
    }
    default: break;
  }
}

}  // namespace seg::driver
