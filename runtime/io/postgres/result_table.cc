#include "runtime/io/postgres/result_table.h"

namespace seg::rt::pg {
namespace {

constexpr const char* kResultMark = "seg result";
constexpr const char* kHistoryMark = "seg history";
constexpr const char* kStagingSuffix = "__seg_new";
constexpr size_t kMaxIdentifierBytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// TABLE__seg_new, its table part cut (at a UTF-8 character boundary) so that the whole stays
// within PostgreSQL's 63 bytes: the server would otherwise truncate it to the target's own name.
QualifiedName StagingName(const QualifiedName& target) {
  std::string table = target.table;
  size_t room = kMaxIdentifierBytes - std::string(kStagingSuffix).size();
  if (table.size() > room) {
    table.resize(room);
    while (!table.empty() && (static_cast<unsigned char>(table.back()) & 0xC0) == 0x80) table.pop_back();
    if (!table.empty() && static_cast<unsigned char>(table.back()) >= 0xC0) table.pop_back();
  }
  return {target.schema, table + kStagingSuffix};
}

std::string Literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

std::string SqlType(ValueType type) {
  switch (type) {
    case ValueType::kBool: return "boolean";
    case ValueType::kInt: return "bigint";
    case ValueType::kFloat: return "double precision";
    case ValueType::kMoney: return "numeric(19,4)";
    case ValueType::kDate: return "date";
    case ValueType::kTimestamp: return "timestamptz";
    case ValueType::kDuration: return "interval";
    case ValueType::kText:
    case ValueType::kId:
    case ValueType::kTags: return "text";
  }
  return "text";
}

const std::vector<TableColumn>& HistoryColumns() {
  // One row per customer and classification (bucket set, tag NULL) and one per tag the customer
  // has (classification and bucket NULL). Customer keys are text (an int key as its digits).
  static const std::vector<TableColumn> columns = {
      {"run_id", ValueType::kInt},    {"as_of", ValueType::kDate},          {"program_hash", ValueType::kText},
      {"customer", ValueType::kText}, {"classification", ValueType::kText}, {"bucket", ValueType::kText},
      {"tag", ValueType::kText},
  };
  return columns;
}

ResultTable::ResultTable(const PostgresUrl& url, const std::string& history) {
  std::string where = url.Display() + ": ";
  if (!url.table) throw Error(ErrorKind::kOther, where + "an output URL needs ?table=SCHEMA.TABLE (not ?query=)");
  if (!url.other.empty()) {
    throw Error(ErrorKind::kOther, where + "unknown parameter '" + url.other.begin()->first + "'");
  }
  connection_ = std::make_unique<Connection>(url);
  // Notices ("table ... does not exist, skipping") are not the user's business.
  connection_->Exec("SET client_min_messages = warning");
  target_ = *url.table;
  if (!history.empty()) {
    std::optional<QualifiedName> name = ParseQualifiedName(history);
    if (!name) throw Error(ErrorKind::kOther, "history table '" + history + "' is not a table name (SCHEMA.TABLE)");
    history_ = *name;
  }
  try {
    // Names without a schema go where CREATE TABLE would put them: the first schema of the
    // search_path that exists. Resolved once, so the checks and the swap agree.
    if (target_.schema.empty() || (history_ && history_->schema.empty())) {
      Result schema = connection_->Exec("SELECT current_schema()");
      if (PQgetisnull(schema.get(), 0, 0)) {
        throw Error(ErrorKind::kServer, "no schema on the search_path to create " + target_.Display() +
                                            " in; name one: ?table=SCHEMA.TABLE");
      }
      std::string current = PQgetvalue(schema.get(), 0, 0);
      if (target_.schema.empty()) target_.schema = current;
      if (history_ && history_->schema.empty()) history_->schema = current;
    }
    for (const QualifiedName* name : {&target_, history_ ? &*history_ : nullptr}) {
      if (name == nullptr) continue;
      Result schema = connection_->ExecParams("SELECT 1 FROM pg_namespace WHERE nspname = $1", {name->schema});
      if (PQntuples(schema.get()) == 0) {
        throw Error(ErrorKind::kServer,
                    "schema \"" + name->schema + "\" does not exist (seg creates tables, not schemas)", "3F000");
      }
    }
    CheckOwned(target_, kResultMark, "result");
    if (history_) CheckOwned(*history_, kHistoryMark, "history");
  } catch (const Error& e) {
    throw Error(e.kind(), where + e.what(), e.sqlstate());
  }
  staging_ = StagingName(target_);
}

ResultTable::~ResultTable() = default;  // an open transaction dies with the connection: rolled back

bool ResultTable::CheckOwned(const QualifiedName& name, const std::string& mark, const std::string& role) {
  Result found = connection_->ExecParams(
      "SELECT c.relkind, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
      {name.schema, name.table});
  if (PQntuples(found.get()) == 0) return false;
  std::string kind = PQgetvalue(found.get(), 0, 0);
  std::string comment = PQgetvalue(found.get(), 0, 1);
  if (kind == "r" && comment.rfind(mark, 0) == 0) return true;
  std::string what = kind == "r"   ? "a table"
                     : kind == "v" ? "a view"
                     : kind == "m" ? "a materialized view"
                                   : "a relation";
  throw Error(ErrorKind::kServer, name.Display() + " exists and is " + what +
                                      " seg did not write (its comment does not start with '" + mark +
                                      "'); seg replaces or appends to only its own " + role +
                                      " tables: name another table, or drop this one yourself");
}

std::string ResultTable::Sha256(std::string_view text) {
  Result hash = connection_->ExecParams("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", {std::string(text)});
  return PQgetvalue(hash.get(), 0, 0);
}

void ResultTable::BeginRows(const std::vector<TableColumn>& columns) {
  std::string definition;
  for (const TableColumn& c : columns) {
    definition += (definition.empty() ? "" : ", ") + QuoteIdentifier(c.name) + " " + SqlType(c.type);
  }
  connection_->Exec("BEGIN");
  // Left by nothing seg does today (the table only ever exists inside a transaction), but a name
  // that is taken must not stop a run: it is seg's by its suffix.
  connection_->Exec("DROP TABLE IF EXISTS " + staging_.Sql());
  connection_->Exec("CREATE TABLE " + staging_.Sql() + " (" + definition + ")");
  StartCopy("COPY " + staging_.Sql() + " FROM STDIN");
}

bool ResultTable::Write(std::string_view rows) {
  if (!copying_ || !error_.empty()) {
    if (error_.empty()) error_ = "write outside a COPY";
    return false;
  }
  if (PQputCopyData(connection_->raw(), rows.data(), static_cast<int>(rows.size())) != 1) {
    error_ = connection_->Scrub(PQerrorMessage(connection_->raw()));
    while (!error_.empty() && error_.back() == '\n') error_.pop_back();
    return false;
  }
  return true;
}

void ResultTable::StartCopy(const std::string& sql) {
  Result copy(PQexec(connection_->raw(), sql.c_str()));
  connection_->Check(copy.get(), PGRES_COPY_IN, "");
  copying_ = true;
}

void ResultTable::EndCopy(const std::string& what) {
  copying_ = false;
  if (PQputCopyEnd(connection_->raw(), nullptr) != 1) connection_->Throw(nullptr, what);
  Result done(PQgetResult(connection_->raw()));
  connection_->Check(done.get(), PGRES_COMMAND_OK, what);
  while (Result more{PQgetResult(connection_->raw())}) {
  }
}

int64_t ResultTable::BeginHistory() {
  EndCopy("writing " + target_.Display() + ": ");
  if (!history_) return 0;
  std::string table = history_->Sql();
  std::string definition;
  for (const TableColumn& c : HistoryColumns()) {
    definition += (definition.empty() ? "" : ", ") + QuoteIdentifier(c.name) + " " + SqlType(c.type) +
                  (c.name == "run_id" || c.name == "as_of" || c.name == "program_hash" || c.name == "customer"
                       ? " NOT NULL"
                       : "");
  }
  // Concurrent runs creating it at once: the loser's CREATE fails and rolls back its run; rare, and
  // safe (the next run finds the table).
  if (!CheckOwned(*history_, kHistoryMark, "history")) {
    connection_->Exec("CREATE TABLE " + table + " (" + definition + ", written_at timestamptz NOT NULL DEFAULT now())");
    connection_->Exec("CREATE INDEX ON " + table + " (run_id)");
    connection_->Exec(
        "COMMENT ON TABLE " + table + " IS " +
        Literal(std::string(kHistoryMark) + ": one row per customer and classification, one per tag, per seg run"));
  }
  // Run ids follow commit order: a second run waits here until the first commits.
  connection_->Exec("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
  Result next = connection_->Exec("SELECT coalesce(max(run_id), 0) + 1 FROM " + table);
  int64_t run_id = std::stoll(PQgetvalue(next.get(), 0, 0));
  std::string names;
  for (const TableColumn& c : HistoryColumns()) names += (names.empty() ? "" : ", ") + QuoteIdentifier(c.name);
  StartCopy("COPY " + table + " (" + names + ") FROM STDIN");
  return run_id;
}

void ResultTable::Commit(const std::string& comment) {
  if (copying_) EndCopy(history_ ? "writing " + history_->Display() + ": " : "writing " + target_.Display() + ": ");
  // The old table, locked for the swap only now (readers were never held during the COPY), is
  // checked again: it may have been created or replaced by someone else since the run began.
  if (CheckOwned(target_, kResultMark, "result")) {
    connection_->Exec("LOCK TABLE " + target_.Sql() + " IN ACCESS EXCLUSIVE MODE");
    CheckOwned(target_, kResultMark, "result");
    // Whoever could read the old result (a campaign tool's role) can read the new one.
    Result grants = connection_->ExecParams(
        "SELECT format('GRANT %s ON TABLE %s TO %s%s', a.privilege_type, $2::text, "
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, "
        "CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
        "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.oid = $1::regclass AND a.grantee <> c.relowner",
        {target_.Sql(), staging_.Sql()});
    for (int row = 0; row < PQntuples(grants.get()); ++row) connection_->Exec(PQgetvalue(grants.get(), row, 0));
    connection_->Exec("DROP TABLE " + target_.Sql());
  }
  connection_->Exec("ALTER TABLE " + staging_.Sql() + " RENAME TO " + QuoteIdentifier(target_.table));
  connection_->Exec("COMMENT ON TABLE " + target_.Sql() + " IS " + Literal(comment));
  connection_->Exec("COMMIT");
}

}  // namespace seg::rt::pg
