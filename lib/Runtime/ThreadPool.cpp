//===- ThreadPool.cpp - workers for workgroups ----------------------------===//
#include "umc/Runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>

namespace umc::rt {

namespace {
/// How long a thread out of work spins before it sleeps: longer than the
/// host program's gap between two dispatches, far shorter than a pause
/// between calls.
constexpr std::chrono::microseconds kSpin{200};

/// Tells the core this is a spin loop (it saves power, and a sibling
/// hyperthread gets the core).
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}
} // namespace

template <typename Done> bool ThreadPool::spinUntil(Done done) {
  auto deadline = std::chrono::steady_clock::now() + kSpin;
  while (!done()) {
    for (int i = 0; i < 64; ++i)
      cpuRelax();
    if (std::chrono::steady_clock::now() >= deadline)
      return done();
  }
  return true;
}

ThreadPool::ThreadPool(unsigned threads) {
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &worker : workers_)
    worker.join();
}

/// Takes chunks until none are left. Chunks are claimed under the lock:
/// they are coarse (a range of workgroups), so the lock is not contended.
void ThreadPool::runChunks() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (next_ < count_) {
    int64_t begin = next_;
    int64_t end = std::min(count_, begin + chunk_);
    next_ = end;
    const auto *fn = fn_;
    lock.unlock();
    (*fn)(begin, end);
    lock.lock();
    if (--pending_ == 0)
      done_.notify_all();
  }
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  while (true) {
    spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen; });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
    }
    runChunks();
  }
}

void ThreadPool::parallelFor(int64_t count, int64_t chunk,
                             const std::function<void(int64_t, int64_t)> &fn) {
  if (count <= 0)
    return;
  chunk = std::max<int64_t>(1, chunk);
  if (workers_.empty() || count <= chunk) {
    fn(0, count);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    count_ = count;
    chunk_ = chunk;
    next_ = 0;
    pending_ = (count + chunk - 1) / chunk;
    ++generation_;
  }
  wake_.notify_all();
  runChunks();
  if (spinUntil([&] { return pending_.load(std::memory_order_acquire) == 0; }))
    return;
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
}

} // namespace umc::rt
