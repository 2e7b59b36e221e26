// See perf_map.h.
#include "compiler/backend/jit/perf_map.h"

#include <llvm/Object/ELFObjectFile.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace seg::jit {

bool PerfMapWanted() {
  const char* wanted = std::getenv("SEG_JIT_PERF_MAP");
  return wanted != nullptr && *wanted != '\0' && std::string(wanted) != "0";
}

std::vector<PerfSymbol> ObjectFunctions(llvm::MemoryBufferRef object) {
  std::vector<PerfSymbol> out;
  auto file = llvm::object::ObjectFile::createObjectFile(object);
  if (!file) {
    llvm::consumeError(file.takeError());
    return out;
  }
  for (const llvm::object::SymbolRef& symbol : (*file)->symbols()) {
    auto type = symbol.getType();
    auto name = symbol.getName();
    if (!type || !name || *type != llvm::object::SymbolRef::ST_Function) {
      if (!type) llvm::consumeError(type.takeError());
      if (!name) llvm::consumeError(name.takeError());
      continue;
    }
    llvm::object::ELFSymbolRef elf(symbol);
    out.push_back({name->str(), elf.getSize()});
  }
  return out;
}

void AppendPerfMap(const std::vector<PerfSymbol>& symbols,
                   const std::function<uint64_t(const std::string&)>& address_of) {
  static std::mutex mutex;  // programs may be linked from several threads
  std::lock_guard<std::mutex> lock(mutex);
  std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  FILE* map = std::fopen(path.c_str(), "a");
  if (map == nullptr) return;  // a profiling aid only: the run goes on without it
  for (const PerfSymbol& s : symbols) {
    uint64_t address = address_of(s.name);
    if (address != 0)
      std::fprintf(map, "%llx %llx %s\n", static_cast<unsigned long long>(address),
                   static_cast<unsigned long long>(s.size), s.name.c_str());
  }
  std::fclose(map);
}

}  // namespace seg::jit
