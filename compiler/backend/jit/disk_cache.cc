#include "compiler/backend/jit/disk_cache.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>

#include "runtime/atomic_file.h"

namespace seg::jit {

namespace {

// Entry layout: magic (8) | key digest (32) | object length (8, little-endian) | object SHA-256
// (32) | object. Bump the magic when the layout changes.
constexpr std::string_view kMagic = "SEGJIT01";
constexpr size_t kDigest = 32;
constexpr size_t kHeader = kMagic.size() + kDigest + 8 + kDigest;

std::string LengthBytes(uint64_t n) {
  std::string out(8, '\0');
  for (int k = 0; k < 8; ++k) out[static_cast<size_t>(k)] = static_cast<char>((n >> (8 * k)) & 0xff);
  return out;
}

uint64_t LengthOf(std::string_view bytes) {
  uint64_t n = 0;
  for (int k = 7; k >= 0; --k) n = (n << 8) | static_cast<uint8_t>(bytes[static_cast<size_t>(k)]);
  return n;
}

}  // namespace

std::string Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> digest = llvm::SHA256::hash(
      llvm::arrayRefFromStringRef(llvm::StringRef(bytes.data(), bytes.size())));
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char ch : bytes) {
    auto b = static_cast<uint8_t>(ch);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::filesystem::path CacheDir(const JitOptions& options) {
  if (!options.cache_dir.empty()) return options.cache_dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0')
    return std::filesystem::path(xdg) / "seg";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".cache" / "seg";
  return {};
}

std::filesystem::path EntryPath(const std::filesystem::path& dir, std::string_view key_digest) {
  return dir / (Hex(key_digest) + ".segjit");
}

rt::Result<std::optional<std::string>> ReadEntry(const std::filesystem::path& path, std::string_view key_digest) {
  // Read into memory, not mapped: a file truncated under a mapping would kill the process.
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::optional<std::string>();  // no entry (or one renamed away this instant): compile
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto unusable = [&](const std::string& why) -> rt::Result<std::optional<std::string>> {
    return rt::Status::Error("disk cache entry " + path.filename().string() + " " + why + "; compiled again");
  };
  if (in.bad()) return unusable("could not be read");
  if (bytes.size() < kHeader) return unusable("is shorter than its header (torn)");
  std::string_view view(bytes);
  if (view.substr(0, kMagic.size()) != kMagic) return unusable("is not in this seg's format");
  if (view.substr(kMagic.size(), kDigest) != key_digest) return unusable("is for another key");
  uint64_t length = LengthOf(view.substr(kMagic.size() + kDigest, 8));
  if (length != bytes.size() - kHeader) return unusable("has the wrong length (torn)");
  std::string_view object = view.substr(kHeader);
  if (Sha256(object) != view.substr(kMagic.size() + kDigest + 8, kDigest))
    return unusable("fails its checksum (corrupt)");
  return std::optional<std::string>(std::string(object));
}

void WriteEntry(const std::filesystem::path& path, std::string_view key_digest, std::string_view object) {
  // rt::OutputFile's temporary name is per process: threads of one process (the API, a REPL)
  // compiling the same program take turns, or they would write into one temporary file.
  static std::mutex writing;
  std::lock_guard<std::mutex> lock(writing);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  rt::Result<rt::OutputFile> out = rt::OutputFile::Open(path.string(), {});
  if (!out.ok()) return;
  std::string header = std::string(kMagic) + std::string(key_digest) + LengthBytes(object.size()) + Sha256(object);
  if (out->Write(header) && out->Write(object)) out->Commit();
}

}  // namespace seg::jit
