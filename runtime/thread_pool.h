#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace seg::rt {

// A fixed set of worker threads that run morsel-driven loops. Work is handed out in morsels of
// `morsel` items from a shared counter, so fast threads take more morsels; which thread runs which
// morsel varies from run to run, so callers must write only to outputs owned by the morsel's range.
// Results then never depend on the thread count or on scheduling.
class ThreadPool {
 public:
  // `threads` counts the calling thread: 1 = everything runs inline, 0 = one per hardware thread.
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size() + 1; }

  // Calls body(begin, end) for consecutive ranges covering [0, n), each at most `morsel` long,
  // and returns when all are done. The first exception thrown by a body is rethrown here (the
  // remaining morsels are skipped). Calls from inside a body run inline rather than deadlock.
  void ParallelFor(size_t n, size_t morsel, const std::function<void(size_t, size_t)>& body);

 private:
  void WorkerLoop();
  void RunMorsels();

  std::vector<std::thread> workers_;
  std::mutex call_mutex_;  // one ParallelFor at a time

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  bool stop_ = false;
  size_t generation_ = 0;
  size_t busy_workers_ = 0;

  // The current loop; written under mutex_ before workers are woken.
  const std::function<void(size_t, size_t)>* body_ = nullptr;
  size_t n_ = 0;
  size_t morsel_ = 1;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

// Convenience for one-off loops: a pool of `threads` for the duration of the call.
void ParallelFor(size_t threads, size_t n, size_t morsel, const std::function<void(size_t, size_t)>& body);

}  // namespace seg::rt
