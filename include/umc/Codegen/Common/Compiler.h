//===- Compiler.h - umc-compile as a library --------------------*- C++ -*-===//
//
// The compile driver: source -> frontend -> host -> kernels -> artifact, any
// stretch of it. umc-compile is a thin command line over it; tests and
// benchmarks compile in-process with it (IREE's iree_compile_lib plays this
// part).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_COMMON_COMPILER_H
#define UMC_CODEGEN_COMMON_COMPILER_H

#include "umc/Codegen/Common/ArtifactWriter.h"
#include "umc/Codegen/Common/Pipelines.h"
#include "umc/Codegen/Common/TargetBackend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace umc {

/// Where a compile starts (`--compile-from`) and stops (`--compile-to`).
/// Each phase's IR can be printed and compiled on from.
enum class Phase {
  Source,   // the model as written
  Frontend, // entry points calling outlined kernels (umc on tensors)
  Host,     // host functions on buffers, kernels in umc_host.executable
  Llvm,     // the kernels lowered to the LLVM dialect
  Artifact  // the .umcb bytes
};

/// The names --compile-to and --compile-from take: "source", "frontend",
/// "host", "llvm", "umcb".
llvm::StringRef phaseName(Phase phase);
std::optional<Phase> parsePhase(llvm::StringRef name);

struct CompileOptions {
  FrontendOptions frontend;
  std::string target = "cpu";
  KernelOptions kernels;
  Phase from = Phase::Source;
  Phase to = Phase::Artifact;
  /// Where a failing pipeline leaves its reproducer; none when empty.
  std::string reproducer;
  /// Called as each phase starts ("[2/4] host program").
  std::function<void(const llvm::Twine &)> progress;
  /// Applied to every pass manager (the tool's --mlir-* flags).
  std::function<mlir::LogicalResult(mlir::PassManager &)> configure;
  /// Where phases record their time, if anywhere.
  mlir::TimingScope *timing = nullptr;
  /// Compiler version, revision and flags for the artifact. The source's
  /// name and hash travel in the IR (the `umc.source` module attribute),
  /// so a compile resumed from a dump records the same ones.
  Provenance provenance;
};

/// Records where `module` came from before its first phase runs.
void recordSource(mlir::ModuleOp module, llvm::StringRef name,
                  llvm::StringRef sha256, llvm::ArrayRef<std::string> flags);

/// Runs the phases after `options.from` up to `options.to` on `module`.
/// Stopping before the artifact leaves that phase's IR in `module` and
/// returns no bytes.
mlir::FailureOr<std::vector<uint8_t>> compile(mlir::ModuleOp module,
                                              const CompileOptions &options);

/// The pipelines compile() runs, one line each, as `--print-pipeline`
/// shows them.
std::string describePipelines(const CompileOptions &options);

} // namespace umc

#endif // UMC_CODEGEN_COMMON_COMPILER_H
