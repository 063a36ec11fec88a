//===- Program.cpp - running an artifact's host programs ------------------===//
#include "umc/Runtime/Program.h"

#include "Scalars.h"

#include <algorithm>
#include <cstring>

namespace umc::rt {
namespace {

/// The tensor has the type and holds as many bytes as the type needs (a
/// Tensor built by hand may not).
bool hasType(const Tensor &tensor, const TensorType &type) {
  return tensor.dtype == type.dtype && tensor.shape == type.shape &&
         tensor.bytes.size() == type.bytes;
}

/// One call's interpreter: registers, view addresses and the program
/// counter.
class Interpreter {
public:
  Interpreter(const Function &fn, const Module &module, Device &device,
              LoadedExecutable *executable, Profile *profile)
      : fn(fn), module(module), device(device), executable(executable),
        profile(profile), registers(fn.registers.size(), Scalar{0}) {}

  /// Resolves every view to device memory: `bases` by storage.
  void bind(const std::vector<uint8_t *> &inputs,
            const std::vector<uint8_t *> &params,
            const std::vector<uint8_t *> &outputs, uint8_t *arena,
            const std::vector<void *> &states) {
    for (const View &view : fn.views) {
      uint8_t *base = nullptr;
      switch (view.storage) {
      case Storage::Input:
        base = inputs[view.index];
        break;
      case Storage::Param:
        base = params[view.index];
        break;
      case Storage::Output:
        base = outputs[view.index];
        break;
      case Storage::Arena:
        base = arena;
        break;
      case Storage::State:
        base = static_cast<uint8_t *>(states[view.index]);
        break;
      }
      viewPointers.push_back(base + view.byteOffset);
    }
  }

  Status run() {
    size_t pc = 0;
    while (true) {
      if (pc >= fn.code.size())
        return Status::error("function '" + fn.name +
                             "' ran past the end of its code");
      const Instruction &in = fn.code[pc];
      Status s = step(in, pc);
      if (!s.isOk())
        return s.withContext("function '" + fn.name + "', instruction " +
                             std::to_string(pc) + " (" +
                             opcodeName(in.opcode) + ")");
      if (in.opcode == Opcode::Return)
        return Status::ok();
    }
  }

private:
  /// Runs `in` and moves `pc` to the next instruction.
  Status step(const Instruction &in, size_t &pc) {
    size_t next = pc + 1;
    switch (in.opcode) {
    case Opcode::Dispatch:
      UMC_RETURN_IF_ERROR(dispatch(in));
      break;
    case Opcode::Copy: {
      uint64_t bytes = fn.views[in.views[0]].type.bytes;
      std::unique_ptr<Timer> timer = profile ? device.startTimer() : nullptr;
      UMC_RETURN_IF_ERROR(device.copy(viewPointers[in.views[0]],
                                      viewPointers[in.views[1]], bytes));
      if (timer) {
        Result<double> ms = timer->elapsedMs();
        if (ms.isOk())
          profile->recordCopy(bytes, *ms);
      }
      break;
    }
    case Opcode::Fill: {
      const View &view = fn.views[in.views[0]];
      uint8_t element[8];
      storeElement(view.type.dtype, registers[in.operands[0]], element);
      UMC_RETURN_IF_ERROR(device.fill(viewPointers[in.views[0]],
                                      view.type.bytes, element,
                                      dtypeSize(view.type.dtype)));
      break;
    }
    case Opcode::Constant:
      registers[in.dst] =
          constant(fn.registers[in.dst], in.intValue, in.floatValue);
      break;
    case Opcode::Load:
    case Opcode::Store:
      UMC_RETURN_IF_ERROR(access(in));
      break;
    case Opcode::Unary:
      registers[in.dst] =
          unary(in.op, fn.registers[in.operands[0]], fn.registers[in.dst],
                registers[in.operands[0]]);
      break;
    case Opcode::Binary:
      registers[in.dst] =
          binary(in.op, fn.registers[in.operands[0]], fn.registers[in.dst],
                 registers[in.operands[0]], registers[in.operands[1]]);
      break;
    case Opcode::Select:
      registers[in.dst] = registers[in.operands[0]].i
                              ? registers[in.operands[1]]
                              : registers[in.operands[2]];
      break;
    case Opcode::Branch:
      next = in.target;
      break;
    case Opcode::CondBranch:
      next = registers[in.operands[0]].i ? in.target : in.targetFalse;
      break;
    case Opcode::Return:
      break;
    }
    pc = next;
    return Status::ok();
  }

  Status dispatch(const Instruction &in) {
    const Kernel &kernel = module.kernels[in.kernel];
    bindings.clear();
    for (uint32_t view : in.views)
      bindings.push_back(viewPointers[view]);
    for (const IndexCheck &check : kernel.indexChecks)
      UMC_RETURN_IF_ERROR(checkIndices(kernel, check));
    std::unique_ptr<Timer> timer = profile ? device.startTimer() : nullptr;
    // Program::create loaded an executable if any function dispatches.
    Status s = device.dispatch(*executable, in.kernel, bindings.data());
    if (!s.isOk())
      return s.withContext("kernel " + kernel.describe());
    if (timer) {
      Result<double> ms = timer->elapsedMs();
      if (ms.isOk())
        profile->recordKernel(in.kernel, *ms);
    }
    return Status::ok();
  }

  /// The kernel clamps an index outside [0, bound) (so that it never
  /// touches memory outside its buffers); the call fails here instead,
  /// before the kernel runs, with the first bad index and the op it was
  /// meant for. The
  /// indices are downloaded: an earlier kernel may have computed them.
  Status checkIndices(const Kernel &kernel, const IndexCheck &check) {
    const TensorType &type = kernel.bindings[check.binding];
    indices.resize(type.bytes);
    UMC_RETURN_IF_ERROR(
        device.download(bindings[check.binding], indices.data(), type.bytes));
    size_t width = dtypeSize(type.dtype);
    for (uint64_t i = 0; i * width < type.bytes; ++i) {
      int64_t index = 0;
      if (type.dtype == DType::i32) {
        int32_t narrow;
        std::memcpy(&narrow, &indices[i * width], sizeof(narrow));
        index = narrow;
      } else {
        std::memcpy(&index, &indices[i * width], sizeof(index));
      }
      if (index >= 0 && index < check.bound)
        continue;
      std::string op = check.op.rfind("umc.", 0) == 0 ? check.op.substr(4)
                                                      : check.op;
      std::string where =
          type.shape.empty() ? "" : " at index " + formatIndex(i, type.shape);
      return Status::error(op + " " + check.noun + " " +
                           std::to_string(index) + where + " is outside " +
                           check.range + " (" + check.location + ")");
    }
    return Status::ok();
  }

  /// "[0, 3]": the element at row-major position `flat` of `shape`.
  static std::string formatIndex(uint64_t flat,
                                 const std::vector<int64_t> &shape) {
    std::vector<uint64_t> index(shape.size());
    for (size_t d = shape.size(); d-- > 0;) {
      index[d] = flat % static_cast<uint64_t>(shape[d]);
      flat /= static_cast<uint64_t>(shape[d]);
    }
    std::string s = "[";
    for (size_t d = 0; d < index.size(); ++d)
      s += (d ? ", " : "") + std::to_string(index[d]);
    return s + "]";
  }

  /// A load or a store of one element; indices are checked here, since
  /// they are computed at run time.
  Status access(const Instruction &in) {
    const View &view = fn.views[in.views[0]];
    bool load = in.opcode == Opcode::Load;
    size_t first = load ? 0 : 1;
    uint64_t flat = 0;
    for (size_t d = 0; d < view.type.shape.size(); ++d) {
      int64_t index = registers[in.operands[first + d]].i;
      int64_t size = view.type.shape[d];
      if (index < 0 || index >= size)
        return Status::error("index " + std::to_string(index) +
                             " is out of range for dimension " +
                             std::to_string(d) + " of " +
                             view.type.describe());
      flat = flat * static_cast<uint64_t>(size) + static_cast<uint64_t>(index);
    }
    size_t elementBytes = dtypeSize(view.type.dtype);
    uint8_t *address = viewPointers[in.views[0]] + flat * elementBytes;
    uint8_t element[8];
    if (!load) {
      storeElement(view.type.dtype, registers[in.operands[0]], element);
      return device.upload(element, address, elementBytes);
    }
    UMC_RETURN_IF_ERROR(device.download(address, element, elementBytes));
    registers[in.dst] = normalize(registerTypeOf(view.type.dtype),
                                  loadElement(view.type.dtype, element));
    return Status::ok();
  }

  const Function &fn;
  const Module &module;
  Device &device;
  LoadedExecutable *executable;
  Profile *profile;
  std::vector<Scalar> registers;
  std::vector<uint8_t *> viewPointers;
  std::vector<void *> bindings;
  std::vector<uint8_t> indices; // the host's copy of indices to check
};

/// The kernels that some function dispatches.
std::vector<bool> dispatchedKernels(const Module &module) {
  std::vector<bool> used(module.kernels.size(), false);
  for (const Function &fn : module.functions)
    for (const Instruction &in : fn.code)
      if (in.opcode == Opcode::Dispatch)
        used[in.kernel] = true;
  return used;
}

} // namespace

Result<const Executable *> chooseExecutable(const Module &module,
                                            const Device &device) {
  std::vector<bool> used = dispatchedKernels(module);
  std::string reasons;
  for (const Executable &exe : module.executables) {
    Status supported = device.supports(exe);
    if (supported.isOk()) {
      std::vector<bool> has(module.kernels.size(), false);
      for (const EntryPoint &entry : exe.entryPoints)
        has[entry.kernel] = true;
      for (size_t k = 0; k < used.size() && supported.isOk(); ++k)
        if (used[k] && !has[k])
          supported = Status::error("it lacks kernel " + module.kernels[k].name);
    }
    if (supported.isOk())
      return &exe;
    reasons += "\n  " + exe.target + " (" + exe.format + "): " +
               supported.message();
  }
  if (module.executables.empty() &&
      std::none_of(used.begin(), used.end(), [](bool u) { return u; }))
    return nullptr; // nothing to run: copies and scalars only
  return Status::error("no executable in the artifact runs on " +
                       device.name() +
                       (reasons.empty() ? std::string(" (it has none)")
                                        : ":" + reasons));
}

Status checkInputs(const Function &function, const std::vector<Tensor> &inputs) {
  std::string signature = function.signature();
  if (inputs.size() != function.inputs.size())
    return Status::error("function '" + function.name + "' takes " +
                         std::to_string(function.inputs.size()) + " inputs (" +
                         signature + "), got " + std::to_string(inputs.size()));
  std::string problems;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorType &type = function.inputs[i];
    if (inputs[i].dtype != type.dtype || inputs[i].shape != type.shape)
      problems += "\n  input " + std::to_string(i) + " is " +
                  inputs[i].describe() + ", expected " + type.describe();
    else if (!hasType(inputs[i], type))
      problems += "\n  input " + std::to_string(i) + " holds " +
                  std::to_string(inputs[i].bytes.size()) + " bytes, " +
                  type.describe() + " needs " + std::to_string(type.bytes);
  }
  if (!problems.empty())
    return Status::error("inputs do not fit function '" + function.name +
                         "' (" + signature + "):" + problems);
  return Status::ok();
}

Result<std::unique_ptr<Program>>
Program::create(std::shared_ptr<const Artifact> artifact,
                std::shared_ptr<Device> device) {
  const Module &module = artifact->module();
  std::unique_ptr<Program> program(new Program());
  program->device_ = device;
  program->artifact_ = artifact;
  if (!device->hostAccessible())
    return Status::error("device " + device->name() +
                         " needs inputs and outputs staged through host "
                         "memory, which this runtime does not do yet");
  auto chosen = chooseExecutable(module, *device);
  if (!chosen.isOk())
    return chosen.status().withContext(artifact->name());
  if (*chosen) {
    auto loaded = device->load(**chosen, module.kernels);
    if (!loaded.isOk())
      return loaded.status().withContext(artifact->name());
    program->executable_ = std::move(loaded.value());
  }
  for (const StateSpec &state : module.states) {
    auto memory = device->allocate(state.type.bytes);
    if (!memory.isOk())
      return memory.status().withContext("state '" + state.name + "'");
    program->states_.push_back(*memory);
    const uint8_t zero = 0;
    UMC_RETURN_IF_ERROR(device->fill(*memory, state.type.bytes, &zero, 1));
  }
  program->paramByIndex_.assign(module.params.size(), nullptr);
  for (const Function &function : module.functions)
    if (function.derivesFromParams())
      program->derive_ = &function;
  return program;
}

Program::~Program() {
  for (void *state : states_)
    device_->release(state);
  if (arena_)
    device_->release(arena_);
}

void Program::setParams(TensorFile params) {
  params_ = std::move(params);
  derived_ = false;
  const Module &module = artifact_->module();
  for (size_t i = 0; i < paramByIndex_.size(); ++i) {
    auto it = params_.tensors.find(module.params[i].name);
    paramByIndex_[i] = it == params_.tensors.end() ? nullptr : &it->second;
  }
}

Result<std::vector<Tensor>> Program::call(const Function &function,
                                          const std::vector<Tensor> &inputs) {
  std::vector<Tensor> outputs;
  UMC_RETURN_IF_ERROR(callInto(function, inputs, outputs));
  return outputs;
}

Status Program::callInto(const Function &function,
                         const std::vector<Tensor> &inputs,
                         std::vector<Tensor> &outputs) {
  // Kernels assume their outputs overlap no input.
  if (&inputs == &outputs)
    return Status::error("callInto: outputs must not be the inputs; copy the "
                         "state first");
  const Module &module = artifact_->module();
  if (&function < module.functions.data() ||
      &function >= module.functions.data() + module.functions.size())
    return Status::error("callInto: function '" + function.name +
                         "' is not one of this program's artifact");
  UMC_RETURN_IF_ERROR(checkInputs(function, inputs));
  // Only a function that reads parameters can read state derived from
  // them (the compiler keeps the parameter of every packed weight).
  if (derive_ && !derived_ && &function != derive_ &&
      !function.params.empty()) {
    std::vector<Tensor> none;
    UMC_RETURN_IF_ERROR(
        callInto(*derive_, {}, none)
            .withContext("deriving state from the parameters (" +
                         derive_->name + ")"));
  }
  for (uint32_t p : function.params)
    if (!paramByIndex_[p] || !hasType(*paramByIndex_[p], module.params[p].type))
      return Status::error("parameter '" + module.params[p].name +
                           (paramByIndex_[p] ? "' has the wrong type"
                                             : "' has no value") +
                           ": load parameters first");
  outputs.resize(function.outputs.size());
  for (size_t i = 0; i < function.outputs.size(); ++i)
    if (!hasType(outputs[i], function.outputs[i]))
      outputs[i] =
          Tensor::zeros(function.outputs[i].dtype, function.outputs[i].shape);
  if (function.arenaBytes > arenaBytes_) {
    if (arena_)
      device_->release(arena_);
    arena_ = nullptr;
    arenaBytes_ = 0;
    auto memory = device_->allocate(function.arenaBytes);
    if (!memory.isOk())
      return memory.status().withContext("scratch memory of '" +
                                         function.name + "'");
    arena_ = *memory;
    arenaBytes_ = function.arenaBytes;
  }
  UMC_RETURN_IF_ERROR(run(function, inputs, outputs));
  if (&function == derive_)
    derived_ = true;
  return Status::ok();
}

Status Program::run(const Function &function, const std::vector<Tensor> &inputs,
                    std::vector<Tensor> &outputs) {
  const Module &module = artifact_->module();
  std::vector<uint8_t *> inputBases, paramBases, outputBases;
  for (const Tensor &t : inputs)
    inputBases.push_back(const_cast<uint8_t *>(t.bytes.data()));
  for (Tensor *t : paramByIndex_)
    paramBases.push_back(t ? t->bytes.data() : nullptr);
  for (Tensor &t : outputs)
    outputBases.push_back(t.bytes.data());
  Interpreter interpreter(function, module, *device_, executable_.get(), profile_);
  interpreter.bind(inputBases, paramBases, outputBases,
                   static_cast<uint8_t *>(arena_), states_);
  return interpreter.run();
}

Result<Tensor> Program::readState(const std::string &name) const {
  const Module &module = artifact_->module();
  for (size_t i = 0; i < module.states.size(); ++i) {
    if (module.states[i].name != name)
      continue;
    const TensorType &type = module.states[i].type;
    Tensor t = Tensor::zeros(type.dtype, type.shape);
    UMC_RETURN_IF_ERROR(device_->download(states_[i], t.bytes.data(), type.bytes));
    return t;
  }
  return Status::error(artifact_->name() + " has no state '" + name + "'");
}

Status Program::writeState(const std::string &name, const Tensor &value) {
  const Module &module = artifact_->module();
  for (size_t i = 0; i < module.states.size(); ++i) {
    if (module.states[i].name != name)
      continue;
    const TensorType &type = module.states[i].type;
    if (!hasType(value, type))
      return Status::error("state '" + name + "' is " + type.describe() +
                           ", not " + value.describe());
    return device_->upload(value.bytes.data(), states_[i], type.bytes);
  }
  return Status::error(artifact_->name() + " has no state '" + name + "'");
}

} // namespace umc::rt
