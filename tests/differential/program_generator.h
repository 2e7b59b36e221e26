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
  std::vector<std::string> lets;  // every let, for --with: the differential test prints them all
  bool int_keys = false;          // `key id { id: int }`: the customer keys are numbers
};

GeneratedProgram GenerateProgram(uint64_t seed);

}  // namespace seg::differential
