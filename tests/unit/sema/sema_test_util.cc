#include "tests/unit/sema/sema_test_util.h"

#include "compiler/lang/types.h"

namespace seg::sema::testing {

const char* const kSchema =
    "input customers key id { signup: date; seen: timestamp; city: text; age: int; spend: money; tags: tags; ref: id "
    "}\n"
    "input orders of customers by customer at ts { amount: money; category: text; discounted: bool }\n"
    "input visits of customers by customer at ts { page: text }\n"
    "param as_of: date\n";

std::unique_ptr<driver::Compilation> Compile(const std::string& body, const driver::CompileOptions& options) {
  return driver::CompileText("test.seg", std::string(kSchema) + body, options);
}

std::vector<std::string> Codes(const driver::Compilation& c) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : c.sink.diagnostics()) codes.emplace_back(InfoOf(d.code).code);
  return codes;
}

std::vector<std::string> CodesOf(const std::string& body, const driver::CompileOptions& options) {
  return Codes(*Compile(body, options));
}

std::string TypeOf(const std::string& expr) {
  driver::CompileOptions options;
  options.disabled_warnings = {"unused-let"};
  auto c = Compile("let x = " + expr + "\n", options);
  if (!c->sink.diagnostics().empty()) {
    std::string out = "error:";
    for (const std::string& code : Codes(*c)) out += " " + code;
    return out;
  }
  for (const LetSymbol& let : c->program->lets) {
    if (let.name == "x") return TypeName(let.value->type);
  }
  return "no let";
}

}  // namespace seg::sema::testing
