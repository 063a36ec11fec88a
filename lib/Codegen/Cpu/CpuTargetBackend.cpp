//===- CpuTargetBackend.cpp - the CPU target ------------------------------===//
#include "umc/Codegen/Cpu/CpuBackend.h"

#include "umc/Codegen/Cpu/CpuUkernels.h"

#include "umc/Codegen/Passes.h"
#include "umc/Runtime/KernelAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace umc {

std::string CpuBackend::description() const {
  return target.triple + " " + target.cpu;
}

std::string CpuBackend::kernelPipeline(const KernelOptions &options) const {
  return cpuKernelPipeline(options.runtimeVerification,
                           cpuHasUkernels(target.cpu));
}

FailureOr<SerializedExecutable> CpuBackend::serialize(ModuleOp kernels) const {
  SerializedExecutable exe;
  exe.target = "cpu";
  exe.format = "elf-x86_64-shared-object";
  exe.abiVersion = UMC_KERNEL_ABI_VERSION;
  exe.triple = target.triple;
  exe.cpu = target.cpu;
  exe.features = target.features;
  for (auto fn : kernels.getOps<LLVM::LLVMFuncOp>()) {
    auto grid = fn->getAttrOfType<IntegerAttr>(attrs::kWorkgroups);
    if (!grid)
      continue;
    KernelEntryPoint entry;
    entry.kernel = fn->getAttrOfType<StringAttr>(attrs::kKernelName).str();
    entry.symbol = fn.getName().str();
    entry.workgroups = grid.getInt();
    if (auto ops = fn->getAttrOfType<ArrayAttr>(attrs::kSourceOps))
      for (auto op : ops.getAsRange<DictionaryAttr>())
        entry.sourceOps.push_back(
            {op.getAs<StringAttr>("name").str(),
             op.getAs<StringAttr>("loc").str()});
    if (auto flops = fn->getAttrOfType<IntegerAttr>(attrs::kFlops))
      entry.flops = static_cast<uint64_t>(flops.getInt());
    exe.entryPoints.push_back(std::move(entry));
  }
  // Kernel numbers follow program order; keep the artifact in that order.
  llvm::sort(exe.entryPoints,
             [](const KernelEntryPoint &a, const KernelEntryPoint &b) {
               return a.symbol.size() != b.symbol.size()
                          ? a.symbol.size() < b.symbol.size()
                          : a.symbol < b.symbol;
             });
  FailureOr<std::vector<uint8_t>> image = buildCpuSharedObject(kernels, target);
  if (failed(image))
    return failure();
  exe.image = std::move(*image);
  return exe;
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
      // Tensors -> buffers; results become out-parameters written in place.
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map}, "
      "buffer-results-to-out-params{hoist-static-allocs}, canonicalize, "
      "buffer-deallocation-pipeline, "
      // The runtime's calling convention, then loops and LLVM.
      "umc-cpu-kernel-abi, " +
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
