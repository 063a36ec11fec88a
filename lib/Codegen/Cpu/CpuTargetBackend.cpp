//===- CpuTargetBackend.cpp - the CPU target ------------------------------===//
#include "umc/Codegen/Cpu/CpuBackend.h"

#include "umc/Codegen/Cpu/CpuUkernels.h"

#include "umc/Codegen/Passes.h"
#include "umc/Runtime/KernelAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace umc {

std::vector<CpuTarget> defaultCpuTargets() {
  CpuTarget v4, v3;
  v4.cpu = "x86-64-v4";
  return {v4, v3};
}

std::string CpuBackend::description() const {
  std::string text = targets.front().triple + " ";
  for (const CpuTarget &target : targets)
    text += (&target == &targets.front() ? "" : ", ") + target.cpu;
  return text;
}

std::unique_ptr<TargetBackend>
CpuBackend::forArchitectures(llvm::ArrayRef<std::string> architectures,
                             std::string &error) const {
  if (architectures.empty())
    return std::make_unique<CpuBackend>(targets);
  static constexpr llvm::StringLiteral kKnown[] = {"x86-64-v4", "x86-64-v3",
                                                   "x86-64-v2", "x86-64"};
  std::vector<CpuTarget> chosen;
  // The most capable level first: the runtime runs the first it can.
  for (llvm::StringRef level : kKnown)
    if (llvm::is_contained(architectures, level)) {
      CpuTarget target;
      target.cpu = level.str();
      chosen.push_back(target);
    }
  for (const std::string &architecture : architectures)
    if (!llvm::is_contained(kKnown, architecture)) {
      error = "the cpu target has no architecture '" + architecture +
              "'; known: " +
              llvm::join(std::begin(kKnown), std::end(kKnown), ", ");
      return nullptr;
    }
  return std::make_unique<CpuBackend>(std::move(chosen));
}

bool CpuBackend::hasUkernels() const {
  // The calls are in the shared kernels: every level must have the
  // ukernels' definitions to link.
  return llvm::all_of(targets, [](const CpuTarget &target) {
    return cpuHasUkernels(target.cpu);
  });
}

std::string CpuBackend::hostPasses() const {
  return hasUkernels() ? "umc-cpu-pack-weights, " : "";
}

std::string CpuBackend::kernelPipeline(const KernelOptions &options) const {
  return cpuKernelPipeline(options.runtimeVerification, hasUkernels());
}

FailureOr<std::vector<SerializedExecutable>>
CpuBackend::serialize(ModuleOp kernels) const {
  std::vector<KernelEntryPoint> entryPoints;
  for (auto fn : kernels.getOps<LLVM::LLVMFuncOp>()) {
    auto grid = fn->getAttrOfType<IntegerAttr>(attrs::kWorkgroups);
    if (!grid)
      continue;
    KernelEntryPoint entry;
    entry.kernel = fn->getAttrOfType<StringAttr>(attrs::kKernelName).str();
    entry.symbol = fn.getName().str();
    entry.workgroups = grid.getInt();
    if (auto ops = fn->getAttrOfType<ArrayAttr>(attrs::kSourceOps))
      entry.sourceOps = sourceOpsFrom(ops);
    if (auto flops = fn->getAttrOfType<IntegerAttr>(attrs::kFlops))
      entry.flops = static_cast<uint64_t>(flops.getInt());
    entryPoints.push_back(std::move(entry));
  }
  // Kernel numbers follow program order; keep the artifact in that order.
  llvm::sort(entryPoints,
             [](const KernelEntryPoint &a, const KernelEntryPoint &b) {
               return a.symbol.size() != b.symbol.size()
                          ? a.symbol.size() < b.symbol.size()
                          : a.symbol < b.symbol;
             });
  std::vector<SerializedExecutable> executables;
  for (const CpuTarget &target : targets) {
    SerializedExecutable exe;
    exe.target = "cpu";
    exe.format = "elf-x86_64-shared-object";
    exe.abiVersion = UMC_KERNEL_ABI_VERSION;
    exe.triple = target.triple;
    exe.cpu = target.cpu;
    exe.features = target.features;
    exe.entryPoints = entryPoints;
    FailureOr<std::vector<uint8_t>> image =
        buildCpuSharedObject(kernels, target);
    if (failed(image))
      return failure();
    exe.image = std::move(*image);
    executables.push_back(std::move(exe));
  }
  return executables;
}

std::string cpuKernelPipeline(bool runtimeVerification, bool ukernels) {
  // The checks go on the loops' loads and stores, where an index computed
  // wrong would reach past a buffer.
  std::string verification =
      runtimeVerification ? "generate-runtime-verification, " : "";
  return
      // umc -> linalg on tensors, one grid of workgroups per kernel.
      "umc-to-linalg, canonicalize, cse, "
      "func.func(umc-select-workgroup-tiles, umc-tile-workgroups), "
      "canonicalize, cse, func.func(umc-elementwise-in-place), "
      "func.func(umc-slice-update-in-place), "
      // Tensors -> buffers; results become out-parameters written in place.
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map}, "
      "buffer-results-to-out-params{hoist-static-allocs}, canonicalize, "
      "buffer-deallocation-pipeline, "
      // The runtime's calling convention, then loops and LLVM.
      "umc-cpu-kernel-abi, canonicalize, " +
      std::string(ukernels ? "umc-cpu-use-ukernels, " : "") +
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

} // namespace umc
