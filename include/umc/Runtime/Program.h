//===- Program.h - running an artifact's host programs ----------*- C++ -*-===//
//
// The host-program interpreter: it runs a function's bytecode (dispatches,
// copies, fills, scalar arithmetic, branches) on any Device, and keeps the
// module's state (a KV cache, a running sum) between calls. No MLIR or LLVM
// headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_PROGRAM_H
#define UMC_RUNTIME_PROGRAM_H

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Device.h"
#include "umc/Runtime/Profile.h"
#include "umc/Runtime/TensorFile.h"

#include <memory>
#include <vector>

namespace umc::rt {

/// An artifact loaded onto a device with its parameters, ready to call.
class Program {
public:
  /// Loads the artifact's executable for `device` (the first one the device
  /// supports) and allocates its state, zero-filled.
  static Result<std::unique_ptr<Program>>
  create(std::shared_ptr<const Artifact> artifact,
         std::shared_ptr<Device> device);
  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  const Artifact &artifact() const { return *artifact_; }
  Device &device() const { return *device_; }

  /// Uses `params` (already checked with prepareParams) from now on. State
  /// derived from them (weights packed for the CPU's GEMM: the function of
  /// role "params.derive") is recomputed before the next call.
  void setParams(TensorFile params);
  const TensorFile &params() const { return params_; }

  /// Runs `function` on `inputs`. Every input whose type differs from the
  /// function's is reported, all in one message.
  Result<std::vector<Tensor>> call(const Function &function,
                                   const std::vector<Tensor> &inputs);

  /// Like call(), writing into `outputs`: tensors of the function's output
  /// types are reused as they are (no allocation, no zeroing), anything else
  /// is replaced. Repeated calls (serving, timing) allocate nothing. A
  /// Program runs one call at a time: its scratch memory and its state are
  /// shared by every call.
  Status callInto(const Function &function, const std::vector<Tensor> &inputs,
                  std::vector<Tensor> &outputs);

  /// The current value of the state called `name`.
  Result<Tensor> readState(const std::string &name) const;

  /// Sets the state called `name` (a resumed training run's optimizer
  /// state); `value` must have the state's type.
  Status writeState(const std::string &name, const Tensor &value);

  /// Records the time of every dispatch and copy from now on (see
  /// Profile.h); off by default, it costs a timer per instruction.
  void enableProfiling(Profile *profile) { profile_ = profile; }

private:
  Program() = default;
  Status run(const Function &function, const std::vector<Tensor> &inputs,
             std::vector<Tensor> &outputs);

  std::shared_ptr<const Artifact> artifact_;
  std::shared_ptr<Device> device_;
  std::unique_ptr<LoadedExecutable> executable_;
  TensorFile params_;
  /// The function that derives state from the parameters, if any, and
  /// whether it has run since they were last set.
  const Function *derive_ = nullptr;
  bool derived_ = false;
  /// Module parameter i, or null until setParams.
  std::vector<Tensor *> paramByIndex_;
  /// Device memory of each state, kept across calls.
  std::vector<void *> states_;
  /// The scratch arena, kept for the next call.
  void *arena_ = nullptr;
  uint64_t arenaBytes_ = 0;
  Profile *profile_ = nullptr;
};

/// Checks `inputs` against the function's signature; the message lists
/// every mismatch.
Status checkInputs(const Function &function, const std::vector<Tensor> &inputs);

/// The executable of `module` that `device` runs: the first it supports
/// that holds every kernel the functions dispatch (null when nothing is
/// dispatched and there is none); the error says why each one does not do.
Result<const Executable *> chooseExecutable(const Module &module,
                                            const Device &device);

} // namespace umc::rt

#endif // UMC_RUNTIME_PROGRAM_H
