//===- ThreadPool.h - workers for workgroups --------------------*- C++ -*-===//
#ifndef UMC_RUNTIME_THREADPOOL_H
#define UMC_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace umc::rt {

/// A fixed set of threads that run ranges of a grid. The calling thread
/// works too, so a pool of one thread runs everything inline. Threads that
/// run out of work spin for a short while (kSpin) before they sleep, as
/// OpenMP runtimes do: a model dispatches its kernels back to back, and
/// waking a sleeping thread costs about as much as a small kernel.
class ThreadPool {
public:
  /// `threads` counts the caller; 0 means one per hardware thread.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  unsigned size() const { return static_cast<unsigned>(workers_.size()) + 1; }

  /// Runs fn(begin, end) over [0, count) in chunks of `chunk` (the last may
  /// be shorter), spread over all threads; returns when every chunk is done.
  /// One caller at a time: a pool runs one range, so two threads that share
  /// a pool (or a Program) must take turns. `fn` must not throw.
  void parallelFor(int64_t count, int64_t chunk,
                   const std::function<void(int64_t, int64_t)> &fn);

private:
  void workerLoop();
  void runChunks();
  /// Spins until `done()` or kSpin has passed; whether `done()` held.
  template <typename Done> static bool spinUntil(Done done);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  // Written under `mutex_`; read without it only to spin.
  std::atomic<uint64_t> generation_{0};
  std::atomic<int64_t> pending_{0};
  bool stopping_ = false;

  // The job in progress (valid while `pending_ > 0`).
  const std::function<void(int64_t, int64_t)> *fn_ = nullptr;
  int64_t count_ = 0, chunk_ = 1, next_ = 0;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_THREADPOOL_H
