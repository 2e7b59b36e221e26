// Running a program inside a SQL server (sql_run.h): binding, lowering with located refusals,
// and reading the statement's rows back into a RunResult.
#include "compiler/driver/sql_run.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "compiler/exec/population_node.h"
#include "runtime/customer_key.h"
#include "runtime/io/postgres/postgres_connection.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::driver {

namespace {

// Type OIDs (the server's pg_type.h) of the result columns read in the binary format.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25, kFloat8Oid = 701,
              kVarcharOid = 1043;

// How a result column of type `type` is held when it comes in the binary format; nullopt for a
// type read as text only (numeric, char(n), ...).
std::optional<rt::CellColumn::Kind> BinaryKind(Oid type) {
  switch (type) {
    case kBoolOid:
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: return rt::CellColumn::Kind::kInt;
    case kFloat8Oid: return rt::CellColumn::Kind::kFloat;
    case kTextOid:
    case kVarcharOid: return rt::CellColumn::Kind::kText;
    default: return std::nullopt;
  }
}

// The big-endian integer of `bytes` bytes at `at`.
uint64_t BigEndian(const char* at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(at[i]);
  return v;
}

// One non-NULL cell in the binary format (PostgreSQL's send functions: network byte order).
void AppendBinary(Oid type, const char* value, int length, rt::CellColumn& column) {
  switch (type) {
    case kBoolOid: column.AppendInt(value[0] != 0 ? 1 : 0); return;
    case kInt2Oid: column.AppendInt(static_cast<int16_t>(BigEndian(value, 2))); return;
    case kInt4Oid: column.AppendInt(static_cast<int32_t>(BigEndian(value, 4))); return;
    case kInt8Oid: column.AppendInt(static_cast<int64_t>(BigEndian(value, 8))); return;
    case kFloat8Oid: column.AppendFloat(std::bit_cast<double>(BigEndian(value, 8))); return;
    default: column.AppendText(std::string_view(value, static_cast<size_t>(length))); return;
  }
}

class PostgresServer final : public SqlServer {
 public:
  explicit PostgresServer(const rt::pg::PostgresUrl& url) : connection_(url) {
    // Doubles in their shortest exact form (PostgreSQL 12+), read back to the same bits.
    connection_.Exec("SET extra_float_digits = 1");
    // No LLVM JIT for seg's statements: PostgreSQL compiles every expression of the plan in each
    // process before its first row, and seg's statement has many that run once per customer or
    // once (the cut points), not once per event. On the 1M-customer job (bench/sql_bench.sh) the
    // compilation cost the leader more than a second of serial work, which the faster per-event
    // expressions in the parallel workers did not win back. Results do not depend on it.
    connection_.Exec("SET jit = off");
  }
  SqlResult Query(const std::string& sql) override {
    // The rows in the binary format where every column's type is one seg reads so (its
    // statements' values: bigint, float8, boolean, text; a key column as the table holds it),
    // so that neither the server formats a million doubles as text nor seg parses them back.
    rt::pg::Result result = connection_.ExecChoosingFormat(sql, [](const PGresult* described) {
      for (int c = 0; c < PQnfields(described); ++c)
        if (!BinaryKind(PQftype(described, c))) return false;
      return true;
    });
    int rows = PQntuples(result.get());
    bool binary = PQbinaryTuples(result.get()) != 0;
    int fields = PQnfields(result.get());
    SqlResult columns;
    std::vector<Oid> types;
    for (int c = 0; c < fields; ++c) {
      types.push_back(PQftype(result.get(), c));
      columns.emplace_back(binary ? *BinaryKind(types.back()) : rt::CellColumn::Kind::kText);
      columns.back().reserve(static_cast<size_t>(rows));
    }
    // Row by row: libpq keeps each row's cells together, so a column at a time would miss the
    // cache on every cell of a million rows.
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < fields; ++c) {
        rt::CellColumn& column = columns[static_cast<size_t>(c)];
        if (PQgetisnull(result.get(), r, c)) column.AppendNull();
        else if (binary)
          AppendBinary(types[c], PQgetvalue(result.get(), r, c), PQgetlength(result.get(), r, c), column);
        else column.AppendText(PQgetvalue(result.get(), r, c));
      }
    }
    return columns;
  }
  std::string Describe() const override { return connection_.url().Display(); }
  std::string DialectName() const override { return "postgres"; }

 private:
  rt::pg::Connection connection_;
};

// The let, tag, score or rule symbol's span for a node's origin.
SourceSpan OriginSpan(const sema::Program& program, const sql::NodeOrigin& origin) {
  if (origin.kind == "let")
    for (const auto& l : program.lets)
      if (l.name == origin.name) return l.span;
  if (origin.kind == "tag")
    for (const auto& t : program.tags)
      if (t.name == origin.name) return t.span;
  if (origin.kind == "score")
    for (const auto& s : program.scores)
      if (s.name == origin.name) return s.span;
  if (origin.kind == "rule") {
    for (const auto& c : program.classifications) {
      if (c.name != origin.classification) continue;
      for (const auto& r : c.rules)
        if (r.label == origin.name) return r.span;
      return c.span;
    }
  }
  return {};
}

// percent_rank or cumulative_share of the ranked values by seg's kernel, as one result per
// distinct value (both give tied values one result; -0 and 0 tie).
sql::LowerOptions::ValueResults ValueResultsOf(const lang::PopulationSpec& spec, const std::vector<double>& ranked,
                                               const std::vector<uint8_t>& valid) {
  size_t n = ranked.size();
  std::vector<double> out(n);
  std::vector<uint8_t> out_valid(n);
  exec::ComputePopulation(spec, ranked.data(), valid.data(), n, {.floats = out.data(), .valid = out_valid.data()},
                          nullptr);
  std::map<double, std::optional<double>> by_value;
  for (size_t c = 0; c < n; ++c) {
    if (!valid[c]) continue;
    by_value.emplace(ranked[c] + 0.0, out_valid[c] ? std::optional<double>(out[c]) : std::nullopt);
  }
  sql::LowerOptions::ValueResults results;
  for (const auto& [value, result] : by_value) {
    results.values.push_back(value);
    results.results.push_back(result);
  }
  return results;
}

}  // namespace

rt::Result<std::unique_ptr<SqlServer>> ConnectPostgres(const std::string& url_text) {
  rt::Result<rt::pg::PostgresUrl> url = rt::pg::ParsePostgresUrl(url_text);
  if (!url.ok()) return url.status();
  try {
    return std::unique_ptr<SqlServer>(std::make_unique<PostgresServer>(*url));
  } catch (const rt::pg::Error& e) {
    return rt::Status::Error(e.what());
  }
}

rt::Result<std::vector<std::string>> BindTables(const ir::Program& program, const std::vector<std::string>& bindings,
                                                const sql::Dialect& dialect, bool default_to_names) {
  std::vector<std::string> tables;
  for (const ir::InputSchema& in : program.inputs) tables.push_back(default_to_names ? dialect.Quote(in.name) : "");
  for (const std::string& b : bindings) {
    size_t eq = b.find('=');
    std::string name = b.substr(0, eq), table = eq == std::string::npos ? "" : b.substr(eq + 1);
    size_t index = 0;
    while (index < program.inputs.size() && program.inputs[index].name != name) ++index;
    if (index == program.inputs.size() || table.empty()) {
      return rt::Status::Error("--input " + b + ": give NAME=TABLE with NAME an input of the program");
    }
    std::optional<rt::pg::QualifiedName> q = rt::pg::ParseQualifiedName(table);
    if (!q) return rt::Status::Error("--input " + b + ": '" + table + "' is not a table name (SCHEMA.TABLE or TABLE)");
    tables[index] = q->schema.empty() ? dialect.Quote(q->table)
                                      : dialect.Quote(q->schema) + "." + dialect.Quote(q->table);
  }
  return tables;
}

std::optional<sql::SqlStatement> LowerProgram(const Compilation& compilation, const sql::LowerOptions& options,
                                              Diagnostic* diagnostic) {
  sql::SqlRefusal refusal;
  std::optional<sql::SqlStatement> statement = sql::LowerToSql(*compilation.ir, options, &refusal);
  if (statement) return statement;
  diagnostic->code = DiagCode::kNotExpressibleInSql;
  diagnostic->severity = Severity::kError;
  std::string dialect = options.dialect->Name() == "postgres" ? "PostgreSQL" : std::string(options.dialect->Name());
  diagnostic->message = dialect + " cannot compute this exactly: " + refusal.what;
  if (refusal.node >= 0) {
    sql::NodeOrigin origin = sql::NodeOrigins(*compilation.ir)[refusal.node];
    diagnostic->span = OriginSpan(*compilation.program, origin);
    if (!origin.kind.empty()) diagnostic->label = "in " + origin.kind + " " + origin.name;
  }
  diagnostic->help = "run this program without --on (seg's own engines), or see docs/SQL.md for what runs in SQL";
  return std::nullopt;
}

rt::Status RunStatement(const ir::Program& program, const sql::SqlStatement& statement, SqlServer& server,
                        rt::Dataset* data, exec::RunResult* result) {
  SqlResult columns;
  try {
    columns = server.Query(statement.sql);
  } catch (const std::exception& e) {
    return rt::Status::Error("the statement failed on " + server.Describe() + ": " + e.what());
  }
  if (columns.size() != statement.columns.size() + 1) {
    return rt::Status::Error("the statement on " + server.Describe() + " answered " + std::to_string(columns.size()) +
                             " columns, not " + std::to_string(statement.columns.size() + 1));
  }
  const rt::CellColumn& keys = columns[0];
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  size_t n = keys.size();
  // A customer key must name one customer, as a local run insists (--on-bad-row has no meaning
  // on the server: the statement reads the tables as they are). The rows come in key order, so
  // equal keys are neighbours.
  for (size_t r = 0; r < n; ++r) {
    if (keys.IsNull(r)) return rt::Status::Error("the customer table has a row without a key");
    if (r > 0 && keys.Same(r - 1, r)) {
      return rt::Status::Error("customer key '" + keys.Text(r) + "' appears twice in the customer table");
    }
  }
  rt::Table customers(entity.name);
  for (size_t c = 0; c < entity.columns.size(); ++c) {
    rt::ValueType type = entity.columns[c].type.ToValueType();
    if (static_cast<int32_t>(c) != entity.key_column) {
      // Only the key comes back from the server: the other columns all missing, in zero pages
      // that are never written (a million rows of each, which AppendNulls would clear).
      customers.AddColumn(entity.columns[c].name, rt::Column::Unloaded(type, n));
      continue;
    }
    rt::Column& column = customers.AddColumn(entity.columns[c].name, type);
    column.Reserve(n);
    if (statement.key_is_text && keys.kind() == rt::CellColumn::Kind::kText) {
      // Distinct keys in row order: the column's dictionary as they came, codes 0 .. n-1, with no
      // hashing of a million keys (the table is built if a key is ever looked up).
      column.mutable_dictionary() = rt::Dictionary::FromParts(std::string(keys.text_bytes()), keys.text_ends());
      for (size_t r = 0; r < n; ++r) column.AppendInt32(static_cast<int32_t>(r));
    } else {
      for (size_t r = 0; r < n; ++r) {
        if (statement.key_is_text) column.AppendText(keys.Text(r));
        else column.AppendInt64(keys.Int(r));
      }
    }
  }
  data->customers = std::move(customers);
  data->key_column = entity.key_column;
  data->events.assign(program.inputs.size(), rt::EventData{});
  result->nodes.assign(program.nodes.size(), std::nullopt);
  result->cuts.assign(program.nodes.size(), rt::BinCuts{});
  result->buckets.assign(program.classifications.size(), {});
  for (size_t k = 0; k < statement.columns.size(); ++k) {
    const sql::SqlColumn& col = statement.columns[k];
    rt::CellColumn& cells = columns[k + 1];
    if (cells.size() != n)
      return rt::Status::Error("the statement on " + server.Describe() + " answered ragged columns");
    if (col.classification >= 0) {
      exec::Values<int32_t>& buckets = result->buckets[static_cast<size_t>(col.classification)];
      buckets.resize(n);
      for (size_t r = 0; r < n; ++r) buckets[r] = cells.IsNull(r) ? -1 : static_cast<int32_t>(cells.Int(r));
      continue;
    }
    exec::ResultColumn out;
    out.type = col.type;
    out.valid.resize(n);
    for (size_t r = 0; r < n; ++r) out.valid[r] = !cells.IsNull(r);
    // A binary answer's ints and doubles become the result's by a move, not a copy into fresh
    // pages (a million rows a column, after the last byte); a NULL row's value becomes 0.
    if (col.type.Is(lang::TypeKind::kFloat) && cells.kind() == rt::CellColumn::Kind::kFloat) {
      out.floats = cells.TakeFloats();
      for (size_t r = 0; r < n; ++r) out.floats[r] = out.valid[r] ? out.floats[r] : 0;
    } else if (col.type.Is(lang::TypeKind::kFloat)) {
      out.floats.resize(n);
      for (size_t r = 0; r < n; ++r) out.floats[r] = out.valid[r] ? cells.Float(r) : 0;
    } else if (col.type.IsTextLike()) {
      out.ints.resize(n);
      std::map<std::string, int64_t> codes;
      for (size_t r = 0; r < n; ++r) {
        int64_t v = 0;
        if (out.valid[r]) {
          auto [it, inserted] = codes.emplace(cells.Text(r), static_cast<int64_t>(out.text.size()));
          if (inserted) out.text.push_back(it->first);
          v = it->second;
        }
        out.ints[r] = v;
      }
    } else if (col.type.Is(lang::TypeKind::kBool)) {
      out.ints.resize(n);
      for (size_t r = 0; r < n; ++r) out.ints[r] = out.valid[r] && cells.Int(r) != 0;
    } else if (cells.kind() == rt::CellColumn::Kind::kInt) {
      out.ints = cells.TakeInts();
      for (size_t r = 0; r < n; ++r) out.ints[r] = out.valid[r] ? out.ints[r] : 0;
    } else {
      out.ints.resize(n);
      for (size_t r = 0; r < n; ++r) out.ints[r] = out.valid[r] ? cells.Int(r) : 0;
    }
    out.PackBytes();
    result->nodes[static_cast<size_t>(col.node)] = std::move(out);
  }
  return rt::Status::Ok();
}

namespace {
rt::Status RunOnServerOnce(const Compilation& compilation, sql::LowerOptions options, SqlServer& server,
                           rt::Dataset* data, exec::RunResult* result, std::optional<Diagnostic>* diagnostic);
}  // namespace

namespace {
// LowerOptions::column_types from the server, for the event inputs, whose raw columns a type
// spares checks of (AggregateCall::raw_money_type, value_never_null): one DESCRIBE per table.
std::vector<std::vector<std::string>> ServerColumnTypes(const ir::Program& program,
                                                        const std::vector<std::string>& tables, SqlServer& server) {
  std::vector<std::vector<std::string>> types(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size() && i < tables.size(); ++i) {
    const ir::InputSchema& in = program.inputs[i];
    if (!in.is_event || tables[i].empty()) continue;
    std::vector<std::pair<std::string, std::string>> described = server.ColumnTypes(tables[i]);
    types[i].resize(in.columns.size());
    for (size_t c = 0; c < in.columns.size(); ++c) {
      for (const auto& [name, type] : described)
        if (name == in.columns[c].name) types[i][c] = type;
    }
  }
  return types;
}
}  // namespace

rt::Status RunOnServer(const Compilation& compilation, sql::LowerOptions options, SqlServer& server, rt::Dataset* data,
                       exec::RunResult* result, std::optional<Diagnostic>* diagnostic) {
  if (options.column_types.empty()) options.column_types = ServerColumnTypes(*compilation.ir, options.tables, server);
  rt::Status ran = RunOnServerOnce(compilation, options, server, data, result, diagnostic);
  // A sum whose running totals may pass 64 bits asks for the ordered check (kExactSumNeeded).
  if (ran.ok() || options.exact_sums || ran.message().find(sql::kExactSumNeeded) == std::string::npos) return ran;
  options.exact_sums = true;
  *data = rt::Dataset{};
  *result = exec::RunResult{};
  return RunOnServerOnce(compilation, options, server, data, result, diagnostic);
}

namespace {
rt::Status RunOnServerOnce(const Compilation& compilation, sql::LowerOptions options, SqlServer& server,
                           rt::Dataset* data, exec::RunResult* result, std::optional<Diagnostic>* diagnostic) {
  const ir::Program& program = *compilation.ir;
  auto lower = [&](const sql::LowerOptions& o) {
    Diagnostic d;
    std::optional<sql::SqlStatement> statement = LowerProgram(compilation, o, &d);
    if (!statement) *diagnostic = d;
    return statement;
  };
  auto refused = [&] { return rt::Status::Error((*diagnostic)->message); };
  // Population nodes seg ranks, stage by stage: a node's argument reads only earlier stages'
  // nodes. The quantile bins where the dialect cannot compute them in the statement (ClickHouse's
  // qcut_rank and ntile);
  // percent_rank and cumulative_share where the dialect has no window functions.
  std::map<int32_t, std::vector<ir::NodeId>> stages;
  for (ir::NodeId id = 0; id < static_cast<ir::NodeId>(program.nodes.size()); ++id) {
    const ir::Node& n = program.nodes[id];
    if (n.kind != ir::NodeKind::kPopulation) continue;
    bool windowed = n.population.func == lang::PopFunc::kPercentRank ||
                    n.population.func == lang::PopFunc::kCumulativeShare;
    bool bins = n.population.func == lang::PopFunc::kQuantileBin;
    if ((bins && !options.dialect->RanksQuantilesInStatement(n.population.method)) ||
        (windowed && !options.dialect->HasWindowFunctions()))
      stages[n.stage].push_back(id);
  }
  for (const auto& [stage, ids] : stages) {
    sql::LowerOptions pass = options;
    pass.only.clear();
    for (ir::NodeId id : ids) pass.only.push_back(program.nodes[id].args[0]);
    std::optional<sql::SqlStatement> statement = lower(pass);
    if (!statement) return refused();
    rt::Dataset pass_data;
    exec::RunResult values;
    SEG_RETURN_IF_ERROR(RunStatement(program, *statement, server, &pass_data, &values));
    size_t n = pass_data.num_customers();
    for (ir::NodeId id : ids) {
      ir::NodeId arg = program.nodes[id].args[0];
      const exec::ResultColumn& column = *values.nodes[arg];
      double unit = exec::RankingUnit(program.nodes[arg].type);
      std::vector<double> ranked(n);
      std::vector<uint8_t> valid(n);
      for (size_t c = 0; c < n; ++c) {
        ranked[c] = column.type.Is(lang::TypeKind::kFloat) ? column.floats[c]
                                                           : static_cast<double>(column.Int(c)) / unit;
        valid[c] = column.Valid(c) && !std::isnan(ranked[c]);
      }
      const lang::PopulationSpec& spec = program.nodes[id].population;
      if (spec.func != lang::PopFunc::kQuantileBin) {
        options.value_results[id] = ValueResultsOf(spec, ranked, valid);
        continue;
      }
      std::vector<int32_t> bins(n);
      std::vector<uint8_t> bins_valid(n);
      rt::BinCuts cuts;
      bool by_rank = spec.method == lang::BinMethod::kQcutRank || spec.method == lang::BinMethod::kNtile;
      // Rank methods: ascending bins, ties in key order, which is the rows' order (key order).
      rt::QuantileBins(ranked.data(), valid.data(), n, spec.bins, exec::RankingMethod(spec.method),
                       by_rank ? false : spec.descending, bins.data(), bins_valid.data(), &cuts);
      if (!by_rank) {
        options.cuts[id] = cuts;
        continue;
      }
      // Each bin's first customer in (value, key) order: bins are monotone in rank.
      sql::LowerOptions::RankBounds bounds;
      std::vector<size_t> first_of_bin;
      for (size_t c = 0; c < n; ++c) {
        if (!bins_valid[c]) continue;
        auto b = static_cast<size_t>(bins[c]);
        if (first_of_bin.size() < b + 1) first_of_bin.resize(b + 1, SIZE_MAX);
        size_t& first = first_of_bin[b];
        if (first == SIZE_MAX || ranked[c] < ranked[first]) first = c;  // rows are in key order
        bounds.bins_used = std::max(bounds.bins_used, bins[c]);
      }
      for (size_t b = 0; b < first_of_bin.size(); ++b) {
        if (first_of_bin[b] == SIZE_MAX) continue;
        bounds.bins.push_back(static_cast<int>(b));
        bounds.values.push_back(ranked[first_of_bin[b]]);
        bounds.keys.push_back(rt::CustomerKeyText(pass_data.customers.column(pass_data.key_column), first_of_bin[b]));
      }
      options.bounds[id] = bounds;
    }
  }
  std::optional<sql::SqlStatement> statement = lower(options);
  if (!statement) return refused();
  SEG_RETURN_IF_ERROR(RunStatement(program, *statement, server, data, result));
  for (const auto& [id, cuts] : options.cuts) result->cuts[static_cast<size_t>(id)] = cuts;
  return rt::Status::Ok();
}
}  // namespace

}  // namespace seg::driver
