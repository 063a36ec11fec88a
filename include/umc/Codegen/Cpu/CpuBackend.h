//===- CpuBackend.h - the CPU target: kernels as a shared object -*- C++ -*-===//
#ifndef UMC_CODEGEN_CPU_CPUBACKEND_H
#define UMC_CODEGEN_CPU_CPUBACKEND_H

#include "umc/Codegen/Common/TargetBackend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace umc {

/// The machine the CPU code is for. The default is the x86-64-v3 baseline
/// (AVX2, FMA, BMI2): every x86-64 CPU sold since 2015 runs it.
struct CpuTarget {
  std::string triple = "x86_64-unknown-linux-gnu";
  std::string cpu = "x86-64-v3";
  std::string features;
};

/// The x86-64 levels a CPU artifact carries code for by default, the one a
/// runtime prefers first: AVX-512 where the machine has it, else AVX2.
std::vector<CpuTarget> defaultCpuTargets();

/// Kernels through LLVM to ELF shared objects that the runtime maps from
/// memory, one per x86-64 level; one entry point per kernel with the
/// calling convention of include/umc/Runtime/KernelAbi.h.
class CpuBackend : public TargetBackend {
public:
  explicit CpuBackend(std::vector<CpuTarget> targets = defaultCpuTargets())
      : targets(std::move(targets)) {}

  llvm::StringRef name() const override { return "cpu"; }
  std::string description() const override;
  std::unique_ptr<TargetBackend>
  forArchitectures(llvm::ArrayRef<std::string> architectures,
                   std::string &error) const override;
  std::string hostPasses() const override;
  std::string kernelPipeline(const KernelOptions &options) const override;
  mlir::FailureOr<std::vector<SerializedExecutable>>
  serialize(mlir::ModuleOp kernels) const override;

private:
  /// Whether umc has ukernels for every level built.
  bool hasUkernels() const;

  std::vector<CpuTarget> targets;
};

/// From the kernel functions (umc ops on tensors) to LLVM dialect with one
/// `umc_kernel_<N>` entry point each, on an executable's inner module. With
/// `runtimeVerification`, every memory access of the kernels' loops is
/// checked at run time (MLIR's generate-runtime-verification). With
/// `ukernels`, contractions call the hand-written microkernels
/// (CpuUkernels.h), which the target must have.
std::string cpuKernelPipeline(bool runtimeVerification = false,
                              bool ukernels = true);

/// Compiles `module` (LLVM dialect, from the CPU kernel pipeline) to an ELF
/// shared object that exports the `umc_kernel_<N>` entry points and nothing
/// else. Needs `ld.lld` (Debian's lld-22). Errors are reported on the module.
mlir::FailureOr<std::vector<uint8_t>>
buildCpuSharedObject(mlir::ModuleOp module, const CpuTarget &target);

/// Lets LLVM vectorize `module`'s functions at the widest vector width
/// `machine` has (512 bits with AVX-512), not the narrower one its tuning
/// may prefer.
void preferWidestVectors(llvm::Module &module,
                         const llvm::TargetMachine &machine);

} // namespace umc

#endif // UMC_CODEGEN_CPU_CPUBACKEND_H
