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
// never resized (FixedArray), since compiled code points into it for the whole run.
struct PersistedColumn {
  PersistedColumn() = default;
  PersistedColumn(size_t rows, bool is_float) : i(is_float ? 0 : rows), f(is_float ? rows : 0), v(rows) {}
  FixedArray<int64_t> i;
  FixedArray<double> f;
  FixedArray<uint8_t> v;
};

}  // namespace seg::exec
