//===- CpuTargetBackend.cpp - the CPU target ------------------------------===//
#include "umc/Codegen/CpuBackend.h"

#include "umc/Codegen/Passes.h"
#include "umc/Codegen/Pipelines.h"
#include "umc/Runtime/KernelAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace umc {

std::string CpuBackend::description() const {
  return target.triple + " " + target.cpu;
}

std::string CpuBackend::kernelPipeline(const KernelOptions &options) const {
  return cpuKernelPipeline(options.runtimeVerification);
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

const TargetBackend *lookupTargetBackend(llvm::StringRef name) {
  static const CpuBackend cpu;
  if (name == cpu.name())
    return &cpu;
  return nullptr;
}

std::vector<std::string> targetBackendNames() { return {"cpu"}; }

} // namespace umc
