//===- Pipelines.h - the named pass pipelines of umc-compile ----*- C++ -*-===//
//
// Pipelines are textual so that `umc-compile --print-pipeline` shows exactly
// what runs, and so that any stage can be replayed with `umc-opt`: each is
// registered there by name (`--umc-frontend`, `--umc-host`,
// `--umc-cpu-kernels`), and every pass in them is too.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_COMMON_PIPELINES_H
#define UMC_CODEGEN_COMMON_PIPELINES_H

#include <string>
#include <vector>

namespace umc {

/// What the frontend does besides outlining kernels.
struct FrontendOptions {
  /// Run umc-fuse (fused kernels); off gives one kernel per op.
  bool fuse = true;
  /// Have umc-fuse remark on each fusion that did not happen.
  bool fusionRemarks = false;
  /// umc-fuse's rules not to apply (its `disable` option).
  std::vector<std::string> disabledFusionRules;
  /// Add a training step per loss function (umc-train-step).
  bool train = false;
};

// Each returns a pass list for a pass manager on builtin.module (print it
// inside `builtin.module(...)`).

/// From the source model to entry points calling one kernel function per
/// op or fusion.
std::string frontendPipeline(const FrontendOptions &options = {});

class TargetBackend;

/// From there to host functions on buffers with a planned arena and the
/// kernels in `umc_host.executable @kernels`, with the host passes of
/// `backend` (its TargetBackend::hostPasses) when one is given.
std::string hostPipeline(const TargetBackend *backend = nullptr);

/// `kernelPipeline` nested to run on the kernels of every executable.
std::string kernelsOfExecutables(const std::string &kernelPipeline);

/// Registers the pipelines above with MLIR's pass registry (umc-opt).
void registerUmcPipelines();

} // namespace umc

#endif // UMC_CODEGEN_COMMON_PIPELINES_H
