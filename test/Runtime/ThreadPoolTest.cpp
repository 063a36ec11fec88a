//===- ThreadPoolTest.cpp - workers for workgroups ------------------------===//
//
// parallelFor(count, chunk, fn) must call fn on chunks that cover [0, count)
// exactly once, whatever the number of threads, and return only when every
// chunk is done. The pool has no error channel of its own: a task reports a
// failure through state the caller owns (Program.cpp keeps an atomic status),
// so the tests check that such a report is seen once parallelFor returns and
// that a failing chunk does not stop the others.
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/CpuDevice.h"
#include "umc/Runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using umc::rt::ThreadPool;

namespace {

/// Runs one parallelFor and records what it did.
struct Coverage {
  explicit Coverage(int64_t count) : hits(count) {
    for (auto &h : hits)
      h.store(0);
  }

  void run(ThreadPool &pool, int64_t count, int64_t chunk) {
    pool.parallelFor(count, chunk, [&](int64_t begin, int64_t end) {
      calls.fetch_add(1);
      if (begin < 0 || end > count || begin >= end) {
        badRanges.fetch_add(1);
        return;
      }
      if (end - begin > std::max<int64_t>(1, chunk))
        oversized.fetch_add(1);
      for (int64_t i = begin; i < end; ++i)
        hits[i].fetch_add(1);
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
    });
  }

  /// Indices not run exactly once, as text ("" when all were).
  std::string wrongIndices() const {
    std::string wrong;
    for (size_t i = 0; i < hits.size(); ++i)
      if (hits[i].load() != 1)
        wrong += std::to_string(i) + "x" + std::to_string(hits[i].load()) + " ";
    return wrong;
  }

  std::vector<std::atomic<int>> hits;
  std::atomic<int> calls{0}, badRanges{0}, oversized{0};
  std::mutex mutex;
  std::set<std::thread::id> threads;
};

} // namespace

TEST(ThreadPool, SizeCountsTheCaller) {
  EXPECT_EQ(ThreadPool(1).size(), 1u);
  EXPECT_EQ(ThreadPool(4).size(), 4u);
  unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(ThreadPool(0).size(), hardware);
}

TEST(ThreadPool, OneThreadRunsEverythingInlineOnce) {
  ThreadPool pool(1);
  Coverage c(1000);
  c.run(pool, 1000, 7);
  EXPECT_EQ(c.wrongIndices(), "");
  EXPECT_EQ(c.badRanges.load(), 0);
  ASSERT_EQ(c.threads.size(), 1u);
  EXPECT_EQ(*c.threads.begin(), std::this_thread::get_id());
}

TEST(ThreadPool, ManyThreadsRunEveryIndexOnce) {
  ThreadPool pool(8);
  for (int64_t chunk : {1, 3, 16, 999, 1000}) {
    Coverage c(1000);
    c.run(pool, 1000, chunk);
    EXPECT_EQ(c.wrongIndices(), "") << "chunk " << chunk;
    EXPECT_EQ(c.badRanges.load(), 0) << "chunk " << chunk;
    EXPECT_EQ(c.oversized.load(), 0) << "chunk " << chunk;
    EXPECT_EQ(c.calls.load(), (1000 + chunk - 1) / chunk) << "chunk " << chunk;
  }
}

TEST(ThreadPool, ChunksStartAtMultiplesOfTheChunkSize) {
  ThreadPool pool(4);
  std::mutex mutex;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  pool.parallelFor(10, 4, [&](int64_t begin, int64_t end) {
    std::lock_guard<std::mutex> lock(mutex);
    ranges.emplace_back(begin, end);
  });
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<int64_t, int64_t>> expected{{0, 4}, {4, 8}, {8, 10}};
  EXPECT_EQ(ranges, expected);
}

TEST(ThreadPool, RangeSmallerThanThreadCount) {
  ThreadPool pool(8);
  for (int64_t count : {1, 2, 3, 7}) {
    Coverage c(count);
    c.run(pool, count, 1);
    EXPECT_EQ(c.wrongIndices(), "") << "count " << count;
    EXPECT_EQ(c.calls.load(), count) << "count " << count;
    EXPECT_EQ(c.badRanges.load(), 0) << "count " << count;
  }
}

TEST(ThreadPool, OneChunkRunsOnTheCaller) {
  ThreadPool pool(4);
  Coverage c(5);
  c.run(pool, 5, 5);
  EXPECT_EQ(c.wrongIndices(), "");
  EXPECT_EQ(c.calls.load(), 1);
  ASSERT_EQ(c.threads.size(), 1u);
  EXPECT_EQ(*c.threads.begin(), std::this_thread::get_id());
}

TEST(ThreadPool, EmptyRangeCallsNothing) {
  ThreadPool pool(4);
  std::atomic<int> calls{0};
  auto fn = [&](int64_t, int64_t) { calls.fetch_add(1); };
  pool.parallelFor(0, 1, fn);
  pool.parallelFor(-5, 1, fn);
  EXPECT_EQ(calls.load(), 0);
}

TEST(ThreadPool, NonPositiveChunkMeansOne) {
  ThreadPool pool(3);
  for (int64_t chunk : {0, -4}) {
    Coverage c(9);
    c.run(pool, 9, chunk);
    EXPECT_EQ(c.wrongIndices(), "") << "chunk " << chunk;
    EXPECT_EQ(c.calls.load(), 9) << "chunk " << chunk;
    EXPECT_EQ(c.oversized.load(), 0) << "chunk " << chunk;
  }
}

TEST(ThreadPool, WorkersRunChunksConcurrently) {
  // Each of the first two chunks waits until two chunks are running at once:
  // a pool that ran everything on one thread would time out here.
  ThreadPool pool(4);
  std::mutex mutex;
  std::condition_variable cv;
  int running = 0;
  bool sawTwo = false;
  pool.parallelFor(4, 1, [&](int64_t, int64_t) {
    std::unique_lock<std::mutex> lock(mutex);
    ++running;
    if (running >= 2)
      sawTwo = true;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return sawTwo; });
    --running;
  });
  EXPECT_TRUE(sawTwo);
}

TEST(ThreadPool, ReturnsOnlyWhenEveryChunkIsDone) {
  ThreadPool pool(4);
  std::atomic<int> finished{0};
  pool.parallelFor(8, 1, [&](int64_t begin, int64_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * (begin % 3)));
    finished.fetch_add(1);
  });
  EXPECT_EQ(finished.load(), 8);
}

TEST(ThreadPool, FailureOfOneChunkIsReportedAndOthersStillRun) {
  // As Program.cpp does: the failing chunk stores a status the caller reads
  // after parallelFor; the pool neither cancels nor skips the other chunks.
  for (unsigned threads : {1u, 4u}) {
    ThreadPool pool(threads);
    Coverage c(64);
    std::atomic<int32_t> failure{0};
    pool.parallelFor(64, 4, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i)
        c.hits[i].fetch_add(1);
      if (begin <= 37 && 37 < end)
        failure.store(3);
    });
    EXPECT_EQ(failure.load(), 3) << threads << " threads";
    EXPECT_EQ(c.wrongIndices(), "") << threads << " threads";
  }
}

TEST(ThreadPool, ReusedAcrossManyCalls) {
  ThreadPool pool(4);
  for (int call = 0; call < 300; ++call) {
    int64_t count = 1 + call % 37;
    int64_t chunk = 1 + call % 5;
    Coverage c(count);
    c.run(pool, count, chunk);
    ASSERT_EQ(c.wrongIndices(), "")
        << "call " << call << " count " << count << " chunk " << chunk;
    ASSERT_EQ(c.badRanges.load(), 0) << "call " << call;
  }
}

TEST(ThreadPool, SeveralPoolsCreatedAndDestroyed) {
  // The destructor wakes and joins idle workers, also ones that never ran.
  for (int i = 0; i < 20; ++i) {
    ThreadPool idle(3);
    ThreadPool used(3);
    Coverage c(10);
    c.run(used, 10, 1);
    EXPECT_EQ(c.wrongIndices(), "");
  }
}

// The CPU device's chunks: a number of them the threads share evenly where
// one exists within twice the base chunk (a grid of 63 on 2 threads: 8 of
// 8, not 9 of 7), and never below one workgroup.
TEST(ThreadPool, WorkgroupChunksShareEvenly) {
  using umc::rt::workgroupChunk;
  EXPECT_EQ(workgroupChunk(63, 2), 8);
  EXPECT_EQ(workgroupChunk(64, 2), 8);
  EXPECT_EQ(workgroupChunk(72, 2), 9);
  EXPECT_EQ(workgroupChunk(18, 2), 3);
  EXPECT_EQ(workgroupChunk(10, 2), 1);
  EXPECT_EQ(workgroupChunk(1, 2), 1);
  EXPECT_EQ(workgroupChunk(0, 2), 1);
  EXPECT_EQ(workgroupChunk(50, 1), 12);
  for (int64_t threads : {2, 3, 4})
    for (int64_t grid = 1; grid <= 300; ++grid) {
      int64_t chunk = workgroupChunk(grid, threads);
      int64_t base = std::max<int64_t>(1, grid / (4 * threads));
      ASSERT_GE(chunk, base) << grid << " on " << threads;
      ASSERT_LE(chunk, 2 * base) << grid << " on " << threads;
      bool even = (grid + chunk - 1) / chunk % threads == 0;
      bool anyEven = false;
      for (int64_t c = base; c <= 2 * base; ++c)
        anyEven |= (grid + c - 1) / c % threads == 0;
      ASSERT_EQ(even, anyEven) << grid << " on " << threads;
    }
}
