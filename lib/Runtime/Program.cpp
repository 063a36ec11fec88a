//===- Program.cpp - running an artifact's functions ----------------------===//
#include "umc/Runtime/Program.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace umc::rt {
namespace {

/// The tensor has the type and holds as many bytes as the type needs (a
/// Tensor built by hand may not).
bool hasType(const Tensor &tensor, const fb::TensorType &type) {
  return tensor.dtype == dtypeOf(type) && tensor.shape == shapeOf(type) &&
         tensor.bytes.size() ==
             static_cast<size_t>(tensor.numElements()) * dtypeSize(tensor.dtype);
}

std::string kernelDescription(const fb::Kernel &kernel) {
  std::string s = kernel.symbol()->str();
  if (kernel.source_ops())
    for (const fb::SourceOp *op : *kernel.source_ops())
      s += " (" + op->name()->str() + " at " + op->location()->str() + ")";
  return s;
}

} // namespace

Status checkInputs(const fb::Function &function,
                   const std::vector<Tensor> &inputs) {
  size_t expected = function.inputs() ? function.inputs()->size() : 0;
  std::string signature;
  for (size_t i = 0; i < expected; ++i)
    signature += (i ? ", " : "") + describe(*function.inputs()->Get(i));
  std::string name = function.name()->str();
  if (inputs.size() != expected)
    return Status::error("function '" + name + "' takes " +
                         std::to_string(expected) + " inputs (" + signature +
                         "), got " + std::to_string(inputs.size()));
  std::string problems;
  for (size_t i = 0; i < expected; ++i) {
    const fb::TensorType &type = *function.inputs()->Get(i);
    if (inputs[i].dtype != dtypeOf(type) || inputs[i].shape != shapeOf(type))
      problems += "\n  input " + std::to_string(i) + " is " +
                  inputs[i].describe() + ", expected " + describe(type);
    else if (!hasType(inputs[i], type))
      problems += "\n  input " + std::to_string(i) + " holds " +
                  std::to_string(inputs[i].bytes.size()) + " bytes, " +
                  describe(type) + " needs " +
                  std::to_string(numElements(shapeOf(type)) *
                                 dtypeSize(dtypeOf(type)));
  }
  if (!problems.empty())
    return Status::error("inputs do not fit function '" + name + "' (" +
                         signature + "):" + problems);
  return Status::ok();
}

Result<std::unique_ptr<Program>>
Program::create(std::shared_ptr<const Artifact> artifact, const Device &device,
                unsigned threads) {
  if (device.kind != Device::Kind::Cpu)
    return Status::error("only the CPU can run artifacts in this version");
  std::unique_ptr<Program> program(new Program());
  const fb::Module &module = artifact->module();
  if (module.cpu()) {
    auto kernels = CpuKernels::load(*module.cpu());
    if (!kernels.isOk())
      return kernels.status().withContext(artifact->name());
    program->kernels_ = std::move(kernels.value());
  }
  program->pool_ = std::make_unique<ThreadPool>(threads);
  program->paramByIndex_.assign(module.params() ? module.params()->size() : 0,
                                nullptr);
  program->artifact_ = std::move(artifact);
  return program;
}

void Program::setParams(TensorFile params) {
  params_ = std::move(params);
  const fb::Module &module = artifact_->module();
  for (size_t i = 0; i < paramByIndex_.size(); ++i) {
    auto it = params_.tensors.find(module.params()->Get(i)->name()->str());
    paramByIndex_[i] = it == params_.tensors.end() ? nullptr : &it->second;
  }
}

Result<std::vector<Tensor>> Program::call(const fb::Function &function,
                                          const std::vector<Tensor> &inputs) {
  std::vector<Tensor> outputs;
  UMC_RETURN_IF_ERROR(callInto(function, inputs, outputs));
  return outputs;
}

Status Program::callInto(const fb::Function &function,
                         const std::vector<Tensor> &inputs,
                         std::vector<Tensor> &outputs) {
  // Kernels assume their outputs overlap no input.
  if (&inputs == &outputs)
    return Status::error("callInto: outputs must not be the inputs; copy the "
                         "state first");
  UMC_RETURN_IF_ERROR(checkInputs(function, inputs));
  const fb::Module &module = artifact_->module();
  if (function.params())
    for (uint32_t p : *function.params())
      if (!paramByIndex_[p])
        return Status::error("parameter '" +
                             module.params()->Get(p)->name()->str() +
                             "' has no value: load parameters first");

  size_t numOutputs = function.outputs() ? function.outputs()->size() : 0;
  outputs.resize(numOutputs);
  for (size_t i = 0; i < numOutputs; ++i) {
    const fb::TensorType &type = *function.outputs()->Get(i);
    if (!hasType(outputs[i], type))
      outputs[i] = Tensor::zeros(dtypeOf(type), shapeOf(type));
  }
  if (function.arena_bytes() > scratchBytes_) {
    uint64_t bytes = (function.arena_bytes() + 63) / 64 * 64;
    scratch_.reset(static_cast<uint8_t *>(std::aligned_alloc(64, bytes)));
    scratchBytes_ = scratch_ ? bytes : 0;
    if (!scratch_)
      return Status::error("cannot allocate " + std::to_string(bytes) +
                           " bytes of scratch memory");
  }

  // Views were checked against their storage when the artifact was loaded.
  std::vector<void *> viewPointers;
  if (function.views())
    for (const fb::View *view : *function.views()) {
      uint8_t *base = nullptr;
      switch (view->storage()) {
      case fb::StorageKind::input:
        base = const_cast<uint8_t *>(inputs[view->index()].bytes.data());
        break;
      case fb::StorageKind::param:
        base = paramByIndex_[view->index()]->bytes.data();
        break;
      case fb::StorageKind::output:
        base = outputs[view->index()].bytes.data();
        break;
      case fb::StorageKind::arena:
        base = scratch_.get();
        break;
      }
      viewPointers.push_back(base + view->byte_offset());
    }

  if (!function.commands())
    return Status::ok();
  for (const fb::Command *command : *function.commands()) {
    Profile::Clock::time_point start;
    if (profile_)
      start = Profile::Clock::now();
    std::vector<void *> bindings;
    if (command->bindings())
      for (uint32_t view : *command->bindings())
        bindings.push_back(viewPointers[view]);
    if (command->kind() == fb::CommandKind::copy) {
      const fb::View *from = function.views()->Get(command->bindings()->Get(0));
      std::memmove(bindings[1], bindings[0], byteSize(*from->type()));
      if (profile_)
        profile_->recordCopy(byteSize(*from->type()),
                             Profile::Clock::now() - start);
      continue;
    }
    const fb::Kernel &kernel = *module.cpu()->kernels()->Get(command->kernel());
    CpuKernelFn fn = kernels_->kernel(command->kernel());
    int64_t grid = kernel.workgroups();
    // A few chunks per thread balance uneven workgroups without making
    // chunks so small that calls dominate.
    int64_t chunk = std::max<int64_t>(1, grid / (4 * pool_->size()));
    std::atomic<int32_t> failure{0};
    pool_->parallelFor(grid, chunk, [&](int64_t first, int64_t last) {
      int32_t status = fn(bindings.data(), first, last);
      if (status != 0)
        failure.store(status);
    });
    if (failure.load() != 0)
      return Status::error("kernel " + kernelDescription(kernel) +
                           " failed with status " +
                           std::to_string(failure.load()));
    if (profile_)
      profile_->recordKernel(command->kernel(), Profile::Clock::now() - start);
  }
  return Status::ok();
}

} // namespace umc::rt
