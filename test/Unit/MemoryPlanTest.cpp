//===- MemoryPlanTest.cpp - static placement of temporary buffers ---------===//
//
// planMemory must never let two buffers that are alive at the same time
// share a byte, must let buffers whose lifetimes are disjoint reuse memory,
// and must place every buffer at an aligned offset. Besides hand-worked
// plans, a seeded random sweep checks the invariants on many programs.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Common/MemoryPlan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using umc::BufferLifetime;
using umc::MemoryPlan;
using umc::planMemory;

namespace {

constexpr uint64_t kAlignment = 64; // what the host program asks for

bool livesOverlap(const BufferLifetime &a, const BufferLifetime &b) {
  return a.first <= b.last && b.first <= a.last;
}

bool bytesOverlap(uint64_t aOffset, uint64_t aBytes, uint64_t bOffset,
                  uint64_t bBytes) {
  return aOffset < bOffset + bBytes && bOffset < aOffset + aBytes;
}

/// Checks every invariant of a plan; returns a description of the first
/// violation, or "" when the plan is valid.
std::string validate(const std::vector<BufferLifetime> &buffers,
                     const MemoryPlan &plan, uint64_t alignment) {
  if (plan.offsets.size() != buffers.size())
    return "one offset per buffer expected";
  uint64_t end = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (plan.offsets[i] % alignment != 0)
      return "buffer " + std::to_string(i) + " at unaligned offset " +
             std::to_string(plan.offsets[i]);
    if (plan.offsets[i] + buffers[i].bytes > plan.arenaBytes)
      return "buffer " + std::to_string(i) + " ends past the arena";
    end = std::max(end, plan.offsets[i] + buffers[i].bytes);
    for (size_t j = 0; j < i; ++j)
      if (livesOverlap(buffers[i], buffers[j]) &&
          bytesOverlap(plan.offsets[i], buffers[i].bytes, plan.offsets[j],
                       buffers[j].bytes))
        return "buffers " + std::to_string(j) + " and " + std::to_string(i) +
               " are alive together and share bytes";
  }
  if (end != plan.arenaBytes)
    return "arena is " + std::to_string(plan.arenaBytes) +
           " bytes, the furthest buffer ends at " + std::to_string(end);
  return "";
}

/// The most bytes alive at any one command: no valid plan is smaller.
uint64_t peakLiveBytes(const std::vector<BufferLifetime> &buffers) {
  uint64_t peak = 0;
  for (const BufferLifetime &at : buffers) {
    uint64_t live = 0;
    for (const BufferLifetime &b : buffers)
      if (b.first <= at.first && at.first <= b.last)
        live += b.bytes;
    peak = std::max(peak, live);
  }
  return peak;
}

uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

} // namespace

TEST(MemoryPlan, EmptyProgramNeedsNoArena) {
  MemoryPlan plan = planMemory({}, kAlignment);
  EXPECT_TRUE(plan.offsets.empty());
  EXPECT_EQ(plan.arenaBytes, 0u);
}

TEST(MemoryPlan, SingleBufferAtOffsetZero) {
  MemoryPlan plan = planMemory({{100, 0, 3}}, kAlignment);
  ASSERT_EQ(plan.offsets.size(), 1u);
  EXPECT_EQ(plan.offsets[0], 0u);
  EXPECT_EQ(plan.arenaBytes, 100u);
}

TEST(MemoryPlan, DisjointLifetimesShareMemory) {
  // A chain a -> b -> c where each buffer dies before the one after next is
  // born: a and c can share, b sits beside them.
  std::vector<BufferLifetime> buffers{
      {256, 0, 1}, // a
      {256, 1, 2}, // b: meets a and c
      {256, 2, 3}, // c: meets b only
  };
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  EXPECT_EQ(plan.offsets[0], plan.offsets[2]);
  EXPECT_NE(plan.offsets[0], plan.offsets[1]);
  EXPECT_EQ(plan.arenaBytes, 512u);
}

TEST(MemoryPlan, SequentialBuffersAllReuseOneSlot) {
  std::vector<BufferLifetime> buffers;
  for (int64_t i = 0; i < 8; ++i)
    buffers.push_back({1000, i, i});
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  for (uint64_t offset : plan.offsets)
    EXPECT_EQ(offset, 0u);
  EXPECT_EQ(plan.arenaBytes, 1000u);
}

TEST(MemoryPlan, LifetimesTouchingAtOneCommandOverlap) {
  // [0, 2] and [2, 4] are both alive during command 2.
  std::vector<BufferLifetime> buffers{{128, 0, 2}, {128, 2, 4}};
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  EXPECT_NE(plan.offsets[0], plan.offsets[1]);
  EXPECT_EQ(plan.arenaBytes, 256u);
}

TEST(MemoryPlan, OverlappingLifetimesNeverShareBytes) {
  // All alive at command 5.
  std::vector<BufferLifetime> buffers{
      {100, 0, 5}, {300, 5, 9}, {64, 2, 7}, {1, 5, 5}, {4096, 3, 6}};
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  for (size_t i = 0; i < buffers.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      EXPECT_FALSE(bytesOverlap(plan.offsets[i], buffers[i].bytes,
                                plan.offsets[j], buffers[j].bytes))
          << i << " and " << j;
}

TEST(MemoryPlan, OffsetsAre64ByteAligned) {
  // Odd sizes that would misalign a packed layout.
  std::vector<BufferLifetime> buffers{{1, 0, 9}, {3, 0, 9}, {65, 0, 9},
                                      {127, 0, 9}, {7, 0, 9}};
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  for (uint64_t offset : plan.offsets)
    EXPECT_EQ(offset % 64, 0u) << offset;
  // Five slots, each rounded up to 64 bytes but the last.
  uint64_t alignedSum = 0;
  for (const BufferLifetime &b : buffers)
    alignedSum += alignUp(b.bytes, kAlignment);
  EXPECT_LE(plan.arenaBytes, alignedSum);
  EXPECT_GT(plan.arenaBytes, alignedSum - kAlignment);
}

TEST(MemoryPlan, RespectsOtherAlignments) {
  std::vector<BufferLifetime> buffers{{10, 0, 1}, {10, 0, 1}, {10, 2, 3}};
  for (uint64_t alignment : {1u, 16u, 256u, 4096u}) {
    MemoryPlan plan = planMemory(buffers, alignment);
    EXPECT_EQ(validate(buffers, plan, alignment), "") << alignment;
  }
  // Alignment 1 packs the two live buffers tightly; the third reuses them.
  EXPECT_EQ(planMemory(buffers, 1).arenaBytes, 20u);
}

TEST(MemoryPlan, SmallBufferFillsAHoleBetweenLargerOnes) {
  // a and c are alive throughout; b dies early, leaving a hole that d (alive
  // later, smaller than b) must reuse instead of growing the arena.
  std::vector<BufferLifetime> buffers{
      {1024, 0, 9}, // a
      {512, 0, 2},  // b
      {1024, 0, 9}, // c
      {256, 5, 9},  // d
  };
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  EXPECT_EQ(plan.arenaBytes, 1024u + 512u + 1024u);
  EXPECT_TRUE(bytesOverlap(plan.offsets[3], 256, plan.offsets[1], 512))
      << "d should reuse b's bytes";
}

TEST(MemoryPlan, OffsetsFollowTheGivenOrder) {
  // Placement goes largest first, but offsets come back in input order.
  std::vector<BufferLifetime> buffers{{64, 0, 1}, {640, 0, 1}};
  MemoryPlan plan = planMemory(buffers, kAlignment);
  EXPECT_EQ(validate(buffers, plan, kAlignment), "");
  EXPECT_EQ(plan.offsets[1], 0u);
  EXPECT_EQ(plan.offsets[0], 640u);
}

TEST(MemoryPlan, IsDeterministic) {
  std::vector<BufferLifetime> buffers{{128, 0, 3}, {128, 1, 2}, {128, 2, 5},
                                      {128, 0, 0}, {128, 4, 5}};
  MemoryPlan first = planMemory(buffers, kAlignment);
  for (int i = 0; i < 5; ++i) {
    MemoryPlan again = planMemory(buffers, kAlignment);
    EXPECT_EQ(std::vector<uint64_t>(again.offsets.begin(), again.offsets.end()),
              std::vector<uint64_t>(first.offsets.begin(), first.offsets.end()));
    EXPECT_EQ(again.arenaBytes, first.arenaBytes);
  }
}

TEST(MemoryPlan, RandomProgramsKeepInvariantsAndBounds) {
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 500; ++trial) {
    int count = 1 + static_cast<int>(rng() % 24);
    int64_t commands = 1 + static_cast<int64_t>(rng() % 16);
    std::vector<BufferLifetime> buffers;
    for (int i = 0; i < count; ++i) {
      int64_t a = static_cast<int64_t>(rng() % commands);
      int64_t b = static_cast<int64_t>(rng() % commands);
      uint64_t bytes = 1 + rng() % 5000;
      buffers.push_back({bytes, std::min(a, b), std::max(a, b)});
    }
    MemoryPlan plan = planMemory(buffers, kAlignment);
    ASSERT_EQ(validate(buffers, plan, kAlignment), "") << "trial " << trial;

    // Never smaller than what is alive at once, never larger than giving
    // every buffer its own aligned slot.
    uint64_t alignedSum = 0;
    for (const BufferLifetime &b : buffers)
      alignedSum += alignUp(b.bytes, kAlignment);
    EXPECT_GE(plan.arenaBytes, peakLiveBytes(buffers)) << "trial " << trial;
    EXPECT_LE(plan.arenaBytes, alignedSum) << "trial " << trial;
  }
}

TEST(MemoryPlan, AllDisjointProgramNeedsOnlyTheLargestBuffer) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<BufferLifetime> buffers;
    uint64_t largest = 0;
    for (int64_t i = 0; i < 12; ++i) {
      uint64_t bytes = 1 + rng() % 10000;
      largest = std::max(largest, bytes);
      buffers.push_back({bytes, 2 * i, 2 * i + 1});
    }
    MemoryPlan plan = planMemory(buffers, kAlignment);
    ASSERT_EQ(validate(buffers, plan, kAlignment), "");
    EXPECT_EQ(plan.arenaBytes, largest);
  }
}
