//===- Pipelines.cpp - the named pass pipelines of umc-compile ------------===//
#include "umc/Codegen/Common/Pipelines.h"

#include "umc/Codegen/Common/TargetBackend.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"

// No umc-decompose here: its one rule splits linear-with-bias into
// transpose + matmul + add, and the lowering of linear reads the weight
// transposed and starts the accumulator from the bias, which saves a weight
// transpose and a pass over the result on every call (docs/cpu-codegen.md).
std::string umc::frontendPipeline(const FrontendOptions &options) {
  std::string fuse;
  if (options.fuse) {
    std::vector<std::string> fuseOptions;
    if (options.fusionRemarks)
      fuseOptions.push_back("remarks=true");
    if (!options.disabledFusionRules.empty())
      fuseOptions.push_back("disable=" +
                            llvm::join(options.disabledFusionRules, ","));
    fuse = "func.func(umc-fuse";
    if (!fuseOptions.empty())
      fuse += "{" + llvm::join(fuseOptions, " ") + "}";
    fuse += "), ";
  }
  // The training step calls the gradient function; the second inline
  // makes it one body that fusion and the memory plan see whole. Its
  // backward reads forward values long after the forward: recompute the
  // elementwise ones there (after CSE, which would merge them back).
  std::string train = options.train ? "umc-train-step, inline, " : "";
  std::string recompute = options.train ? "func.func(umc-recompute), " : "";
  return "inline, umc-autodiff, " + train +
         "umc-decompose, canonicalize, cse, " + recompute + fuse +
         "umc-outline-kernels";
}

std::string umc::hostPipeline(const TargetBackend *backend) {
  return "umc-build-host-program, " +
         (backend ? backend->hostPasses() : std::string()) +
         "umc-deduplicate-kernels, umc-plan-host-memory";
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
      "umc-compile's frontend: inline, autodiff, decompose, canonicalize, "
      "fuse, outline kernels",
      [add](mlir::OpPassManager &pm) { add(pm, frontendPipeline()); });
  mlir::PassPipelineRegistration<>(
      "umc-host",
      "umc-compile's host phase: host program, merged kernels, memory plan",
      [add](mlir::OpPassManager &pm) { add(pm, hostPipeline()); });
  for (const std::string &target : targetBackendNames()) {
    const TargetBackend *backend = lookupTargetBackend(target);
    std::string text = kernelsOfExecutables(backend->kernelPipeline({}));
    mlir::PassPipelineRegistration<>(
        "umc-" + target + "-kernels",
        "umc-compile's " + backend->description() +
            " kernel pipeline, on each umc_host.executable",
        [add, text](mlir::OpPassManager &pm) { add(pm, text); });
  }
}
