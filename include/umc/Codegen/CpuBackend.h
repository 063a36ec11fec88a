//===- CpuBackend.h - CPU kernels as a loadable shared object ---*- C++ -*-===//
#ifndef UMC_CODEGEN_CPUBACKEND_H
#define UMC_CODEGEN_CPUBACKEND_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umc {

/// The machine the CPU code is for. The default is the x86-64-v3 baseline
/// (AVX2, FMA, BMI2): every x86-64 CPU sold since 2015 runs it.
struct CpuTarget {
  std::string triple = "x86_64-unknown-linux-gnu";
  std::string cpu = "x86-64-v3";
  std::string features;
};

/// Compiles `module` (LLVM dialect, from the CPU kernel pipeline) to an ELF
/// shared object that exports the `umc_kernel_<N>` entry points and nothing
/// else. Needs `ld.lld` (Debian's lld-22). Errors are reported on the module.
mlir::FailureOr<std::vector<uint8_t>>
buildCpuSharedObject(mlir::ModuleOp module, const CpuTarget &target);

} // namespace umc

#endif // UMC_CODEGEN_CPUBACKEND_H
