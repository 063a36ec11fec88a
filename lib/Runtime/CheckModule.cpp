//===- CheckModule.cpp - what the loader guarantees -----------------------===//
#include "CheckModule.h"

#include "umc/Runtime/KernelAbi.h"

#include <set>

namespace umc::rt {
namespace {

#define CHECK_OR_RETURN(cond, message)                                         \
  do {                                                                         \
    if (!(cond))                                                               \
      return Status::error(message);                                           \
  } while (0)

/// A valid dtype and shape whose byte size, computed without overflow,
/// stays under kMaxBufferBytes; fills in `bytes`.
Status checkType(TensorType &type, const std::string &what) {
  CHECK_OR_RETURN(static_cast<unsigned>(type.dtype) <=
                      static_cast<unsigned>(DType::i64),
                  what + " has an unknown element type");
  uint64_t bytes = dtypeSize(type.dtype);
  for (int64_t dim : type.shape) {
    CHECK_OR_RETURN(dim >= 0, what + " has a negative dimension");
    CHECK_OR_RETURN(!__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim),
                                            &bytes) &&
                        bytes <= kMaxBufferBytes,
                    what + " is larger than " +
                        std::to_string(kMaxBufferBytes) + " bytes");
  }
  type.bytes = bytes;
  return Status::ok();
}

Status checkTypes(std::vector<TensorType> &types, const std::string &what) {
  for (size_t i = 0; i < types.size(); ++i)
    UMC_RETURN_IF_ERROR(checkType(types[i], what + " " + std::to_string(i)));
  return Status::ok();
}

bool isInteger(ScalarType t) { return !isFloat(t); }

bool isFloatOp(ScalarOp op) {
  return (op >= ScalarOp::AddF && op <= ScalarOp::MaxF) ||
         (op >= ScalarOp::CmpfOeq && op <= ScalarOp::CmpfUno) ||
         op == ScalarOp::NegF;
}
bool isComparison(ScalarOp op) {
  return op >= ScalarOp::CmpEq && op <= ScalarOp::CmpfUno;
}
bool isBinary(ScalarOp op) {
  return op >= ScalarOp::Add && op <= ScalarOp::CmpfUno;
}
bool isUnary(ScalarOp op) {
  return op >= ScalarOp::NegF && op <= ScalarOp::Bitcast;
}

/// Views an instruction of `fn` may write: never the caller's inputs, and
/// the parameters, which every function shares, only in a training step
/// (which updates them in place).
bool isWritable(const View &view, const Function &fn) {
  if (view.storage == Storage::Param)
    return fn.role == "train.step";
  return view.storage != Storage::Input;
}

class FunctionChecker {
public:
  FunctionChecker(const Module &module, Function &fn)
      : module(module), fn(fn), where("function '" + fn.name + "'") {}

  Status run() {
    UMC_RETURN_IF_ERROR(checkTypes(fn.inputs, where + ": input"));
    UMC_RETURN_IF_ERROR(checkTypes(fn.outputs, where + ": output"));
    CHECK_OR_RETURN(fn.arenaBytes <= kMaxBufferBytes,
                    where + " asks for a scratch arena of " +
                        std::to_string(fn.arenaBytes) + " bytes");
    for (uint32_t p : fn.params)
      CHECK_OR_RETURN(p < module.params.size(),
                      where + " uses parameter " + std::to_string(p) + " of " +
                          std::to_string(module.params.size()));
    for (size_t i = 0; i < fn.views.size(); ++i)
      UMC_RETURN_IF_ERROR(checkView(fn.views[i], i));
    for (ScalarType t : fn.registers)
      CHECK_OR_RETURN(static_cast<unsigned>(t) <=
                          static_cast<unsigned>(ScalarType::f64),
                      where + " has a register of an unknown type");
    CHECK_OR_RETURN(!fn.code.empty(), where + " has no code");
    for (size_t i = 0; i < fn.code.size(); ++i) {
      Status s = checkInstruction(fn.code[i]);
      if (!s.isOk())
        return s.withContext(where + ", instruction " + std::to_string(i) +
                             " (" + opcodeName(fn.code[i].opcode) + ")");
    }
    return Status::ok();
  }

private:
  Status checkView(View &view, size_t i) {
    std::string at = where + ", view " + std::to_string(i);
    UMC_RETURN_IF_ERROR(checkType(view.type, at));
    CHECK_OR_RETURN(static_cast<unsigned>(view.storage) <=
                        static_cast<unsigned>(Storage::State),
                    at + " has an unknown storage kind");
    uint64_t capacity = 0;
    switch (view.storage) {
    case Storage::Input:
      CHECK_OR_RETURN(view.index < fn.inputs.size(), at + " names a missing input");
      capacity = fn.inputs[view.index].bytes;
      break;
    case Storage::Param:
      CHECK_OR_RETURN(view.index < module.params.size(),
                      at + " names a missing parameter");
      capacity = module.params[view.index].type.bytes;
      break;
    case Storage::Output:
      CHECK_OR_RETURN(view.index < fn.outputs.size(),
                      at + " names a missing output");
      capacity = fn.outputs[view.index].bytes;
      break;
    case Storage::Arena:
      capacity = fn.arenaBytes;
      break;
    case Storage::State:
      CHECK_OR_RETURN(view.index < module.states.size(),
                      at + " names a missing state");
      capacity = module.states[view.index].type.bytes;
      break;
    }
    CHECK_OR_RETURN(view.byteOffset <= capacity &&
                        view.type.bytes <= capacity - view.byteOffset,
                    at + " reaches past the end of its storage");
    return Status::ok();
  }

  Status checkRegisters(const Instruction &in, size_t operands, bool writes) {
    CHECK_OR_RETURN(in.operands.size() == operands,
                    "takes " + std::to_string(in.operands.size()) +
                        " operands, not " + std::to_string(operands));
    for (uint32_t r : in.operands)
      CHECK_OR_RETURN(r < fn.registers.size(), "reads a missing register");
    CHECK_OR_RETURN(!writes || in.dst < fn.registers.size(),
                    "writes a missing register");
    return Status::ok();
  }

  Status checkViews(const Instruction &in, size_t count) {
    CHECK_OR_RETURN(in.views.size() == count,
                    "binds " + std::to_string(in.views.size()) +
                        " views, not " + std::to_string(count));
    for (uint32_t v : in.views)
      CHECK_OR_RETURN(v < fn.views.size(), "binds a missing view");
    return Status::ok();
  }

  ScalarType reg(uint32_t r) const { return fn.registers[r]; }

  Status checkInstruction(const Instruction &in) {
    switch (in.opcode) {
    case Opcode::Dispatch: {
      CHECK_OR_RETURN(in.kernel < module.kernels.size(), "runs a missing kernel");
      const Kernel &kernel = module.kernels[in.kernel];
      UMC_RETURN_IF_ERROR(checkViews(in, kernel.bindings.size()));
      for (size_t b = 0; b < kernel.bindings.size(); ++b) {
        const View &view = fn.views[in.views[b]];
        CHECK_OR_RETURN(view.type == kernel.bindings[b],
                        "binds " + view.type.describe() + " as buffer " +
                            std::to_string(b) + " of kernel " + kernel.name +
                            ", which reads " + kernel.bindings[b].describe());
        CHECK_OR_RETURN(b < kernel.numInputs || isWritable(view, fn),
                        "lets kernel " + kernel.name +
                            " write an input or a parameter");
      }
      return Status::ok();
    }
    case Opcode::Copy:
      UMC_RETURN_IF_ERROR(checkViews(in, 2));
      CHECK_OR_RETURN(fn.views[in.views[0]].type.bytes ==
                          fn.views[in.views[1]].type.bytes,
                      "copies between views of different sizes");
      CHECK_OR_RETURN(isWritable(fn.views[in.views[1]], fn),
                      "writes an input or a parameter");
      return Status::ok();
    case Opcode::Fill:
      UMC_RETURN_IF_ERROR(checkViews(in, 1));
      UMC_RETURN_IF_ERROR(checkRegisters(in, 1, false));
      CHECK_OR_RETURN(isWritable(fn.views[in.views[0]], fn),
                      "writes an input or a parameter");
      CHECK_OR_RETURN(reg(in.operands[0]) ==
                          registerTypeOf(fn.views[in.views[0]].type.dtype),
                      "fills a view with a value of another type");
      return Status::ok();
    case Opcode::Constant:
      return checkRegisters(in, 0, true);
    case Opcode::Load:
    case Opcode::Store: {
      bool load = in.opcode == Opcode::Load;
      UMC_RETURN_IF_ERROR(checkViews(in, 1));
      const View &view = fn.views[in.views[0]];
      size_t rank = view.type.shape.size();
      UMC_RETURN_IF_ERROR(checkRegisters(in, rank + (load ? 0 : 1), load));
      for (size_t d = load ? 0 : 1; d < in.operands.size(); ++d)
        CHECK_OR_RETURN(isInteger(reg(in.operands[d])),
                        "indexes with a float register");
      ScalarType value = load ? reg(in.dst) : reg(in.operands[0]);
      CHECK_OR_RETURN(value == registerTypeOf(view.type.dtype),
                      "moves an element between a view and a register of "
                      "another type");
      CHECK_OR_RETURN(load || isWritable(view, fn),
                      "writes an input or a parameter");
      return Status::ok();
    }
    case Opcode::Unary:
      CHECK_OR_RETURN(isUnary(in.op), "has no unary operation");
      UMC_RETURN_IF_ERROR(checkRegisters(in, 1, true));
      CHECK_OR_RETURN(in.op != ScalarOp::Bitcast ||
                          widthOf(reg(in.dst)) == widthOf(reg(in.operands[0])),
                      "bitcasts between registers of different widths");
      CHECK_OR_RETURN(in.op != ScalarOp::NegF ||
                          (isFloat(reg(in.dst)) && isFloat(reg(in.operands[0]))),
                      "negates an integer as a float");
      return Status::ok();
    case Opcode::Binary: {
      CHECK_OR_RETURN(isBinary(in.op), "has no binary operation");
      UMC_RETURN_IF_ERROR(checkRegisters(in, 2, true));
      ScalarType a = reg(in.operands[0]), b = reg(in.operands[1]);
      CHECK_OR_RETURN(a == b, "combines registers of different types");
      CHECK_OR_RETURN(isFloat(a) == isFloatOp(in.op),
                      "applies an operation to registers of the wrong kind");
      CHECK_OR_RETURN(isComparison(in.op) ? reg(in.dst) == ScalarType::i1
                                          : reg(in.dst) == a,
                      "writes its result to a register of another type");
      return Status::ok();
    }
    case Opcode::Select:
      UMC_RETURN_IF_ERROR(checkRegisters(in, 3, true));
      CHECK_OR_RETURN(reg(in.operands[0]) == ScalarType::i1 &&
                          reg(in.operands[1]) == reg(in.dst) &&
                          reg(in.operands[2]) == reg(in.dst),
                      "selects between registers of different types");
      return Status::ok();
    case Opcode::Branch:
      CHECK_OR_RETURN(in.target < fn.code.size(), "jumps out of the code");
      return Status::ok();
    case Opcode::CondBranch:
      UMC_RETURN_IF_ERROR(checkRegisters(in, 1, false));
      CHECK_OR_RETURN(reg(in.operands[0]) == ScalarType::i1,
                      "branches on a register that is not i1");
      CHECK_OR_RETURN(in.target < fn.code.size() &&
                          in.targetFalse < fn.code.size(),
                      "jumps out of the code");
      return Status::ok();
    case Opcode::Return:
      return Status::ok();
    }
    return Status::error("has an unknown opcode");
  }

  const Module &module;
  Function &fn;
  std::string where;
};

Status checkExecutable(const Module &module, const Executable &exe) {
  std::string where = "executable for '" + exe.target + "'";
  std::set<uint32_t> seen;
  for (const EntryPoint &entry : exe.entryPoints) {
    CHECK_OR_RETURN(entry.kernel < module.kernels.size(),
                    where + " has code for a missing kernel");
    CHECK_OR_RETURN(seen.insert(entry.kernel).second,
                    where + " has two entry points for kernel " +
                        module.kernels[entry.kernel].name);
    CHECK_OR_RETURN(!entry.symbol.empty(), where + " has an unnamed entry point");
    // Kernels check the range they are given against the grid they were
    // compiled for (KernelAbi.h); this bound keeps grids countable.
    CHECK_OR_RETURN(entry.workgroups >= 1 && entry.workgroups <= (int64_t(1) << 31),
                    where + ": kernel " + module.kernels[entry.kernel].name +
                        " has a grid of " + std::to_string(entry.workgroups) +
                        " workgroups");
  }
  return Status::ok();
}

} // namespace

Status checkModule(Module &module) {
  for (ParamSpec &param : module.params) {
    UMC_RETURN_IF_ERROR(checkType(param.type, "parameter '" + param.name + "'"));
    CHECK_OR_RETURN(static_cast<unsigned>(param.init) <=
                        static_cast<unsigned>(InitKind::Normal),
                    "parameter '" + param.name + "' has an unknown initializer");
  }
  for (StateSpec &state : module.states)
    UMC_RETURN_IF_ERROR(checkType(state.type, "state '" + state.name + "'"));
  for (Kernel &kernel : module.kernels) {
    UMC_RETURN_IF_ERROR(
        checkTypes(kernel.bindings, "kernel " + kernel.name + ": binding"));
    CHECK_OR_RETURN(kernel.numInputs <= kernel.bindings.size(),
                    "kernel " + kernel.name + " has more inputs than bindings");
    for (const IndexCheck &check : kernel.indexChecks) {
      // The interpreter reads the binding as integers before the dispatch.
      CHECK_OR_RETURN(check.binding < kernel.numInputs &&
                          (kernel.bindings[check.binding].dtype == DType::i32 ||
                           kernel.bindings[check.binding].dtype == DType::i64),
                      "kernel " + kernel.name + " checks the indices of " +
                          "binding " + std::to_string(check.binding) +
                          ", which is not an i32 or i64 input");
      CHECK_OR_RETURN(check.bound >= 1,
                      "kernel " + kernel.name + " checks indices against " +
                          "the bound " + std::to_string(check.bound));
    }
    kernel.bytesRead = kernel.bytesWritten = 0;
    for (size_t b = 0; b < kernel.bindings.size(); ++b)
      (b < kernel.numInputs ? kernel.bytesRead : kernel.bytesWritten) +=
          kernel.bindings[b].bytes;
  }
  int derives = 0;
  for (Function &fn : module.functions) {
    UMC_RETURN_IF_ERROR(FunctionChecker(module, fn).run());
    // The runtime calls it itself, with nothing to pass or take.
    if (fn.derivesFromParams()) {
      CHECK_OR_RETURN(++derives == 1,
                      "more than one function derives state from the "
                      "parameters");
      CHECK_OR_RETURN(fn.inputs.empty() && fn.outputs.empty(),
                      "function '" + fn.name +
                          "' derives state from the "
                          "parameters, but has inputs or outputs");
    }
  }
  for (const Executable &exe : module.executables)
    UMC_RETURN_IF_ERROR(checkExecutable(module, exe));
  return Status::ok();
}

} // namespace umc::rt
