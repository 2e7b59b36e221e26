// The schema a snapshot was written for: the program's input declarations (names, columns and
// their types, keys, times) and its time zone, which decides how a timestamp without an offset
// was read and each event's local day. A snapshot is only read by a program with the same one.
#pragma once

#include <string>
#include <vector>

#include "runtime/schema.h"
#include "runtime/snapshot/metadata_stream.h"

namespace seg::rt::snapshot {

struct StoredSchema {
  std::string time_zone;
  std::vector<TableSpec> inputs;  // in the program's input order; `skip` is not part of it
};

void EncodeSchema(const StoredSchema& schema, MetadataWriter* out);
// False when the block ends early or names an unknown type.
bool DecodeSchema(MetadataReader* in, StoredSchema* schema);

// How `stored` differs from `expected`, one clause per difference ("input orders: column amount
// is money in the program, float in the snapshot"), joined by "; "; empty when they are the same.
std::string DescribeSchemaDifference(const StoredSchema& expected, const StoredSchema& stored);

}  // namespace seg::rt::snapshot
