#include "runtime/io/postgres/postgres_loader.h"

#include <optional>

#include "runtime/io/chunk_merge.h"
#include "runtime/io/postgres/copy_binary.h"
#include "runtime/io/postgres/postgres_connection.h"
#include "runtime/thread_pool.h"

namespace seg::rt::pg {
namespace {

// Where the rows come from, as SQL: the table, or the query as a subquery.
std::string SourceSql(const PostgresUrl& url) {
  if (url.table) return url.table->Sql();
  return "(" + *url.query + ") AS seg_source";
}

// "public.orders" or "query", for messages (with the URL, password left out, in front).
std::string SourceName(const PostgresUrl& url) { return url.table ? url.table->Display() : "the query"; }

// The database's name for a column type ("numeric(12,2)", "character varying(20)").
std::string TypeName(Connection& connection, uint32_t type_oid, int modifier) {
  try {
    Result result = connection.ExecParams("SELECT format_type($1::oid, $2::int)",
                                          {std::to_string(type_oid), std::to_string(modifier)});
    return PQgetvalue(result.get(), 0, 0);
  } catch (const Error&) {
    return "type " + std::to_string(type_oid);
  }
}

// The built-in type whose binary form a column's values travel in: text for an enum (its label is
// sent as text; *is_enum, since an enum takes no COLLATE), else the type itself. (A domain needs
// nothing: the server describes its column by the base type.)
uint32_t WireType(Connection& connection, uint32_t type_oid, bool* is_enum) {
  *is_enum = false;
  constexpr uint32_t kFirstUserOid = 16384;  // built-in types are no enums
  if (type_oid < kFirstUserOid) return type_oid;
  Result result = connection.ExecParams("SELECT typtype FROM pg_type WHERE oid = $1::oid", {std::to_string(type_oid)});
  *is_enum = PQntuples(result.get()) == 1 && std::string(PQgetvalue(result.get(), 0, 0)) == "e";
  return *is_enum ? oid::kText : type_oid;
}

struct SourceColumn {
  std::string name;
  uint32_t type_oid = 0;
  int modifier = -1;
};

// The source's columns, from describing the statement (nothing runs).
std::vector<SourceColumn> DescribeSource(Connection& connection, const std::string& sql) {
  Result prepared(PQprepare(connection.raw(), "", sql.c_str(), 0, nullptr));
  connection.Check(prepared.get(), PGRES_COMMAND_OK, "");
  Result described(PQdescribePrepared(connection.raw(), ""));
  connection.Check(described.get(), PGRES_COMMAND_OK, "");
  std::vector<SourceColumn> columns;
  for (int c = 0; c < PQnfields(described.get()); ++c) {
    columns.push_back({PQfname(described.get(), c), PQftype(described.get(), c), PQfmod(described.get(), c)});
  }
  return columns;
}

class Loader {
 public:
  Loader(const TableSpec& spec, const PostgresUrl& url, const LoadOptions& options, const TimeZone& zone)
      : spec_(spec), url_(url), options_(options), zone_(zone), source_(url.Display()) {}

  LoadResult Run() {
    LoadResult result;
    Connection connection(url_);
    std::string sql = SourceSql(url_);
    std::vector<SourceColumn> columns = DescribeSource(connection, "SELECT * FROM " + sql);
    if (Status matched = MatchColumns(connection, columns); !matched.ok()) return std::move(result).Failed(matched);

    std::string select;
    for (size_t c : read_) select += (select.empty() ? "" : ", ") + QuoteIdentifier(spec_.columns[c].name);
    if (select.empty()) select = "NULL";  // every column skipped: the rows still count
    std::string copy = "COPY (SELECT " + select + " FROM " + sql + OrderBy() + ") TO STDOUT (FORMAT binary)";
    // A scan that joins one already under way starts mid-table; seg wants the same rows in the
    // same order on every run of an unchanged table.
    connection.Exec("SET synchronize_seqscans = off");
    Result started(PQexec(connection.raw(), copy.c_str()));
    connection.Check(started.get(), PGRES_COPY_OUT, "");

    ChunkOutput chunk;
    chunk.key_column = -1;
    BeginChunk(spec_, 0, &chunk);
    if (Status read = ReadRows(connection, &chunk); !read.ok()) return std::move(result).Failed(read);
    std::vector<ChunkOutput> outputs;
    outputs.push_back(std::move(chunk));
    ThreadPool pool(1);
    MergeChunks(source_, spec_, 1, options_, pool, &outputs, &result);
    return result;
  }

 private:
  // Finds each declared column in the source and checks its type; fills read_ and types_.
  Status MatchColumns(Connection& connection, const std::vector<SourceColumn>& columns) {
    types_.assign(spec_.columns.size(), 0);
    for (size_t c = 0; c < spec_.columns.size(); ++c) {
      const ColumnSpec& declared = spec_.columns[c];
      const SourceColumn* found = nullptr;
      for (const SourceColumn& s : columns) {
        if (s.name == declared.name) found = &s;
      }
      if (found == nullptr) {
        std::string names;
        for (const SourceColumn& s : columns) names += (names.empty() ? "" : ", ") + s.name;
        return Status::Error(source_ + ": " + SourceName(url_) + " has no column '" + declared.name + "' (input " +
                             spec_.name + " declares it); its columns are: " + names);
      }
      bool is_enum = false;
      uint32_t wire_type = WireType(connection, found->type_oid, &is_enum);
      if (!CanRead(declared.type, wire_type)) {
        return Status::Error(source_ + ": column '" + declared.name + "' of " + SourceName(url_) + " is declared " +
                             std::string(ValueTypeName(declared.type)) + " in input " + spec_.name + " but is " +
                             TypeName(connection, found->type_oid, found->modifier) + " in the database (" +
                             std::string(ValueTypeName(declared.type)) + " reads " + ReadableTypes(declared.type) +
                             ")");
      }
      types_[c] = wire_type;
      if (declared.name == spec_.key_column) key_collates_ = !is_enum;
      if (!declared.skip) read_.push_back(c);
    }
    return Status::Ok();
  }

  // A table has no order, but the output lists customers in the order they load: a customer
  // table is read in key order (byte order for text keys), so that every run of the same data
  // lists them alike. Events need no order (the event index sorts them by customer and time), nor
  // does a query, whose own ORDER BY, if any, is kept.
  std::string OrderBy() const {
    if (spec_.is_event || !url_.table) return "";
    size_t key = 0;
    while (key < spec_.columns.size() && spec_.columns[key].name != spec_.key_column) ++key;
    bool text = key_collates_ && key < types_.size() &&
                (types_[key] == oid::kText || types_[key] == oid::kVarchar || types_[key] == oid::kBpchar ||
                 types_[key] == oid::kName);
    return " ORDER BY " + QuoteIdentifier(spec_.key_column) + (text ? " COLLATE \"C\"" : "");
  }

  Status ReadRows(Connection& connection, ChunkOutput* chunk) {
    CopyBinaryReader reader;
    std::vector<Field> fields;
    std::vector<CellValue> cells(spec_.columns.size());
    std::vector<std::string> scratch(spec_.columns.size());
    size_t row = 0;
    for (;;) {
      char* data = nullptr;
      int size = PQgetCopyData(connection.raw(), &data, 0);
      if (size == -2) connection.Throw(nullptr, "reading " + SourceName(url_) + ": ");
      if (size == -1) break;  // done: the command's result follows
      reader.Feed(std::string_view(data, static_cast<size_t>(size)));
      PQfreemem(data);
      for (;;) {
        CopyBinaryReader::Step step = reader.Next(&fields);
        if (step == CopyBinaryReader::Step::kError) return Status::Error(source_ + ": " + reader.error());
        if (step != CopyBinaryReader::Step::kTuple) break;
        // The first bad row under BadRowPolicy::kFail: the rest is not read (closing the
        // connection ends the COPY).
        if (!AddRow(row++, fields, &cells, &scratch, chunk)) return Status::Ok();
      }
    }
    // A terminated backend or a failed query shows here, after the data stopped.
    Result done(PQgetResult(connection.raw()));
    connection.Check(done.get(), PGRES_COMMAND_OK, "reading " + SourceName(url_) + ": ");
    return Status::Ok();
  }

  // Decodes one tuple into cells and hands it to FinishRow. False: stop (first error, kFail).
  bool AddRow(size_t row, const std::vector<Field>& fields, std::vector<CellValue>* cells,
              std::vector<std::string>* scratch, ChunkOutput* chunk) {
    RowError row_error;
    for (CellValue& cell : *cells) cell = CellValue{};
    size_t selected = read_.empty() ? 1 : read_.size();
    if (fields.size() != selected) {
      row_error = {row, "wrong number of fields", "the server sent " + std::to_string(fields.size()) + " fields"};
    }
    for (size_t f = 0; f < read_.size() && row_error.reason.empty(); ++f) {
      size_t c = read_[f];
      if (fields[f].null) continue;
      Status decoded = DecodeField(spec_.columns[c].type, types_[c], fields[f].bytes, zone_, &(*cells)[c],
                                   &(*scratch)[c]);
      if (!decoded.ok()) {
        const std::string& name = spec_.columns[c].name;
        row_error = {row,
                     "column '" + name + "': not a " + std::string(ValueTypeName(spec_.columns[c].type)) + " value",
                     "column '" + name + "': the value " + decoded.message()};
      }
    }
    return FinishRow(spec_, row, std::move(row_error), *cells, options_, chunk);
  }

  const TableSpec& spec_;
  const PostgresUrl& url_;
  const LoadOptions& options_;
  const TimeZone& zone_;
  std::string source_;
  std::vector<size_t> read_;     // declared columns read, in SELECT order
  std::vector<uint32_t> types_;  // each declared column's database type (as it travels)
  bool key_collates_ = true;     // false for an enum key, which sorts by its declared order
};

}  // namespace

LoadResult LoadPostgresTable(const TableSpec& spec, const std::string& text, const LoadOptions& options,
                             const TimeZone& zone) {
  LoadResult result;
  rt::Result<PostgresUrl> url = ParsePostgresUrl(text);
  if (!url.ok()) return std::move(result).Failed(url.status());
  if (!url->table && !url->query) {
    return std::move(result).Failed(Status::Error("input " + spec.name + " from " + url->Display() +
                                                  ": say what to read with ?table=SCHEMA.TABLE or ?query=SELECT ..."));
  }
  if (!url->other.empty()) {
    return std::move(result).Failed(
        Status::Error(url->Display() + ": unknown parameter '" + url->other.begin()->first +
                      "' (an input takes table=, query= and libpq's connection parameters)"));
  }
  try {
    return Loader(spec, *url, options, zone).Run();
  } catch (const Error& e) {
    return LoadResult{}.Failed(Status::Error(url->Display() + ": " + e.what()));
  }
}

}  // namespace seg::rt::pg
