// The JIT against the interpreter (the reference): every example and e2e case program, on their
// own data, must give byte-identical output (driver::WriteResults) and identical errors, with 1
// and 3 threads and cut as large programs are; the code caches return the same code; a failing
// compile falls back.
#include "compiler/backend/jit/jit.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/write_results.h"

namespace seg {
namespace {

namespace fs = std::filesystem;

// A program with its data and params, as `seg run` would get them from the command line.
struct Case {
  std::string name;
  fs::path program;
  fs::path dir;  // inputs are relative to it
  std::vector<driver::InputBinding> inputs;
  std::string as_of;
  std::vector<std::string> params;
  std::vector<std::string> with;
  char delimiter = ',';
  bool skip_bad_rows = false;
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  fs::path root = SEG_SOURCE_DIR;
  for (const char* name : {"retail", "lifecycle", "behaviour", "sequences"}) {
    Case c;
    c.name = std::string("example_") + name;
    c.program = root / "examples" / (std::string(name) + ".seg");
    c.dir = root / "examples" / "data";
    c.inputs = {{"customers", "customers.csv"}, {"orders", "orders.csv"}, {"visits", "visits.csv"}};
    c.as_of = "2025-06-30";
    cases.push_back(c);
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root / "tests/e2e/cases")) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    std::ifstream in(dir / "args");
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    Case c;
    c.name = dir.filename().string();
    c.program = dir / "program.seg";
    c.dir = dir;
    for (size_t k = 0; k + 1 < words.size(); ++k) {
      const std::string& flag = words[k];
      const std::string& value = words[k + 1];
      if (flag == "--input") {
        // NAME=PATH, as the CLI's --input takes it (compiler/cli/flag_hints.h).
        if (size_t eq = value.find('='); eq != std::string::npos && eq > 0) {
          c.inputs.push_back({value.substr(0, eq), value.substr(eq + 1)});
        }
      } else if (flag == "--as-of") {
        c.as_of = value;
      } else if (flag == "--param") {
        c.params.push_back(value);
      } else if (flag == "--with") {
        std::stringstream names(value);
        for (std::string n; std::getline(names, n, ',');) c.with.push_back(n);
      } else if (flag == "--delimiter") {
        c.delimiter = value[0] == '\'' ? value[1] : value[0];
      } else if (flag == "--on-bad-row") {
        c.skip_bad_rows = value == "skip";
      }
    }
    cases.push_back(c);
  }
  return cases;
}

struct Loaded {
  std::unique_ptr<driver::Compilation> compilation;
  driver::LoadedData data;
  std::vector<lang::Value> params;
  std::vector<driver::ExtraColumn> extra;
  exec::RunOptions options;
};

// Null when the case fails before running (a load or param error: no engine involved).
std::unique_ptr<Loaded> Load(const Case& c) {
  auto out = std::make_unique<Loaded>();
  out->compilation = driver::CompileFile(c.program.string(), driver::CompileOptions{});
  if (!out->compilation || !out->compilation->ok() || !out->compilation->ir) return nullptr;
  const ir::Program& program = *out->compilation->ir;
  std::vector<driver::InputBinding> inputs = c.inputs;
  for (driver::InputBinding& b : inputs) b.path = (c.dir / b.path).string();
  rt::LoadOptions load;
  load.delimiter = c.delimiter;
  if (c.skip_bad_rows) load.on_bad_row = rt::BadRowPolicy::kSkip;
  out->data = driver::LoadData(program, inputs, load, driver::ColumnsToLoad::kRead);  // as seg run loads
  if (!out->data.ok()) return nullptr;
  std::string error;
  if (!driver::BindParams(program, c.params, c.as_of, &out->params).ok()) return nullptr;
  for (const std::string& name : c.with) {
    for (const ir::Named& l : program.lets)
      if (l.name == name) out->extra.push_back({name, l.node});
    for (const ir::Named& s : program.scores)
      if (s.name == name) out->extra.push_back({name, s.node});
  }
  for (const driver::ExtraColumn& e : out->extra) out->options.keep.push_back(e.node);
  return out;
}

std::string Written(const Loaded& l, const exec::RunResult& r) {
  if (!r.ok()) return "error: " + r.status.message();
  std::string bytes;
  driver::WriteResults(*l.compilation->ir, l.data.data, r, l.extra, rt::ResultFormat::kCsv, [&](std::string_view b) {
    bytes += b;
    return true;
  });
  return bytes;
}

exec::RunResult RunJit(const Loaded& l, size_t threads, jit::JitStats* stats, jit::CodeCache* memory = nullptr,
                       const jit::CodegenLimits& limits = {}) {
  exec::RunOptions options = l.options;
  options.threads = threads;
  jit::JitOptions jit_options;
  jit_options.use_disk_cache = false;
  jit_options.memory_cache = memory;
  jit_options.limits = limits;
  return driver::RunJit(*l.compilation->ir, l.data.data, l.params, options, jit_options, stats);
}

class EngineAgreement : public ::testing::TestWithParam<Case> {};

TEST_P(EngineAgreement, JitWritesWhatTheInterpreterWrites) {
  std::unique_ptr<Loaded> l = Load(GetParam());
  if (!l) GTEST_SKIP() << "fails before running: no engine involved";
  const ir::Program& program = *l->compilation->ir;
  std::string reference = Written(*l, interp::Run(program, l->data.data, l->params, l->options));
  for (size_t threads : {1, 3}) {
    jit::JitStats stats;
    exec::RunResult result = RunJit(*l, threads, &stats);
    EXPECT_EQ(Written(*l, result), reference) << threads << " threads";
    EXPECT_EQ(stats.fallback_reason, "");  // the JIT covers every program
    EXPECT_TRUE(stats.compiled || reference.rfind("error: as_of", 0) == 0) << stats.fallback_reason;
  }
  // As a large program is compiled (jit/layout.h): every node a function of its own, values
  // spilled between them, failures reported once per customer, the short pipeline.
  jit::JitStats stats;
  exec::RunResult result = RunJit(*l, 3, &stats, nullptr, jit::CodegenLimits{1, 0, 0, 64});
  EXPECT_EQ(Written(*l, result), reference) << "one function per node";
  EXPECT_EQ(stats.fallback_reason, "");
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Programs, EngineAgreement, ::testing::ValuesIn(AllCases()), CaseName);

std::unique_ptr<Loaded> Behaviour() {
  for (const Case& c : AllCases())
    if (c.name == "example_behaviour") return Load(c);
  return nullptr;
}

TEST(JitCache, SecondRunReusesTheCodeWithoutCodegen) {
  std::unique_ptr<Loaded> l = Behaviour();
  ASSERT_TRUE(l);
  jit::CodeCache memory;
  jit::JitStats stats;
  std::string first = Written(*l, RunJit(*l, 1, &stats, &memory));
  ASSERT_TRUE(stats.compiled) << stats.fallback_reason;
  EXPECT_FALSE(stats.memory_hit);
  EXPECT_GT(stats.compile_ms, 0);
  std::string second = Written(*l, RunJit(*l, 2, &stats, &memory));
  EXPECT_TRUE(stats.memory_hit);
  EXPECT_EQ(second, first);
}

TEST(JitCache, ObjectFileOnDiskIsReused) {
  std::unique_ptr<Loaded> l = Behaviour();
  ASSERT_TRUE(l);
  fs::path dir = fs::temp_directory_path() / ("seg_jit_cache_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  jit::JitOptions options;
  options.cache_dir = dir.string();
  const ir::Program& program = *l->compilation->ir;
  jit::CodeCache first_memory;
  options.memory_cache = &first_memory;
  jit::JitStats stats;
  std::string first = Written(*l, driver::RunJit(program, l->data.data, l->params, l->options, options, &stats));
  EXPECT_FALSE(stats.disk_hit);
  EXPECT_FALSE(fs::is_empty(dir));
  jit::CodeCache second_memory;
  options.memory_cache = &second_memory;
  std::string second = Written(*l, driver::RunJit(program, l->data.data, l->params, l->options, options, &stats));
  EXPECT_TRUE(stats.disk_hit);
  EXPECT_TRUE(stats.compiled);
  EXPECT_EQ(stats.disk_note, "");
  EXPECT_EQ(second, first);
  fs::remove_all(dir);
}

std::unique_ptr<Loaded> Example(const std::string& name) {
  for (const Case& c : AllCases())
    if (c.name == "example_" + name) return Load(c);
  return nullptr;
}

// An entry torn by a crash or a copy, corrupted on disk, or another format's: never loaded; the
// program is compiled again, the run says so, and the entry is replaced by a good one.
TEST(JitCache, UnusableDiskEntryIsRecompiledReportedAndReplaced) {
  std::unique_ptr<Loaded> l = Behaviour();
  ASSERT_TRUE(l);
  fs::path dir = fs::temp_directory_path() / ("seg_jit_bad_entry_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  jit::JitOptions options;
  options.cache_dir = dir.string();
  const ir::Program& program = *l->compilation->ir;
  auto run = [&](jit::JitStats* stats) {
    jit::CodeCache memory;  // every run goes to the disk
    options.memory_cache = &memory;
    return Written(*l, driver::RunJit(program, l->data.data, l->params, l->options, options, stats));
  };
  jit::JitStats stats;
  std::string reference = run(&stats);
  ASSERT_TRUE(stats.compiled) << stats.fallback_reason;
  fs::path entry;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) entry = e.path();
  ASSERT_EQ(entry.extension(), ".segjit");
  std::string good;
  {
    std::ifstream in(entry, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string flipped = good;
  flipped[flipped.size() - 100] ^= 0x55;  // inside the object: only the checksum can tell
  const std::pair<std::string, std::string> damages[] = {
      {"", "is shorter than its header (torn)"},
      {good.substr(0, good.size() / 2), "has the wrong length (torn)"},
      {flipped, "fails its checksum (corrupt)"},
      {"\x7f"
       "ELF" +
           good.substr(4),
       "is not in this seg's format"},
  };
  for (const auto& [bytes, why] : damages) {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << bytes;
    std::string written = run(&stats);
    EXPECT_TRUE(stats.compiled) << why << ": " << stats.fallback_reason;
    EXPECT_FALSE(stats.disk_hit) << why;
    EXPECT_EQ(stats.disk_note, "disk cache entry " + entry.filename().string() + " " + why + "; compiled again");
    EXPECT_EQ(written, reference) << why;
    run(&stats);  // the entry was replaced: a clean hit
    EXPECT_TRUE(stats.disk_hit) << why;
    EXPECT_EQ(stats.disk_note, "") << why;
  }
  // What --verbose prints says so too.
  std::ofstream(entry, std::ios::binary | std::ios::trunc) << "torn";
  driver::ExecuteOptions execute;
  execute.engine = driver::EngineChoice::kJit;
  execute.cache_dir = dir.string();
  jit::CodeCache memory;
  execute.jit_memory_cache = &memory;
  driver::ExecuteReport report;
  driver::Execute(program, l->data.data, l->params, l->options, execute, &report);
  EXPECT_TRUE(report.used_jit);
  EXPECT_NE(report.Describe().find("cache miss, weight " + std::to_string(jit::ProgramWeight(program)) +
                                   "; disk cache entry " + entry.filename().string() +
                                   " is shorter than its header (torn); compiled again)"),
            std::string::npos)
      << report.Describe();
  fs::remove_all(dir);
}

// A REPL session compiles a new program at every edit: the memory cache keeps the most recently
// used ones only, and a program dropped from it while a run still holds it keeps working.
TEST(JitCache, MemoryCacheKeepsTheMostRecentlyUsedPrograms) {
  std::unique_ptr<Loaded> behaviour = Behaviour();
  std::unique_ptr<Loaded> retail = Example("retail");
  std::unique_ptr<Loaded> lifecycle = Example("lifecycle");
  ASSERT_TRUE(behaviour && retail && lifecycle);
  jit::CodeCache memory(2);
  jit::JitStats stats;
  std::string first = Written(*behaviour, RunJit(*behaviour, 1, &stats, &memory));
  RunJit(*retail, 1, &stats, &memory);
  RunJit(*behaviour, 1, &stats, &memory);  // behaviour is now the most recently used
  EXPECT_TRUE(stats.memory_hit);
  RunJit(*lifecycle, 1, &stats, &memory);  // drops retail
  EXPECT_EQ(memory.size(), 2u);
  RunJit(*behaviour, 1, &stats, &memory);
  EXPECT_TRUE(stats.memory_hit);
  RunJit(*retail, 1, &stats, &memory);
  EXPECT_FALSE(stats.memory_hit);  // compiled again
  EXPECT_TRUE(stats.compiled);
  EXPECT_EQ(memory.size(), 2u);
  // Programs dropped and compiled again many times (their machine code freed each time) still
  // give the same answers.
  jit::CodeCache one(1);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(Written(*behaviour, RunJit(*behaviour, 2, &stats, &one)), first) << k;
    EXPECT_FALSE(stats.memory_hit) << k;
    RunJit(*retail, 1, &stats, &one);
  }
}

// --verbose says which engine ran and why, every time: here auto found too little work.
TEST(EngineChoice, AutoSaysWhyItChoseTheInterpreter) {
  std::unique_ptr<Loaded> l = Behaviour();
  ASSERT_TRUE(l);
  driver::ExecuteOptions execute;
  execute.engine = driver::EngineChoice::kAuto;
  driver::ExecuteReport report;
  driver::Execute(*l->compilation->ir, l->data.data, l->params, l->options, execute, &report);
  EXPECT_FALSE(report.used_jit);
  std::string line = report.Describe();
  EXPECT_EQ(line.rfind("engine: interpreter (auto: 2000 customers x ", 0), 0u) << line;
  // The threshold grows with the program's weight: compiling a heavier program costs more.
  size_t weight = jit::ProgramWeight(*l->compilation->ir);
  EXPECT_NE(line.find(" nodes are below " + std::to_string(driver::AutoJitThreshold(weight)) +
                      ", where compiling would not pay (program weight " + std::to_string(weight) + "))"),
            std::string::npos)
      << line;
}

TEST(JitFallback, FailedCompileRunsTheInterpreterWithAWarning) {
  std::unique_ptr<Loaded> l = Behaviour();
  ASSERT_TRUE(l);
  const ir::Program& program = *l->compilation->ir;
  std::string reference = Written(*l, interp::Run(program, l->data.data, l->params, l->options));
  jit::CodeCache memory;  // the program may be compiled already in the process's cache
  driver::ExecuteOptions execute;
  execute.engine = driver::EngineChoice::kJit;
  execute.use_disk_cache = false;
  execute.jit_memory_cache = &memory;
  execute.fail_jit_compile_for_testing = true;
  driver::ExecuteReport report;
  ::testing::internal::CaptureStderr();
  exec::RunResult result = driver::Execute(program, l->data.data, l->params, l->options, execute, &report);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(Written(*l, result), reference);
  EXPECT_FALSE(report.used_jit);
  EXPECT_EQ(report.fallback_reason, "forced failure (test hook)");
  EXPECT_NE(err.find("seg: JIT unavailable (forced failure (test hook)); using the interpreter"), std::string::npos)
      << err;
}

TEST(JitErrors, OverflowIsReportedWithTheInterpretersMessage) {
  fs::path dir = fs::temp_directory_path() / ("seg_jit_overflow_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "p.seg") << "input customers key id { x: int }\n"
                                  "input orders of customers by customer at ts { amount: int }\n"
                                  "param as_of: date\n"
                                  "let total = sum(orders.amount)\n"
                                  "let scaled = x * 3\n"
                                  "tag big when total > 0 or scaled > 0\n";
  std::ofstream(dir / "customers.csv") << "id,x\na,1\nb,4000000000000000000\nc,3100000000000000000\n";
  std::ofstream(dir / "orders.csv") << "customer,ts,amount\na,2024-01-01,1\nc,2024-01-02,9223372036854775807\n"
                                       "c,2024-01-03,9\n";
  Case c;
  c.name = "overflow";
  c.program = dir / "p.seg";
  c.dir = dir;
  c.inputs = {{"customers", "customers.csv"}, {"orders", "orders.csv"}};
  c.as_of = "2024-06-30";
  std::unique_ptr<Loaded> l = Load(c);
  ASSERT_TRUE(l);
  const ir::Program& program = *l->compilation->ir;
  exec::RunResult reference = interp::Run(program, l->data.data, l->params, l->options);
  ASSERT_FALSE(reference.ok());
  EXPECT_NE(reference.status.message().find("for customer b"), std::string::npos) << reference.status.message();
  for (size_t threads : {1, 3}) {
    jit::JitStats stats;
    exec::RunResult result = RunJit(*l, threads, &stats);
    EXPECT_TRUE(stats.compiled) << stats.fallback_reason;
    EXPECT_EQ(result.status.message(), reference.status.message());
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace seg
