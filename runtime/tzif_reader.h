#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"

namespace seg::rt {

// The parts of a TZif file (RFC 8536) that offset lookups need.
struct TzifData {
  std::vector<int64_t> transition_times;  // UTC seconds, ascending
  std::vector<uint8_t> transition_types;  // index into type_offsets, one per transition
  std::vector<int32_t> type_offsets;      // seconds east of UTC per local time type
  std::string footer;                     // POSIX TZ rule for after the last transition; may be empty
};

// Parses version 1 files (32-bit times) and version 2+ files (uses the 64-bit block and footer).
// Fails with the reason for anything truncated or inconsistent.
Result<TzifData> ParseTzif(std::string_view bytes);

}  // namespace seg::rt
