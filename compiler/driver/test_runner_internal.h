// Internal to `seg test` (test_runner.cc, test_expectations.cc).
#pragma once
#include <optional>
#include <vector>

#include "compiler/driver/test_runner.h"
#include "compiler/exec/result.h"
#include "runtime/column.h"
#include "runtime/time_zone.h"

namespace seg::driver {

// Evaluates a test's constant expression (`as_of - 3 days`) with the test's params.
std::optional<lang::Value> EvalConstant(const sema::TExpr& e, const std::vector<lang::Value>& params,
                                        const rt::TimeZone& zone);

// Checks expectation `e` of a test against its run's `result`, adding a failure to `outcome`
// when it does not hold.
void CheckExpectation(const sema::Expectation& e, const ir::Program& ir, const exec::RunResult& result,
                      const rt::Column& keys, const std::vector<lang::Value>& params, const rt::TimeZone& zone,
                      TestOutcome& outcome);

}  // namespace seg::driver
