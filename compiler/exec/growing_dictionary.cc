// A dictionary that grows during a run: one mutex for interning, lock-free reads through chunks
// of views that never move once published.
#include "compiler/exec/growing_dictionary.h"

namespace seg::exec {

const char* JoinedTextTooLong() { return "a joined text longer than 1048576 bytes (1 MiB)"; }

bool TextBudget::Charge(size_t bytes) {
  size_t used = used_.load(std::memory_order_relaxed);
  do {
    if (spent() || bytes > limit_ || used > limit_ - bytes) {
      spent_.store(true, std::memory_order_relaxed);
      return false;
    }
  } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

namespace {
std::atomic<uint64_t> next_dictionary_id{1};
}  // namespace

GrowingDictionary::GrowingDictionary(TextBudget* budget)
    : budget_(budget), id_(next_dictionary_id.fetch_add(1, std::memory_order_relaxed)) {
  std::string_view* first = new std::string_view[kFirstChunk];
  strings_.emplace_back();
  first[0] = strings_.back();
  codes_.emplace(first[0], 0);
  chunks_[0].store(first, std::memory_order_release);
  size_.store(1, std::memory_order_release);
}

GrowingDictionary::~GrowingDictionary() {
  for (std::atomic<std::string_view*>& chunk : chunks_) delete[] chunk.load(std::memory_order_relaxed);
}

int64_t GrowingDictionary::Intern(std::string_view s) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = codes_.find(s); it != codes_.end()) return it->second;
  if (!budget_->Charge(s.size() + kTextEntryBytes)) return 0;
  size_t code = size_.load(std::memory_order_relaxed);
  size_t index = code + kFirstChunk;
  size_t chunk = static_cast<size_t>(std::bit_width(index)) - kFirstChunkBits - 1;
  std::string_view* views = chunks_[chunk].load(std::memory_order_relaxed);
  if (views == nullptr) {
    views = new std::string_view[kFirstChunk << chunk];
    chunks_[chunk].store(views, std::memory_order_release);
  }
  strings_.emplace_back(s);
  std::string_view stored = strings_.back();
  views[index - (kFirstChunk << chunk)] = stored;
  codes_.emplace(stored, static_cast<int64_t>(code));
  size_.store(code + 1, std::memory_order_release);
  return static_cast<int64_t>(code);
}

}  // namespace seg::exec
