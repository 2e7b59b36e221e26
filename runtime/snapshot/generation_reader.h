// Reads one generation file: maps it, checks the header, the metadata and every array against
// their checksums and against each other (sizes, offsets, dictionary codes), and gives columns
// whose values view the mapped arrays (rt::Buffer; the mapping lives as long as they do), with no
// parsing and no copy. Any problem is an error naming the file; a corrupt file is never
// half-used.
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
  // Give only each input's indexed rows, not the events the index left out.
  bool indexed_rows_only = false;
  // Arrays are checked on this many threads; the result does not depend on it.
  size_t threads = 1;
};

Result<Generation> ReadGeneration(const std::string& path, const ReadOptions& options = {});

}  // namespace seg::rt::snapshot
