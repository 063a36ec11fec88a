//===- Pipelines.cpp - the named pass pipelines of umc-compile ------------===//
#include "umc/Codegen/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

// No umc-decompose here: its one rule splits linear-with-bias into
// transpose + matmul + add, and the lowering of linear reads the weight
// transposed and starts the accumulator from the bias, which saves a weight
// transpose and a pass over the result on every call (docs/cpu-codegen.md).
std::string umc::frontendPipeline(const FrontendOptions &options) {
  std::string fuse;
  if (options.fuse)
    fuse = options.fusionRemarks ? "func.func(umc-fuse{remarks=true}), "
                                 : "func.func(umc-fuse), ";
  return "canonicalize, cse, " + fuse + "umc-outline-kernels";
}

std::string umc::hostPipeline() {
  return "umc-build-host-program, umc-plan-host-memory";
}

std::string umc::cpuKernelPipeline(bool runtimeVerification) {
  // The checks go on the loops' loads and stores, where an index computed
  // wrong would reach past a buffer.
  std::string verification =
      runtimeVerification ? "generate-runtime-verification, " : "";
  return
      // umc -> linalg on tensors, one grid of workgroups per kernel.
      "umc-to-linalg, canonicalize, cse, "
      "func.func(umc-select-workgroup-tiles, umc-tile-workgroups), "
      "canonicalize, cse, "
      // Tensors -> buffers; results become out-parameters written in place.
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map}, "
      "buffer-results-to-out-params{hoist-static-allocs}, canonicalize, "
      "buffer-deallocation-pipeline, "
      // The runtime's calling convention, then loops and LLVM.
      "umc-cpu-kernel-abi, "
      "umc-cpu-unroll-jam-contractions, "
      "func.func(convert-linalg-to-loops), " + verification +
      "expand-strided-metadata, "
      "lower-affine, "
      "umc-cpu-approximate-math, "
      "arith-expand{include-bf16=true include-f8e8m0=false "
      "include-f4e2m1=false}, "
      "convert-scf-to-cf, canonicalize, cse, "
      "finalize-memref-to-llvm, convert-math-to-llvm, convert-math-to-libm, "
      "convert-arith-to-llvm, convert-index-to-llvm, convert-cf-to-llvm, "
      "convert-func-to-llvm, reconcile-unrealized-casts";
}

std::string umc::kernelsOfExecutables(const std::string &kernelPipeline) {
  return "umc_host.executable(builtin.module(" + kernelPipeline + "))";
}

void umc::registerUmcPipelines() {
  // Each registration parses its text into the pass manager umc-opt gives
  // it; the texts are fixed and always parse.
  auto add = [](mlir::OpPassManager &pm, const std::string &text) {
    if (failed(mlir::parsePassPipeline(text, pm)))
      llvm::report_fatal_error("umc: a built-in pipeline does not parse");
  };
  mlir::PassPipelineRegistration<>(
      "umc-frontend",
      "umc-compile's frontend: canonicalize, fuse, outline kernels",
      [add](mlir::OpPassManager &pm) { add(pm, frontendPipeline()); });
  mlir::PassPipelineRegistration<>(
      "umc-host", "umc-compile's host phase: host program and memory plan",
      [add](mlir::OpPassManager &pm) { add(pm, hostPipeline()); });
  mlir::PassPipelineRegistration<>(
      "umc-cpu-kernels",
      "umc-compile's CPU kernel pipeline, on each umc_host.executable",
      [add](mlir::OpPassManager &pm) {
        add(pm, kernelsOfExecutables(cpuKernelPipeline()));
      });
}
