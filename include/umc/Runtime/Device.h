//===- Device.h - what the interpreter needs of a device --------*- C++ -*-===//
//
// The host-program interpreter (Program) knows nothing of CPUs or GPUs: it
// allocates, loads executables, dispatches kernels, copies, fills and times
// through this interface (IREE's hal/device.h plays this part). CpuDevice
// is the first implementation; a CUDA device joins by implementing it and
// passing the conformance suite (test/Runtime/DeviceConformanceTest.cpp).
// No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_DEVICE_H
#define UMC_RUNTIME_DEVICE_H

#include "umc/Runtime/Module.h"
#include "umc/Runtime/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace umc::rt {

/// An executable's code, loaded on the device that will run it.
class LoadedExecutable {
public:
  virtual ~LoadedExecutable() = default;
};

/// Measures the device's work: started before it, read after it.
class Timer {
public:
  virtual ~Timer() = default;
  /// Milliseconds from the start to now, once the device's work enqueued
  /// in between has finished.
  virtual Result<double> elapsedMs() = 0;
};

class Device {
public:
  virtual ~Device() = default;

  /// "cpu", "cuda:0": what messages call it.
  virtual std::string name() const = 0;
  /// Whether the host may read and write the device's memory directly (the
  /// interpreter then binds the caller's tensors without staging them).
  virtual bool hostAccessible() const = 0;

  /// Whether this device runs `executable` here (its target, its ABI
  /// version, the processor it needs); the message says why not.
  virtual Status supports(const Executable &executable) const = 0;
  /// Loads `executable` for running the kernels of `kernels`.
  virtual Result<std::unique_ptr<LoadedExecutable>>
  load(const Executable &executable, const std::vector<Kernel> &kernels) = 0;

  /// Device memory of `bytes` bytes (aligned for any element type), or an
  /// error when there is not that much; free it with release().
  virtual Result<void *> allocate(uint64_t bytes) = 0;
  virtual void release(void *memory) = 0;

  /// Runs kernel `kernel` (an index into Module::kernels) of a loaded
  /// executable over its whole grid, with one pointer per binding.
  virtual Status dispatch(LoadedExecutable &executable, uint32_t kernel,
                          void *const *bindings) = 0;
  /// Device memory to device memory; the ranges do not overlap.
  virtual Status copy(const void *from, void *to, uint64_t bytes) = 0;
  /// Repeats the `patternBytes` bytes at `pattern` (host memory) over
  /// `bytes` bytes of device memory.
  virtual Status fill(void *target, uint64_t bytes, const void *pattern,
                      size_t patternBytes) = 0;
  /// Host memory to device memory, and back.
  virtual Status upload(const void *host, void *device, uint64_t bytes) = 0;
  virtual Status download(const void *device, void *host, uint64_t bytes) = 0;
  /// Waits until all work enqueued so far has finished.
  virtual Status synchronize() = 0;
  virtual std::unique_ptr<Timer> startTimer() = 0;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_DEVICE_H
