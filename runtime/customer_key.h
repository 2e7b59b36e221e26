// Customer keys: the one place that says what a key is, how two keys compare and how a key is
// written. A key column is text-like (`id`, `text`) or `int`.
//
// Key order is the key's own order: numeric for int keys (2 before 10), byte order for text and
// id keys ("C10" before "C2", "Z" before "a": unsigned bytes of the UTF-8 text, as memcmp and
// Python's str comparison of ASCII keys order them). Rank-based population functions (qcut_rank,
// ntile) break ties between equal values in this order, so their results follow the data, never
// the order of rows in a file; a single-customer evaluation that must reproduce a batch rank
// compares keys with the same functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column.h"

namespace seg::rt {

// id, text or int: the types a customer key (or an event's customer column) may have.
bool IsCustomerKeyType(ValueType type);

// <0, 0, >0 as a sorts before, with, after b in key order.
int CompareIntKeys(int64_t a, int64_t b);
int CompareTextKeys(std::string_view a, std::string_view b);  // unsigned byte order

// Rows a and b of a key column in key order; a missing key sorts before every key (the key
// column's CompareColumnValues, runtime/value_order.h).
int CompareCustomerKeys(const Column& keys, size_t a, size_t b);

// The rows of a key column in ascending key order (rows with equal keys in row order): the order
// in which rank-based population functions break ties.
std::vector<uint32_t> RowsInKeyOrder(const Column& keys);

// A key as text: an int key in decimal, "" for a missing one.
std::string CustomerKeyText(const Column& keys, size_t row);

// The row whose key is `key` (for an int key column, `key` is read as a number: "0042" is 42).
// Scans the column: for lookups of one customer, not for joins.
std::optional<size_t> FindCustomerRow(const Column& keys, std::string_view key);

}  // namespace seg::rt
