// SHA-256 through OpenSSL's libcrypto (a Debian library: no hash code of our own to get wrong).
// The history and audience files use it twice: the program's hash (the same text the PostgreSQL
// history table hashes, so both name a program alike) and each history file's checksum.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

std::array<uint8_t, 32> Sha256(std::string_view bytes);
// Lower-case hex, 64 characters.
std::string Sha256Hex(std::string_view bytes);
std::string HexOf(const uint8_t* bytes, size_t size);

}  // namespace seg::rt
