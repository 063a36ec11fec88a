//===- ArtifactVersion.h - the .umcb schema version -------------*- C++ -*-===//
//
// Shared by the writer (umc-compile) and the reader (the runtime); no MLIR or
// LLVM here. docs/artifact-format.md states the compatibility policy: a
// runtime reads artifacts of its own major version and of any minor version
// up to its own.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_SCHEMA_ARTIFACTVERSION_H
#define UMC_SCHEMA_ARTIFACTVERSION_H

#include <cstdint>

namespace umc {

inline constexpr uint16_t kArtifactMajorVersion = 2;
inline constexpr uint16_t kArtifactMinorVersion = 5;

} // namespace umc

#endif // UMC_SCHEMA_ARTIFACTVERSION_H
