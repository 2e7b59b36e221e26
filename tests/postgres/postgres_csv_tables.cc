// CSV test data as PostgreSQL tables with the declared column types (csv_tables.h).
#include <fstream>

#include "runtime/io/postgres/postgres_url.h"
#include "tests/e2e/e2e_support.h"
#include "tests/postgres/csv_tables.h"

namespace seg::test {

namespace fs = std::filesystem;
using e2e::ShellQuote;

// The SQL that turns a CSV field (text, NULL when empty) into the column type the declaration
// asks for, with seg's own rules: fields of non-text types are trimmed, tags split on '|'.
std::string Conversion(rt::ValueType type, const std::string& column) {
  std::string trimmed = "NULLIF(btrim(" + column + "), '')";
  switch (type) {
    case rt::ValueType::kBool: return trimmed + "::boolean";
    case rt::ValueType::kInt: return trimmed + "::bigint";
    case rt::ValueType::kFloat: return trimmed + "::double precision";
    case rt::ValueType::kMoney: return trimmed + "::numeric";
    case rt::ValueType::kDate: return trimmed + "::date";
    case rt::ValueType::kTimestamp: return trimmed + "::timestamptz";  // read in the session's zone
    case rt::ValueType::kText:
    case rt::ValueType::kId: return column;
    case rt::ValueType::kTags: return "string_to_array(" + column + ", '|')";
    case rt::ValueType::kDuration: break;
  }
  throw std::runtime_error("a duration column has no CSV form PostgreSQL's interval reads");
}

// The header of a CSV file (no quoting in the e2e headers' names beyond plain names).
std::vector<std::string> CsvHeader(const fs::path& csv, char delimiter) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> names;
  std::string name;
  for (char c : line + delimiter) {
    if (c == delimiter) {
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
      names.push_back(name);
      name.clear();
    } else {
      name += c;
    }
  }
  return names;
}

// Copies `csv` into the table `table` with the declared column types of `input`: the file goes
// into a staging table of text columns as it is, then is converted in SQL. Its column seg_row
// numbers the rows in file order (a heap keeps no order: COPY may fill an earlier page's gap).
// `column_types`: the SQL type of a column declared otherwise (by its name), converted from the
// trimmed text. Throws (with the server's reason) when PostgreSQL cannot hold the file's data.
void LoadCsvAsTable(PostgresServer& server, const std::string& table, const fs::path& csv, const ir::InputSchema& input,
                    const std::string& zone, char delimiter, const std::map<std::string, std::string>& column_types) {
  std::vector<std::string> header = CsvHeader(csv, delimiter);
  std::string stage = table + "_csv";
  std::string columns, names;
  for (const std::string& h : header) {
    columns += (columns.empty() ? "" : ", ") + rt::pg::QuoteIdentifier(h) + " text";
    names += (names.empty() ? "" : ", ") + rt::pg::QuoteIdentifier(h);
  }
  server.Exec("CREATE TABLE " + stage + " (seg_row bigserial, " + columns + ")");
  std::string delimiter_sql = delimiter == '\'' ? "''''" : std::string("'") + delimiter + "'";
  server.CopyCsv(stage + " (" + names + ")", csv.string(),
                 "FORMAT csv, HEADER true, DELIMITER " + delimiter_sql + ", FORCE_NULL (" + names + ")");
  std::string select;
  for (const ir::ColumnSchema& c : input.columns) {
    const std::string quoted = rt::pg::QuoteIdentifier(c.name);
    auto declared = column_types.find(c.name);
    select += (select.empty() ? "" : ", ") +
              (declared == column_types.end() ? Conversion(c.type.ToValueType(), quoted)
                                              : "NULLIF(btrim(" + quoted + "), '')::" + declared->second) +
              " AS " + quoted;
  }
  // One statement list, one implicit transaction: on an error the SET is undone too.
  // A fixed offset ("+05:30", east positive) as an interval: as text PostgreSQL reads it POSIX-style, west positive.
  bool fixed = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':';
  std::string set_zone = fixed ? "SET TIME ZONE INTERVAL '" + zone + "' HOUR TO MINUTE"
                               : "SET TimeZone = '" + zone + "'";
  server.Exec(set_zone + "; CREATE TABLE " + table + " AS SELECT seg_row, " + select + " FROM " + stage +
              "; RESET TimeZone");
}

// `args` with each --input NAME=FILE bound to the table `prefix_NAME` instead; loads those tables.
// `in_file_order`: bind ?query=SELECT * FROM table ORDER BY seg_row, which gives the rows in the
// file's order, as the CSV run sees them; else ?table= (customers then come in key order).
std::string BindToTables(PostgresServer& server, const fs::path& dir, const std::string& args,
                         const ir::Program& program, const std::string& prefix, bool in_file_order,
                         const std::map<std::string, std::string>& column_types) {
  char delimiter = CsvDelimiter(args);
  return RebindInputs(args, [&](const std::string& name, const std::string& file) {
    std::string table = prefix + "_" + name;
    std::map<std::string, std::string> declared;  // this input's, by column name
    for (const auto& [column, type] : column_types) {
      if (column.rfind(name + ".", 0) == 0) declared[column.substr(name.size() + 1)] = type;
    }
    LoadCsvAsTable(server, table, dir / file, program.inputs[InputIndex(program, name)], program.timezone, delimiter,
                   declared);
    std::string source = in_file_order ? "?query=SELECT%20*%20FROM%20" + table + "%20ORDER%20BY%20seg_row"
                                       : "?table=public." + table;
    return ShellQuote(server.Url(source));
  });
}

}  // namespace seg::test
