//===- ArtifactWriter.h - the .umcb artifact --------------------*- C++ -*-===//
//
// Serialization is the last step of a compile: the host functions of the
// module (after umc-plan-host-memory) become bytecode, and the executables
// that target back ends produced are stored beside them.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_COMMON_ARTIFACTWRITER_H
#define UMC_CODEGEN_COMMON_ARTIFACTWRITER_H

#include "umc/Schema/ArtifactVersion.h"

#include "mlir/IR/BuiltinOps.h"

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

struct SourceOpInfo {
  std::string name;     // "umc.layer_norm"
  std::string location; // "model.mlir:12:8"
};

/// The source ops of a kernel's `umc.source_ops` ([{name, loc}]); entries
/// without both strings are skipped.
std::vector<SourceOpInfo> sourceOpsFrom(mlir::ArrayAttr ops);

/// Where one executable finds a kernel, and what the kernel computes.
struct KernelEntryPoint {
  std::string kernel; // the kernel function host programs dispatch
  std::string symbol; // what the runtime looks up in the image
  int64_t workgroups = 1;
  std::vector<SourceOpInfo> sourceOps;
  uint64_t flops = 0;
};

/// The kernels' code for one target, as its back end serialized it.
struct SerializedExecutable {
  std::string target; // "cpu"
  std::string format; // "elf-x86_64-shared-object"
  uint32_t abiVersion = 0;
  std::string triple, cpu, features;
  std::vector<uint8_t> image;
  std::vector<KernelEntryPoint> entryPoints;
};

/// Serializes the host functions, state and parameters of `module` and the
/// `executables` into a .umcb FlatBuffer. The output depends only on the
/// arguments, so the same source and flags give the same bytes. Errors
/// (an op the bytecode has no instruction for, a kernel no executable
/// holds) are reported at the op.
mlir::FailureOr<std::vector<uint8_t>>
writeArtifact(mlir::ModuleOp module,
              llvm::ArrayRef<SerializedExecutable> executables,
              const Provenance &provenance);

} // namespace umc

#endif // UMC_CODEGEN_COMMON_ARTIFACTWRITER_H
