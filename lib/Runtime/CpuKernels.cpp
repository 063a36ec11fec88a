//===- CpuKernels.cpp - the CPU kernels of an artifact, loaded ------------===//
#include "umc/Runtime/CpuKernels.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

namespace umc::rt {

Status checkCpuSupports(const std::string &targetCpu) {
#if defined(__x86_64__)
  if (targetCpu == "x86-64")
    return Status::ok();
  __builtin_cpu_init();
  auto need = [&](bool supported, const char *what) {
    return supported ? Status::ok()
                     : Status::error("this artifact's CPU code needs an " +
                                     targetCpu + " processor (" + what +
                                     "), and this one lacks it");
  };
  if (targetCpu == "x86-64-v2")
    return need(__builtin_cpu_supports("x86-64-v2"), "SSE4.2, POPCNT");
  if (targetCpu == "x86-64-v3")
    return need(__builtin_cpu_supports("x86-64-v3"), "AVX2, FMA, BMI2");
  if (targetCpu == "x86-64-v4")
    return need(__builtin_cpu_supports("x86-64-v4"),
                "AVX-512 F, BW, CD, DQ and VL");
  return Status::error("this artifact's CPU code is for '" + targetCpu +
                       "', which this runtime does not know");
#else
  return Status::error("this artifact's CPU code is for " + targetCpu +
                       ", and this machine is not x86-64");
#endif
}

Result<std::unique_ptr<CpuKernels>>
CpuKernels::load(const Executable &executable,
                 const std::vector<Kernel> &kernels) {
  if (executable.imageSize == 0)
    return Status::error("the artifact has no CPU code");

  std::unique_ptr<CpuKernels> result(new CpuKernels());
  result->fd_ = memfd_create("umc-kernels", MFD_CLOEXEC);
  if (result->fd_ < 0)
    return Status::error(std::string("memfd_create failed: ") +
                         std::strerror(errno));
  const uint8_t *data = executable.image;
  size_t remaining = executable.imageSize;
  while (remaining > 0) {
    ssize_t written = write(result->fd_, data, remaining);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return Status::error(std::string("cannot stage the CPU code: ") +
                           std::strerror(errno));
    }
    data += written;
    remaining -= static_cast<size_t>(written);
  }
  std::string path = "/proc/self/fd/" + std::to_string(result->fd_);
  result->handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!result->handle_)
    return Status::error(std::string("cannot load the CPU code: ") + dlerror());

  result->entries_.resize(kernels.size());
  for (const EntryPoint &entry : executable.entryPoints) {
    void *symbol = dlsym(result->handle_, entry.symbol.c_str());
    if (!symbol)
      return Status::error("the CPU code lacks kernel '" + entry.symbol +
                           "' (" + kernels[entry.kernel].name + ")");
    result->entries_[entry.kernel] = {
        reinterpret_cast<umc_cpu_kernel_fn>(symbol), entry.workgroups};
  }
  return result;
}

CpuKernels::~CpuKernels() {
  if (handle_)
    dlclose(handle_);
  if (fd_ >= 0)
    close(fd_);
}

} // namespace umc::rt
