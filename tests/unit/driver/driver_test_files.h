// What the driver tests share: a folder of files that is removed afterwards (the runtime tests'
// TempDir), and a program's output (CSV bytes, as `seg run` writes them) on loaded data.
#pragma once
#include <string>
#include <vector>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/write_results.h"
#include "tests/unit/runtime/test_files.h"

namespace seg::driver {

using rt::testing::TempDir;

// The interpreter's output as of 2025-06-30, the program's params at their defaults.
inline std::string Output(const ir::Program& program, const LoadedData& loaded, size_t threads) {
  std::vector<lang::Value> params;
  rt::Status bound = BindParams(program, {}, "2025-06-30", &params);
  EXPECT_TRUE(bound.ok()) << bound.message();
  exec::RunOptions options;
  options.threads = threads;
  exec::RunResult result = interp::Run(program, loaded.data, params, options);
  EXPECT_TRUE(result.ok()) << result.status.message();
  std::string bytes;
  WriteResults(program, loaded.data, result, {}, rt::ResultFormat::kCsv, [&](std::string_view b) {
    bytes += b;
    return true;
  });
  return bytes;
}

}  // namespace seg::driver
