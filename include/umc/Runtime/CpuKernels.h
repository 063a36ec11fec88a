//===- CpuKernels.h - the CPU kernels of an artifact, loaded ----*- C++ -*-===//
#ifndef UMC_RUNTIME_CPUKERNELS_H
#define UMC_RUNTIME_CPUKERNELS_H

#include "umc/Runtime/Status.h"
#include "umc/Schema/umcb_generated.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace umc::rt {

/// The calling convention of every CPU kernel: base pointers of its
/// buffers, and the range of workgroups to run. Returns 0 on success.
using CpuKernelFn = int32_t (*)(void **bindings, int64_t first, int64_t last);

/// The kernels' shared object, mapped from memory (memfd_create + dlopen, as
/// IREE's system library loader does): no file is written, nothing else is
/// needed on the machine.
class CpuKernels {
public:
  /// Checks that this CPU can run the code, then loads it.
  static Result<std::unique_ptr<CpuKernels>>
  load(const fb::CpuExecutable &executable);
  ~CpuKernels();

  CpuKernelFn kernel(size_t index) const { return kernels_[index]; }

private:
  CpuKernels() = default;

  void *handle_ = nullptr;
  int fd_ = -1;
  std::vector<CpuKernelFn> kernels_;
};

/// Whether this CPU runs code built for `targetCpu` (e.g. "x86-64-v3"); the
/// message says what is missing.
Status checkCpuSupports(const std::string &targetCpu);

} // namespace umc::rt

#endif // UMC_RUNTIME_CPUKERNELS_H
