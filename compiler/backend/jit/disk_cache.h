// The JIT's code cache on disk ($XDG_CACHE_HOME/seg or ~/.cache/seg): one file per compiled
// program, named by the digest of its cache key (jit_engine.cc). Several seg processes may share
// the directory at once, so an entry is
//  - written whole or not at all: to a temporary file, synced, then renamed over the name
//    (rt::OutputFile), so a reader sees an old entry, a new one, or none;
//  - verified when read: a header names the format, the key digest and the object's length and
//    SHA-256, and an entry that does not match in every point (torn by a crash or a copy,
//    corrupted, written by another format) is not used: the caller compiles again, replaces it,
//    and says so under --verbose. Never trusted, never a silent fallback to the interpreter.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/backend/jit/jit.h"
#include "runtime/status.h"

namespace seg::jit {

// The directory entries go to; empty when no home is known (then nothing is cached on disk).
std::filesystem::path CacheDir(const JitOptions& options);

// The entry's file for a key digest (32 bytes): "<hex digest>.segjit" in `dir`.
std::filesystem::path EntryPath(const std::filesystem::path& dir, std::string_view key_digest);

// The object file stored at `path` for `key_digest`; nullopt when there is no entry; an error
// (saying what is wrong with it, for --verbose) when there is one that cannot be used.
rt::Result<std::optional<std::string>> ReadEntry(const std::filesystem::path& path, std::string_view key_digest);

// Stores `object` for `key_digest` at `path`, atomically. A failure only costs a compile next time.
void WriteEntry(const std::filesystem::path& path, std::string_view key_digest, std::string_view object);

// The SHA-256 of `bytes` (32 raw bytes), and as hex.
std::string Sha256(std::string_view bytes);
std::string Hex(std::string_view bytes);

}  // namespace seg::jit
