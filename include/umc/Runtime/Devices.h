//===- Devices.h - the devices this machine offers --------------*- C++ -*-===//
#ifndef UMC_RUNTIME_DEVICES_H
#define UMC_RUNTIME_DEVICES_H

#include "umc/Runtime/Device.h"
#include "umc/Runtime/Status.h"

#include <memory>

#include <string>
#include <vector>

namespace umc::rt {

struct DeviceInfo {
  std::string id;          // "cpu", "cuda:0"
  std::string description; // what it is, in a few words
};

/// Every device here. Never fails: the CPU is always listed, CUDA devices
/// only when the driver (libcuda.so.1) loads and reports them.
std::vector<DeviceInfo> listDevices();

/// Which device, as the command line names it.
struct DeviceSpec {
  enum class Kind { Cpu, Cuda } kind = Kind::Cpu;
  int index = 0;
};

/// Parses "cpu" or "cuda:N" and checks that the device exists here. There is
/// no fallback from one device to another: asking for a missing GPU is an
/// error.
Result<DeviceSpec> parseDevice(const std::string &spec);

/// The device `spec` names, ready to run programs; `threads` is the CPU's
/// thread count (0: one per hardware thread).
Result<std::shared_ptr<Device>> openDevice(const std::string &spec,
                                           unsigned threads);

} // namespace umc::rt

#endif // UMC_RUNTIME_DEVICES_H
