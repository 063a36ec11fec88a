//===- Program.h - running an artifact's functions --------------*- C++ -*-===//
#ifndef UMC_RUNTIME_PROGRAM_H
#define UMC_RUNTIME_PROGRAM_H

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/CpuKernels.h"
#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Profile.h"
#include "umc/Runtime/Safetensors.h"
#include "umc/Runtime/ThreadPool.h"

#include <cstdlib>
#include <memory>
#include <vector>

namespace umc::rt {

/// An artifact loaded onto a device with its parameters, ready to call.
class Program {
public:
  /// Loads the artifact's code for `device`; `threads` = 0 uses every
  /// hardware thread.
  static Result<std::unique_ptr<Program>>
  create(std::shared_ptr<const Artifact> artifact, const Device &device,
         unsigned threads);

  const Artifact &artifact() const { return *artifact_; }

  /// Uses `params` (already checked with prepareParams) from now on.
  void setParams(TensorFile params);
  const TensorFile &params() const { return params_; }

  /// Runs `function` on `inputs`. Every input whose type differs from the
  /// function's is reported, all in one message.
  Result<std::vector<Tensor>> call(const fb::Function &function,
                                   const std::vector<Tensor> &inputs);

  /// Like call(), writing into `outputs`: tensors of the function's output
  /// types are reused as they are (no allocation, no zeroing), anything else
  /// is replaced. Repeated calls (serving, timing) allocate nothing. A
  /// Program runs one call at a time: its scratch memory is reused.
  Status callInto(const fb::Function &function,
                  const std::vector<Tensor> &inputs,
                  std::vector<Tensor> &outputs);

  /// Records the time of every command from now on (see Profile.h); off by
  /// default, it costs two clock reads per command.
  void enableProfiling(Profile *profile) { profile_ = profile; }

private:
  Program() = default;

  std::shared_ptr<const Artifact> artifact_;
  std::unique_ptr<CpuKernels> kernels_;
  std::unique_ptr<ThreadPool> pool_;
  TensorFile params_;
  /// Module parameter i, or null until setParams.
  std::vector<Tensor *> paramByIndex_;
  /// The scratch arena, kept for the next call.
  std::unique_ptr<uint8_t, void (*)(void *)> scratch_{nullptr, std::free};
  uint64_t scratchBytes_ = 0;
  Profile *profile_ = nullptr;
};

/// Checks `inputs` against the function's signature; the message lists
/// every mismatch.
Status checkInputs(const fb::Function &function,
                   const std::vector<Tensor> &inputs);

} // namespace umc::rt

#endif // UMC_RUNTIME_PROGRAM_H
