// Checks that text is UTF-8, the one encoding seg reads (rule files and data alike).
#pragma once

#include <cstddef>
#include <string_view>

namespace seg::rt {

// The byte offset of the first byte that does not start a valid UTF-8 sequence (a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate, a value past U+10FFFF),
// or npos when all of `text` is valid. Runs of ASCII are skipped eight bytes at a time, and an ASCII
// field of any length is recognised in a few word-wide steps with no byte-by-byte tail, so checking
// every text field of a large file costs little more than reading it.
size_t FindInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

// Whether every byte is below 0x80. Written as a block-wise OR that compilers vectorise: a loader
// scans a whole piece of a file this way, and only when it finds a non-ASCII byte does it check
// its text fields one by one.
bool IsAscii(std::string_view text);

// Whether a file that starts with `head` is UTF-16 (or UTF-32) text rather than UTF-8: it starts with
// a UTF-16 byte order mark (FF FE or FE FF), or, without one, its first bytes interleave NULs with
// characters, as UTF-16 text of mostly ASCII does. Returns how it shows ("starts with a UTF-16 byte
// order mark", "has a NUL byte between its characters"), or nullptr for anything else.
const char* Utf16Evidence(std::string_view head);

}  // namespace seg::rt
