// Links against an installed libseg through the C++ API: one customer in real time.
#include <iostream>

#include "seg/seg.hpp"

int main() {
  seg::CompileResult compiled = seg::Compile("input customers key id { spend: money }\ntag big when spend >= 100\n");
  if (!compiled.ok()) {
    std::cerr << compiled.rendered;
    return 1;
  }
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  seg::CustomerResult result;
  seg::Status s = compiled.program->EvaluateCustomer(R"({"customer": {"id": "a", "spend": 150}})", options, &result);
  if (!s.ok()) {
    std::cerr << s.message << "\n";
    return 1;
  }
  std::cout << result.json << "\n";
  return result.tags.at(0).second ? 0 : 1;
}
