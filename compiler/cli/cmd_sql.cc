// `seg sql` (print the program as one SQL statement) and `seg run --on URL` (run it inside the
// server): the CLI's whole side of the SQL backend, in one place. The flags: --dialect, --on, and
// --input NAME=TABLE (a table of the server, not a file).
#include <cstdio>

#include "compiler/base/diagnostic_renderer.h"
#include "compiler/cli/commands.h"
#include "compiler/cli/run_context.h"
#include "compiler/cli/sql_commands.h"
#include "compiler/driver/sql_run.h"
#include "compiler/driver/sql_server_clickhouse.h"
#include "runtime/io/clickhouse/clickhouse_url.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

// The lowering's options from --input and the bound params; nullopt after a message.
std::optional<sql::LowerOptions> Options(const Args& args, const char* command, const RunContext& context,
                                         const sql::Dialect& dialect, const std::vector<ir::NodeId>& extra) {
  sql::LowerOptions options;
  options.dialect = &dialect;
  options.params = context.params;
  options.extra = extra;
  options.title = "seg sql " + args.positional()[0] + " --dialect " + std::string(dialect.Name());
  bool on_server = std::string(command) == "run";
  rt::Result<std::vector<std::string>> tables = driver::BindTables(*context.compilation->ir, args.GetAll("input"),
                                                                   dialect, !on_server);
  if (!tables.ok()) {
    std::fprintf(stderr, "seg %s: %s\n", command, tables.message().c_str());
    return std::nullopt;
  }
  options.tables = std::move(*tables);
  return options;
}

}  // namespace

int RunSql(const Args& args) {
  std::string name = args.Get("dialect").value_or("postgres");
  const sql::Dialect* dialect = sql::DialectNamed(name);
  if (dialect == nullptr) {
    std::fprintf(stderr, "seg sql: --dialect takes postgres or clickhouse, not '%s'\n", name.c_str());
    return 2;
  }
  RunContext context;
  if (int status = CompileAndBindParams(args, "sql", &context); status != 0) return status;
  std::optional<sql::LowerOptions> options = Options(args, "sql", context, *dialect, {});
  if (!options) return 2;
  Diagnostic diagnostic;
  std::optional<sql::SqlStatement> statement = driver::LowerProgram(*context.compilation, *options, &diagnostic);
  if (!statement) {
    std::fputs(RenderOne(diagnostic, context.compilation->sources).c_str(), stderr);
    return 1;
  }
  std::fputs(statement->sql.c_str(), stdout);
  return 0;
}

int ExecuteOnServer(const Args& args, const RunContext& context, const std::vector<ir::NodeId>& extra,
                    rt::Dataset* data, exec::RunResult* result) {
  std::string url = *args.Get("on");
  bool clickhouse = rt::ch::IsClickHouseUrl(url);
  if (!rt::pg::IsPostgresUrl(url) && !clickhouse) {
    std::fprintf(stderr, "seg run: --on takes a postgresql:// or clickhouse:// URL, not '%s'\n",
                 rt::ch::RedactClickHousePasswords(rt::pg::RedactPasswords(url)).c_str());
    return 2;
  }
  if (args.Get("on-bad-row").value_or("fail") != "fail") {
    std::fprintf(stderr,
                 "seg run: --on-bad-row skip has no meaning with --on: the server reads its tables as they are\n");
    return 2;
  }
  const sql::Dialect& dialect = *sql::DialectNamed(clickhouse ? "clickhouse" : "postgres");
  std::optional<sql::LowerOptions> options = Options(args, "run", context, dialect, extra);
  if (!options) return 2;
  rt::Result<std::unique_ptr<driver::SqlServer>> server = clickhouse ? driver::ConnectClickHouse(url)
                                                                     : driver::ConnectPostgres(url);
  if (!server.ok()) {
    std::fprintf(stderr, "seg run: --on: %s\n", server.message().c_str());
    return 1;
  }
  std::optional<Diagnostic> diagnostic;
  if (rt::Status ran = driver::RunOnServer(*context.compilation, *options, **server, data, result, &diagnostic);
      !ran.ok()) {
    if (diagnostic) std::fputs(RenderOne(*diagnostic, context.compilation->sources).c_str(), stderr);
    else std::fprintf(stderr, "seg run: %s\n", ran.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace seg::cli
