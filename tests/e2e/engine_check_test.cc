// The e2e runner's engine comparison cannot be fooled by a JIT that falls back to the
// interpreter: a stand-in for seg that runs every `--engine jit` on the interpreter, without a
// word, gives byte-identical output, and the comparison must still fail.
#include "engine_check.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

// A shell script in `dir` that runs the real seg with `jit` replaced by `interp` in its arguments.
fs::path SilentFallbackSeg(const fs::path& dir) {
  fs::path script = dir / "seg";
  WriteFile(script,
            "#!/bin/sh\n"
            "# seg whose JIT silently falls back to the interpreter\n"
            "for a do\n"
            "  shift\n"
            "  if [ \"$a\" = jit ]; then a=interp; fi\n"
            "  set -- \"$@\" \"$a\"\n"
            "done\n"
            "exec " +
                ShellQuote(SEG_BINARY) + " \"$@\"\n");
  ::chmod(script.c_str(), 0755);
  return script;
}

// A case that succeeds and evaluates its program (expected.csv).
fs::path SuccessfulCase() {
  for (const fs::path& dir : FindCases()) {
    if (fs::exists(dir / "expected.csv")) return dir;
  }
  return {};
}

TEST(EngineCheck, TheRealJitPassesTheComparison) {
  if (!BuiltWithJit()) GTEST_SKIP() << "seg was built without the JIT";
  fs::path dir = SuccessfulCase();
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(SameOnBothEngines(SEG_BINARY, dir));
}

TEST(EngineCheck, ASilentFallbackToTheInterpreterFailsTheComparison) {
  fs::path dir = SuccessfulCase();
  ASSERT_FALSE(dir.empty());
  TempDir tmp;
  fs::path fake = SilentFallbackSeg(tmp.path());
  // The stand-in's "JIT" writes exactly what the interpreter writes...
  std::string command = CaseCommand(dir) + " --no-cache --verbose --engine ";
  Result interp = RunProgram(fake, dir, command + "interp");
  Result jit = RunProgram(fake, dir, command + "jit");
  ASSERT_EQ(jit.status, 0) << jit.err;
  EXPECT_EQ(jit.out, interp.out);
  // ...and the comparison still fails, naming the engine that ran.
  ::testing::AssertionResult result = SameOnBothEngines(fake, dir);
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("asked for the JIT, but engine: interpreter"), std::string::npos)
      << result.message();
}

TEST(EngineCheck, EngineLinesAreReadFromEveryCommand) {
  EXPECT_EQ(EngineLines("seg run: engine: jit (compile 1.0 ms, cache miss)\nsegmented 3 customers\n"),
            std::vector<std::string>{"engine: jit (compile 1.0 ms, cache miss)"});
  EXPECT_EQ(EngineLines("seg test: engine: interpreter\nseg run: no such file\n"),
            std::vector<std::string>{"engine: interpreter"});
  EXPECT_TRUE(EngineLines("seg run: cannot read x.csv\n").empty());
  EXPECT_FALSE(RanCompiledCode("seg run: cannot read x.csv\n")) << "no evaluation is no proof";
  EXPECT_FALSE(
      RanCompiledCode("seg test: engine: jit (compile 1.0 ms, cache miss)\n"
                      "seg test: engine: interpreter (JIT unavailable: x)\n"));
  EXPECT_TRUE(RanCompiledCode("seg repl: engine: jit (compile 1.0 ms, cache hit)\n"));
}

// Timing lines are told by their mark alone; one without it is caught, not compared.
TEST(EngineCheck, TimingLinesWithoutTheMarkAreCaught) {
  EXPECT_EQ(UnmarkedTimingLine("seg run: wrote the output in 0.001 s, synced it in 0.002 s\n"),
            "seg run: wrote the output in 0.001 s, synced it in 0.002 s");
  EXPECT_EQ(UnmarkedTimingLine("seg report: times in ms, wall/CPU: parse 1.0/2.0\n"),
            "seg report: times in ms, wall/CPU: parse 1.0/2.0");
  EXPECT_EQ(UnmarkedTimingLine("seg run: engine: jit (compile 1.0 ms, cache miss)\n"
                               "seg run: time: stages in ms, wall/CPU: parse 1.0/2.0\n"
                               "seg run: time: wrote the output in 0.001 s, synced it in 0.002 s\n"
                               "seg run: orders.csv:3:5: 12 segments is not a money value\n"
                               "load took 0.02 s\n"),
            "");
}

}  // namespace
}  // namespace seg::e2e
