// The ORC v2 side of the JIT, as LLVM's ORC examples arrange it: one LLJIT for the process, its
// main JITDylib holding the runtime helpers and the function registry's kernels by name (and
// libm through the process's symbols); each compiled program in a JITDylib of its own (so every
// program can name its stage functions seg_stage_<k>) under a ResourceTracker, both removed when
// the last holder of the program (a CodeCache, a run) lets go of it.
// The new pass manager at O2 for the host CPU; code is looked up in the caller's CodeCache, then
// on disk (disk_cache.h), keyed by a SHA-256 of (printed IR, persisted nodes, codegen version,
// target, seg build).
#include "compiler/backend/jit/jit_engine.h"

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>

#include "compiler/backend/jit/build_id.h"
#include "compiler/backend/jit/codegen.h"
#include "compiler/backend/jit/disk_cache.h"
#include "compiler/backend/jit/perf_map.h"
#include "compiler/exec/result.h"
#include "runtime/kernels/functions.h"

namespace seg::jit {

namespace {

// Bump when generated code changes meaning without the seg build changing (it always does today:
// the build ID is in the key too).
constexpr const char*
    kCodegenVersion = "seg-jit-9";  // 9: fast event loops; 8: float results frozen; 7: bools as bytes to the scratch

// Sets LLVM's own option `name` (as `llc -name=value` would), when this LLVM has it.
void SetLlvmFlag(const char* name, const char* value = "true") {
  llvm::StringMap<llvm::cl::Option*>& options = llvm::cl::getRegisteredOptions();
  auto it = options.find(name);
  if (it != options.end()) it->second->addOccurrence(0, name, value);
}

// The x86 back end's domain reassignment (general registers to AVX-512 mask registers) takes
// time quadratic in a function's web of boolean values: 2 of the 2.4 s of compiling 400 chained
// lets. It saves a few register moves; compile time linear in the program matters more.
// The x86 cmov converter turns a select whose condition hangs on a load inside a loop back into
// a branch: the fast event loops' binary search for a window's first event (a branch-free lower
// bound by design, codegen_event_ranges.cc) became a branch mispredicted about every other step,
// a quarter of job.seg's compiled code time. Generated code chooses selects on purpose.
void TurnOffQuadraticPasses() {
  SetLlvmFlag("disable-x86-domain-reassignment");
  SetLlvmFlag("x86-cmov-converter", "false");
}

// The process's LLJIT. Made on first use and never destroyed: compiled code held by a cache or a
// run at exit must not outlive it.
class ProcessJit {
 public:
  // The LLJIT, or null with `error` when LLVM cannot make one for this host.
  static ProcessJit* Get(std::string* error) {
    static ProcessJit* jit = new ProcessJit();
    if (!jit->error_.empty()) {
      *error = jit->error_;
      return nullptr;
    }
    return jit;
  }

  llvm::orc::LLJIT& lljit() { return *lljit_; }
  const std::string& target_key() const { return target_key_; }
  llvm::orc::JITTargetMachineBuilder& machine() { return *jtmb_; }

  // A new JITDylib for one program, whose link order reaches the helpers.
  llvm::Expected<llvm::orc::JITDylib&> NewDylib() {
    auto jd = lljit_->createJITDylib("seg.program." + std::to_string(dylibs_++));
    if (jd) jd->addToLinkOrder(lljit_->getMainJITDylib());
    return jd;
  }
  // Frees a program's machine code, then its JITDylib.
  void Release(llvm::orc::JITDylib& jd, const llvm::orc::ResourceTrackerSP& tracker) {
    llvm::Error removed = tracker->remove();
    if (!removed) removed = lljit_->getExecutionSession().removeJITDylib(jd);
    llvm::consumeError(std::move(removed));  // at worst the code stays mapped: memory, not correctness
  }

 private:
  ProcessJit() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    TurnOffQuadraticPasses();
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb) {
      error_ = llvm::toString(jtmb.takeError());
      return;
    }
    jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
    jtmb_ = std::move(*jtmb);
    target_key_ = jtmb_->getTargetTriple().str() + "\n" + jtmb_->getCPU() + "\n" + jtmb_->getFeatures().getString();
    llvm::orc::LLJITBuilder builder;
    builder.setJITTargetMachineBuilder(*jtmb_);
    auto made = builder.create();
    if (!made) {
      error_ = llvm::toString(made.takeError());
      return;
    }
    lljit_ = std::move(*made);
    llvm::orc::LLJIT& j = *lljit_;
    // Helpers by name, and the function registry's kernels: compiled code calls the
    // interpreter's very functions.
    llvm::orc::SymbolMap symbols;
    size_t helper_count = 0;
    const HelperSymbol* helpers = HelperSymbols(&helper_count);
    for (size_t k = 0; k < helper_count; ++k) {
      symbols[j.mangleAndIntern(helpers[k].name)] = {llvm::orc::ExecutorAddr::fromPtr(helpers[k].address),
                                                     llvm::JITSymbolFlags::Exported};
    }
    for (const rt::fn::FunctionInfo& fn : rt::fn::Functions()) {
      for (const rt::fn::Kernel& k : fn.kernels) {
        symbols[j.mangleAndIntern(k.symbol)] = {llvm::orc::ExecutorAddr::fromPtr(k.address),
                                                llvm::JITSymbolFlags::Exported};
      }
    }
    if (llvm::Error defined = j.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
      error_ = llvm::toString(std::move(defined));
      return;
    }
    // libm (exp, pow, log) from this process.
    auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(j.getDataLayout().getGlobalPrefix());
    if (!process) {
      error_ = llvm::toString(process.takeError());
      return;
    }
    j.getMainJITDylib().addGenerator(std::move(*process));
  }

  std::optional<llvm::orc::JITTargetMachineBuilder> jtmb_;
  std::unique_ptr<llvm::orc::LLJIT> lljit_;
  std::string target_key_;
  std::string error_;
  std::atomic<uint64_t> dylibs_{0};
};

// One program's code: its JITDylib and the tracker of what was loaded into it.
class LlvmCode : public CompiledCode {
 public:
  LlvmCode(ProcessJit& jit, llvm::orc::JITDylib& jd) : jit_(jit), jd_(jd), tracker_(jd.createResourceTracker()) {}
  ~LlvmCode() override { jit_.Release(jd_, tracker_); }
  llvm::orc::JITDylib& jd() { return jd_; }
  const llvm::orc::ResourceTrackerSP& tracker() const { return tracker_; }

 private:
  ProcessJit& jit_;
  llvm::orc::JITDylib& jd_;
  llvm::orc::ResourceTrackerSP tracker_;
};

// O2 for a program of ordinary size; for a large one (layout.h's kFullOptWeight), the few passes
// that pay most for generated code, all linear: CSE, CFG cleanup and one round of instcombine.
void Optimise(llvm::Module& module, llvm::TargetMachine& tm, bool large) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (!large) {
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, mam);
    return;
  }
  llvm::ModulePassManager mpm;
  if (llvm::Error e = pb.parsePassPipeline(
          mpm, "function(early-cse,simplifycfg,instcombine<max-iterations=1;no-verify-fixpoint>)")) {
    llvm::consumeError(std::move(e));  // cannot happen with this LLVM; the code is then unoptimised, still right
    return;
  }
  mpm.run(module, mam);
}

// IR to an object file: lowering, verification, O2, machine code.
std::unique_ptr<llvm::MemoryBuffer> CompileToObject(const ir::Program& program, const std::vector<bool>& persist,
                                                    const ProgramLayout& layout, const CodegenLimits& limits,
                                                    ProcessJit& jit, const std::string& name, std::string* error) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = LowerProgram(program, persist, layout, limits, context);
  module->setModuleIdentifier(name);
  module->setDataLayout(jit.lljit().getDataLayout());
  module->setTargetTriple(jit.lljit().getTargetTriple().str());
  std::string broken;
  llvm::raw_string_ostream broken_out(broken);
  if (llvm::verifyModule(*module, &broken_out)) {
    *error = "generated code does not verify: " + broken_out.str().substr(0, 300);
    return nullptr;
  }
  // A large program gets LLVM's fast instruction selection and register allocation: linear,
  // where the default code generator's scheduling is not.
  bool large = layout.weight > limits.full_opt_weight;
  llvm::orc::JITTargetMachineBuilder machine = jit.machine();
  if (large) machine.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
  auto tm = machine.createTargetMachine();
  if (!tm) {
    *error = llvm::toString(tm.takeError());
    return nullptr;
  }
  // SEG_JIT_DUMP=1 prints the optimised module on stderr, SEG_JIT_DUMP=raw the module as lowered
  // (to time LLVM's passes on it with `opt -time-passes`).
  const char* dump = std::getenv("SEG_JIT_DUMP");
  if (dump != nullptr && std::string_view(dump) == "raw") module->print(llvm::errs(), nullptr);
  Optimise(*module, **tm, large);
  if (dump != nullptr && std::string_view(dump) != "raw") module->print(llvm::errs(), nullptr);
  llvm::orc::SimpleCompiler compiler(**tm);
  auto object = compiler(*module);
  if (!object) {
    *error = llvm::toString(object.takeError());
    return nullptr;
  }
  return std::move(*object);
}

}  // namespace

// ---- CodeCache: least recently used programs, by key digest.

struct CodeCache::Impl {
  explicit Impl(size_t capacity) : capacity(capacity == 0 ? 1 : capacity) {}
  struct Entry {
    std::shared_ptr<CompiledCode> code;
    uint64_t used = 0;  // clock value of the last lookup
  };
  std::shared_ptr<CompiledCode> Find(const std::string& digest) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = entries.find(digest);
    if (it == entries.end()) return nullptr;
    it->second.used = ++clock;
    return it->second.code;
  }
  void Insert(const std::string& digest, std::shared_ptr<CompiledCode> code) {
    std::lock_guard<std::mutex> lock(mutex);
    entries[digest] = Entry{std::move(code), ++clock};
    while (entries.size() > capacity) {
      auto oldest = entries.begin();
      for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->second.used < oldest->second.used) oldest = it;
      }
      entries.erase(oldest);  // its code is freed once no run holds it
    }
  }
  const size_t capacity;
  mutable std::mutex mutex;
  std::map<std::string, Entry> entries;
  uint64_t clock = 0;
};

CodeCache::CodeCache(size_t capacity) : impl_(std::make_unique<Impl>(capacity)) {}
CodeCache::~CodeCache() = default;

CodeCache& CodeCache::Shared() {
  static CodeCache* shared = new CodeCache();  // never destroyed, like the LLJIT it fills
  return *shared;
}

size_t CodeCache::size() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->entries.size();
}

namespace {

// Loads an object file into a JITDylib of its own and finds its stage functions. The error
// always says what failed (an empty reason would leave a fallback unexplained).
rt::Result<std::shared_ptr<LlvmCode>> Link(ProcessJit& jit, const ir::Program& program, const ProgramLayout& layout,
                                           std::unique_ptr<llvm::MemoryBuffer> object) {
  auto failed = [](const char* what, llvm::Error e) {
    std::string why = llvm::toString(std::move(e));
    return rt::Status::Error(std::string(what) + (why.empty() ? " failed" : ": " + why));
  };
  auto jd = jit.NewDylib();
  if (!jd) return failed("making a JITDylib", jd.takeError());
  auto code = std::make_shared<LlvmCode>(jit, *jd);
  for (size_t id = 0; id < layout.spilled.size(); ++id)
    if (layout.spilled[id] && !exec::PackedAsBits(program.nodes[id].type))
      code->spilled.push_back(static_cast<ir::NodeId>(id));
  code->bits = layout.bits;
  std::vector<PerfSymbol> perf_symbols;
  if (PerfMapWanted()) perf_symbols = ObjectFunctions(object->getMemBufferRef());
  if (llvm::Error e = jit.lljit().addObjectFile(code->tracker(), std::move(object)))
    return failed("adding the object file", std::move(e));
  for (int32_t stage = 0; stage < program.stage_count; ++stage) {
    auto address = jit.lljit().lookup(code->jd(), StageSymbol(stage));  // links on first lookup
    if (!address) return failed("linking the compiled code", address.takeError());
    code->stages.push_back(address->toPtr<StageFn>());
  }
  if (!perf_symbols.empty()) {
    AppendPerfMap(perf_symbols, [&](const std::string& name) -> uint64_t {
      auto address = jit.lljit().lookup(code->jd(), name);  // already linked: a table lookup
      if (!address) {
        llvm::consumeError(address.takeError());
        return 0;
      }
      return address->getValue();
    });
  }
  return code;
}

}  // namespace

rt::Result<std::shared_ptr<CompiledCode>> Compile(const ir::Program& program, const std::vector<bool>& persist,
                                                  const JitOptions& options, CompileInfo* info) {
  auto started = std::chrono::steady_clock::now();
  if (options.fail_compile_for_testing) return rt::Status::Error("forced failure (test hook)");
  std::string error;
  ProcessJit* jit = ProcessJit::Get(&error);
  if (jit == nullptr) return rt::Status::Error(error);
  std::string key = ir::Print(program) + "\npersist ";
  for (bool p : persist) key += p ? '1' : '0';
  key += "\nlimits " + std::to_string(options.limits.part_weight) + " " +
         std::to_string(options.limits.full_opt_weight) + " " + std::to_string(options.limits.defer_failures_weight) +
         " " + std::to_string(options.limits.max_bit_chunk);
  key += std::string("\n") + kCodegenVersion + "\n" + jit->target_key() + "\nbuild " + ExecutableBuildId();
  std::string digest = Sha256(key);
  CodeCache::Impl& memory = (options.memory_cache != nullptr ? *options.memory_cache : CodeCache::Shared()).impl();
  if (std::shared_ptr<CompiledCode> hit = memory.Find(digest)) {
    info->memory_hit = true;
    return hit;
  }

  std::filesystem::path dir = options.use_disk_cache ? CacheDir(options) : std::filesystem::path();
  std::filesystem::path entry = dir.empty() ? dir : EntryPath(dir, digest);
  std::unique_ptr<llvm::MemoryBuffer> object;
  ProgramLayout layout = PlanLayout(program, persist, options.limits.part_weight, options.limits.max_bit_chunk);
  if (!entry.empty()) {
    rt::Result<std::optional<std::string>> stored = ReadEntry(entry, digest);
    if (!stored.ok()) {
      info->disk_note = stored.status().message();
    } else if (stored->has_value()) {
      info->disk_hit = true;
      object = llvm::MemoryBuffer::getMemBufferCopy(**stored, Hex(digest));
    }
  }
  rt::Result<std::shared_ptr<LlvmCode>> code = rt::Status::Error("not compiled");
  if (object) {
    code = Link(*jit, program, layout, std::move(object));
    if (!code.ok()) {  // verified, yet unusable: never trusted, compiled again below
      info->disk_hit = false;
      info->disk_note = "disk cache entry " + entry.filename().string() + " does not link (" + code.status().message() +
                        "); compiled again";
    }
  }
  if (!code.ok()) {
    object = CompileToObject(program, persist, layout, options.limits, *jit, Hex(digest), &error);
    if (!object) return rt::Status::Error(error.empty() ? "LLVM failed without saying why" : error);
    if (!entry.empty()) WriteEntry(entry, digest, std::string_view(object->getBufferStart(), object->getBufferSize()));
    code = Link(*jit, program, layout, std::move(object));
    if (!code.ok()) return code.status();
  }
  info->compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  memory.Insert(digest, *code);
  return std::shared_ptr<CompiledCode>(std::move(*code));
}

}  // namespace seg::jit
