#include "runtime/history/sha256.h"

#include <openssl/evp.h>

#include "runtime/assert.h"

namespace seg::rt {

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> digest{};
  unsigned int size = 0;
  // EVP_Digest fails only when OpenSSL itself is broken (no SHA-256 provider).
  int ok = EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  SEG_ASSERT(ok == 1 && size == digest.size(), "OpenSSL has no SHA-256");
  return digest;
}

std::string HexOf(const uint8_t* bytes, size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (size_t i = 0; i < size; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<uint8_t, 32> digest = Sha256(bytes);
  return HexOf(digest.data(), digest.size());
}

}  // namespace seg::rt
