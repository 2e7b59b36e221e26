#include "compiler/driver/snapshot_schema.h"

#include "compiler/driver/load_data.h"

namespace seg::driver {

rt::snapshot::StoredSchema SnapshotSchemaOf(const ir::Program& program) {
  rt::snapshot::StoredSchema schema;
  schema.time_zone = program.timezone;
  for (size_t i = 0; i < program.inputs.size(); ++i)
    schema.inputs.push_back(InputSpec(program, i, ColumnsToLoad::kAll));
  return schema;
}

std::vector<std::string> TieColumnNames(const ir::Program& program, size_t input) {
  std::vector<std::string> names;
  for (size_t c : TieColumns(program, input)) names.push_back(program.inputs[input].columns[c].name);
  return names;
}

}  // namespace seg::driver
