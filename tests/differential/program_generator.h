// Random well-typed seg programs over one fixed schema (customers, orders, visits), generated
// type-directed: pick the type a place needs, then an expression of that type, so every program
// passes `seg check`. A program that does not is a generator bug, and the test says so.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace seg::differential {

struct GeneratedProgram {
  std::string text;
  std::vector<std::string> lets;            // every let, for --with: the differential test prints them all
  bool int_keys = false;                    // `key id { id: int }`: the customer keys are numbers
  std::vector<std::string> param_bindings;  // "name=value" for every param, another value than its default
};

// What a program may use. The SQL backends run the generator's programs without population
// statistics where their dialect cannot rank customers (ClickHouse 18.16 has no window functions):
// with `populations` false every place that would rank draws a plain value instead, so the rest
// of the program is tested there rather than the whole program refused.
// With `sql_only` the program keeps to what the SQL backends lower (docs/SQL.md): no model fits,
// no order statistics (median, percentile, stddev, mode), no sequences of events (`then`), no
// matches or ilike, each of which the lowering refuses whole (E0400); a plain aggregate or text
// function is drawn instead. (Calendar arithmetic is drawn: both dialects lower it.)
struct GeneratorOptions {
  bool populations = true;
  bool sql_only = false;
  bool sql_sequences = false;  // with sql_only, sequences are drawn too (PostgreSQL lowers them)
};

// The same seed and options give the same program; the default options give the programs the
// interpreter-vs-JIT test has always run.
GeneratedProgram GenerateProgram(uint64_t seed, const GeneratorOptions& options = {});

}  // namespace seg::differential
