//===- Pipelines.h - the named pass pipelines of umc-compile ----*- C++ -*-===//
//
// Pipelines are textual so that `umc-compile --print-pipeline` shows exactly
// what runs, and so that any stage can be replayed with
// `umc-opt --pass-pipeline='...'` (every pass here is registered there).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_PIPELINES_H
#define UMC_CODEGEN_PIPELINES_H

#include <string>

namespace umc {

/// From the source model to a host program calling one kernel per op.
/// What the frontend does besides outlining kernels.
struct FrontendOptions {
  /// Run umc-fuse (fused kernels); off gives one kernel per op.
  bool fuse = true;
  /// Have umc-fuse remark on each fusion that did not happen.
  bool fusionRemarks = false;
};

std::string frontendPipeline(const FrontendOptions &options = {});

/// From the kernel functions (umc ops on tensors) to LLVM dialect with one
/// `umc_kernel_<N>` entry point each.
std::string cpuKernelPipeline();

} // namespace umc

#endif // UMC_CODEGEN_PIPELINES_H
