// Inputs through the Arrow C Data Interface: a struct array whose children are an input's
// columns. The structs are defined in include/seg/arrow_c_data.h from the published ABI; seg
// reads the buffers in place, converts them into runtime columns and releases both structs.
#include <charconv>
#include <cstring>

#include "compiler/api/columns.h"

namespace seg::api {
namespace {

using v1::Status;
using v1::StatusCode;

// The value of `key` in Arrow's binary metadata encoding (int32 count, then int32-length-
// prefixed keys and values), or "" when absent.
std::string MetadataValue(const char* metadata, std::string_view key) {
  if (metadata == nullptr) return "";
  auto read_int = [&](const char*& p) {
    int32_t v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  };
  const char* p = metadata;
  int32_t pairs = read_int(p);
  for (int32_t i = 0; i < pairs; ++i) {
    int32_t key_length = read_int(p);
    std::string_view k(p, static_cast<size_t>(key_length));
    p += key_length;
    int32_t value_length = read_int(p);
    std::string_view v(p, static_cast<size_t>(value_length));
    p += value_length;
    if (k == key) return std::string(v);
  }
  return "";
}

// Fills `out` (name, type, layout) from a child's format; the buffers come later.
Status Describe(const ArrowSchema& schema, const ir::ColumnSchema* declared, RawColumn* out) {
  std::string_view format = schema.format != nullptr ? schema.format : "";
  std::string where = std::string("column '") + out->name + "'";
  using V = v1::ValueType;
  rt::ValueType wanted = declared != nullptr ? declared->type.ToValueType() : rt::ValueType::kText;
  if (format == "b") {
    out->type = V::kBool;
    out->bool_bits = true;
  } else if (format == "l") {
    out->type = wanted == rt::ValueType::kMoney ? V::kMoney : V::kInt;
    if (out->type == V::kMoney) {
      std::string scale = MetadataValue(schema.metadata, "seg.scale");
      out->scale = 4;
      if (!scale.empty()) {
        auto [end, ec] = std::from_chars(scale.data(), scale.data() + scale.size(), out->scale);
        if (ec != std::errc() || end != scale.data() + scale.size() || out->scale < 0 || out->scale > 18) {
          return {StatusCode::kBindError, where + ": metadata seg.scale must be a number of decimals, 0 to 18"};
        }
      }
    }
  } else if (format == "g") {
    out->type = V::kFloat;
  } else if (format == "tdD") {
    out->type = V::kDate;
  } else if (format == "tsu:" || format == "tsu:UTC") {
    out->type = V::kTimestamp;
  } else if (format == "u") {
    out->type = wanted == rt::ValueType::kTags ? V::kTags : wanted == rt::ValueType::kId ? V::kId : V::kText;
  } else if (format.rfind("d:", 0) == 0) {
    int precision = 0, scale = 0;
    std::string_view rest = format.substr(2);
    size_t comma = rest.find(',');
    auto p1 = std::from_chars(rest.data(), rest.data() + (comma == std::string_view::npos ? rest.size() : comma),
                              precision);
    bool ok = comma != std::string_view::npos && p1.ec == std::errc();
    if (ok) {
      std::string_view s = rest.substr(comma + 1);
      auto p2 = std::from_chars(s.data(), s.data() + s.size(), scale);
      ok = p2.ec == std::errc() && p2.ptr == s.data() + s.size();  // a third field (bit width 256) is refused
    }
    if (!ok || precision > 18 || scale < 0 || scale > 18) {
      return {StatusCode::kBindError, where + ": decimal '" + std::string(format) +
                                          "' is not supported; use decimal128 with precision <= 18 (d:18,4)"};
    }
    out->type = V::kMoney;
    out->decimal128 = true;
    out->scale = scale;
  } else {
    return {StatusCode::kBindError, where + ": Arrow format '" + std::string(format) +
                                        "' is not supported (b, l, g, tdD, tsu:, tsu:UTC, u, d:18,4)"};
  }
  return {};
}

Status Import(const ir::InputSchema& input, const ArrowSchema& schema, const ArrowArray& array,
              const rt::TimeZone& zone, rt::Table* out) {
  if (schema.format == nullptr || std::string_view(schema.format) != "+s") {
    return {StatusCode::kBindError, "input " + input.name + ": expected a struct array (format \"+s\"), got \"" +
                                        std::string(schema.format ? schema.format : "") + "\""};
  }
  if (schema.n_children != array.n_children || array.n_children < 0) {
    return {StatusCode::kBindError, "input " + input.name + ": schema and array have different numbers of children"};
  }
  if (array.null_count != 0 && array.n_buffers > 0 && array.buffers != nullptr && array.buffers[0] != nullptr) {
    return {StatusCode::kBindError, "input " + input.name + ": rows of the struct itself cannot be null"};
  }
  std::vector<RawColumn> columns;
  for (int64_t i = 0; i < array.n_children; ++i) {
    const ArrowSchema* cs = schema.children[i];
    const ArrowArray* ca = array.children[i];
    if (cs == nullptr || ca == nullptr) return {StatusCode::kBindError, "input " + input.name + ": a null child"};
    RawColumn c;
    c.name = cs->name != nullptr ? cs->name : "";
    const ir::ColumnSchema* declared = nullptr;
    for (const ir::ColumnSchema& d : input.columns) {
      if (d.name == c.name) declared = &d;
    }
    if (declared == nullptr) continue;  // a column the program does not read
    if (Status s = Describe(*cs, declared, &c); !s.ok()) {
      s.message = "input " + input.name + ", " + s.message;
      return s;
    }
    bool text = c.type == v1::ValueType::kText || c.type == v1::ValueType::kId || c.type == v1::ValueType::kTags;
    int64_t needed = text ? 3 : 2;
    if (ca->n_buffers < needed || ca->buffers == nullptr || ca->offset < 0 ||
        ca->length < array.offset + array.length) {
      return {StatusCode::kBindError, "input " + input.name + ", column '" + c.name + "': malformed array"};
    }
    // A struct's offset applies on top of its children's.
    c.offset = static_cast<size_t>(ca->offset + array.offset);
    c.length = static_cast<size_t>(array.length);
    c.validity = ca->null_count == 0 ? nullptr : static_cast<const uint8_t*>(ca->buffers[0]);
    if (text) {
      c.offsets = static_cast<const int32_t*>(ca->buffers[1]);
      c.values = ca->buffers[2];
    } else {
      c.values = ca->buffers[1];
    }
    if (c.length > 0 && (c.values == nullptr || (text && c.offsets == nullptr))) {
      return {StatusCode::kBindError, "input " + input.name + ", column '" + c.name + "': missing buffer"};
    }
    columns.push_back(std::move(c));
  }
  return BuildTable(input, columns, zone, out);
}

}  // namespace
}  // namespace seg::api

namespace seg::v1 {

Status Inputs::BindArrow(std::string_view input, ArrowSchema* schema, ArrowArray* array) {
  // Released on every path, as the consumer of a C Data Interface struct must.
  struct Releaser {
    ArrowSchema* schema;
    ArrowArray* array;
    ~Releaser() {
      if (array != nullptr && array->release != nullptr) array->release(array);
      if (schema != nullptr && schema->release != nullptr) schema->release(schema);
    }
  } releaser{schema, array};
  if (schema == nullptr || array == nullptr) return {StatusCode::kInvalidArgument, "BindArrow: null schema or array"};
  if (schema->release == nullptr || array->release == nullptr) {
    return {StatusCode::kInvalidArgument, "BindArrow: the schema or array was already released"};
  }
  int32_t index = -1;
  std::optional<rt::TimeZone> zone;
  if (Status s = impl_->Target(input, &index, &zone); !s.ok()) return s;
  const ir::Program& ir = *impl_->program->impl().ir;
  rt::Table table;
  if (Status s = api::Import(ir.inputs[index], *schema, *array, *zone, &table); !s.ok()) return s;
  return impl_->Store(index, std::move(table));
}

}  // namespace seg::v1
