#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/dictionary.h"
#include "runtime/value_type.h"

namespace seg::rt {

// The C++ type that stores one value of each ValueType (see value_type.h). For tags it is the
// element type of the flat code array.
template <ValueType kType> struct PhysicalType;
template <> struct PhysicalType<ValueType::kBool> { using type = uint8_t; };
template <> struct PhysicalType<ValueType::kInt> { using type = int64_t; };
template <> struct PhysicalType<ValueType::kFloat> { using type = double; };
template <> struct PhysicalType<ValueType::kMoney> { using type = int64_t; };
template <> struct PhysicalType<ValueType::kDate> { using type = int32_t; };
template <> struct PhysicalType<ValueType::kTimestamp> { using type = int64_t; };
template <> struct PhysicalType<ValueType::kDuration> { using type = int64_t; };
template <> struct PhysicalType<ValueType::kText> { using type = int32_t; };
template <> struct PhysicalType<ValueType::kTags> { using type = int32_t; };
template <> struct PhysicalType<ValueType::kId> { using type = int32_t; };

// One typed column: a contiguous value buffer plus a validity bitmap (bit set = value present).
// A missing row still occupies a slot in the value buffer, holding zero, so kernels can run over
// the buffer without branching and consult validity separately (except in an Unloaded column,
// which no kernel reads). Text, id and tags columns hold
// dictionary codes; tags rows are ranges [tag_offsets()[row], tag_offsets()[row+1]) of values().
class Column {
 public:
  explicit Column(ValueType type = ValueType::kInt);
  // `rows` missing rows with no value buffer: what the loader keeps for a column the program never
  // reads. Only the validity bitmap (a bit a row) exists, so nothing the size of the data is
  // zero-filled or copied; IsValid, TextAt, NullCount and Gather work as on any column of missing
  // rows, values() is empty. Appending to it first fills the buffer in (see Materialize). A tags
  // column is an ordinary one of empty rows, its offsets viewing zero pages (copied once changed).
  static Column Unloaded(ValueType type, size_t rows);
  bool unloaded() const { return unloaded_; }

  ValueType type() const { return type_; }
  size_t size() const { return size_; }
  size_t NullCount() const;

  bool IsValid(size_t row) const { return (validity_[row >> 6] >> (row & 63)) & 1; }
  void SetValid(size_t row, bool valid);
  // May view a mapped snapshot file or zero pages (rt::Buffer); changing the column copies it first.
  const Buffer<uint64_t>& validity() const { return validity_; }

  // The value buffer; T must be the physical type (checked by std::get: a wrong T throws). It may
  // view a mapped snapshot file (rt::Buffer); changing it through mutable_values copies it first.
  template <typename T> const Buffer<T>& values() const { return std::get<Buffer<T>>(data_); }
  template <typename T> Buffer<T>& mutable_values() { return std::get<Buffer<T>>(data_); }

  const Dictionary& dictionary() const { return dictionary_; }
  Dictionary& mutable_dictionary() { return dictionary_; }
  const Buffer<uint32_t>& tag_offsets() const { return tag_offsets_; }

  // The string of a text/id row (empty for a missing row).
  std::string_view TextAt(size_t row) const;
  // The codes of a tags row.
  std::span<const int32_t> TagsAt(size_t row) const;

  void Reserve(size_t rows);
  void AppendNull();
  // `count` missing rows at once: a column the loader skipped is built this way, in one step.
  void AppendNulls(size_t count);
  void AppendBool(bool value) { AppendValue<uint8_t>(value ? 1 : 0); }
  void AppendInt64(int64_t value) { AppendValue<int64_t>(value); }  // int, money, timestamp, duration
  void AppendInt32(int32_t value) { AppendValue<int32_t>(value); }  // date, or a code already interned
  void AppendDouble(double value) { AppendValue<double>(value); }
  void AppendText(std::string_view value) { AppendValue<int32_t>(dictionary_.Intern(value)); }
  // A tags row: call AddTag for each label, then FinishTags.
  void AddTag(std::string_view tag) { mutable_values<int32_t>().push_back(dictionary_.Intern(tag)); }
  void FinishTags();
  // Appends `count` rows at once, for a loader that parses rows in batches: values[i], present
  // where valid[i] != 0 (a missing row's value must be zero, as AppendNull leaves it). T is the
  // physical type (uint8_t, int32_t, int64_t or double); not for tags.
  template <typename T> void AppendBatch(const T* values, const uint8_t* valid, size_t count);

  // Appends all rows of `other` (same type); its dictionary is merged into this one in code order.
  void AppendColumn(const Column& other);
  // Appends all rows of `other`, translating its dictionary codes through `remap` (other's code ->
  // this column's code); the caller has already put those values into this column's dictionary
  // (see MergeDictionaries). `remap` is ignored for types without a dictionary.
  void AppendRemapped(const Column& other, std::span<const int32_t> remap);
  // A new column holding rows[0], rows[1], ... of this one (same dictionary).
  Column Gather(std::span<const uint32_t> rows) const;

  // The value buffer whatever its type, for code that stores columns as bytes (runtime/snapshot).
  using Data = std::variant<Buffer<uint8_t>, Buffer<int32_t>, Buffer<int64_t>, Buffer<double>>;
  const Data& data() const { return data_; }
  // A column from its parts, as data() and the accessors above give them. The caller has checked
  // that they agree: `data` holds type's physical type, `validity` has (size + 63) / 64 words with
  // no bit set past `size`, tags have size + 1 offsets, codes are within the dictionary.
  static Column FromParts(ValueType type, size_t size, Buffer<uint64_t> validity, Data data,
                          std::vector<uint32_t> tag_offsets, Dictionary dictionary);

  // Equal type, rows, validity, values and dictionary.
  friend bool operator==(const Column& a, const Column& b);

 private:
  template <typename T> void AppendValue(T value) {
    if (unloaded_) [[unlikely]]
      Materialize();
    mutable_values<T>().push_back(value);
    PushValidity(true);
  }
  void PushValidity(bool valid);
  // Gives an Unloaded column its zero-filled value buffer, making it an ordinary one.
  void Materialize();
  void ReserveBuffers(size_t rows);

  ValueType type_;
  size_t size_ = 0;
  bool unloaded_ = false;  // see Unloaded(): values() is empty although size_ rows exist
  Buffer<uint64_t> validity_;
  Data data_;
  Buffer<uint32_t> tag_offsets_;  // tags only: size() + 1 entries (zero pages while unloaded)
  Dictionary dictionary_;
};

}  // namespace seg::rt
