// A generation's value arrays checked piece by piece as a run evaluates the customers whose
// events they hold (rt::DeferredChecks): each piece's checksum, and its values (ValuesFit), on
// the thread about to read them, so the run reads the arrays once rather than once to check them
// and again to evaluate. What guards a memory access (the event offsets that map customers to
// rows, validity bitmaps, dictionaries) is checked by the reader before anything is given.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/deferred_checks.h"
#include "runtime/io/mapped_file.h"
#include "runtime/snapshot/format.h"

namespace seg::rt::snapshot {

class PieceChecks final : public DeferredChecks {
 public:
  // Checks of arrays in `path`, mapped as `file` (kept mapped as long as this lives).
  PieceChecks(std::string path, std::shared_ptr<const MappedFile> file)
      : path_(std::move(path)), file_(std::move(file)) {}

  // The array `section` of event input `input`'s rows, `element` bytes a row, at `bytes`.
  // `fits(begin_byte, end_byte)`, when set, says whether a piece's values are ones the column can
  // hold. Safe to call from several threads.
  void AddArray(size_t input, const Section& section, std::string_view bytes, size_t element,
                std::function<bool(size_t, size_t)> fits);
  // Per input, its offsets (checked; none for an input without arrays here): customer c's rows
  // are [offsets[c], offsets[c + 1]). Called once every array is added, before any check.
  using Offsets = std::pair<const uint32_t*, size_t>;
  void Ready(std::vector<Offsets> offsets);
  bool empty() const { return arrays_.empty(); }

  Status CheckCustomers(size_t begin, size_t end) override;
  Status CheckRest() override;

 private:
  enum State : uint8_t { kUnchecked, kChecking, kIntact, kDamaged };
  struct Array {
    size_t input;
    Section section;
    const char* bytes;
    size_t element;
    std::function<bool(size_t, size_t)> fits;
    std::unique_ptr<std::atomic<uint8_t>[]> states;  // per piece
  };
  // The piece checked, by this thread or (when another is at it) by that one; false when damaged.
  bool Check(Array& array, size_t piece);
  Status Damage(const Array& array, size_t piece) const;

  std::string path_;
  std::shared_ptr<const MappedFile> file_;
  std::mutex adding_;
  std::vector<std::unique_ptr<Array>> arrays_;  // in file order once Ready
  std::vector<Offsets> offsets_;                // per input
};

}  // namespace seg::rt::snapshot
