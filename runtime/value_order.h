// One total order of the values of a column, for every place where rows must be put in an order
// that follows their data and never their position in a file: missing first, numbers (int,
// money, dates, times, durations, bools) ascending, floats ascending with -0 before +0, texts
// and ids in byte order (unsigned UTF-8 bytes), tags as their lists of labels in byte order.
#pragma once

#include <cstddef>

#include "runtime/column.h"

namespace seg::rt {

// <0, 0, >0 as row a's value sorts before, with, after row b's.
int CompareColumnValues(const Column& column, size_t a, size_t b);

}  // namespace seg::rt
