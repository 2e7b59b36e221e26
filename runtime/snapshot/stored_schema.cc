#include "runtime/snapshot/stored_schema.h"

#include "runtime/value_type.h"

namespace seg::rt::snapshot {

void EncodeSchema(const StoredSchema& schema, MetadataWriter* out) {
  out->String(schema.time_zone);
  out->U32(static_cast<uint32_t>(schema.inputs.size()));
  for (const TableSpec& t : schema.inputs) {
    out->String(t.name);
    out->U8(t.is_event ? 1 : 0);
    out->String(t.key_column);
    out->String(t.time_column);
    out->U32(static_cast<uint32_t>(t.columns.size()));
    for (const ColumnSpec& c : t.columns) {
      out->String(c.name);
      // The type's name, not its enum value: a reordered enum cannot change a stored meaning.
      out->String(ValueTypeName(c.type));
    }
  }
}

bool DecodeSchema(MetadataReader* in, StoredSchema* schema) {
  uint32_t inputs = 0;
  if (!in->String(&schema->time_zone) || !in->U32(&inputs) || inputs > 10000) return false;
  schema->inputs.resize(inputs);
  for (TableSpec& t : schema->inputs) {
    uint8_t is_event = 0;
    uint32_t columns = 0;
    if (!in->String(&t.name) || !in->U8(&is_event) || !in->String(&t.key_column) || !in->String(&t.time_column) ||
        !in->U32(&columns) || columns > 100000) {
      return false;
    }
    t.is_event = is_event != 0;
    t.columns.resize(columns);
    for (ColumnSpec& c : t.columns) {
      std::string type;
      if (!in->String(&c.name) || !in->String(&type)) return false;
      std::optional<ValueType> parsed = ParseValueType(type);
      if (!parsed) return false;
      c.type = *parsed;
    }
  }
  return true;
}

namespace {

const TableSpec* FindInput(const StoredSchema& schema, const std::string& name) {
  for (const TableSpec& t : schema.inputs) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const ColumnSpec* FindColumn(const TableSpec& table, const std::string& name) {
  for (const ColumnSpec& c : table.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void DescribeTable(const TableSpec& e, const TableSpec& s, std::vector<std::string>* out) {
  std::string where = "input " + e.name + ": ";
  if (e.is_event != s.is_event) {
    out->push_back(where + (e.is_event ? "events in the program, customers in the snapshot"
                                       : "customers in the program, events in the snapshot"));
  }
  if (e.key_column != s.key_column)
    out->push_back(where + "key column " + e.key_column + " in the program, " + s.key_column + " in the snapshot");
  if (e.time_column != s.time_column)
    out->push_back(where + "time column " + e.time_column + " in the program, " + s.time_column + " in the snapshot");
  for (const ColumnSpec& c : e.columns) {
    const ColumnSpec* stored = FindColumn(s, c.name);
    if (stored == nullptr) {
      out->push_back(where + "column " + c.name + " is not in the snapshot");
    } else if (stored->type != c.type) {
      out->push_back(where + "column " + c.name + " is " + std::string(ValueTypeName(c.type)) + " in the program, " +
                     std::string(ValueTypeName(stored->type)) + " in the snapshot");
    }
  }
  for (const ColumnSpec& c : s.columns) {
    if (FindColumn(e, c.name) == nullptr)
      out->push_back(where + "the snapshot has a column " + c.name + " the program does not declare");
  }
  if (out->empty()) {
    // Same names and types, other order: columns are stored by position.
    bool same_order = e.columns.size() == s.columns.size();
    for (size_t i = 0; same_order && i < e.columns.size(); ++i) same_order = e.columns[i].name == s.columns[i].name;
    if (!same_order) out->push_back(where + "the columns are declared in another order than in the snapshot");
  }
}

}  // namespace

std::string DescribeSchemaDifference(const StoredSchema& expected, const StoredSchema& stored) {
  std::vector<std::string> differences;
  if (expected.time_zone != stored.time_zone) {
    differences.push_back("time zone " + expected.time_zone + " in the program, " + stored.time_zone +
                          " in the snapshot");
  }
  for (const TableSpec& e : expected.inputs) {
    const TableSpec* s = FindInput(stored, e.name);
    if (s == nullptr) {
      differences.push_back("input " + e.name + " is not in the snapshot");
      continue;
    }
    std::vector<std::string> table;
    DescribeTable(e, *s, &table);
    differences.insert(differences.end(), table.begin(), table.end());
  }
  for (const TableSpec& s : stored.inputs) {
    if (FindInput(expected, s.name) == nullptr)
      differences.push_back("the snapshot has an input " + s.name + " the program does not declare");
  }
  if (differences.empty()) {
    bool same_order = expected.inputs.size() == stored.inputs.size();
    for (size_t i = 0; same_order && i < expected.inputs.size(); ++i)
      same_order = expected.inputs[i].name == stored.inputs[i].name;
    if (!same_order) differences.push_back("the inputs are declared in another order than in the snapshot");
  }
  std::string text;
  for (const std::string& d : differences) text += (text.empty() ? "" : "; ") + d;
  return text;
}

}  // namespace seg::rt::snapshot
