// Internal to the interpreter: what is known about each node before the run (its physical
// representation, text domain, window, lookup tables), and the per-thread batch state.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/backend/interp/interpreter.h"
#include "runtime/dictionary.h"
#include "runtime/time_zone.h"

namespace seg::interp {

// How the int64 codes of a text value map to strings: a column's dictionary or a list of its own.
struct TextDomain {
  const rt::Dictionary* dict = nullptr;
  std::vector<std::string> own;
  std::string_view At(int64_t code) const {
    return dict != nullptr ? dict->Value(static_cast<int32_t>(code)) : std::string_view(own[static_cast<size_t>(code)]);
  }
  size_t size() const { return dict != nullptr ? dict->size() : own.size(); }
};

struct NodeInfo {
  bool is_float = false;
  bool is_text = false;
  std::shared_ptr<TextDomain> domain;  // text nodes
  bool persist = false;                // the full column is kept across stages or returned
  bool scalar = false;                 // constant level: one value for every row
  int64_t scalar_i = 0;
  double scalar_f = 0;
  bool scalar_valid = false;
  int32_t day_lo = INT32_MIN, day_hi = INT32_MAX;  // aggregates and `within`: inclusive local days
  std::vector<int64_t> table;   // text functions and `in`: result per code of the argument's domain
  std::vector<int64_t> remap[2];  // text `if`/`??`/lower/upper: argument code -> this node's code
  std::vector<int64_t> list_i;  // `in` with a numeric list: sorted values
  std::vector<double> list_f;
  std::string origin;           // the let, tag, score or rule the node belongs to
};

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
    if (is_float) f.resize(n); else i.resize(n);
    v.resize(n);
  }
  View AsView(bool is_float) const { return View{is_float ? nullptr : i.data(), is_float ? f.data() : nullptr, v.data(), 1}; }
};

// The first run-time error: the lowest customer wins, so it does not depend on threads.
struct ErrorSlot {
  size_t customer = SIZE_MAX;
  std::string message;
};

class Engine;

struct Batch {
  size_t begin = 0, end = 0;          // customers [begin, end)
  std::vector<Buffer> values;         // per node: this batch's values
  std::vector<size_t> event_begin;    // per input: first event row of the batch
  std::vector<size_t> event_count;
  std::vector<std::vector<uint32_t>> event_customer;  // per input: batch-local customer of each event
  std::vector<Buffer> broadcast;      // per node: customer value spread over events (one input at a time)
  std::vector<int32_t> broadcast_input;
  ErrorSlot error;
  size_t size() const { return end - begin; }
};

}  // namespace seg::interp
