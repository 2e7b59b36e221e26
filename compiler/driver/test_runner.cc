// RunTests: each test's params and given rows, its run; its expectations are checked in
// test_expectations.cc.
#include "compiler/driver/test_runner.h"

#include "compiler/driver/load_data.h"
#include "compiler/driver/test_runner_internal.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "runtime/time_zone.h"

namespace seg::driver {

using lang::Value;
using sema::TExpr;

namespace {

void Append(rt::Column& column, const Value& v) {
  if (v.missing) {
    column.AppendNull();
    return;
  }
  switch (column.type()) {
    case rt::ValueType::kBool: column.AppendBool(v.i != 0); break;
    case rt::ValueType::kFloat: column.AppendDouble(v.f); break;
    case rt::ValueType::kDate: column.AppendInt32(static_cast<int32_t>(v.i)); break;
    case rt::ValueType::kText:
    case rt::ValueType::kId: column.AppendText(v.s); break;
    case rt::ValueType::kTags:
      for (const Value& item : v.items) column.AddTag(item.s);
      column.FinishTags();
      break;
    default: column.AppendInt64(v.i); break;
  }
}

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
        fail(test.span,
             "param " + program.params[i].name + " has no value: add `set " + program.params[i].name + " = ...`");
        params_ok = false;
      }
    }
    if (!params_ok) {
      outcomes.push_back(std::move(outcome));
      continue;
    }

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
    for (const sema::Expectation& e : test.expectations) CheckExpectation(e, ir, result, keys, params, zone, outcome);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace seg::driver
