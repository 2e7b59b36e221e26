// `seg changes`' rows: KEY,classification,bucket,tag,change as CSV or JSON Lines, one row per
// customer that entered (change "enter") or exited ("exit") an audience; a bucket's row has an
// empty tag, a tag's row an empty classification and bucket (null in JSON). The columns are those
// of the PostgreSQL history table, so one reader serves both.
#pragma once
#include <string>
#include <vector>

#include "runtime/history/membership_changes.h"
#include "runtime/io/result_writer.h"

namespace seg::rt {

// A key as the data typed it: an int key is a JSON number.
void AddKey(ResultWriter& writer, KeyKind kind, const std::string& key);

bool WriteChanges(const std::vector<AudienceChanges>& changes, const std::string& key_name, KeyKind key_kind,
                  ResultFormat format, const ResultWriter::Sink& sink);

}  // namespace seg::rt
