// Random data for the differential test's fixed schema, full of the cases engines get wrong:
// customers without events, events exactly on as_of and on window edges (as_of - 30 days, month
// ends, quarter and week starts), events after as_of and without a time, equal timestamps,
// missing values in every nullable column, empty texts, tied values for the quantiles, and in a
// few seeds money near the overflow limit; keys whose byte order is not their creation order,
// int keys, and rows in an order unrelated to the keys. Kept as rows so a failing case can be shrunk.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/table.h"

namespace seg::differential {

// One value, interpreted by the column's type: i for int/money/date/timestamp/bool, f for float,
// s for text/id, tags for tags. A money cell with s set is written to CSV as that text (more than
// 4 decimals, which the reader rounds); i is the rounded value the reader gives.
struct Cell {
  bool missing = true;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<std::string> tags;
};

using Row = std::map<std::string, Cell>;  // column name -> value; absent columns are missing

// The decimal type a server table declares a money column as (PostgreSQL numeric(p, s),
// ClickHouse Decimal(p, s)). seg reads any of them; one of more than 4 decimals rounds each value
// as the CSV reader does, and makes the SQL backend's fast money sums give way to its exact
// statement (kExactSumNeeded), which the campaigns then cover on every run.
struct DecimalType {
  int precision = 38;
  int scale = 4;
};

struct DataSet {
  std::string as_of;                               // YYYY-MM-DD
  std::map<std::string, std::vector<Row>> inputs;  // "customers", "orders", "visits"
  std::vector<std::string> params;                 // "name=value", bound as --param binds them; empty: the defaults
  // "input.column" -> the type the server tables declare a money column as; every value of the
  // column fits it exactly (at most `scale` decimals, as written in the cell's text). A money
  // column not listed: PostgreSQL numeric (the text as written, more than 4 decimals at times),
  // ClickHouse Decimal(38, 4) (the value as seg's reader rounds it).
  std::map<std::string, DecimalType> money_types;
};

// Customer keys carry both forms: s ("c7" or "c007") for a program whose key is id, i (distinct
// numbers) for one whose key is int; an event's customer cell is its customer's key cell.
DataSet GenerateData(uint64_t seed, uint64_t stream);

// The same data with every input's rows shuffled (equal timestamps included: a customer's events
// at one time are ordered by their values). A customer's result must not change (output rows
// follow the customer file, so compare them sorted).
DataSet Reordered(const DataSet& data, uint64_t seed);

// The rows as rt::Tables in the program's input order and column order, for driver::IndexTables.
std::vector<std::optional<rt::Table>> BuildTables(const ir::Program& program, const DataSet& data);

// The rows as one CSV text per input (seg run can read them back: an empty text and a missing
// text both print as an empty field, the one thing CSV cannot tell apart).
std::map<std::string, std::string> ToCsv(const ir::Program& program, const DataSet& data);

// A money cell's value in units of 10^-scale of its column's declared type, exactly: the digits of
// its text where it has one, else its value in 1/10000.
__int128 DecimalUnits(const Cell& cell, int scale);

// "customers.spend numeric(38,6), ..." (`decimal` names the type: "numeric" or "Decimal"), or ""
// for a data set of the usual types: for a mismatch's report.
std::string MoneyTypesText(const DataSet& data, const std::string& decimal);

// A smaller DataSet: without customer `key` and all their events.
DataSet WithoutCustomer(const DataSet& data, const std::string& key);
// One customer's rows alone (its customer row and its events, by the key's text form): a
// real-time record.
DataSet OnlyCustomer(const DataSet& data, const std::string& key);
// A smaller DataSet: without row `row` of `input`.
DataSet WithoutRow(const DataSet& data, const std::string& input, size_t row);

}  // namespace seg::differential
