#include "runtime/history/membership_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "runtime/history/byte_codec.h"
#include "runtime/history/sha256.h"

namespace seg::rt {

namespace {

constexpr std::string_view kMagic{"SEGHIST\0", 8};
// magic, version, flags, header length, body length, header SHA-256, body SHA-256
constexpr size_t kPreambleSize = 8 + 4 + 4 + 8 + 8 + 32 + 32;

// Bits per bucket code: enough for 0 (no bucket) .. n (the last bucket).
uint32_t CodeWidth(size_t buckets) {
  uint32_t width = 0;
  while (width < 32 && (uint64_t{1} << width) <= buckets) ++width;
  return width;
}

size_t PackedBytes(size_t values, uint32_t width) { return (values * width + 7) / 8; }

std::string EncodeHeader(const Membership& m) {
  ByteWriter w;
  w.Varint(m.run_id);
  w.String(m.as_of);
  w.String(m.program_hash);
  w.String(m.program);
  w.U64(static_cast<uint64_t>(m.recorded_at));
  w.String(m.key_name);
  w.U8(static_cast<uint8_t>(m.key_kind));
  w.Varint(m.keys.size());
  w.Varint(m.classifications.size());
  for (size_t c = 0; c < m.classifications.size(); ++c) {
    w.String(m.classifications[c].name);
    w.Varint(m.classifications[c].buckets.size());
    for (size_t b = 0; b < m.classifications[c].buckets.size(); ++b) {
      w.String(m.classifications[c].buckets[b]);
      w.Varint(m.bucket_sizes[c][b]);
    }
  }
  w.Varint(m.tags.size());
  for (size_t t = 0; t < m.tags.size(); ++t) {
    w.String(m.tags[t]);
    w.Varint(m.tag_sizes[t]);
  }
  return std::move(w.bytes());
}

std::string EncodeBody(const Membership& m) {
  ByteWriter w;
  // Front coding: sorted keys share long prefixes ("C0001", "C0002"), so each key is the length
  // it shares with the one before and the rest.
  std::string_view previous;
  for (const std::string& key : m.keys) {
    size_t shared = 0;
    while (shared < previous.size() && shared < key.size() && previous[shared] == key[shared]) ++shared;
    w.Varint(shared);
    w.String(std::string_view(key).substr(shared));
    previous = key;
  }
  for (size_t c = 0; c < m.classifications.size(); ++c) {
    uint32_t width = CodeWidth(m.classifications[c].buckets.size());
    std::string packed(PackedBytes(m.keys.size(), width), '\0');
    size_t bit = 0;
    for (uint32_t code : m.buckets[c]) {
      for (uint32_t k = 0; k < width; ++k, ++bit)
        if ((code >> k) & 1) packed[bit / 8] = static_cast<char>(packed[bit / 8] | (1 << (bit % 8)));
    }
    w.Bytes(packed);
  }
  for (size_t t = 0; t < m.tags.size(); ++t) {
    std::string bits(PackedBytes(m.keys.size(), 1), '\0');
    for (size_t i = 0; i < m.keys.size(); ++i)
      if (m.tagged[t][i]) bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
    w.Bytes(bits);
  }
  return std::move(w.bytes());
}

Status Corrupt(const std::string& path, const std::string& what) {
  return Status::Error(path + ": corrupt seg history file: " + what);
}

struct Sections {
  std::string_view header, body;
};

// Checks the preamble and the checksums of the sections present in `bytes`; `whole` says
// whether the body must be there too.
Result<Sections> CheckPreamble(std::string_view bytes, uint64_t file_size, const std::string& path, bool whole) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
    return Status::Error(path + ": not a seg history file (it does not begin with the SEGHIST mark)");
  ByteReader r(bytes.substr(kMagic.size()));
  uint32_t version = 0, flags = 0;
  uint64_t header_size = 0, body_size = 0;
  std::string_view header_sum, body_sum;
  if (!r.U32(&version) || !r.U32(&flags) || !r.U64(&header_size) || !r.U64(&body_size) || !r.Bytes(32, &header_sum) ||
      !r.Bytes(32, &body_sum)) {
    return Corrupt(path, "truncated: " + std::to_string(file_size) + " bytes, shorter than its preamble");
  }
  if (version != kMembershipFormatVersion) {
    return Status::Error(path + ": seg history format version " + std::to_string(version) +
                         (version > kMembershipFormatVersion ? ", newer than" : ", not") + " the version " +
                         std::to_string(kMembershipFormatVersion) + " this seg reads");
  }
  if (flags != 0) return Corrupt(path, "unknown flags " + std::to_string(flags));
  if (header_size > file_size || body_size > file_size || kPreambleSize + header_size + body_size != file_size) {
    return Corrupt(path, (file_size < kPreambleSize + header_size + body_size ? "truncated: " : "extra bytes: ") +
                             std::to_string(file_size) + " bytes where its preamble says " +
                             std::to_string(kPreambleSize + header_size + body_size));
  }
  Sections s;
  s.header = bytes.substr(kPreambleSize, header_size);
  auto matches = [](std::string_view section, std::string_view sum) {
    std::array<uint8_t, 32> digest = Sha256(section);
    return std::memcmp(digest.data(), sum.data(), digest.size()) == 0;
  };
  if (!matches(s.header, header_sum)) return Corrupt(path, "the header's checksum does not match");
  if (whole) {
    s.body = bytes.substr(kPreambleSize + header_size, body_size);
    if (!matches(s.body, body_sum)) return Corrupt(path, "the body's checksum does not match");
  }
  return s;
}

Status DecodeHeader(std::string_view header, const std::string& path, Membership* m) {
  ByteReader r(header);
  uint64_t recorded_at = 0, classes = 0, tags = 0;
  uint8_t key_kind = 0;
  if (!r.Varint(&m->run_id) || !r.String(&m->as_of) || !r.String(&m->program_hash) || !r.String(&m->program) ||
      !r.U64(&recorded_at) || !r.String(&m->key_name) || !r.U8(&key_kind) || !r.Varint(&m->customers) ||
      !r.Varint(&classes)) {
    return Corrupt(path, "the header ends early");
  }
  if (key_kind > static_cast<uint8_t>(KeyKind::kInt)) return Corrupt(path, "unknown key kind");
  m->key_kind = static_cast<KeyKind>(key_kind);
  m->recorded_at = static_cast<int64_t>(recorded_at);
  // Every count is bounded by what is left, so a damaged count cannot ask for a huge allocation.
  if (classes > r.remaining()) return Corrupt(path, "the header ends early");
  m->classifications.resize(classes);
  m->bucket_sizes.resize(classes);
  for (size_t c = 0; c < classes; ++c) {
    uint64_t buckets = 0;
    if (!r.String(&m->classifications[c].name) || !r.Varint(&buckets) || buckets > r.remaining())
      return Corrupt(path, "the header ends early");
    m->classifications[c].buckets.resize(buckets);
    m->bucket_sizes[c].resize(buckets);
    for (size_t b = 0; b < buckets; ++b) {
      if (!r.String(&m->classifications[c].buckets[b]) || !r.Varint(&m->bucket_sizes[c][b]))
        return Corrupt(path, "the header ends early");
    }
  }
  if (!r.Varint(&tags) || tags > r.remaining()) return Corrupt(path, "the header ends early");
  m->tags.resize(tags);
  m->tag_sizes.resize(tags);
  for (size_t t = 0; t < tags; ++t) {
    if (!r.String(&m->tags[t]) || !r.Varint(&m->tag_sizes[t])) return Corrupt(path, "the header ends early");
  }
  if (r.remaining() != 0) return Corrupt(path, "extra bytes after the header");
  return Status::Ok();
}

Status DecodeBody(std::string_view body, const std::string& path, Membership* m) {
  ByteReader r(body);
  // Each key takes at least two bytes, which bounds the count before anything is allocated.
  if (m->customers > body.size() / 2 + 1) return Corrupt(path, "more customers than the body can hold");
  m->keys.resize(m->customers);
  for (size_t i = 0; i < m->customers; ++i) {
    uint64_t shared = 0;
    std::string rest;
    if (!r.Varint(&shared) || !r.String(&rest)) return Corrupt(path, "the keys end early");
    const std::string* previous = i > 0 ? &m->keys[i - 1] : nullptr;
    if (shared > (previous ? previous->size() : 0)) return Corrupt(path, "a key's shared prefix is too long");
    m->keys[i] = (previous ? previous->substr(0, shared) : std::string()) + rest;
    if (previous && !(*previous < m->keys[i]))
      return Corrupt(path, "keys out of order at customer " + std::to_string(i + 1));
  }
  size_t n = m->keys.size();
  m->buckets.assign(m->classifications.size(), {});
  for (size_t c = 0; c < m->classifications.size(); ++c) {
    size_t bucket_count = m->classifications[c].buckets.size();
    uint32_t width = CodeWidth(bucket_count);
    std::string_view packed;
    if (!r.Bytes(PackedBytes(n, width), &packed)) return Corrupt(path, "the buckets end early");
    std::vector<uint32_t>& codes = m->buckets[c];
    codes.assign(n, 0);
    size_t bit = 0;
    for (size_t i = 0; i < n; ++i) {
      uint32_t code = 0;
      for (uint32_t k = 0; k < width; ++k, ++bit)
        code |= ((static_cast<uint8_t>(packed[bit / 8]) >> (bit % 8)) & 1u) << k;
      if (code > bucket_count)
        return Corrupt(path, "bucket code " + std::to_string(code) + " of " + m->classifications[c].name +
                                 " is out of range");
      codes[i] = code;
    }
  }
  m->tagged.assign(m->tags.size(), {});
  for (size_t t = 0; t < m->tags.size(); ++t) {
    std::string_view bits;
    if (!r.Bytes(PackedBytes(n, 1), &bits)) return Corrupt(path, "the tags end early");
    m->tagged[t].assign(n, 0);
    for (size_t i = 0; i < n; ++i) m->tagged[t][i] = (static_cast<uint8_t>(bits[i / 8]) >> (i % 8)) & 1;
  }
  if (r.remaining() != 0) return Corrupt(path, "extra bytes after the tags");
  // The sizes in the header must be those of the columns: a chart drawn from headers alone then
  // shows what the customers say.
  Membership counted = *m;
  CountMembers(&counted);
  if (counted.bucket_sizes != m->bucket_sizes || counted.tag_sizes != m->tag_sizes)
    return Corrupt(path, "the sizes in its header differ from its customers");
  return Status::Ok();
}

Result<std::string> ReadPrefix(const std::string& path, size_t limit, uint64_t* file_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error(path + ": not a regular file");
  }
  *file_size = static_cast<uint64_t>(st.st_size);
  std::string bytes(std::min<uint64_t>(*file_size, limit), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      int error = errno;
      ::close(fd);
      return Status::Error(path + ": " + (got == 0 ? std::string("shrank while being read") : std::strerror(error)));
    }
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  return bytes;
}

}  // namespace

std::string EncodeMembership(const Membership& m) {
  std::string header = EncodeHeader(m), body = EncodeBody(m);
  ByteWriter w;
  w.Bytes(kMagic);
  w.U32(kMembershipFormatVersion);
  w.U32(0);
  w.U64(header.size());
  w.U64(body.size());
  std::array<uint8_t, 32> header_sum = Sha256(header), body_sum = Sha256(body);
  w.Bytes(std::string_view(reinterpret_cast<const char*>(header_sum.data()), header_sum.size()));
  w.Bytes(std::string_view(reinterpret_cast<const char*>(body_sum.data()), body_sum.size()));
  w.Bytes(header);
  w.Bytes(body);
  return std::move(w.bytes());
}

Result<Membership> DecodeMembership(std::string_view bytes, const std::string& path) {
  Result<Sections> sections = CheckPreamble(bytes, bytes.size(), path, true);
  if (!sections.ok()) return sections.status();
  Membership m;
  if (Status s = DecodeHeader(sections->header, path, &m); !s.ok()) return s;
  if (Status s = DecodeBody(sections->body, path, &m); !s.ok()) return s;
  return m;
}

Result<Membership> ReadMembershipFile(const std::string& path) {
  uint64_t size = 0;
  Result<std::string> bytes = ReadPrefix(path, SIZE_MAX, &size);
  if (!bytes.ok()) return bytes.status();
  return DecodeMembership(*bytes, path);
}

Result<Membership> ReadMembershipSummary(const std::string& path) {
  uint64_t size = 0;
  Result<std::string> preamble = ReadPrefix(path, kPreambleSize, &size);
  if (!preamble.ok()) return preamble.status();
  // The header's length is in the preamble; read that much more (bounded by the file).
  uint64_t header_size = 0;
  if (preamble->size() == kPreambleSize) {
    ByteReader r(std::string_view(*preamble).substr(16));
    (void)r.U64(&header_size);
  }
  Result<std::string> bytes = ReadPrefix(path, kPreambleSize + std::min(header_size, size), &size);
  if (!bytes.ok()) return bytes.status();
  Result<Sections> sections = CheckPreamble(*bytes, size, path, false);
  if (!sections.ok()) return sections.status();
  Membership m;
  if (Status s = DecodeHeader(sections->header, path, &m); !s.ok()) return s;
  return m;
}

}  // namespace seg::rt
