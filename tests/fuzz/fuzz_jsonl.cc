// libFuzzer entry for the JSON Lines loader: any bytes, under a spec and options the input's
// first bytes choose (loader_fuzz_input.h), must load or fail with a message, never crash, and a
// table that loads must be whole. The columns are the first object's keys, in order.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/io/jsonl_reader.h"
#include "tests/fuzz/loader_fuzz_input.h"

namespace {

std::vector<std::string> FirstObjectKeys(const std::string& file) {
  std::vector<std::string> names;
  nlohmann::ordered_json first = nlohmann::ordered_json::parse(file.substr(0, file.find('\n')), nullptr, false);
  if (first.is_object()) {
    for (auto it = first.begin(); it != first.end(); ++it) names.push_back(it.key());
  }
  // Lines that are not objects still get a spec, so the loader's error paths are reached too.
  if (names.empty()) names = {"id", "ts", "a", "b", "c"};
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  seg::fuzz::LoaderInput input;
  if (!seg::fuzz::DecodeControl(data, size, &input)) return 0;
  seg::fuzz::DeclareColumns(data, FirstObjectKeys(input.file), &input);
  if (input.spec.columns.empty() || (input.spec.is_event && input.spec.columns.size() < 2)) return 0;
  static seg::fuzz::ScratchFile scratch(".jsonl");
  seg::rt::LoadResult result = seg::rt::LoadJsonlTable(input.spec, scratch.Write(input.file), input.options,
                                                       input.zone);
  seg::fuzz::CheckLoad(input, result, "fuzz_jsonl");
  return 0;
}
