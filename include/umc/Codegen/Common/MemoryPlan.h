//===- MemoryPlan.h - static placement of temporary buffers -----*- C++ -*-===//
#ifndef UMC_CODEGEN_COMMON_MEMORYPLAN_H
#define UMC_CODEGEN_COMMON_MEMORYPLAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace umc {

/// A temporary buffer: its size and the commands [first, last] that touch it.
struct BufferLifetime {
  uint64_t bytes;
  int64_t first;
  int64_t last;
};

struct MemoryPlan {
  /// Byte offset of each buffer in the arena, in the order given.
  llvm::SmallVector<uint64_t> offsets;
  /// Arena size: the end of the furthest buffer.
  uint64_t arenaBytes = 0;
};

/// Places buffers in one arena so that buffers alive at the same time never
/// overlap and the others reuse memory: largest first, each at the lowest
/// aligned offset that fits beside the buffers whose lifetimes it meets.
MemoryPlan planMemory(llvm::ArrayRef<BufferLifetime> buffers,
                      uint64_t alignment);

} // namespace umc

#endif // UMC_CODEGEN_COMMON_MEMORYPLAN_H
