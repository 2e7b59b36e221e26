// libFuzzer entry for the CSV loader: any bytes, under a spec and options the input's first bytes
// choose (loader_fuzz_input.h), must load or fail with a message, never crash, and a table that
// loads must be whole.
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/io/csv_reader.h"
#include "tests/fuzz/loader_fuzz_input.h"

namespace {

// The header's names, split at the delimiter without quoting rules: a quoted header name simply
// declares a column the loader will not find, which is a case worth reaching too.
std::vector<std::string> HeaderNames(const std::string& file, char delimiter) {
  std::vector<std::string> names;
  size_t end = file.find('\n');
  std::string header = file.substr(0, end);
  if (!header.empty() && header.back() == '\r') header.pop_back();
  size_t start = 0;
  while (true) {
    size_t cut = header.find(delimiter, start);
    names.push_back(header.substr(start, cut == std::string::npos ? std::string::npos : cut - start));
    if (cut == std::string::npos) break;
    start = cut + 1;
  }
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  seg::fuzz::LoaderInput input;
  if (!seg::fuzz::DecodeControl(data, size, &input)) return 0;
  seg::fuzz::DeclareColumns(data, HeaderNames(input.file, input.options.delimiter), &input);
  if (input.spec.columns.empty() || (input.spec.is_event && input.spec.columns.size() < 2)) return 0;
  static seg::fuzz::ScratchFile scratch(".csv");
  seg::rt::LoadResult result = seg::rt::LoadCsvTable(input.spec, scratch.Write(input.file), input.options, input.zone);
  seg::fuzz::CheckLoad(input, result, "fuzz_csv");
  return 0;
}
