// `seg run --out clickhouse://HOST:PORT/DB?table=NAME`: the rows a local or `--on` run writes to
// a file, written into a ClickHouse table instead, as `--out postgresql://...?table=` does for
// PostgreSQL (write_result_table.h). The columns are those of the CSV, in seg's ClickHouse layout
// (rt::ch::SegColumnType: money Decimal(38, 4), dates Int32 days, timestamps Int64 microseconds,
// every column Nullable), so `--input NAME=TABLE` of a later run reads them back exactly.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/write_results.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/io/clickhouse/clickhouse_client.h"
#include "runtime/status.h"

namespace seg::driver {

class ClickHouseResultTable {
 public:
  // Parses the URL (it must name ?table=) and checks that the server answers, so that a wrong
  // URL fails before a long run. Throws rt::ch::Error (no password in it).
  explicit ClickHouseResultTable(const std::string& url);

  // Writes the rows into a new table NAME__seg_new (a MergeTree), then puts it in NAME's place
  // in one RENAME (the old table, if any, dropped after); on a failure the old table is as it was
  // and the new one is dropped. Throws rt::ch::Error.
  void Write(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
             const std::vector<ExtraColumn>& extra);

  std::string Describe() const { return client_.url().Display(); }

 private:
  rt::ch::Client client_;
};

// The run's rows as a table of typed columns, the CSV's columns in order (ResultColumns): the
// key, each classification's bucket label, each tag as a bool, each score and --with column.
rt::Table ResultRows(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                     const std::vector<ExtraColumn>& extra);

}  // namespace seg::driver
