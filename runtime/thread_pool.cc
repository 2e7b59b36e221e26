#include "runtime/thread_pool.h"

#include <algorithm>

namespace seg::rt {
namespace {

// Set on pool workers so nested loops run inline instead of waiting on their own pool.
thread_local bool tls_in_pool = false;

}  // namespace

ThreadPool::ThreadPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::WorkerLoop() {
  tls_in_pool = true;
  size_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    RunMorsels();
    std::lock_guard<std::mutex> lock(mutex_);
    if (--busy_workers_ == 0) done_.notify_one();
  }
}

void ThreadPool::RunMorsels() {
  for (;;) {
    if (failed_.load(std::memory_order_relaxed)) return;
    size_t begin = next_.fetch_add(morsel_, std::memory_order_relaxed);
    if (begin >= n_) return;
    size_t end = std::min(n_, begin + morsel_);
    try {
      (*body_)(begin, end);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!failed_.exchange(true)) error_ = std::current_exception();
      return;
    }
  }
}

void ThreadPool::ParallelFor(size_t n, size_t morsel, const std::function<void(size_t, size_t)>& body) {
  if (n == 0) return;
  morsel = std::max<size_t>(morsel, 1);
  if (workers_.empty() || tls_in_pool || n <= morsel) {
    for (size_t begin = 0; begin < n; begin += morsel) body(begin, std::min(n, begin + morsel));
    return;
  }
  std::lock_guard<std::mutex> call_lock(call_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    body_ = &body;
    n_ = n;
    morsel_ = morsel;
    next_.store(0);
    failed_.store(false);
    error_ = nullptr;
    busy_workers_ = workers_.size();
    ++generation_;
  }
  wake_.notify_all();
  // The caller works too, so a pool of N threads uses N cores, not N+1.
  bool was_in_pool = tls_in_pool;
  tls_in_pool = true;
  RunMorsels();
  tls_in_pool = was_in_pool;
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return busy_workers_ == 0; });
  if (error_) std::rethrow_exception(error_);
}

void ParallelFor(size_t threads, size_t n, size_t morsel, const std::function<void(size_t, size_t)>& body) {
  ThreadPool pool(threads);
  pool.ParallelFor(n, morsel, body);
}

}  // namespace seg::rt
