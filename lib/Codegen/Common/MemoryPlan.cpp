//===- MemoryPlan.cpp - static placement of temporary buffers -------------===//
#include "umc/Codegen/Common/MemoryPlan.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>

namespace umc {

static uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

MemoryPlan planMemory(llvm::ArrayRef<BufferLifetime> buffers,
                      uint64_t alignment) {
  MemoryPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  llvm::SmallVector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties in program order, so the plan is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return buffers[a].bytes > buffers[b].bytes;
  });

  llvm::SmallVector<size_t> placed;
  for (size_t i : order) {
    const BufferLifetime &buffer = buffers[i];
    // The placed buffers alive at the same time, by offset.
    llvm::SmallVector<size_t> conflicts;
    for (size_t j : placed)
      if (buffers[j].first <= buffer.last && buffer.first <= buffers[j].last)
        conflicts.push_back(j);
    llvm::sort(conflicts, [&](size_t a, size_t b) {
      return plan.offsets[a] < plan.offsets[b];
    });
    uint64_t offset = 0;
    for (size_t j : conflicts) {
      if (offset + buffer.bytes <= plan.offsets[j])
        break;
      offset = std::max(offset,
                        alignUp(plan.offsets[j] + buffers[j].bytes, alignment));
    }
    plan.offsets[i] = offset;
    plan.arenaBytes = std::max(plan.arenaBytes, offset + buffer.bytes);
    placed.push_back(i);
  }
  return plan;
}

} // namespace umc
