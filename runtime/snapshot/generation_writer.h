// Writes one generation file (format.h, docs/SNAPSHOT.md) through rt::OutputFile: to a temporary
// file next to `path`, synced and renamed into place, so a reader never sees half a generation.
#pragma once

#include <string>

#include "runtime/snapshot/generation.h"
#include "runtime/status.h"

namespace seg::rt::snapshot {

Status WriteGeneration(const Generation& generation, const std::string& path);

}  // namespace seg::rt::snapshot
