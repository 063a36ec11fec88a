/*===- KernelAbi.h - how the runtime calls a compiled kernel -----*- C -*-===*\
|*                                                                            *|
|* The one statement of the kernel calling convention. The compiler's ABI    *|
|* pass (lib/Codegen/Cpu/CpuKernelAbi.cpp) generates entry points of this shape, *|
|* the runtime's devices call them, and docs/artifact-format.md points here. *|
|* Executables record the version they were compiled for; a runtime loads    *|
|* only executables of its own version. Plain C, no MLIR or LLVM.            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef UMC_RUNTIME_KERNELABI_H
#define UMC_RUNTIME_KERNELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever the signature, the meaning of an argument or the status
 * codes change. 2: kernels check the workgroup range they are given. */
#define UMC_KERNEL_ABI_VERSION 2

/* A CPU kernel:
 *
 *   bindings  one base pointer per buffer the kernel binds, its inputs then
 *             its outputs, in the order of Module.kernels[k].bindings;
 *             shapes are static and compiled into the code. Outputs never
 *             overlap another binding (the code is compiled with noalias).
 *   first,    the workgroups to run: first .. last-1 of the kernel's grid
 *   last      (EntryPoint.workgroups). Workgroups are independent, so a
 *             device may hand any range to any thread, in any order.
 *
 * Returns UMC_KERNEL_OK, or a status below. The exported symbol is
 * "umc_kernel_<N>" (EntryPoint.symbol). */
typedef int32_t (*umc_cpu_kernel_fn)(void **bindings, int64_t first,
                                     int64_t last);

enum umc_kernel_status {
  UMC_KERNEL_OK = 0,
  /* first < 0, last > the grid, or first > last: nothing ran. */
  UMC_KERNEL_BAD_RANGE = 1
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UMC_RUNTIME_KERNELABI_H */
