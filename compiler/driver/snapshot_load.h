// Reads a snapshot (snapshot_import.h) as the data of a run: the same rt::Dataset LoadData builds
// from the files it was imported from (and appended to), so every result is byte for byte the one
// a run over those files gives.
//
// One generation whose events were ordered by the columns this program reads (the common case:
// the program that imported it) is taken as stored: its columns view the mapped arrays, nothing
// copied, parsed or sorted. Otherwise (appended generations, or a program that reads other columns) the
// generations' rows are put end to end and indexed again by IndexTables, still without parsing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/load_data.h"
#include "compiler/ir/ir.h"
#include "runtime/snapshot/generation_reader.h"

namespace seg::driver {

// `columns` as in LoadData: with kRead, the columns the program does not read come back all
// missing. Fails naming the file for a missing, damaged, truncated or foreign file, naming the
// difference for a snapshot of another schema, and naming the column for one the program reads
// that the snapshot does not store.
LoadedData LoadSnapshot(const ir::Program& program, const std::string& dir, ColumnsToLoad columns, size_t threads);

// The generation files of the snapshot at `dir` (rt::snapshot::ListGenerations), each read with
// `options` and checked against the program: the same schema (else the difference is named), one
// snapshot (every generation carries generation 0's id) and numbered in order.
rt::Result<std::vector<rt::snapshot::Generation>> ReadSnapshotGenerations(const ir::Program& program,
                                                                          const std::string& dir,
                                                                          const rt::snapshot::ReadOptions& options);

// Checks every array of every generation of the snapshot at `dir` against its checksum and the
// others, with ReadSnapshotGenerations' checks of the program's schema: what a run checks only
// for the arrays it reads (`seg import --verify`). The number of generations, or the first
// problem, naming the file.
rt::Result<size_t> VerifySnapshot(const ir::Program& program, const std::string& dir, size_t threads);

// Every generation's rows end to end, per input (nullopt: customers derived from the events, to
// be derived again from all of them), as IndexTables takes them: the rows a load of the files
// concatenated gives, indexed the same way.
std::vector<std::optional<rt::Table>> ConcatenateGenerations(const ir::Program& program,
                                                             std::vector<rt::snapshot::Generation> generations);

// A column this program reads that the snapshot (generation 0's stored columns) lacks, as a
// message naming it; empty when there is none.
std::string FindColumnNotStored(const ir::Program& program, const rt::snapshot::Generation& generation,
                                const std::string& dir);

}  // namespace seg::driver
