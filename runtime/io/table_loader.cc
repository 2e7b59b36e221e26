#include "runtime/io/table_loader.h"

#include "runtime/io/csv_reader.h"
#include "runtime/io/jsonl_reader.h"

namespace seg::rt {
namespace {

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

LoadResult LoadTable(const TableSpec& spec, const std::string& path, const LoadOptions& options, const TimeZone& zone) {
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson") || EndsWith(path, ".json")) {
    return LoadJsonlTable(spec, path, options, zone);
  }
  return LoadCsvTable(spec, path, options, zone);
}

}  // namespace seg::rt
