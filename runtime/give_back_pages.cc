#include "runtime/give_back_pages.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <thread>

#include "runtime/io/page_size.h"

namespace seg::rt {

namespace {

void GiveBack(const std::vector<UnneededBytes>& stretches, size_t begin, size_t end, uintptr_t page) {
  for (size_t s = begin; s < end; ++s) {
    auto first = (reinterpret_cast<uintptr_t>(stretches[s].data) + page - 1) & ~(page - 1);
    auto last = (reinterpret_cast<uintptr_t>(stretches[s].data) + stretches[s].size) & ~(page - 1);
    // A failure leaves the pages where they were, for the exit to free: nothing is lost.
    if (first < last) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
  }
}

}  // namespace

void GiveBackPages(const std::vector<UnneededBytes>& stretches, size_t threads) {
  const auto page = static_cast<uintptr_t>(PageSize());
  size_t total = 0;
  for (const UnneededBytes& stretch : stretches) total += stretch.size;
  threads = std::max<size_t>(1, std::min(threads, stretches.size()));
  // Runs of whole stretches of about total / threads bytes each: the helpers take the first
  // ones, this thread the rest.
  std::vector<std::thread> helpers;
  size_t next = 0;
  for (size_t t = 1; t < threads; ++t) {
    size_t begin = next, bytes = 0;
    while (next < stretches.size() && bytes < total / threads) bytes += stretches[next++].size;
    try {
      helpers.emplace_back(GiveBack, std::cref(stretches), begin, next, page);
    } catch (const std::system_error&) {
      GiveBack(stretches, begin, next, page);  // no thread to be had: here
    }
  }
  GiveBack(stretches, next, stretches.size(), page);
  for (std::thread& helper : helpers) helper.join();
}

}  // namespace seg::rt
