// examples/retail.seg for the history tests (and the PostgreSQL history-table test): the command
// line of a run on examples/data, and the difference of two of its CSV outputs computed from the
// CSV files alone (not with seg's code), which is what `seg changes` must list between the runs.
#pragma once
#include <set>
#include <string>
#include <tuple>

namespace seg::e2e {

// `run .../retail.seg --input ... --as-of AS_OF --quiet EXTRA`, paths absolute; `orders` replaces
// examples/data/orders.csv when given.
std::string RetailRun(const std::string& as_of, const std::string& extra, const std::string& orders = "");

// key, classification, bucket, tag, change ("enter" or "exit"); empty strings for absent parts.
using ChangeRow = std::tuple<std::string, std::string, std::string, std::string, std::string>;

// For each customer, each classification whose bucket differs gives an exit from the old bucket
// and an enter into the new one; each tag that flips gives an enter or an exit. A customer in one
// file only is in no bucket in the other. The classifications and tags are retail.seg's.
std::set<ChangeRow> DifferenceOfRetailCsvs(const std::string& old_csv, const std::string& new_csv);

// `seg changes` CSV output as rows; its header must be KEY_NAME,classification,bucket,tag,change.
std::set<ChangeRow> ParseChanges(const std::string& csv, const std::string& key_name, size_t* count = nullptr);

}  // namespace seg::e2e
