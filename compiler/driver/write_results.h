// One output row per customer: the key, the bucket of each classification, each tag, each
// score, then the metrics asked for with --with. CSV or JSON Lines; byte-identical for the same
// program, data and as_of.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/io/result_writer.h"

namespace seg::driver {

struct ExtraColumn {
  std::string name;
  ir::NodeId node;
};

// The output slots in the order their columns are written: classifications first, then tags,
// then scores, each in declaration order.
std::vector<ir::OutputSlot> OutputOrder(const ir::Program& program);

// The output columns, in order, and the type each is written as: the key as loaded, a
// classification's bucket as text, a tag as bool, a score as float, int or money (else its text),
// an extra let by its type (bool, int, float, money, date, timestamp, duration; else text).
struct ResultColumn {
  std::string name;
  rt::ValueType type;
};
std::vector<ResultColumn> ResultColumns(const ir::Program& program, const rt::Dataset& data,
                                        const exec::RunResult& result, const std::vector<ExtraColumn>& extra);

// `threads` (0: one per hardware thread) format blocks of `block_rows` rows in parallel, each into
// its own buffer, and the blocks are handed to the sink in row order as soon as every earlier one
// has been, by the thread that formatted the last of them (one call at a time, not necessarily
// from the calling thread), while the others go on formatting. So the bytes are the same for any
// thread count, and only the blocks formatted ahead of an unfinished one wait in memory.
bool WriteResults(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<ExtraColumn>& extra, rt::ResultFormat format,
                  const std::function<bool(std::string_view)>& sink, size_t threads = 1, size_t block_rows = 8192);

// The summary a person reads: per classification, each bucket's customers and share; tag sizes.
std::string Summary(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result);
// The same for `customers` customers, once the data itself is let go (seg run, cmd_run.cc).
std::string Summary(const ir::Program& program, size_t customers, const exec::RunResult& result);

}  // namespace seg::driver
