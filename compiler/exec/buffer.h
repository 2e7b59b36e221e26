// A node's values for a range of rows (a batch, resized batch by batch), a persisted column (one
// value per customer, fixed for the run), and a read-only view of an argument's values.
#pragma once
#include <cstddef>
#include <cstdint>

#include "compiler/exec/fixed_array.h"
#include "compiler/exec/result.h"

namespace seg::exec {

// A read-only view of an argument: `step` 0 repeats one value for every row.
struct View {
  const int64_t* i = nullptr;
  const double* f = nullptr;
  const uint8_t* v = nullptr;
  size_t step = 1;
  int64_t I(size_t r) const { return i[r * step]; }
  double F(size_t r) const { return f[r * step]; }
  bool V(size_t r) const { return v[r * step] != 0; }
};

struct Buffer {
  Values<int64_t> i;
  Values<double> f;
  Values<uint8_t> v;
  void Resize(size_t n, bool is_float) {
    if (is_float) f.resize(n);
    else i.resize(n);
    v.resize(n);
  }
  View AsView(bool is_float) const {
    return View{is_float ? nullptr : i.data(), is_float ? f.data() : nullptr, v.data(), 1};
  }
};

// A persisted node's values for every customer: allocated once, before any engine starts, and
// never resized (FixedArray), since compiled code points into it for the whole run. A bool is
// two bits a customer (bits.h): `bits` its values, `valid_bits` its validity; any other type a
// value (`i` or `f`) and a validity byte (`v`).
struct PersistedColumn {
  PersistedColumn() = default;
  PersistedColumn(size_t rows, const lang::Type& type)
      : packed(PackedAsBits(type)),
        rows(rows),
        i(packed || type.Is(lang::TypeKind::kFloat) ? 0 : rows),
        f(type.Is(lang::TypeKind::kFloat) ? rows : 0),
        v(packed ? 0 : rows),
        bits(packed ? BitWords(rows) : 0),
        valid_bits(packed ? BitWords(rows) : 0) {}
  bool Valid(size_t row) const { return packed ? BitAt(valid_bits.data(), row) : v[row] != 0; }
  int64_t Int(size_t row) const { return packed ? BitAt(bits.data(), row) : i[row]; }
  bool packed = false;
  size_t rows = 0;
  FixedArray<int64_t> i;
  FixedArray<double> f;
  FixedArray<uint8_t> v;
  FixedArray<uint64_t> bits;
  FixedArray<uint64_t> valid_bits;
};

}  // namespace seg::exec
