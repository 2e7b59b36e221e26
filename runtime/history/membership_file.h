// The bytes of one recorded run (docs/HISTORY.md, "The run file"): a fixed preamble (magic,
// format version, section lengths, a SHA-256 checksum of each section), a header (the run, the
// classifications, buckets and tags, and their sizes) and a body (the keys, sorted and
// front-coded; each classification's bucket codes packed in as few bits as its buckets need;
// each tag as a bitset). The header can be read and checked alone, so a chart of sizes over many
// runs reads only the headers.
//
// Reading checks everything it can: the magic (another kind of file), the version (a newer seg
// wrote it), the length (truncated or grown), both checksums (damaged), then that every field is
// whole and consistent (keys ascending, codes in range, sizes matching the columns). Every
// failure is an error whose message begins with the file's path; none is a crash or a wrong
// answer.
#pragma once
#include <string>
#include <string_view>

#include "runtime/history/membership.h"
#include "runtime/status.h"

namespace seg::rt {

inline constexpr uint32_t kMembershipFormatVersion = 1;

// The file's bytes; `m` must have its sizes counted (CountMembers) and its keys sorted.
std::string EncodeMembership(const Membership& m);

// `path` only names the file in messages.
Result<Membership> DecodeMembership(std::string_view bytes, const std::string& path);

// Reads and checks a whole file.
Result<Membership> ReadMembershipFile(const std::string& path);
// Reads and checks the preamble and the header only: the run and the sizes, no customers (the
// columns stay empty).
Result<Membership> ReadMembershipSummary(const std::string& path);

}  // namespace seg::rt
