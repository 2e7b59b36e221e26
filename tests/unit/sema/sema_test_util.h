// Compiles inline snippets behind a standard schema and reads back types and diagnostic codes.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compiler.h"

namespace seg::sema::testing {

// customers(id key, signup date, seen timestamp, city text, age int, spend money, tags tags,
// ref id), orders(amount money, category text, discounted bool, at ts), visits(page text), as_of.
extern const char* const kSchema;

std::unique_ptr<driver::Compilation> Compile(const std::string& body, const driver::CompileOptions& options = {});
// The codes of every diagnostic ("E0200"), in report order.
std::vector<std::string> Codes(const driver::Compilation& c);
std::vector<std::string> CodesOf(const std::string& body, const driver::CompileOptions& options = {});
// The type of `let x = <expr>` (the let is used by a score so that no warning is added);
// "error: CODES" if it does not check.
std::string TypeOf(const std::string& expr);

}  // namespace seg::sema::testing
