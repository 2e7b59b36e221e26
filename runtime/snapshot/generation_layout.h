// The metadata block of a generation, which lists every array with its place in the file. The
// writer calls EncodeMetadata twice: once to learn the block's size and the arrays (their offsets
// depend on it), once with the arrays placed. The reader decodes the same fields in the same order
// (generation_reader.cc), so the two walk one shape.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/snapshot/generation.h"
#include "runtime/snapshot/metadata_stream.h"

namespace seg::rt::snapshot {

struct ArrayRef {
  const void* data = nullptr;
  uint64_t size = 0;
};

class ArrayPlacer {
 public:
  // First pass: records the array and returns a section of its size, not yet placed; second pass (after Place): the
  // array's section, in the same order. Memory added twice (same pointer and size, not empty) is
  // one array: both sections name the same bytes.
  Section Add(const void* data, uint64_t size);
  // Lays the distinct arrays out from `first_offset` on, each at a kAlignment boundary, with
  // their pieces' checksums.
  void Place(uint64_t first_offset);
  const std::vector<ArrayRef>& arrays() const { return arrays_; }
  const std::vector<Section>& sections() const { return sections_; }
  uint64_t end() const { return end_; }

 private:
  std::vector<ArrayRef> arrays_;
  std::vector<Section> sections_;
  std::vector<size_t> added_;  // per Add of the first pass: its array in arrays_
  size_t next_ = 0;
  bool placed_ = false;
  uint64_t end_ = 0;
};

void EncodeMetadata(const Generation& generation, ArrayPlacer* arrays, MetadataWriter* out);

inline uint64_t AlignUp(uint64_t offset) { return (offset + kAlignment - 1) / kAlignment * kAlignment; }

}  // namespace seg::rt::snapshot
