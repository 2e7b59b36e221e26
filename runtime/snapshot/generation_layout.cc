#include "runtime/snapshot/generation_layout.h"

#include <variant>

namespace seg::rt::snapshot {

Section ArrayPlacer::Add(const void* data, uint64_t size) {
  if (placed_) return sections_[added_[next_++]];
  // The same memory added again (a timestamp time column's values, which are also its input's
  // instants) is stored once, and both sections name it.
  size_t index = arrays_.size();
  for (size_t k = 0; size > 0 && k < arrays_.size(); ++k) {
    if (arrays_[k].data == data && arrays_[k].size == size) index = k;
  }
  if (index == arrays_.size()) arrays_.push_back({data, size});
  added_.push_back(index);
  // As many piece checksums as it will have, so that the first pass learns the metadata's size.
  return {0, size, std::vector<uint64_t>(PieceCount(size))};
}

void ArrayPlacer::Place(uint64_t first_offset) {
  uint64_t offset = AlignUp(first_offset);
  for (const ArrayRef& a : arrays_) {
    sections_.push_back({offset, a.size, PieceChecksums(a.data, a.size)});
    end_ = offset + a.size;
    offset = AlignUp(offset + a.size);
  }
  if (arrays_.empty()) end_ = first_offset;
  placed_ = true;
}

namespace {

// A std::vector or an rt::Buffer.
template <typename Array> Section AddVector(ArrayPlacer* arrays, const Array& v) {
  return arrays->Add(v.data(), v.size() * sizeof(v[0]));
}

void EncodeColumn(const Column& column, ArrayPlacer* arrays, MetadataWriter* out) {
  out->SectionRef(AddVector(arrays, column.validity()));
  std::visit([&](const auto& values) { out->SectionRef(AddVector(arrays, values)); }, column.data());
  out->SectionRef(AddVector(arrays, column.tag_offsets()));
  std::string_view bytes = column.dictionary().bytes();
  out->SectionRef(arrays->Add(bytes.data(), bytes.size()));
  out->SectionRef(AddVector(arrays, column.dictionary().ends()));
}

}  // namespace

void EncodeMetadata(const Generation& generation, ArrayPlacer* arrays, MetadataWriter* out) {
  out->U64(generation.snapshot_id);
  out->U32(generation.index);
  out->U8(generation.customers_derived ? 1 : 0);
  EncodeSchema(generation.schema, out);
  for (const StoredInput& input : generation.inputs) {
    out->U8(input.present ? 1 : 0);
    if (!input.present) continue;
    out->U64(input.table.num_rows());
    out->U64(input.indexed_rows);
    out->U64(input.unknown_customer_events);
    out->U64(input.missing_key_events);
    out->U64(input.missing_time_events);
    out->U32(static_cast<uint32_t>(input.tie_columns.size()));
    for (const std::string& name : input.tie_columns) out->String(name);
    for (size_t c = 0; c < input.table.num_columns(); ++c) {
      out->U8(input.IsStored(c) ? 1 : 0);
      if (input.IsStored(c)) EncodeColumn(input.table.column(c), arrays, out);
    }
    out->SectionRef(AddVector(arrays, input.offsets));
    out->SectionRef(AddVector(arrays, input.local_day));
    out->SectionRef(AddVector(arrays, input.instant));
  }
}

}  // namespace seg::rt::snapshot
