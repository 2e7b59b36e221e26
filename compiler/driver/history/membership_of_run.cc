#include "compiler/driver/history/membership_of_run.h"

#include "runtime/customer_key.h"
#include "runtime/history/sha256.h"

namespace seg::driver {

std::string ProgramHash(const ir::Program& program) { return rt::Sha256Hex(ir::Print(program)); }

rt::Membership MembershipOfRun(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                               const std::string& as_of, const std::string& program_path) {
  rt::Membership m;
  m.as_of = as_of;
  m.program_hash = ProgramHash(program);
  m.program = program_path;
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  m.key_name = entity.columns[entity.key_column].name;
  const rt::Column& keys = data.customers.column(data.key_column);
  m.key_kind = keys.type() == rt::ValueType::kInt ? rt::KeyKind::kInt : rt::KeyKind::kText;
  size_t n = data.num_customers();
  m.keys.reserve(n);
  for (size_t row = 0; row < n; ++row) m.keys.push_back(rt::CustomerKeyText(keys, row));
  for (size_t c = 0; c < program.classifications.size(); ++c) {
    m.classifications.push_back({program.classifications[c].name, program.classifications[c].buckets});
    std::vector<uint32_t> codes(n);
    for (size_t row = 0; row < n; ++row) {
      int32_t bucket = result.buckets[c][row];
      codes[row] = bucket < 0 ? 0 : static_cast<uint32_t>(bucket) + 1;
    }
    m.buckets.push_back(std::move(codes));
  }
  for (const ir::Named& tag : program.tags) {
    m.tags.push_back(tag.name);
    const exec::ResultColumn& column = *result.nodes[tag.node];
    std::vector<uint8_t> on(n);
    for (size_t row = 0; row < n; ++row) on[row] = column.Holds(row);
    m.tagged.push_back(std::move(on));
  }
  rt::SortByKey(&m);
  rt::CountMembers(&m);
  return m;
}

}  // namespace seg::driver
