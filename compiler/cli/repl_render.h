// How the REPL shows results: the distribution of a value over all customers, the counts of a
// tag or of each bucket of a classification with a few customer keys, and diagnostics mapped
// back onto the text the user typed.
#pragma once
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"

namespace seg::cli {

// The customer's key as the data has it.
std::string KeyText(const rt::Dataset& data, size_t row);

// Up to `k` of `rows`, spread evenly over them (first, ..., last), so a sample is deterministic
// yet not just the first customers of the file.
std::vector<size_t> SpreadSample(const std::vector<size_t>& rows, size_t k);

// "  e.g. C0001 C0420 C1999" for `rows` (empty when there are none).
std::string SampleKeys(const rt::Dataset& data, const std::vector<size_t>& rows, size_t k);

// Numbers, money, dates, timestamps and durations: min, quartiles, median, max (nearest-rank:
// each is a value some customer has) and the missing count. Text and bool: the most frequent
// values with their counts. Indented two spaces, one or more lines.
std::string Distribution(const exec::ResultColumn& column);

// A tag: how many customers have it, with a few of their keys.
std::string TagCounts(const exec::ResultColumn& column, const rt::Dataset& data);

// A classification: count and share of each bucket in order, then customers in no bucket.
std::string BucketCounts(const ir::Classification& classification, const exec::Values<int32_t>& buckets,
                         const rt::Dataset& data);

// "  7.7%"
std::string Share(size_t part, size_t total);

}  // namespace seg::cli
