// Reads one generation file: maps it, checks the header and the metadata, then every array it
// gives against its checksum and the arrays against each other (sizes, offsets, dictionary codes),
// and gives columns whose values view the mapped arrays (rt::Buffer; the mapping lives as long as
// they do), with no parsing and no copy. An array it does not give (a column not asked for, the
// index of an input not asked for) is neither read nor checked unless `check_everything`: it
// cannot reach the caller, so cannot change an answer. Any problem in what is checked is an error
// naming the file; a corrupt file is never half-used.
#pragma once

#include <string>
#include <vector>

#include "runtime/snapshot/generation.h"
#include "runtime/status.h"

namespace seg::rt::snapshot {

struct ReadOptions {
  // Per input, which columns to give; the others come back as all missing, as the CSV loader
  // gives the columns a program does not read (rt::ColumnSpec::skip). Empty: every column.
  std::vector<std::vector<bool>> columns;
  // Per input, whether to give its index (offsets, local days, instants); the others come back
  // empty. Empty: every input's. An input with neither its index nor any column asked for comes
  // back with no rows (StoredInput's counts still say how many it has).
  std::vector<bool> indexes;
  // Per input whose index is given, whether to give its instants too; the others come back
  // empty, neither read nor checked (a run whose rules read no event's time: the local days and
  // offsets are the rest of the index). Empty: every given index's.
  std::vector<bool> instants;
  // Check every array of the file, given or not (`seg import --verify`).
  bool check_everything = false;
  // Give only each input's indexed rows, not the events the index left out.
  bool indexed_rows_only = false;
  // With indexed_rows_only: the values of the event inputs whose index is given (their columns'
  // values, local days and instants) are not checked here but given with the checks left to do
  // (Generation::deferred_checks), for a run that checks each piece as it evaluates it. The
  // caller must run those checks before any code reads those values.
  bool defer_event_values = false;
  // Arrays are checked on this many threads; the result does not depend on it.
  size_t threads = 1;
};

Result<Generation> ReadGeneration(const std::string& path, const ReadOptions& options = {});

}  // namespace seg::rt::snapshot
