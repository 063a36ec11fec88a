//===- Checksum.h - the artifact's content checksum -------------*- C++ -*-===//
//
// Shared by the writer and the runtime; no MLIR or LLVM here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_SCHEMA_CHECKSUM_H
#define UMC_SCHEMA_CHECKSUM_H

#include <cstddef>
#include <cstdint>

namespace umc {

/// FNV-1a (64-bit) of `size` bytes at `data`, where the 8 bytes at
/// `skipOffset` count as zeros (they hold the checksum itself).
inline uint64_t artifactChecksum(const uint8_t *data, size_t size,
                                 size_t skipOffset) {
  uint64_t hash = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) {
    uint8_t byte = (i >= skipOffset && i < skipOffset + 8) ? 0 : data[i];
    hash = (hash ^ byte) * 1099511628211ull;
  }
  return hash;
}

} // namespace umc

#endif // UMC_SCHEMA_CHECKSUM_H
