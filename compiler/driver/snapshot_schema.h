// What a program's snapshot holds, derived from the program: the stored schema (its input
// declarations and time zone) and, per event input, the columns that order events at the same
// time. `seg import` writes them, and a snapshot is read only by a program that gives the same.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/snapshot/stored_schema.h"

namespace seg::driver {

rt::snapshot::StoredSchema SnapshotSchemaOf(const ir::Program& program);

// The names of TieColumns(program, input).
std::vector<std::string> TieColumnNames(const ir::Program& program, size_t input);

}  // namespace seg::driver
