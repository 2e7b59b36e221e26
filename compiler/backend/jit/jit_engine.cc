// The ORC v2 wrapper: one LLJIT per compiled program (it owns the code's memory, freed with the
// CompiledCode), the new pass manager at O2 for the host CPU, runtime helpers exported by name,
// and two caches keyed by a SHA-256 of (printed IR, persisted nodes, codegen version, target):
// this process's map, and object files on disk written through llvm::ObjectCache.
#include "compiler/backend/jit/jit_engine.h"

#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SHA256.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/ADT/StringExtras.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>


#include "compiler/backend/jit/codegen.h"
#include "runtime/atomic_file.h"
#include "runtime/kernels/functions.h"

namespace seg::jit {

namespace {

// Bump when generated code changes meaning, so stale object files on disk are never reused.
constexpr const char* kCodegenVersion = "seg-jit-3";

std::atomic<bool> force_failure{false};
std::mutex cache_mutex;
std::map<std::string, std::shared_ptr<CompiledCode>>& MemoryCache() {
  static std::map<std::string, std::shared_ptr<CompiledCode>> cache;
  return cache;
}

class LlvmCode : public CompiledCode {
 public:
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

// Writes each object file the compiler produces under the cache dir, as seg writes every file
// (rt::OutputFile: temp + rename, so a concurrent reader never sees half a file, and no temporary
// file is left by a failed write or an interrupted run). Reads happen before codegen, in Compile.
class DiskCache : public llvm::ObjectCache {
 public:
  explicit DiskCache(std::filesystem::path path) : path_(std::move(path)) {}
  void notifyObjectCompiled(const llvm::Module*, llvm::MemoryBufferRef object) override {
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    rt::Result<rt::OutputFile> out = rt::OutputFile::Open(path_.string(), {});
    // A cache entry that cannot be written only costs a compile next time.
    if (out.ok() && out->Write(std::string_view(object.getBufferStart(), object.getBufferSize()))) out->Commit();
  }
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module*) override { return nullptr; }

 private:
  std::filesystem::path path_;
};

std::filesystem::path CacheDir(const JitOptions& options) {
  if (!options.cache_dir.empty()) return options.cache_dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') return std::filesystem::path(xdg) / "seg";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return std::filesystem::path(home) / ".cache" / "seg";
  return {};
}

std::string Hex(llvm::ArrayRef<uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) { out += digits[b >> 4]; out += digits[b & 15]; }
  return out;
}

void Optimise(llvm::Module& module, llvm::TargetMachine& tm) {
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
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, mam);
}

}  // namespace

void ForceCompileFailureForTesting(bool fail) { force_failure = fail; }
void ClearMemoryCacheForTesting() {
  std::lock_guard<std::mutex> lock(cache_mutex);
  MemoryCache().clear();
}

rt::Result<std::shared_ptr<CompiledCode>> Compile(const ir::Program& program, const std::vector<bool>& persist,
                                                  const JitOptions& options, CompileInfo* info) {
  auto started = std::chrono::steady_clock::now();
  if (force_failure) {
    return rt::Status::Error("forced failure (test hook)");
  }
  static std::once_flag init;
  std::call_once(init, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    return rt::Status::Error(llvm::toString(jtmb.takeError()));
  }
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  std::string key = ir::Print(program) + "\npersist ";
  for (bool p : persist) key += p ? '1' : '0';
  key += std::string("\n") + kCodegenVersion + "\n" + jtmb->getTargetTriple().str() + "\n" + jtmb->getCPU() + "\n" +
         jtmb->getFeatures().getString();
  std::string hash = Hex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(key)));
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = MemoryCache().find(hash);
    if (it != MemoryCache().end()) {
      info->memory_hit = true;
      return it->second;
    }
  }
  std::filesystem::path dir = options.use_disk_cache ? CacheDir(options) : std::filesystem::path();
  std::filesystem::path object_path = dir.empty() ? dir : dir / (hash + ".o");
  auto cache = object_path.empty() ? nullptr : std::make_shared<DiskCache>(object_path);

  llvm::orc::LLJITBuilder builder;
  builder.setJITTargetMachineBuilder(*jtmb);
  builder.setCompileFunctionCreator([cache](llvm::orc::JITTargetMachineBuilder machine)
                                        -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
    auto tm = machine.createTargetMachine();
    if (!tm) return tm.takeError();
    return std::make_unique<llvm::orc::TMOwningSimpleCompiler>(std::move(*tm), cache.get());
  });
  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> jit = builder.create();
  if (!jit) {
    return rt::Status::Error(llvm::toString(jit.takeError()));
  }
  auto code = std::make_shared<LlvmCode>();
  code->jit = std::move(*jit);
  llvm::orc::LLJIT& j = *code->jit;
  // Helpers by name, and libm (exp, pow, log) from this process.
  llvm::orc::SymbolMap symbols;
  size_t helper_count = 0;
  const HelperSymbol* helpers = HelperSymbols(&helper_count);
  for (size_t k = 0; k < helper_count; ++k) {
    symbols[j.mangleAndIntern(helpers[k].name)] = {llvm::orc::ExecutorAddr::fromPtr(helpers[k].address),
                                                   llvm::JITSymbolFlags::Exported};
  }
  // The function registry's kernels: compiled code calls the interpreter's very functions.
  for (const rt::fn::FunctionInfo& fn : rt::fn::Functions()) {
    for (const rt::fn::Kernel& k : fn.kernels) {
      symbols[j.mangleAndIntern(k.symbol)] = {llvm::orc::ExecutorAddr::fromPtr(k.address), llvm::JITSymbolFlags::Exported};
    }
  }
  llvm::Error defined = j.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)));
  if (defined) {
    return rt::Status::Error(llvm::toString(std::move(defined)));
  }
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(j.getDataLayout().getGlobalPrefix());
  if (!process) {
    return rt::Status::Error(llvm::toString(process.takeError()));
  }
  j.getMainJITDylib().addGenerator(std::move(*process));

  std::unique_ptr<llvm::MemoryBuffer> cached;
  if (!object_path.empty() && std::filesystem::exists(object_path)) {
    auto file = llvm::MemoryBuffer::getFile(object_path.string());
    if (file) cached = std::move(*file);
  }
  if (cached) {
    info->disk_hit = true;
    if (llvm::Error e = j.addObjectFile(std::move(cached))) {
      return rt::Status::Error(llvm::toString(std::move(e)));
    }
  } else {
    auto context = std::make_unique<llvm::LLVMContext>();
    std::unique_ptr<llvm::Module> module = LowerProgram(program, persist, *context);
    module->setModuleIdentifier(hash);
    module->setDataLayout(j.getDataLayout());
    module->setTargetTriple(j.getTargetTriple().str());
    std::string broken;
    llvm::raw_string_ostream broken_out(broken);
    if (llvm::verifyModule(*module, &broken_out)) {
      return rt::Status::Error("generated code does not verify: " + broken_out.str().substr(0, 300));
    }
    auto tm = jtmb->createTargetMachine();
    if (!tm) {
      return rt::Status::Error(llvm::toString(tm.takeError()));
    }
    Optimise(*module, **tm);
    if (std::getenv("SEG_JIT_DUMP") != nullptr) module->print(llvm::errs(), nullptr);
    if (llvm::Error e = j.addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
      return rt::Status::Error(llvm::toString(std::move(e)));
    }
  }
  for (int32_t stage = 0; stage < program.stage_count; ++stage) {
    auto address = j.lookup(StageSymbol(stage));  // compiles on first lookup
    if (!address) {
      return rt::Status::Error(llvm::toString(address.takeError()));
    }
    code->stages.push_back(address->toPtr<StageFn>());
  }
  info->compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard<std::mutex> lock(cache_mutex);
  MemoryCache()[hash] = code;
  return std::shared_ptr<CompiledCode>(std::move(code));
}

}  // namespace seg::jit
