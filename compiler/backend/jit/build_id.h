// Which build of seg is running, for the JIT's disk cache key: an object file compiled by one
// build calls helpers and reads a context laid out by that build, so another build (a rebuilt
// binary, another branch sharing ~/.cache/seg) must never load it.
#pragma once
#include <string>

namespace seg::jit {

// The running executable's GNU build ID as hex; when it has none, its size and modification time.
const std::string& ExecutableBuildId();

}  // namespace seg::jit
