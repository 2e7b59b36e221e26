// `seg sql` and `seg run --on` (cmd_sql.cc).
#pragma once
#include <vector>

#include "compiler/cli/args.h"
#include "compiler/cli/run_context.h"

namespace seg::cli {

int RunSql(const Args& args);

// `seg run --on URL`: lowers the program, runs it on the server, and fills `data` (the customers'
// keys) and `result` as a local run would. Prints what goes wrong; returns the exit status.
int ExecuteOnServer(const Args& args, const RunContext& context, const std::vector<ir::NodeId>& extra,
                    rt::Dataset* data, exec::RunResult* result);

}  // namespace seg::cli
