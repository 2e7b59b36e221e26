// Output buffers and fast field formatting for seg-gen (no iostreams, no per-field allocation).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

namespace seggen {

enum class Fmt { Csv, Jsonl };

// A growable byte buffer. Callers reserve room for a whole row, write through a raw pointer, then
// commit the new end.
class Buf {
 public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  Buf(Buf&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), cap_(std::exchange(o.cap_, 0)) {}
  Buf& operator=(Buf&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
    return *this;
  }
  ~Buf() { std::free(data_); }

  // Returns a pointer with at least n writable bytes after the current end.
  char* room(std::size_t n) {
    if (cap_ - size_ < n) grow(size_ + n);
    return data_ + size_;
  }
  void commit(char* end) { size_ = static_cast<std::size_t>(end - data_); }
  void append(std::string_view s) {
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    commit(p + s.size());
  }
  void clear() { size_ = 0; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void grow(std::size_t need) {
    std::size_t c = cap_ ? cap_ : 1 << 16;
    while (c < need) c *= 2;
    char* d = static_cast<char*>(std::realloc(data_, c));
    if (!d) throw std::bad_alloc();
    data_ = d;
    cap_ = c;
  }
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

// "00".."99" for two-digit fields.
struct Digits2 {
  char d[200];
  constexpr Digits2() : d{} {
    for (int i = 0; i < 100; ++i) {
      d[2 * i] = static_cast<char>('0' + i / 10);
      d[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
  }
};
inline constexpr Digits2 kDigits2{};

inline char* put2(char* p, unsigned v) {
  std::memcpy(p, kDigits2.d + 2 * v, 2);
  return p + 2;
}

inline char* put_u64(char* p, std::uint64_t v) { return std::to_chars(p, p + 20, v).ptr; }

// Non-negative cents as "123.45".
inline char* put_money(char* p, std::int64_t cents) {
  if (cents < 0) {
    *p++ = '-';
    cents = -cents;
  }
  p = put_u64(p, static_cast<std::uint64_t>(cents / 100));
  *p++ = '.';
  return put2(p, static_cast<unsigned>(cents % 100));
}

inline char* put_str(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// Dates as YYYY-MM-DD, looked up in a table that covers [first_day, last_day] (days since 1970-01-01).
class DateTable {
 public:
  void build(std::int32_t first_day, std::int32_t last_day);
  const char* get(std::int32_t day) const { return text_ + 10 * static_cast<std::size_t>(day - first_); }
  std::int32_t first() const { return first_; }
  std::int32_t last() const { return last_; }
  DateTable() = default;
  DateTable(const DateTable&) = delete;
  DateTable& operator=(const DateTable&) = delete;
  ~DateTable() { delete[] text_; }

 private:
  char* text_ = nullptr;
  std::int32_t first_ = 0, last_ = -1;
};

// Writes one row field by field, as CSV or as a JSON object. Keys are ignored for CSV. Every string
// this generator writes comes from a fixed vocabulary with no quotes, commas or backslashes, so no
// escaping is needed.
template <Fmt F> struct Row {
  char* p;
  bool first = true;

  void key(std::string_view k) {
    if constexpr (F == Fmt::Csv) {
      if (!first) *p++ = ',';
    } else {
      *p++ = first ? '{' : ',';
      *p++ = '"';
      p = put_str(p, k);
      *p++ = '"';
      *p++ = ':';
    }
    first = false;
  }
  void quoted(std::string_view s) {
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
    p = put_str(p, s);
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
  }
  void null() {
    if constexpr (F == Fmt::Jsonl) p = put_str(p, "null");
  }
  void str(std::string_view k, std::string_view s) {
    key(k);
    quoted(s);
  }
  // Empty text is a missing value: an empty CSV field, JSON null.
  void str_opt(std::string_view k, std::string_view s) {
    key(k);
    if (s.empty()) null();
    else quoted(s);
  }
  void u64(std::string_view k, std::uint64_t v) {
    key(k);
    p = put_u64(p, v);
  }
  void u64_opt(std::string_view k, bool present, std::uint64_t v) {
    key(k);
    if (present) p = put_u64(p, v);
    else null();
  }
  void money(std::string_view k, std::int64_t cents) {
    key(k);
    p = put_money(p, cents);
  }
  void boolean(std::string_view k, bool b) {
    key(k);
    p = put_str(p, b ? std::string_view("true") : std::string_view("false"));
  }
  void date(std::string_view k, const DateTable& t, std::int32_t day) {
    key(k);
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
    std::memcpy(p, t.get(day), 10);
    p += 10;
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
  }
  // Seconds since the epoch as 2025-03-04T13:22:05Z.
  void timestamp(std::string_view k, const DateTable& t, std::int64_t secs) {
    key(k);
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
    const auto day = static_cast<std::int32_t>(secs / 86400);
    auto tod = static_cast<unsigned>(secs % 86400);
    std::memcpy(p, t.get(day), 10);
    p += 10;
    *p++ = 'T';
    p = put2(p, tod / 3600);
    *p++ = ':';
    tod %= 3600;
    p = put2(p, tod / 60);
    *p++ = ':';
    p = put2(p, tod % 60);
    *p++ = 'Z';
    if constexpr (F == Fmt::Jsonl) *p++ = '"';
  }
  // Labels: CSV "a|b", JSON ["a","b"].
  template <std::size_t N> void labels(std::string_view k, const std::string_view (&names)[N], unsigned mask) {
    key(k);
    if constexpr (F == Fmt::Jsonl) *p++ = '[';
    bool any = false;
    for (std::size_t i = 0; i < N; ++i) {
      if (!(mask & (1u << i))) continue;
      if (any) *p++ = F == Fmt::Csv ? '|' : ',';
      quoted(names[i]);
      any = true;
    }
    if constexpr (F == Fmt::Jsonl) *p++ = ']';
  }
  char* end() {
    if constexpr (F == Fmt::Jsonl) *p++ = '}';
    *p++ = '\n';
    return p;
  }
};

}  // namespace seggen
