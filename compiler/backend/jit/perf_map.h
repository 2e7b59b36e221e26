// Names compiled code for `perf`: with SEG_JIT_PERF_MAP=1 in the environment, every function of
// every linked program is appended to /tmp/perf-<pid>.map ("start size name" in hex, the format
// perf reads for JIT code), so that `perf record` / `perf report` show seg_stage_0 instead of a
// bare address. (`perf annotate` needs the code itself: SEG_JIT_DUMP=1 prints the optimised IR.)
// The symbols' sizes come from the object file before it is linked, their addresses from the
// JIT's lookups after. Off by default: the map is written to /tmp and never removed.
#pragma once
#include <llvm/Support/MemoryBuffer.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace seg::jit {

struct PerfSymbol {
  std::string name;
  uint64_t size = 0;
};

// Whether SEG_JIT_PERF_MAP asks for the map.
bool PerfMapWanted();

// The function symbols an object file defines, with their sizes (empty where it cannot be read).
std::vector<PerfSymbol> ObjectFunctions(llvm::MemoryBufferRef object);

// Appends each symbol that `address_of` finds (0: not found, left out) to /tmp/perf-<pid>.map.
void AppendPerfMap(const std::vector<PerfSymbol>& symbols,
                   const std::function<uint64_t(const std::string&)>& address_of);

}  // namespace seg::jit
