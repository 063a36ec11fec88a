//===- ArtifactWriter.h - the .umcb artifact --------------------*- C++ -*-===//
#ifndef UMC_CODEGEN_ARTIFACTWRITER_H
#define UMC_CODEGEN_ARTIFACTWRITER_H

#include "umc/Codegen/CpuBackend.h"
#include "umc/Codegen/HostProgram.h"
#include "umc/Schema/ArtifactVersion.h"

#include <string>
#include <vector>

namespace umc {

/// Where an artifact came from: enough to rebuild it.
struct Provenance {
  std::string compilerVersion;
  std::string gitRevision;
  std::vector<std::string> flags;
  std::string target;
  std::string sourceName;
  std::string sourceSha256;
  /// The schema version to stamp; tests write other versions to check that
  /// runtimes refuse them.
  uint16_t schemaMajor = kArtifactMajorVersion;
  uint16_t schemaMinor = kArtifactMinorVersion;
};

/// A CPU kernel entry point: kernel number, symbol and grid size.
struct CpuKernelEntry {
  int64_t kernel;
  std::string symbol;
  int64_t workgroups;
};

/// The CPU kernel entry points of a module lowered by the CPU pipeline.
std::vector<CpuKernelEntry> collectCpuKernelEntries(mlir::ModuleOp module);

/// Serializes everything into a .umcb FlatBuffer. The output depends only on
/// the arguments, so the same source and flags give the same bytes.
std::vector<uint8_t> writeArtifact(const HostProgram &program,
                                   const CpuTarget &target,
                                   const std::vector<CpuKernelEntry> &entries,
                                   const std::vector<uint8_t> &cpuImage,
                                   const Provenance &provenance);

} // namespace umc

#endif // UMC_CODEGEN_ARTIFACTWRITER_H
