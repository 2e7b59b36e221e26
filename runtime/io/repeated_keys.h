#pragma once

#include <cstddef>
#include <vector>

#include "runtime/column.h"

namespace seg::rt {

// A row of a customer table whose key an earlier row already has.
struct RepeatedKey {
  size_t row = 0;
  size_t first_row = 0;  // the earlier row with the same key
};

// The rows of `keys` (an id, text or int column of a customer table) that repeat an earlier row's
// key, in row order; missing keys are never repeats. Text keys are compared by dictionary code,
// so this costs one array lookup per row.
std::vector<RepeatedKey> FindRepeatedKeys(const Column& keys);

}  // namespace seg::rt
