#include "runtime/io/clickhouse/native_format.h"

#include <algorithm>

namespace seg::rt::ch {
namespace {

Status Malformed(const std::string& what) { return Status::Error("malformed Native answer from the server: " + what); }

enum class Parse : uint8_t { kDone, kMore, kBad };

// A LEB128 length at `*at` in `data`: kMore when the bytes end inside it (a later piece holds
// the rest), kBad past 64 bits.
Parse TryLength(std::string_view data, size_t* at, uint64_t* length) {
  *length = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*at >= data.size()) return Parse::kMore;
    auto byte = static_cast<uint8_t>(data[(*at)++]);
    *length |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return Parse::kDone;
  }
  return Parse::kBad;
}

// A length-prefixed string at `*at`.
Parse TryString(std::string_view data, size_t* at, std::string_view* text) {
  uint64_t length = 0;
  if (Parse p = TryLength(data, at, &length); p != Parse::kDone) return p;
  if (data.size() - *at < length) return Parse::kMore;
  *text = data.substr(*at, length);
  *at += length;
  return Parse::kDone;
}

// The bytes of one value of a fixed-width type on the wire; 0 for String (length-prefixed).
size_t FixedWidth(const ColumnType& type) {
  switch (type.kind) {
    case ColumnType::Kind::kString:
    case ColumnType::Kind::kArrayString: return 0;
    case ColumnType::Kind::kDate: return 2;
    case ColumnType::Kind::kDateTime: return 4;
    default: return static_cast<size_t>(type.bytes);
  }
}

}  // namespace

Status NativeDecoder::Feed(std::string_view piece) {
  if (!failure_.ok()) return failure_;
  failure_ = Decode(piece);
  return failure_;
}

Status NativeDecoder::Decode(std::string_view piece) {
  // Decode straight from the piece when nothing is left over from the last one (the usual case:
  // only a value cut by the piece's end is copied, to be completed by the next).
  std::string_view data = piece;
  if (!pending_.empty()) {
    pending_.append(piece);
    data = pending_;
  }
  data_ = data;
  offset_ = 0;
  for (bool progressed = true; progressed;) {
    progressed = false;
    switch (step_) {
      case Step::kBlockHeader: SEG_RETURN_IF_ERROR(BlockHeader(&progressed)); break;
      case Step::kColumnHeader: SEG_RETURN_IF_ERROR(ColumnHeader(&progressed)); break;
      case Step::kNullMap: NullMap(&progressed); break;
      case Step::kValues: SEG_RETURN_IF_ERROR(Values(&progressed)); break;
    }
  }
  std::string rest(data_.substr(offset_));
  pending_ = std::move(rest);
  data_ = {};
  offset_ = 0;
  return Status::Ok();
}

Status NativeDecoder::Finish() const {
  if (!failure_.ok()) return failure_;
  if (step_ != Step::kBlockHeader || !pending_.empty()) return Malformed("the answer ends inside a block");
  return Status::Ok();
}

Status NativeDecoder::BlockHeader(bool* progressed) {
  if (offset_ == data_.size()) return Status::Ok();  // the answer may end here
  size_t at = offset_;
  Parse p = TryLength(data_, &at, &columns_);
  if (p == Parse::kDone) p = TryLength(data_, &at, &rows_);
  if (p == Parse::kBad) return Malformed("a block header is not a length");
  if (p == Parse::kMore) return Status::Ok();
  if (!first_block_ && columns_ != result_.names.size()) return Malformed("blocks with different columns");
  offset_ = at;
  column_ = 0;
  step_ = columns_ > 0 ? Step::kColumnHeader : Step::kBlockHeader;
  *progressed = true;
  return Status::Ok();
}

Status NativeDecoder::ColumnHeader(bool* progressed) {
  size_t at = offset_;
  std::string_view name, type_name;
  Parse p = TryString(data_, &at, &name);
  if (p == Parse::kDone) p = TryString(data_, &at, &type_name);
  if (p == Parse::kBad) return Malformed("a column header is not a length");
  if (p == Parse::kMore) return Status::Ok();
  std::optional<ColumnType> type = ParseColumnType(type_name);
  if (!type || type->kind == ColumnType::Kind::kArrayString) {  // arrays are laid out apart in Native
    return Status::Error("the server answered column '" + std::string(name) + "' as " + std::string(type_name) +
                         ", a type seg does not read");
  }
  if (first_block_) {
    result_.names.emplace_back(name);
    result_.types.push_back(*type);
    result_.columns.emplace_back(RowBinaryReader::CellKind(*type));
    result_.columns.back().reserve(rows_);
  } else if (result_.names[column_] != name ||
             RowBinaryReader::CellKind(result_.types[column_]) != RowBinaryReader::CellKind(*type)) {
    return Malformed("blocks with different columns");
  }
  offset_ = at;
  value_type_ = *type;
  value_type_.nullable = false;
  first_row_ = result_.columns[column_].size();
  rows_done_ = 0;
  null_map_.clear();
  step_ = type->nullable ? Step::kNullMap : Step::kValues;
  *progressed = true;
  return Status::Ok();
}

void NativeDecoder::NullMap(bool* progressed) {
  size_t take = std::min<uint64_t>(rows_ - null_map_.size(), data_.size() - offset_);
  null_map_.insert(null_map_.end(), data_.begin() + static_cast<ptrdiff_t>(offset_),
                   data_.begin() + static_cast<ptrdiff_t>(offset_ + take));
  offset_ += take;
  if (null_map_.size() == rows_) step_ = Step::kValues;
  *progressed = take > 0 || step_ == Step::kValues;
}

Status NativeDecoder::Values(bool* progressed) {
  CellColumn& column = result_.columns[column_];
  uint64_t before = rows_done_;
  if (size_t width = FixedWidth(value_type_); width > 0) {
    uint64_t count = std::min<uint64_t>(rows_ - rows_done_, (data_.size() - offset_) / width);
    const char* bytes = data_.data() + offset_;
    if (width == 8 && value_type_.kind == ColumnType::Kind::kInt) {
      column.AppendInt64s(bytes, count);  // Int64 and Float64, the usual columns: as they are
    } else if (width == 8 && value_type_.kind == ColumnType::Kind::kFloat) {
      column.AppendDoubles(bytes, count);
    } else {
      RowBinaryReader reader(data_.substr(offset_, count * width));
      for (uint64_t r = 0; r < count; ++r) SEG_RETURN_IF_ERROR(reader.ReadCell(value_type_, &column));
    }
    offset_ += count * width;
    rows_done_ += count;
  } else {
    while (rows_done_ < rows_) {
      size_t at = offset_;
      std::string_view text;
      Parse p = TryString(data_, &at, &text);
      if (p == Parse::kBad) return Malformed("a string's length is not a length");
      if (p == Parse::kMore) break;
      column.AppendText(text);
      offset_ = at;
      ++rows_done_;
    }
  }
  if (rows_done_ == rows_) EndColumn();
  *progressed = rows_done_ > before || step_ != Step::kValues;
  return Status::Ok();
}

void NativeDecoder::EndColumn() {
  CellColumn& column = result_.columns[column_];
  for (size_t r = 0; r < null_map_.size(); ++r) {
    if (null_map_[r] != 0) column.SetNull(first_row_ + r);  // the value under a NULL is a placeholder
  }
  if (++column_ < columns_) {
    step_ = Step::kColumnHeader;
    return;
  }
  first_block_ = false;
  step_ = Step::kBlockHeader;
}

Status ReadNative(std::string_view body, NativeResult* result) {
  NativeDecoder decoder;
  SEG_RETURN_IF_ERROR(decoder.Feed(body));
  SEG_RETURN_IF_ERROR(decoder.Finish());
  *result = std::move(decoder.result());
  return Status::Ok();
}

}  // namespace seg::rt::ch
