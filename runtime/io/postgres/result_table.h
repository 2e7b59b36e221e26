// A PostgreSQL table as the destination of `seg run --out postgresql://...?table=SCHEMA.TABLE`:
// the database counterpart of rt::OutputFile, with the same promise that a reader sees the old
// result or the whole new one, never a mix, and that a failed run leaves the old one.
//
// - Everything happens in ONE transaction on one connection: the rows go by COPY into
//   SCHEMA."TABLE__seg_new", created inside it; at the end the old table is locked, its grants are
//   given to the new one, it is dropped, the new one is renamed over it, and the transaction
//   commits. Until then no other session sees the new table (nor the history rows); readers of
//   the old table are only held for the moment of the swap and then read the new one. A run that
//   fails, is killed (SIGKILL too) or loses its connection never commits: the server rolls it
//   back, and nothing is left behind, not even the temporary table.
// - The run owns its table: seg marks what it creates with a comment starting "seg result" (the
//   history table: "seg history"), and replaces or appends to only such tables. A table, view or
//   anything else of that name without the mark is refused before any data is read, so a typo in
//   --out cannot drop a CRM table. An existing seg table of a different layout is replaced whole.
// - The history table (optional) gets, in the same transaction, one row per customer and
//   classification (its bucket) and one per tag the customer has, under a new run id.
// - Every message passes through Connection::Scrub: no password ever appears.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/postgres/postgres_connection.h"
#include "runtime/value_type.h"

namespace seg::rt::pg {

struct TableColumn {
  std::string name;
  ValueType type;
};

// The SQL type a result column of `type` is stored as: boolean, bigint, double precision,
// numeric(19,4) (money: seg's 4-decimal fixed point, exactly), date, timestamptz, interval, text
// (text, id, tags as a|b).
std::string SqlType(ValueType type);

// The history table's columns, in the order its COPY rows carry them.
const std::vector<TableColumn>& HistoryColumns();

class ResultTable {
 public:
  // Connects and checks what can be checked before a run: the URL names a table (?table=), its
  // schema exists, and the table and `history` (a table name in the same database, or empty)
  // are either absent or seg's own. Throws Error with a message naming the URL (no password).
  ResultTable(const PostgresUrl& url, const std::string& history);
  ~ResultTable();

  const PostgresUrl& url() const { return connection_->url(); }
  bool has_history() const { return history_.has_value(); }

  // A lowercase hex SHA-256 of `text`, computed by the server (seg has no hashing of its own).
  std::string Sha256(std::string_view text);

  // Starts the transaction, creates the new table with `columns` and starts COPY into it.
  void BeginRows(const std::vector<TableColumn>& columns);
  // COPY text-format rows (rt::ResultFormat::kPostgresCopy). False with error() on failure.
  bool Write(std::string_view rows);
  // Ends the rows; with a history table, creates it if absent, locks it against other runs'
  // appends, starts COPY into it and returns the new run id (the last one + 1). 0 without history.
  int64_t BeginHistory();
  // Ends what is being copied, swaps the new table in (marked with `comment`, which must start
  // with "seg result"), and commits. Throws Error; nothing is changed then.
  void Commit(const std::string& comment);

  const std::string& error() const { return error_; }

 private:
  void StartCopy(const std::string& sql);
  void EndCopy(const std::string& what);
  // Throws unless `name` is absent or a table whose comment starts with `mark`; true if present.
  bool CheckOwned(const QualifiedName& name, const std::string& mark, const std::string& role);

  std::unique_ptr<Connection> connection_;
  QualifiedName target_;
  QualifiedName staging_;  // TABLE__seg_new in the same schema
  std::optional<QualifiedName> history_;
  bool copying_ = false;
  std::string error_;
};

}  // namespace seg::rt::pg
