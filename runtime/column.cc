#include "runtime/column.h"

#include <bit>

#include "runtime/zero_pages.h"

namespace seg::rt {
namespace {

// Appends `count` bits of `src` (starting at bit 0) to a bitmap currently `dst_bits` long.
void AppendBits(Buffer<uint64_t>* buffer, size_t dst_bits, const Buffer<uint64_t>& src, size_t count) {
  size_t total = dst_bits + count;
  buffer->resize((total + 63) / 64, 0);
  uint64_t* dst = buffer->mutable_data();
  size_t shift = dst_bits & 63;
  size_t base = dst_bits >> 6;
  size_t src_words = (count + 63) / 64;
  for (size_t i = 0; i < src_words; ++i) {
    uint64_t word = src[i];
    if (i == src_words - 1 && (count & 63) != 0) word &= (uint64_t{1} << (count & 63)) - 1;
    dst[base + i] |= word << shift;
    if (shift != 0 && base + i + 1 < buffer->size()) dst[base + i + 1] |= word >> (64 - shift);
  }
}

}  // namespace

Column::Column(ValueType type) : type_(type) {
  switch (type) {
    case ValueType::kBool: data_ = Buffer<uint8_t>(); break;
    case ValueType::kFloat: data_ = Buffer<double>(); break;
    case ValueType::kDate:
    case ValueType::kText:
    case ValueType::kId: data_ = Buffer<int32_t>(); break;
    case ValueType::kTags:
      data_ = Buffer<int32_t>();
      tag_offsets_.push_back(0);
      break;
    case ValueType::kInt:
    case ValueType::kMoney:
    case ValueType::kTimestamp:
    case ValueType::kDuration: data_ = Buffer<int64_t>(); break;
  }
}

Column Column::FromParts(ValueType type, size_t size, Buffer<uint64_t> validity, Data data,
                         std::vector<uint32_t> tag_offsets, Dictionary dictionary) {
  Column column(type);
  column.size_ = size;
  column.validity_ = std::move(validity);
  column.data_ = std::move(data);
  if (type == ValueType::kTags) column.tag_offsets_ = std::move(tag_offsets);
  column.dictionary_ = std::move(dictionary);
  return column;
}

Column Column::Unloaded(ValueType type, size_t rows) {
  Column column(type);
  column.size_ = rows;
  // Every row missing: zero pages, neither cleared nor copied (rt::ZeroBuffer).
  column.validity_ = ZeroBuffer<uint64_t>((rows + 63) / 64);
  if (type == ValueType::kTags) {
    // Every row an empty range of no codes: offsets all 0, a complete column as it is (a million
    // customers' offsets were 4 MB cleared on the loading thread of every run from a snapshot
    // whose customers have a tags column the program does not read).
    column.tag_offsets_ = ZeroBuffer<uint32_t>(rows + 1);
    return column;
  }
  column.unloaded_ = rows > 0;
  return column;
}

void Column::Materialize() {
  unloaded_ = false;
  std::visit([this](auto& values) { values.assign(size_, {}); }, data_);
}

size_t Column::NullCount() const {
  // A word of present rows (nearly every word of most columns) is counted without a popcount:
  // built for any x86-64, std::popcount is a call into libgcc per word (5 ms over the three
  // 20M-row columns a JIT run asks about, on one thread before it starts).
  size_t valid = 0;
  for (uint64_t word : validity_) valid += word == ~uint64_t{0} ? 64 : static_cast<size_t>(std::popcount(word));
  return size_ - valid;
}

void Column::SetValid(size_t row, bool valid) {
  if (valid && unloaded_) Materialize();
  uint64_t bit = uint64_t{1} << (row & 63);
  uint64_t& word = validity_.mutable_data()[row >> 6];
  if (valid) {
    word |= bit;
  } else {
    word &= ~bit;
  }
}

void Column::PushValidity(bool valid) {
  if ((size_ & 63) == 0) validity_.push_back(0);
  if (valid) validity_.mutable_data()[validity_.size() - 1] |= uint64_t{1} << (size_ & 63);
  ++size_;
}

std::string_view Column::TextAt(size_t row) const {
  if (!IsValid(row)) return {};
  return dictionary_.Value(values<int32_t>()[row]);
}

std::span<const int32_t> Column::TagsAt(size_t row) const {
  const auto& codes = values<int32_t>();
  return std::span<const int32_t>(codes.data() + tag_offsets_[row], tag_offsets_[row + 1] - tag_offsets_[row]);
}

void Column::ReserveBuffers(size_t rows) {
  validity_.reserve((rows + 63) / 64);
  if (type_ == ValueType::kTags) {
    tag_offsets_.reserve(rows + 1);
    return;
  }
  std::visit([rows](auto& values) { values.reserve(rows); }, data_);
}

void Column::AppendNull() {
  if (unloaded_) [[unlikely]]
    Materialize();
  if (type_ == ValueType::kTags) {
    tag_offsets_.push_back(tag_offsets_.back());
  } else {
    std::visit([](auto& values) { values.emplace_back(); }, data_);
  }
  PushValidity(false);
}

void Column::AppendNulls(size_t count) {
  if (type_ == ValueType::kTags) {
    tag_offsets_.resize(tag_offsets_.size() + count, tag_offsets_.back());
  } else if (!unloaded_) {
    std::visit([count](auto& values) { values.resize(values.size() + count); }, data_);
  }
  // Bits past size_ are always clear (PushValidity and AppendBits only set bits of valid rows),
  // so growing the bitmap with zero words is all a run of missing rows needs.
  size_ += count;
  validity_.resize((size_ + 63) / 64, 0);
}

void Column::Reserve(size_t rows) {
  if (unloaded_) Materialize();
  ReserveBuffers(rows);
}

template <typename T> void Column::AppendBatch(const T* values, const uint8_t* valid, size_t count) {
  if (unloaded_) Materialize();
  mutable_values<T>().append(values, values + count);
  size_t i = 0;
  for (; i < count && (size_ & 63) != 0; ++i) PushValidity(valid[i] != 0);
  for (; i + 64 <= count; i += 64) {  // whole bitmap words
    uint64_t word = 0;
    for (size_t b = 0; b < 64; ++b) word |= uint64_t{valid[i + b] != 0} << b;
    validity_.push_back(word);
    size_ += 64;
  }
  for (; i < count; ++i) PushValidity(valid[i] != 0);
}
template void Column::AppendBatch(const uint8_t*, const uint8_t*, size_t);
template void Column::AppendBatch(const int32_t*, const uint8_t*, size_t);
template void Column::AppendBatch(const int64_t*, const uint8_t*, size_t);
template void Column::AppendBatch(const double*, const uint8_t*, size_t);

void Column::FinishTags() {
  tag_offsets_.push_back(static_cast<uint32_t>(values<int32_t>().size()));
  PushValidity(true);
}

void Column::AppendColumn(const Column& other) {
  std::vector<int32_t> remap;
  if (UsesDictionary(type_)) remap = dictionary_.Merge(other.dictionary_);
  AppendRemapped(other, remap);
}

void Column::AppendRemapped(const Column& other, std::span<const int32_t> remap) {
  if (other.unloaded_) {
    Column filled = other;
    filled.Materialize();
    AppendRemapped(filled, remap);
    return;
  }
  if (unloaded_) Materialize();
  std::visit(
      [&](auto& values) {
        using Values = std::decay_t<decltype(values)>;
        const auto& source = std::get<Values>(other.data_);
        size_t old_size = values.size();
        values.append(source.begin(), source.end());
        if constexpr (std::is_same_v<Values, Buffer<int32_t>>) {
          // An empty remap keeps the codes as they are: they are this column's already (a piece
          // of an event file whose keys are all customers', chunk_merge.cc), no lookup per row.
          if (UsesDictionary(type_) && !remap.empty()) {
            // Missing text rows keep 0, as AppendNull writes, so the result is byte-identical to
            // building the column in one pass. Tags code arrays have no slots for missing rows.
            bool tags = type_ == ValueType::kTags;
            int32_t* appended = values.mutable_data() + old_size;
            for (size_t i = 0; i < source.size(); ++i) {
              appended[i] = tags || other.IsValid(i) ? remap[static_cast<size_t>(source[i])] : 0;
            }
          }
        }
      },
      data_);
  if (type_ == ValueType::kTags) {
    uint32_t base = tag_offsets_.back();
    for (size_t row = 1; row < other.tag_offsets_.size(); ++row) tag_offsets_.push_back(base + other.tag_offsets_[row]);
  }
  AppendBits(&validity_, size_, other.validity_, other.size_);
  size_ += other.size_;
}

Column Column::Gather(std::span<const uint32_t> rows) const {
  Column result(type_);
  result.dictionary_ = dictionary_;
  if (unloaded_) {
    // A column the loader skipped: every gathered row is missing too, and needs no buffer either.
    result = Unloaded(type_, rows.size());
    result.dictionary_ = dictionary_;
    return result;
  }
  if (size_ > 0 && NullCount() == size_) {
    // Every slot is missing and holds zero, so is every gathered one; building that directly
    // saves a random-access pass over the whole buffer.
    result.AppendNulls(rows.size());
    return result;
  }
  result.size_ = rows.size();
  result.validity_.assign((rows.size() + 63) / 64, 0);
  uint64_t* bits = result.validity_.mutable_data();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (IsValid(rows[i])) bits[i >> 6] |= uint64_t{1} << (i & 63);
  }
  if (type_ == ValueType::kTags) {
    const auto& codes = values<int32_t>();
    auto& out = result.mutable_values<int32_t>();
    for (uint32_t row : rows) {
      out.append(codes.begin() + tag_offsets_[row], codes.begin() + tag_offsets_[row + 1]);
      result.tag_offsets_.push_back(static_cast<uint32_t>(out.size()));
    }
    return result;
  }
  std::visit(
      [&](const auto& values) {
        auto& out = std::get<std::decay_t<decltype(values)>>(result.data_);
        out.resize(rows.size());
        auto* gathered = out.mutable_data();
        for (size_t i = 0; i < rows.size(); ++i) gathered[i] = values[rows[i]];
      },
      data_);
  return result;
}

bool operator==(const Column& a, const Column& b) {
  if (a.unloaded_ != b.unloaded_) {
    // An unloaded column equals the same rows built missing one by one.
    Column filled = a.unloaded_ ? a : b;
    filled.Materialize();
    return a.unloaded_ ? filled == b : a == filled;
  }
  if (a.type_ != b.type_ || a.size_ != b.size_ || a.data_ != b.data_ || a.tag_offsets_ != b.tag_offsets_ ||
      !(a.dictionary_ == b.dictionary_)) {
    return false;
  }
  for (size_t row = 0; row < a.size_; ++row) {
    if (a.IsValid(row) != b.IsValid(row)) return false;
  }
  return true;
}

}  // namespace seg::rt
