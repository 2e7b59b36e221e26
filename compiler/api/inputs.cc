// Binding a host's data to a program's inputs: files through the runtime's loaders, columns in
// memory through BuildTable, then one indexing step shared by every run of the bound inputs.
#include <cstring>

#include "compiler/api/columns.h"
#include "compiler/driver/load_data.h"
#include "runtime/io/cell_parser.h"
#include "runtime/io/postgres/source_loader.h"

namespace seg::api {

namespace {

using v1::Status;
using v1::StatusCode;

template <typename T> T Load(const void* values, size_t row) {
  T v;
  std::memcpy(&v, static_cast<const char*>(values) + row * sizeof(T), sizeof(T));
  return v;
}

bool RowValid(const RawColumn& c, size_t row) {
  if (c.validity == nullptr) return true;
  size_t bit = c.offset + row;
  return (c.validity[bit >> 3] >> (bit & 7)) & 1;
}

// A money value of `scale` decimals as the runtime's 4 decimals; false when it does not fit or
// would lose digits (money is exact).
bool Rescale(__int128 value, int32_t scale, int64_t* out) {
  __int128 v = value;
  for (int32_t s = scale; s < 4; ++s) v *= 10;
  for (int32_t s = scale; s > 4; --s) {
    if (v % 10 != 0) return false;
    v /= 10;
  }
  if (v > INT64_MAX || v < INT64_MIN) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

bool Compatible(v1::ValueType given, rt::ValueType wanted) {
  using V = v1::ValueType;
  if (RuntimeType(given) == wanted) return true;
  switch (wanted) {
    case rt::ValueType::kText:
    case rt::ValueType::kId: return given == V::kText || given == V::kId;
    case rt::ValueType::kFloat:
    case rt::ValueType::kMoney: return given == V::kInt;
    default: return false;
  }
}

Status BuildColumn(const RawColumn& c, rt::ValueType wanted, const rt::TimeZone& zone, const std::string& where,
                   rt::Column* out) {
  out->Reserve(c.length);
  bool text = c.type == v1::ValueType::kText || c.type == v1::ValueType::kId || c.type == v1::ValueType::kTags;
  if (text && c.offsets == nullptr) return {StatusCode::kBindError, where + ": a text column needs offsets"};
  if (c.values == nullptr && c.length > 0) return {StatusCode::kBindError, where + ": no value buffer"};
  for (size_t row = 0; row < c.length; ++row) {
    if (!RowValid(c, row)) {
      out->AppendNull();
      continue;
    }
    size_t at = c.offset + row;
    switch (c.type) {
      case v1::ValueType::kBool:
        out->AppendBool(c.bool_bits ? ((static_cast<const uint8_t*>(c.values)[at >> 3] >> (at & 7)) & 1)
                                    : Load<uint8_t>(c.values, at) != 0);
        break;
      case v1::ValueType::kInt: {
        int64_t v = Load<int64_t>(c.values, at);
        if (wanted == rt::ValueType::kFloat) out->AppendDouble(static_cast<double>(v));
        else if (wanted != rt::ValueType::kMoney) out->AppendInt64(v);
        else if (int64_t m; Rescale(v, 0, &m)) out->AppendInt64(m);
        else return {StatusCode::kBindError, where + ": row " + std::to_string(row) + ": amount out of range"};
        break;
      }
      case v1::ValueType::kMoney: {
        __int128 raw = c.decimal128 ? Load<__int128>(c.values, at) : static_cast<__int128>(Load<int64_t>(c.values, at));
        int64_t m;
        if (!Rescale(raw, c.scale, &m)) {
          return {StatusCode::kBindError, where + ": row " + std::to_string(row) +
                                              ": amount out of range or finer than 4 decimals (money is exact)"};
        }
        out->AppendInt64(m);
        break;
      }
      case v1::ValueType::kFloat: out->AppendDouble(Load<double>(c.values, at)); break;
      case v1::ValueType::kDate: out->AppendInt32(Load<int32_t>(c.values, at)); break;
      case v1::ValueType::kTimestamp:
      case v1::ValueType::kDuration: out->AppendInt64(Load<int64_t>(c.values, at)); break;
      case v1::ValueType::kText:
      case v1::ValueType::kId:
      case v1::ValueType::kTags: {
        int32_t begin = c.offsets[at], end = c.offsets[at + 1];
        if (begin < 0 || end < begin)
          return {StatusCode::kBindError, where + ": offsets decrease at row " + std::to_string(row)};
        std::string_view s(static_cast<const char*>(c.values) + begin, static_cast<size_t>(end - begin));
        // The loaders' rules (an empty text is missing, tags split on '|'), so memory and files agree.
        rt::CellValue cell;
        if (!rt::ParseCell(wanted, s, zone, &cell)) {  // text parses unless it is not UTF-8
          return {StatusCode::kBindError, where + ": row " + std::to_string(row) + ": not UTF-8 text"};
        }
        rt::AppendCell(cell, out);
        break;
      }
    }
  }
  return {};
}

}  // namespace

Status BuildTable(const ir::InputSchema& input, const std::vector<RawColumn>& columns, const rt::TimeZone& zone,
                  rt::Table* out) {
  *out = rt::Table(input.name);
  size_t length = 0;
  bool have_length = false;
  for (const ir::ColumnSchema& declared : input.columns) {
    rt::ValueType wanted = declared.type.ToValueType();
    const RawColumn* found = nullptr;
    for (const RawColumn& c : columns) {
      if (c.name == declared.name) found = &c;
    }
    std::string where = "input " + input.name + ", column '" + declared.name + "'";
    if (found == nullptr) {
      std::string given;
      for (const RawColumn& c : columns) given += " " + c.name;
      return {StatusCode::kBindError, where + " (" + std::string(rt::ValueTypeName(wanted)) +
                                          ") is missing; the columns given are:" + (given.empty() ? " none" : given)};
    }
    if (!Compatible(found->type, wanted)) {
      return {StatusCode::kBindError, where + " is declared " + std::string(rt::ValueTypeName(wanted)) +
                                          " but the data gives " + v1::ValueTypeName(found->type)};
    }
    if (have_length && found->length != length) {
      return {StatusCode::kBindError, where + " has " + std::to_string(found->length) +
                                          " rows, the columns before it " + std::to_string(length)};
    }
    length = found->length;
    have_length = true;
    rt::Column& column = out->AddColumn(declared.name, wanted);
    if (Status s = BuildColumn(*found, wanted, zone, where, &column); !s.ok()) return s;
  }
  return {};
}

}  // namespace seg::api

namespace seg::v1 {

Inputs::Inputs(std::shared_ptr<const Program> program) : impl_(std::make_unique<Impl>()) {
  impl_->program = std::move(program);
  if (impl_->program) impl_->tables.resize(impl_->program->impl().ir->inputs.size());
}
Inputs::~Inputs() = default;
Inputs::Inputs(Inputs&&) noexcept = default;
Inputs& Inputs::operator=(Inputs&&) noexcept = default;

Status Inputs::Impl::Target(std::string_view name, int32_t* input, std::optional<rt::TimeZone>* zone) const {
  if (!program) return {StatusCode::kInvalidArgument, "inputs without a program"};
  const ir::Program& ir = *program->impl().ir;
  *input = -1;
  for (size_t i = 0; i < ir.inputs.size() && *input < 0; ++i) {
    if (ir.inputs[i].name == name) *input = static_cast<int32_t>(i);
  }
  if (*input < 0) {
    std::string names;
    for (const ir::InputSchema& in : ir.inputs) names += " " + in.name;
    return {StatusCode::kBindError,
            "the program has no input named '" + std::string(name) + "'; its inputs are:" + names};
  }
  *zone = ir.zone;
  return {};
}

Status Inputs::Impl::Store(int32_t input, rt::Table table) {
  std::lock_guard<std::mutex> lock(mutex);
  tables[input] = std::move(table);
  indexed.reset();
  return {};
}

rt::Result<std::shared_ptr<const rt::Dataset>> Inputs::Impl::Dataset() const {
  std::lock_guard<std::mutex> lock(mutex);
  if (indexed) return indexed;
  const ir::Program& ir = *program->impl().ir;
  bool any = false;
  for (const std::optional<rt::Table>& t : tables) any = any || t.has_value();
  if (!any) {
    return rt::Status::Error("no data bound: bind the input " + ir.inputs[ir.entity_input].name +
                             " and/or the event inputs");
  }
  // Indexing sorts the events into new tables, so the bound tables are copied and stay for rebinding.
  driver::LoadedData loaded = driver::IndexTables(ir, tables, threads);
  if (!loaded.ok()) return loaded.status;
  indexed = std::make_shared<const rt::Dataset>(std::move(loaded.data));
  return std::shared_ptr<const rt::Dataset>(indexed);
}

Status Inputs::BindFile(std::string_view input, const std::string& path, const LoadOptions& options) {
  int32_t index = -1;
  std::optional<rt::TimeZone> zone;
  if (Status s = impl_->Target(input, &index, &zone); !s.ok()) return s;
  const ir::Program& ir = *impl_->program->impl().ir;
  rt::LoadOptions load;
  load.delimiter = options.delimiter;
  load.threads = std::max<size_t>(1, options.threads);
  load.on_bad_row = options.skip_bad_rows ? rt::BadRowPolicy::kSkip : rt::BadRowPolicy::kFail;
  impl_->threads = std::max(impl_->threads, load.threads);
  // Every column, as the API has always loaded them (only the CLI opts in to kRead).
  rt::TableSpec spec = driver::InputSpec(ir, static_cast<size_t>(index), driver::ColumnsToLoad::kAll);
  // A postgresql:// URL reads a table or query from PostgreSQL (runtime/io/postgres).
  rt::LoadResult loaded = rt::LoadSource(spec, path, load, *zone);
  if (!loaded.ok()) return {StatusCode::kIoError, loaded.status.message()};
  return impl_->Store(index, std::move(loaded.table));
}

Status Inputs::BindColumns(std::string_view input, const std::vector<ColumnView>& columns) {
  int32_t index = -1;
  std::optional<rt::TimeZone> zone;
  if (Status s = impl_->Target(input, &index, &zone); !s.ok()) return s;
  const ir::Program& ir = *impl_->program->impl().ir;
  std::vector<api::RawColumn> raw;
  for (const ColumnView& v : columns) {
    api::RawColumn c;
    c.name = std::string(v.name);
    c.type = v.type;
    c.values = v.values;
    c.validity = v.validity;
    c.length = v.length;
    c.offsets = v.offsets;
    c.scale = v.scale;
    raw.push_back(std::move(c));
  }
  rt::Table table;
  if (Status s = api::BuildTable(ir.inputs[index], raw, *zone, &table); !s.ok()) return s;
  return impl_->Store(index, std::move(table));
}

}  // namespace seg::v1
