//===- CpuDevice.h - the CPU as a device -------------------------*- C++ -*-===//
//
// Kernels from the executable's ELF image (CpuKernels: memfd + dlopen), a
// kernel's grid handed out to a thread pool in chunks, memory from the
// host's allocator. Synchronous: every call has finished when it returns.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_CPUDEVICE_H
#define UMC_RUNTIME_CPUDEVICE_H

#include "umc/Runtime/Device.h"
#include "umc/Runtime/ThreadPool.h"

namespace umc::rt {

/// The chunk of workgroups a thread claims at a time for a grid of `grid`
/// on `threads` threads: about a quarter of a thread's share, made larger
/// (up to twice) when that gives a number of chunks the threads share
/// evenly.
int64_t workgroupChunk(int64_t grid, int64_t threads);

class CpuDevice : public Device {
public:
  /// `threads` = 0 uses one per hardware thread.
  explicit CpuDevice(unsigned threads);

  std::string name() const override { return "cpu"; }
  bool hostAccessible() const override { return true; }
  Status supports(const Executable &executable) const override;
  Result<std::unique_ptr<LoadedExecutable>>
  load(const Executable &executable,
       const std::vector<Kernel> &kernels) override;
  Result<void *> allocate(uint64_t bytes) override;
  void release(void *memory) override;
  Status dispatch(LoadedExecutable &executable, uint32_t kernel,
                  void *const *bindings) override;
  Status copy(const void *from, void *to, uint64_t bytes) override;
  Status fill(void *target, uint64_t bytes, const void *pattern,
              size_t patternBytes) override;
  Status upload(const void *host, void *device, uint64_t bytes) override;
  Status download(const void *device, void *host, uint64_t bytes) override;
  Status synchronize() override { return Status::ok(); }
  std::unique_ptr<Timer> startTimer() override;

  unsigned threads() const { return pool_.size(); }

private:
  ThreadPool pool_;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_CPUDEVICE_H
