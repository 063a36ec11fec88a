//===- Devices.cpp - the devices this machine offers ----------------------===//
#include "umc/Runtime/Devices.h"

#include "umc/Runtime/CpuDevice.h"

#include <charconv>
#include <dlfcn.h>
#include <fstream>
#include <thread>

namespace umc::rt {
namespace {

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos)
        return line.substr(colon + 2);
    }
  return "unknown CPU";
}

/// The CUDA driver, loaded on demand so that machines without one run the
/// same binary.
struct CudaDriver {
  using InitFn = int (*)(unsigned);
  using CountFn = int (*)(int *);
  using GetFn = int (*)(int *, int);
  using NameFn = int (*)(char *, int, int);

  void *handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  int count = 0;
  std::string problem;

  CudaDriver() {
    if (!handle) {
      problem = "no CUDA driver on this machine (libcuda.so.1 not found)";
      return;
    }
    auto init = reinterpret_cast<InitFn>(dlsym(handle, "cuInit"));
    auto getCount =
        reinterpret_cast<CountFn>(dlsym(handle, "cuDeviceGetCount"));
    if (!init || !getCount || init(0) != 0 || getCount(&count) != 0) {
      problem = "the CUDA driver did not initialize";
      count = 0;
    }
  }
  ~CudaDriver() {
    if (handle)
      dlclose(handle);
  }

  std::string name(int index) {
    auto get = reinterpret_cast<GetFn>(dlsym(handle, "cuDeviceGet"));
    auto getName = reinterpret_cast<NameFn>(dlsym(handle, "cuDeviceGetName"));
    int device = 0;
    char buffer[256] = {0};
    if (!get || !getName || get(&device, index) != 0 ||
        getName(buffer, sizeof(buffer) - 1, device) != 0)
      return "CUDA device";
    return buffer;
  }
};

} // namespace

std::vector<DeviceInfo> listDevices() {
  std::vector<DeviceInfo> devices;
  devices.push_back({"cpu", cpuModel() + ", " +
                                std::to_string(std::max(
                                    1u, std::thread::hardware_concurrency())) +
                                " threads"});
  CudaDriver cuda;
  for (int i = 0; i < cuda.count; ++i)
    devices.push_back({"cuda:" + std::to_string(i), cuda.name(i)});
  return devices;
}

Result<DeviceSpec> parseDevice(const std::string &spec) {
  if (spec == "cpu")
    return DeviceSpec{DeviceSpec::Kind::Cpu, 0};
  if (spec.rfind("cuda:", 0) != 0 || spec.size() == 5 ||
      spec.find_first_not_of("0123456789", 5) != std::string::npos)
    return Status::error("unknown device '" + spec +
                         "': expected 'cpu' or 'cuda:N'");
  int index = 0;
  if (std::from_chars(spec.data() + 5, spec.data() + spec.size(), index).ec !=
      std::errc())
    return Status::error("device " + spec +
                         " does not exist: its index does not fit an int");
  CudaDriver cuda;
  if (!cuda.problem.empty())
    return Status::error("device " + spec + " is not available: " +
                         cuda.problem + " (see umc-run --list-devices)");
  if (index >= cuda.count)
    return Status::error("device " + spec + " does not exist: this machine has " +
                         std::to_string(cuda.count) + " CUDA devices");
  return Status::error("device " + spec +
                       " exists, but this umc-run cannot run CUDA kernels yet; "
                       "use --device=cpu");
}

Result<std::shared_ptr<Device>> openDevice(const std::string &spec,
                                           unsigned threads) {
  auto parsed = parseDevice(spec);
  if (!parsed.isOk())
    return parsed.status();
  return std::shared_ptr<Device>(std::make_shared<CpuDevice>(threads));
}

} // namespace umc::rt
