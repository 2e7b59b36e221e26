#include "runtime/snapshot/generation_writer.h"

#include <cstring>

#include "runtime/atomic_file.h"
#include "runtime/snapshot/generation_layout.h"

namespace seg::rt::snapshot {

Status WriteGeneration(const Generation& generation, const std::string& path) {
  // Pass one learns the metadata's size and the arrays; pass two writes their offsets into it.
  ArrayPlacer arrays;
  MetadataWriter sizing;
  EncodeMetadata(generation, &arrays, &sizing);
  arrays.Place(kHeaderSize + sizing.bytes().size());
  MetadataWriter meta;
  EncodeMetadata(generation, &arrays, &meta);

  Header header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.version = kFormatVersion;
  header.header_size = kHeaderSize;
  header.file_size = arrays.end();
  header.meta_offset = kHeaderSize;
  header.meta_size = meta.bytes().size();
  header.meta_checksum = Checksum(meta.bytes().data(), meta.bytes().size());
  header.header_checksum = Checksum(&header, offsetof(Header, header_checksum));

  Result<OutputFile> out = OutputFile::Open(path, {});
  if (!out.ok()) return Status::Error("cannot write " + path + ": " + out.message());
  static const char kZeros[kAlignment] = {};
  uint64_t written = 0;
  auto write = [&](const void* data, uint64_t size) {
    written += size;
    return out->Write(std::string_view(static_cast<const char*>(data), size));
  };
  bool ok = write(&header, sizeof(header)) && write(meta.bytes().data(), meta.bytes().size());
  for (size_t i = 0; ok && i < arrays.arrays().size(); ++i) {
    ok = write(kZeros, arrays.sections()[i].offset - written) &&
         write(arrays.arrays()[i].data, arrays.arrays()[i].size);
  }
  if (!ok || !out->Commit()) return Status::Error("cannot write " + path + ": " + out->error());
  return Status::Ok();
}

}  // namespace seg::rt::snapshot
