//===- CpuKernels.h - an executable's CPU code, loaded -----------*- C++ -*-===//
#ifndef UMC_RUNTIME_CPUKERNELS_H
#define UMC_RUNTIME_CPUKERNELS_H

#include "umc/Runtime/Device.h"
#include "umc/Runtime/KernelAbi.h"
#include "umc/Runtime/Module.h"
#include "umc/Runtime/Status.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace umc::rt {

/// The kernels' shared object, mapped from memory (memfd_create + dlopen, as
/// IREE's system library loader does): no file is written, nothing else is
/// needed on the machine.
class CpuKernels : public LoadedExecutable {
public:
  struct Entry {
    umc_cpu_kernel_fn fn = nullptr; // null: this executable lacks the kernel
    int64_t workgroups = 0;
  };

  /// Loads the image of `executable` and finds the entry point of each of
  /// `kernels` that it has.
  static Result<std::unique_ptr<CpuKernels>>
  load(const Executable &executable, const std::vector<Kernel> &kernels);
  ~CpuKernels() override;

  /// By kernel index (Module::kernels).
  const Entry &entry(uint32_t kernel) const { return entries_[kernel]; }

private:
  CpuKernels() = default;

  void *handle_ = nullptr;
  int fd_ = -1;
  std::vector<Entry> entries_;
};

/// Whether this CPU runs code built for `targetCpu` (e.g. "x86-64-v3"); the
/// message says what is missing.
Status checkCpuSupports(const std::string &targetCpu);

} // namespace umc::rt

#endif // UMC_RUNTIME_CPUKERNELS_H
