//===- HostProgram.cpp - what the runtime does between kernels ------------===//
#include "umc/Codegen/HostProgram.h"

#include "umc/Codegen/MemoryPlan.h"
#include "umc/Codegen/Passes.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace umc {
namespace {

constexpr uint64_t kArenaAlignment = 64;

uint64_t byteSize(RankedTensorType type) {
  return static_cast<uint64_t>(type.getNumElements()) *
         ((type.getElementTypeBitWidth() + 7) / 8);
}

/// How a parameter should be filled without a checkpoint, judged by the op
/// that reads it: norm scales start at one, biases at zero, weights at a
/// small normal (GPT-2's 0.02).
ParamInit initFor(BlockArgument kernelArg) {
  for (OpOperand &use : kernelArg.getUses()) {
    Operation *user = use.getOwner();
    Value v = use.get();
    if (auto ln = dyn_cast<LayerNormOp>(user)) {
      if (v == ln.getScale())
        return ParamInit::Ones;
      if (v == ln.getBias())
        return ParamInit::Zeros;
    }
    if (auto rms = dyn_cast<RmsNormOp>(user); rms && v == rms.getScale())
      return ParamInit::Ones;
    if (auto gn = dyn_cast<GroupNormOp>(user)) {
      if (v == gn.getScale())
        return ParamInit::Ones;
      if (v == gn.getBias())
        return ParamInit::Zeros;
    }
    if (auto att = dyn_cast<AttentionOp>(user);
        att && (v == att.getQNormScale() || v == att.getKNormScale()))
      return ParamInit::Ones;
    if (auto linear = dyn_cast<LinearOp>(user); linear && v == linear.getBias())
      return ParamInit::Zeros;
    if (auto conv = dyn_cast<Conv2dOp>(user); conv && v == conv.getBias())
      return ParamInit::Zeros;
    if (isa<AddOp, SubOp>(user) && cast<RankedTensorType>(v.getType()).getRank() == 1)
      return ParamInit::Zeros;
  }
  return ParamInit::Normal;
}

class FunctionBuilder {
public:
  FunctionBuilder(HostProgram &program,
                  llvm::StringMap<func::FuncOp> &kernels,
                  llvm::StringMap<unsigned> &paramIndex)
      : program(program), kernels(kernels), paramIndex(paramIndex) {}

  LogicalResult build(func::FuncOp entry) {
    HostFunction &fn = result;
    fn.name = entry.getName().str();
    for (BlockArgument arg : entry.getArguments())
      if (failed(addArgument(entry, arg)))
        return failure();

    for (Operation &op : entry.getBody().front()) {
      if (auto call = dyn_cast<func::CallOp>(op)) {
        if (failed(addCall(call)))
          return failure();
      } else if (auto reshape = dyn_cast<ReshapeOp>(op)) {
        base[reshape.getResult()] = base.lookup(reshape.getInput());
      } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        addReturn(ret);
      } else {
        return op.emitError("'") << op.getName()
                                 << "' cannot run in a host program";
      }
    }
    planArena();
    materializeViews(entry);
    return success();
  }

  HostFunction take() { return std::move(result); }

private:
  /// Where a value's bytes come from: a block argument or a kernel result.
  struct Base {
    int argument = -1;  // entry block argument number
    int buffer = -1;    // kernel result number (into `buffers`)
  };
  struct Buffer {
    RankedTensorType type;
    int64_t firstCommand, lastCommand;
    int output = -1;    // the function result it is, if any
    uint64_t offset = 0;
  };

  LogicalResult addArgument(func::FuncOp entry, BlockArgument arg) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type)
      return entry.emitError("argument ")
             << arg.getArgNumber() << " has type " << arg.getType()
             << "; entry points take ranked tensors only";
    base[arg] = Base{static_cast<int>(arg.getArgNumber()), -1};
    auto name =
        entry.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                           UmcDialect::kParamAttrName);
    if (!name) {
      argStorage.push_back(
          {StorageKind::Input, static_cast<unsigned>(result.inputs.size())});
      result.inputs.push_back(type);
      return success();
    }
    auto [it, inserted] =
        paramIndex.try_emplace(name.getValue(), program.params.size());
    if (inserted) {
      ParamInfo info;
      info.name = name.getValue().str();
      info.type = type;
      program.params.push_back(info);
    } else if (program.params[it->second].type != type) {
      return entry.emitError("parameter '")
             << name.getValue() << "' has type " << type << " here but "
             << program.params[it->second].type << " in another entry point";
    }
    argStorage.push_back({StorageKind::Param, it->second});
    result.params.push_back(it->second);
    return success();
  }

  LogicalResult addCall(func::CallOp call) {
    func::FuncOp kernel = kernels.lookup(call.getCallee());
    if (!kernel)
      return call.emitError("call to '")
             << call.getCallee() << "', which is not a umc kernel";
    int64_t command = calls.size();
    for (auto [operand, kernelArg] :
         llvm::zip(call.getOperands(), kernel.getArguments())) {
      Base b = base.lookup(operand);
      if (b.buffer >= 0)
        buffers[b.buffer].lastCommand = command;
      if (b.argument >= 0 && argStorage[b.argument].kind == StorageKind::Param) {
        ParamInfo &param = program.params[argStorage[b.argument].index];
        param.init = initFor(kernelArg);
        param.initStd = param.init == ParamInit::Normal ? 0.02f : 0.0f;
      }
    }
    for (Value res : call.getResults()) {
      base[res] = Base{-1, static_cast<int>(buffers.size())};
      buffers.push_back(
          {cast<RankedTensorType>(res.getType()), command, command});
    }
    calls.push_back(call);
    return success();
  }

  void addReturn(func::ReturnOp ret) {
    for (auto [i, operand] : llvm::enumerate(ret.getOperands())) {
      result.outputs.push_back(cast<RankedTensorType>(operand.getType()));
      Base b = base.lookup(operand);
      // A kernel result becomes the output itself; anything else (an input,
      // a parameter, a value returned twice) is copied into it.
      if (b.buffer >= 0 && buffers[b.buffer].output < 0)
        buffers[b.buffer].output = i;
      else
        copies.push_back({operand, static_cast<unsigned>(i)});
    }
  }

  void planArena() {
    SmallVector<BufferLifetime> lifetimes;
    SmallVector<int> planned;
    for (auto [i, buffer] : llvm::enumerate(buffers)) {
      if (buffer.output >= 0)
        continue;
      lifetimes.push_back(
          {byteSize(buffer.type), buffer.firstCommand, buffer.lastCommand});
      planned.push_back(i);
    }
    MemoryPlan plan = planMemory(lifetimes, kArenaAlignment);
    for (auto [i, offset] : llvm::zip(planned, plan.offsets))
      buffers[i].offset = offset;
    result.arenaBytes = plan.arenaBytes;
  }

  unsigned viewOf(Value value) {
    auto [it, inserted] = viewIndex.try_emplace(value, result.views.size());
    if (!inserted)
      return it->second;
    Base b = base.lookup(value);
    BufferView view;
    view.type = cast<RankedTensorType>(value.getType());
    if (b.argument >= 0) {
      view.storage = argStorage[b.argument].kind;
      view.index = argStorage[b.argument].index;
    } else if (buffers[b.buffer].output >= 0) {
      view.storage = StorageKind::Output;
      view.index = buffers[b.buffer].output;
    } else {
      view.storage = StorageKind::Arena;
      view.byteOffset = buffers[b.buffer].offset;
    }
    result.views.push_back(view);
    return it->second;
  }

  void materializeViews(func::FuncOp entry) {
    for (func::CallOp call : calls) {
      HostCommand command{CommandKind::Dispatch, 0, {}};
      command.kernel = kernels.lookup(call.getCallee())
                           ->getAttrOfType<IntegerAttr>(attrs::kKernel)
                           .getInt();
      for (Value v : call.getOperands())
        command.bindings.push_back(viewOf(v));
      for (Value v : call.getResults())
        command.bindings.push_back(viewOf(v));
      result.commands.push_back(command);
    }
    for (auto [value, output] : copies) {
      unsigned from = viewOf(value);
      BufferView to{StorageKind::Output, output, 0, result.outputs[output]};
      result.views.push_back(to);
      result.commands.push_back(
          {CommandKind::Copy, -1, {from, unsigned(result.views.size() - 1)}});
    }
  }

  struct ArgStorage {
    StorageKind kind;
    unsigned index;
  };

  HostProgram &program;
  llvm::StringMap<func::FuncOp> &kernels;
  llvm::StringMap<unsigned> &paramIndex;
  HostFunction result;
  SmallVector<ArgStorage> argStorage;
  DenseMap<Value, Base> base;
  SmallVector<Buffer> buffers;
  SmallVector<func::CallOp> calls;
  SmallVector<std::pair<Value, unsigned>> copies;
  DenseMap<Value, unsigned> viewIndex;
};

int64_t numElements(Type type) {
  return cast<RankedTensorType>(type).getNumElements();
}

/// Multiply-adds times two for the ops whose cost is arithmetic.
uint64_t flopCount(Operation *op) {
  if (auto linear = dyn_cast<LinearOp>(op))
    return 2 * numElements(linear.getType()) *
           cast<RankedTensorType>(linear.getWeight().getType()).getDimSize(1);
  if (auto matmul = dyn_cast<MatmulOp>(op)) {
    auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
    return 2 * numElements(matmul.getType()) *
           lhs.getDimSize(lhs.getRank() - 1);
  }
  if (auto conv = dyn_cast<Conv2dOp>(op)) {
    auto w = cast<RankedTensorType>(conv.getWeight().getType());
    return 2 * numElements(conv.getType()) * w.getDimSize(1) *
           w.getDimSize(2) * w.getDimSize(3);
  }
  if (auto attention = dyn_cast<AttentionOp>(op)) {
    // scores = q k^T over the head dim, then scores v over the keys.
    auto q = cast<RankedTensorType>(attention.getQuery().getType());
    auto k = cast<RankedTensorType>(attention.getKey().getType());
    auto v = cast<RankedTensorType>(attention.getValue().getType());
    int64_t scores = q.getDimSize(0) * q.getDimSize(1) * q.getDimSize(2) *
                     k.getDimSize(2);
    return 2 * scores * (q.getDimSize(3) + v.getDimSize(3));
  }
  return 0;
}

KernelInfo describeKernel(func::FuncOp kernel) {
  KernelInfo info;
  info.name = kernel.getName().str();
  if (auto ops = kernel->getAttrOfType<ArrayAttr>(attrs::kSourceOps))
    for (auto entry : ops.getAsRange<DictionaryAttr>())
      info.sourceOps.push_back(
          {entry.getAs<StringAttr>("name").getValue().str(),
           entry.getAs<StringAttr>("loc").getValue().str()});
  info.numBindings = kernel.getNumArguments() + kernel.getNumResults();
  for (Type t : kernel.getArgumentTypes())
    info.bytesRead += byteSize(cast<RankedTensorType>(t));
  for (Type t : kernel.getResultTypes())
    info.bytesWritten += byteSize(cast<RankedTensorType>(t));
  kernel.walk([&](Operation *op) { info.flops += flopCount(op); });
  return info;
}

} // namespace

FailureOr<HostProgram> extractHostProgram(ModuleOp module) {
  HostProgram program;
  llvm::StringMap<func::FuncOp> kernels;
  SmallVector<func::FuncOp> entries;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (auto index = func->getAttrOfType<IntegerAttr>(attrs::kKernel)) {
      kernels[func.getName()] = func;
      if (program.kernels.size() <= static_cast<size_t>(index.getInt()))
        program.kernels.resize(index.getInt() + 1);
      program.kernels[index.getInt()] = describeKernel(func);
    } else if (func.isPublic() && !func.isDeclaration()) {
      entries.push_back(func);
    }
  }
  if (entries.empty())
    return module.emitError("no entry point: the module has no public "
                            "function with a body");

  llvm::StringMap<unsigned> paramIndex;
  for (func::FuncOp entry : entries) {
    FunctionBuilder builder(program, kernels, paramIndex);
    if (failed(builder.build(entry)))
      return failure();
    program.functions.push_back(builder.take());
  }
  for (func::FuncOp entry : entries)
    entry.erase();
  return program;
}

} // namespace umc
