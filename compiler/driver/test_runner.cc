#include "compiler/driver/test_runner.h"

#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/driver/load_data.h"
#include "compiler/ir/const_fold.h"
#include "runtime/customer_key.h"
#include "runtime/time_zone.h"

namespace seg::driver {

using sema::TExpr;
using sema::TExprKind;
using lang::TypeKind;
using lang::Value;

namespace {

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

void Append(rt::Column& column, const Value& v) {
  if (v.missing) { column.AppendNull(); return; }
  switch (column.type()) {
    case rt::ValueType::kBool: column.AppendBool(v.i != 0); break;
    case rt::ValueType::kFloat: column.AppendDouble(v.f); break;
    case rt::ValueType::kDate: column.AppendInt32(static_cast<int32_t>(v.i)); break;
    case rt::ValueType::kText: case rt::ValueType::kId: column.AppendText(v.s); break;
    case rt::ValueType::kTags:
      for (const Value& item : v.items) column.AddTag(item.s);
      column.FinishTags();
      break;
    default: column.AppendInt64(v.i); break;
  }
}

Value ActualValue(const exec::ResultColumn& column, size_t row) {
  Value v;
  v.type = column.type;
  v.missing = !column.valid[row];
  if (v.missing) return v;
  if (column.type.Is(TypeKind::kFloat)) v.f = column.floats[row];
  else if (column.type.IsTextLike()) v.s = column.text[static_cast<size_t>(column.ints[row])];
  else v.i = column.ints[row];
  return v;
}

std::string Shown(const Value& v) { return v.missing ? "missing" : lang::FormatValue(v); }

const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};

}  // namespace

std::vector<TestOutcome> RunTests(const sema::Program& program, const ir::Program& ir,
                                  const std::optional<Value>& as_of_fallback, size_t threads,
                                  const ExecuteOptions& execute) {
  std::vector<TestOutcome> outcomes;
  const rt::TimeZone& zone = program.zone;
  for (const sema::TestSymbol& test : program.tests) {
    TestOutcome outcome;
    outcome.title = test.title;
    outcome.span = test.span;
    outcome.expectations = test.expectations.size();
    auto fail = [&](SourceSpan span, std::string message) { outcome.failures.push_back({span, std::move(message)}); };

    // Params: defaults, then the test's `set`, then the command line's as_of for what is left.
    std::vector<Value> params(program.params.size());
    for (size_t i = 0; i < program.params.size(); ++i) {
      params[i] = program.params[i].default_value.value_or(Value::Missing(program.params[i].type));
    }
    // A value that cannot be computed is out of its type's range (the checker allows nothing else
    // here): a failure at the value, never a param left at its default or a column left missing.
    auto out_of_range = [&](const TExpr& value) {
      fail(value.span, "this value is beyond the range of " + lang::TypeName(value.type));
    };
    for (const auto& [index, value] : test.params) {
      std::optional<Value> v = EvalConstant(*value, params, zone);
      if (v) params[index] = *v;
      else out_of_range(*value);
    }
    if (params[program.as_of_param].missing && as_of_fallback) params[program.as_of_param] = *as_of_fallback;
    if (params[program.as_of_param].missing) {
      fail(test.span, "this test has no as_of: add `set as_of = 2024-06-30` to it (or run seg test --as-of DATE)");
      outcomes.push_back(std::move(outcome));
      continue;
    }
    bool params_ok = true;
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].missing && !program.params[i].default_value && static_cast<int32_t>(i) != program.as_of_param) {
        fail(test.span, "param " + program.params[i].name + " has no value: add `set " + program.params[i].name + " = ...`");
        params_ok = false;
      }
    }
    if (!params_ok) { outcomes.push_back(std::move(outcome)); continue; }

    // Given rows -> tables.
    std::vector<std::optional<rt::Table>> tables(program.inputs.size());
    for (const sema::GivenRow& row : test.rows) {
      const sema::InputSymbol& input = program.inputs[row.input];
      if (!tables[row.input]) {
        rt::Table table(input.name);
        for (const sema::ColumnSymbol& c : input.columns) table.AddColumn(c.name, c.type.ToValueType());
        tables[row.input] = std::move(table);
      }
      std::vector<std::optional<Value>> values(input.columns.size());
      for (const auto& [column, expr] : row.fields) {
        values[column] = EvalConstant(*expr, params, zone);
        if (!values[column]) out_of_range(*expr);
      }
      for (int64_t k = 0; k < row.repeat; ++k) {
        for (size_t c = 0; c < input.columns.size(); ++c) {
          Append(tables[row.input]->mutable_column(c), values[c].value_or(Value::Missing(input.columns[c].type)));
        }
      }
    }
    bool any = false;
    for (const auto& t : tables) any |= t.has_value();
    if (!any) {
      fail(test.span, "this test gives no rows");
      outcomes.push_back(std::move(outcome));
      continue;
    }
    LoadedData loaded = IndexTables(ir, std::move(tables), threads);
    if (!loaded.ok()) {
      fail(test.span, loaded.status.message());
      outcomes.push_back(std::move(outcome));
      continue;
    }
    exec::RunOptions options;
    options.threads = threads;
    for (const ir::Named& l : ir.lets) options.keep.push_back(l.node);
    ExecuteReport report;
    exec::RunResult result = Execute(ir, loaded.data, params, options, execute, &report);
    outcome.engine = report.Describe();
    if (!result.ok()) {
      fail(test.span, result.status.message());
      outcomes.push_back(std::move(outcome));
      continue;
    }
    const rt::Column& keys = loaded.data.customers.column(loaded.data.key_column);
    auto row_of = [&](const std::string& key) { return rt::FindCustomerRow(keys, key); };
    for (const sema::Expectation& e : test.expectations) {
      std::optional<size_t> row = row_of(e.customer);
      if (!row) {
        fail(e.span, "customer \"" + e.customer + "\" is not among this test's given rows");
        continue;
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
            fail(e.span, "expected \"" + e.customer + "\" " + (e.negated ? "not " : "") + "in " + ir.classifications[e.symbol].name +
                             ".\"" + e.bucket + "\", but it is in " + bucket_label(e.symbol));
          }
          break;
        }
        case ast::TestStmtKind::kExpectTagged: {
          const exec::ResultColumn& col = *result.nodes[ir.tags[e.symbol].node];
          bool tagged = col.valid[*row] && col.ints[*row] != 0;
          if (tagged == e.negated) {
            fail(e.span, "expected \"" + e.customer + "\" " + (e.negated ? "not " : "") + "tagged " + ir.tags[e.symbol].name +
                             (tagged ? ", but it is" : ", but it is not"));
          }
          break;
        }
        case ast::TestStmtKind::kExpectMissing:
        case ast::TestStmtKind::kExpectValue: {
          Value actual;
          std::string name;
          if (e.metric_kind == TExprKind::kClassLabel) {
            int32_t b = result.buckets[e.symbol][*row];
            actual = b < 0 ? Value::Missing(lang::Type::Of(TypeKind::kText)) : Value::Text(ir.classifications[e.symbol].buckets[b]);
            name = ir.classifications[e.symbol].name;
          } else {
            ir::NodeId node = e.metric_kind == TExprKind::kLetRef ? ir.lets[e.symbol].node
                              : e.metric_kind == TExprKind::kScoreRef ? ir.scores[e.symbol].node
                                                                      : ir.tags[e.symbol].node;
            name = e.metric_kind == TExprKind::kLetRef ? ir.lets[e.symbol].name
                   : e.metric_kind == TExprKind::kScoreRef ? ir.scores[e.symbol].name
                                                           : ir.tags[e.symbol].name;
            actual = ActualValue(*result.nodes[node], *row);
          }
          if (e.kind == ast::TestStmtKind::kExpectMissing) {
            if (actual.missing == e.negated)
              fail(e.span, "expected " + name + " of \"" + e.customer + "\" " + (e.negated ? "not " : "") + "to be missing, but it is " + Shown(actual));
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
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace seg::driver
