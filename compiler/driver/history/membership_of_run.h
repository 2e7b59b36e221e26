// A run's membership (runtime/history/membership.h) from the program and its result: what
// `seg run --history DIR` records and `--audiences DIR` writes out.
#pragma once
#include <string>

#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/history/membership.h"

namespace seg::driver {

// SHA-256 (hex) of the compiled program as `seg check --dump=ir` prints it: the same rules give
// the same hash whatever their comments or layout. The PostgreSQL history table's program_hash.
std::string ProgramHash(const ir::Program& program);

// Every customer's buckets and tags, sorted by key; the sizes counted. `as_of` is ISO, `program_path`
// the rule file as given; run_id and recorded_at are set when it is recorded.
rt::Membership MembershipOfRun(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                               const std::string& as_of, const std::string& program_path);

}  // namespace seg::driver
