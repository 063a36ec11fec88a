//===- TargetBackend.h - what a compilation target provides -----*- C++ -*-===//
//
// A target (the CPU today, CUDA next) is a back end: the pipeline that
// lowers the kernels of a `umc_host.executable` and the serialization of the
// result into one executable of the artifact. Everything before (frontend,
// host program, memory plan) and after (the artifact writer) is shared, so
// a new target adds a class here and a device in the runtime, not branches
// in shared code (IREE's TargetBackend plays this part).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_COMMON_TARGETBACKEND_H
#define UMC_CODEGEN_COMMON_TARGETBACKEND_H

#include "umc/Codegen/Common/ArtifactWriter.h"

#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>
#include <vector>

namespace umc {

/// Choices that change the kernels a back end generates.
struct KernelOptions {
  /// Insert MLIR's runtime verification: every memory access of a kernel is
  /// checked, and an out-of-bounds one stops the program with a message
  /// naming the op (`umc-compile --runtime-verification`). For debugging:
  /// the checks cost time.
  bool runtimeVerification = false;
};

class TargetBackend {
public:
  virtual ~TargetBackend() = default;

  /// The name `umc-compile --target` takes: "cpu".
  virtual llvm::StringRef name() const = 0;
  /// What the code needs, for provenance and messages:
  /// "x86_64-unknown-linux-gnu x86-64-v4, x86-64-v3".
  virtual std::string description() const = 0;

  /// This back end building for `architectures` instead of its default
  /// ones (`--target=cpu:x86-64-v3,x86-64-v4`), or null with `error` set
  /// when it does not know one.
  virtual std::unique_ptr<TargetBackend>
  forArchitectures(llvm::ArrayRef<std::string> architectures,
                   std::string &error) const = 0;

  /// Passes of the host phase that this back end's kernels need, run on the
  /// whole module after the host program is built (the CPU packs weights
  /// for its GEMM ukernel there): a pass list ending in ", ", or empty.
  virtual std::string hostPasses() const { return ""; }

  /// The passes that lower the kernels of an executable (its inner
  /// builtin.module) to what serialize() takes, as a pass list: text, so
  /// that `--print-pipeline` shows exactly what runs and `umc-opt` replays
  /// it.
  virtual std::string kernelPipeline(const KernelOptions &options) const = 0;

  /// The lowered kernels as executables of the artifact, one per
  /// architecture the back end builds for, in the order a runtime should
  /// prefer them (it runs the first its machine supports). Errors are
  /// reported on `kernels`.
  virtual mlir::FailureOr<std::vector<SerializedExecutable>>
  serialize(mlir::ModuleOp kernels) const = 0;
};

/// The back end called `name` with its default architectures, or null.
const TargetBackend *lookupTargetBackend(llvm::StringRef name);
/// The back end a `--target` names: "cpu", or "cpu:x86-64-v3,x86-64-v4" for
/// chosen architectures. Null with `error` set when it names none.
std::unique_ptr<TargetBackend> createTargetBackend(llvm::StringRef spec,
                                                   std::string &error);
/// The names of every back end, for help and errors.
std::vector<std::string> targetBackendNames();

} // namespace umc

#endif // UMC_CODEGEN_COMMON_TARGETBACKEND_H
