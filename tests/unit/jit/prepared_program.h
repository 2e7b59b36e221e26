// What the JIT's tests over examples/data share: a program text compiled and its data loaded as
// `seg run` loads them, run on an engine, and its outputs as the CSV `seg run` writes.
#pragma once
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/write_results.h"

namespace seg::jit_testing {

namespace fs = std::filesystem;

inline const fs::path kData = fs::path(SEG_SOURCE_DIR) / "examples" / "data";

// The `customers` and `orders` inputs as examples/retail.seg declares them (examples/data has them).
inline std::string Inputs() {
  std::ifstream in(fs::path(SEG_SOURCE_DIR) / "examples" / "retail.seg");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string out;
  for (const char* name : {"input customers ", "input orders "}) {
    size_t begin = text.find(name);
    out += text.substr(begin, text.find("\n}\n", begin) + 3 - begin);
  }
  return out;
}

struct Prepared {
  std::unique_ptr<driver::Compilation> compilation;
  driver::LoadedData data;
  std::vector<lang::Value> params;
};

inline std::unique_ptr<Prepared> Prepare(const std::string& text) {
  auto run = std::make_unique<Prepared>();
  run->compilation = driver::CompileText("program.seg", text, driver::CompileOptions{});
  if (!run->compilation->ok() || !run->compilation->ir) return nullptr;
  const ir::Program& program = *run->compilation->ir;
  run->data = driver::LoadData(program,
                               {{"customers", (kData / "customers.csv").string()},
                                {"orders", (kData / "orders.csv").string()}},
                               rt::LoadOptions{}, driver::ColumnsToLoad::kRead);
  if (!run->data.ok()) return nullptr;
  if (!driver::BindParams(program, {}, "2025-06-30", &run->params).ok()) return nullptr;
  return run;
}

inline std::string Written(const Prepared& run, const exec::RunResult& result) {
  if (!result.ok()) return "error: " + result.status.message();
  std::string bytes;
  driver::WriteResults(*run.compilation->ir, run.data.data, result, {}, rt::ResultFormat::kCsv,
                       [&](std::string_view b) {
                         bytes += b;
                         return true;
                       });
  return bytes;
}

inline std::string RunWith(const Prepared& run, driver::ExecuteOptions execute, driver::ExecuteReport* report) {
  execute.use_disk_cache = false;
  execute.warn = false;
  exec::RunOptions options;
  options.threads = 2;
  return Written(run, driver::Execute(*run.compilation->ir, run.data.data, run.params, options, execute, report));
}

}  // namespace seg::jit_testing
