// Rows given as JSON objects (the real-time customer record, seg_run_json's "rows"): keys are
// column names, values follow the JSON Lines rules of the file loaders, so a row reads the same
// from a request as from a .jsonl file.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/api/internal.h"
#include "runtime/time_zone.h"

namespace seg::api {

// A table with the input's declared columns and no rows.
rt::Table EmptyTable(const ir::InputSchema& input);

// Appends one row. An absent key or null is a missing value; other keys are ignored. When
// `customer_key` is given it fills the input's key column (an event row need not name its
// customer). `where` prefixes messages ("events.orders[3]"). A value that is not of the column's
// type is a kInvalidArgument naming the field.
v1::Status AppendJsonRow(const ir::InputSchema& input, const nlohmann::json& row, const rt::TimeZone& zone,
                         const std::string* customer_key, const std::string& where, rt::Table* table);

// The text a JSON value stands for under the loader rules ("" for null); tags arrays join on '|'.
bool JsonCellText(const nlohmann::json& value, std::string* out);

}  // namespace seg::api
