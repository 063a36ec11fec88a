//===- CpuUkernels.h - the ukernels umc-compile links into kernels -*- C++ -*-===//
//
// umc-compile carries the microkernels of include/umc/Ukernels/Ukernels.h
// as LLVM bitcode, one copy per x86-64 level (lib/Ukernels), and links the
// ones a kernel library calls into it before optimizing, so they can be
// inlined and the library still needs nothing but libc.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_CPU_CPUUKERNELS_H
#define UMC_CODEGEN_CPU_CPUUKERNELS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace umc {

/// Whether umc has ukernels compiled for the CPU `cpu` ("x86-64-v3", ...).
bool cpuHasUkernels(llvm::StringRef cpu);

/// Links into `module` the definitions of the ukernels it calls, compiled
/// for `cpu`; nothing when it calls none.
llvm::Error linkCpuUkernels(llvm::Module &module, llvm::StringRef cpu);

} // namespace umc

#endif // UMC_CODEGEN_CPU_CPUUKERNELS_H
