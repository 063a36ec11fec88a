//===- BuildHostProgram.cpp - entry points as host programs on buffers ----===//
//
// After umc-outline-kernels an entry point calls kernels on tensors, with
// scf control flow, scalar arith and ml_program state around the calls. This
// pass gives every tensor a buffer and turns the entry point into a host
// function on memrefs: calls become umc_host.dispatch, state becomes
// memref.global, loop-carried tensors get a buffer each. The kernels move
// into `umc_host.executable @kernels` for a target back end.
//
// Buffers are chosen so that nothing is copied that need not be: a kernel
// whose result is returned writes the caller's output directly, a kernel
// whose result is stored to state writes the state directly when no
// earlier value of that state is still needed, and a reshape only
// reinterprets bytes. Everything else that moves is an explicit memref.copy.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Codegen/Common/ProgramOrder.h"
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace umc {
#define GEN_PASS_DEF_UMCBUILDHOSTPROGRAM
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

constexpr llvm::StringLiteral kExecutableName = "kernels";

MemRefType bufferTypeOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

/// How a parameter starts without a checkpoint, as the first op that reads
/// it and knows says (ParamInitOpInterface); a weight otherwise.
StringRef initFor(BlockArgument kernelArg) {
  for (OpOperand &use : kernelArg.getUses())
    if (auto op = dyn_cast<ParamInitOpInterface>(use.getOwner()))
      if (std::optional<ParamInit> init =
              op.getParamInit(use.getOperandNumber())) {
        switch (*init) {
        case ParamInit::Zeros:
          return "zeros";
        case ParamInit::Ones:
          return "ones";
        case ParamInit::Normal:
          return "normal";
        }
      }
  return "normal";
}

/// Converts one entry point. Values of the old function map to values of the
/// new one: tensors to buffers, scalars to scalars.
class EntryConverter {
public:
  EntryConverter(func::FuncOp entry, SymbolTable &kernels)
      : entry(entry), kernels(kernels), order(entry), builder(entry) {}

  LogicalResult run() {
    claimOutputs();
    analyzeState();
    if (failed(createFunction()))
      return failure();
    if (failed(convertBlock(entry.getBody().front())))
      return failure();
    entry.erase();
    return success();
  }

private:
  //===--------------------------------------------------------------------===//
  // Analyses on the old function
  //===--------------------------------------------------------------------===//

  /// Each returned value that is (a reshape of) a kernel result at the top
  /// level of the entry block is written by its kernel into the output.
  void claimOutputs() {
    auto ret = cast<func::ReturnOp>(entry.getBody().front().getTerminator());
    for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
      Value v = value;
      while (auto reshape = v.getDefiningOp<ReshapeOp>())
        v = reshape.getInput();
      auto call = v.getDefiningOp<func::CallOp>();
      if (!call || call->getBlock() != &entry.getBody().front() ||
          outputOf.count(v))
        continue;
      outputOf[v] = i;
      claimedReturn.insert(&ret->getOpOperand(i));
    }
  }

  /// Decides, for each state, which loads must copy (a store to the state
  /// happens while they are still needed) and which kernel results are
  /// written straight into the state.
  void analyzeState() {
    DenseMap<StringRef, SmallVector<ml_program::GlobalLoadOp>> loads;
    DenseMap<StringRef, SmallVector<ml_program::GlobalStoreOp>> stores;
    entry.walk([&](ml_program::GlobalLoadOp load) {
      loads[load.getGlobal().getLeafReference()].push_back(load);
    });
    entry.walk([&](ml_program::GlobalStoreOp store) {
      stores[store.getGlobal().getLeafReference()].push_back(store);
    });
    for (auto &[name, storeOps] : stores) {
      SmallVector<ml_program::GlobalLoadOp> &loadOps = loads[name];
      // When the state changes: at the store, or at the kernel that
      // writes it directly.
      SmallVector<int64_t> writes;
      for (ml_program::GlobalStoreOp store : storeOps) {
        Operation *writer =
            directWriter(store, loadOps, /*onlyStore=*/storeOps.size() == 1);
        if (writer)
          directState[store.getValue()] = name;
        writes.push_back(order.position(writer ? writer : store));
      }
      for (ml_program::GlobalLoadOp load : loadOps) {
        int64_t from = order.position(load);
        int64_t to = order.lastUse(load.getResult());
        // A write at the load's last use is that use: a store of the value
        // itself, or a kernel that overwrites it in place.
        if (llvm::any_of(writes, [&](int64_t w) { return w > from && w < to; }))
          copiedLoads.insert(load);
      }
    }
  }

  /// The kernel call that may write `store`'s value straight into the state:
  /// its result is used by the store alone, in the same block, or, when this
  /// is the state's only store, also by ops before the store (they read the
  /// state, which holds the value from the call on: a decode step's attention
  /// reads the KV cache it has just appended to); and no load of the state
  /// is live from the call to the store (the kernel would overwrite what it,
  /// or someone after it, still reads), but for one the call reads for the
  /// last time as an operand it may overwrite (in place).
  Operation *directWriter(ml_program::GlobalStoreOp store,
                          ArrayRef<ml_program::GlobalLoadOp> loadOps,
                          bool onlyStore) {
    auto call = store.getValue().getDefiningOp<func::CallOp>();
    if (!call || call->getBlock() != store->getBlock() ||
        outputOf.count(store.getValue()))
      return nullptr;
    int64_t from = order.position(call), to = order.position(store);
    bool readBeforeStore =
        onlyStore && order.lastUse(store.getValue()) == to;
    if (!store.getValue().hasOneUse() && !readBeforeStore)
      return nullptr;
    std::optional<unsigned> inPlace;
    for (ml_program::GlobalLoadOp load : loadOps) {
      int64_t loaded = order.position(load);
      int64_t last = order.lastUse(load.getResult());
      if (loaded >= to || last < from)
        continue;
      std::optional<unsigned> operand = overwritableOperand(call, load);
      if (!operand || last != from || inPlace)
        return nullptr;
      inPlace = operand;
    }
    if (inPlace)
      inPlaceOperand[call] = *inPlace;
    return call;
  }

  /// The operand of `call` that is `load`'s value and that the kernel may
  /// overwrite with its result: the kernel reads the operand at the
  /// result's shape, reads no other view of the state, and computes only
  /// elementwise ops, or is one op that may compute its result over its
  /// first operand (umc::OpTrait::InPlaceOverInput) and that operand is
  /// this one.
  std::optional<unsigned> overwritableOperand(func::CallOp call,
                                              ml_program::GlobalLoadOp load) {
    auto kernel = kernels.lookup<func::FuncOp>(call.getCallee());
    if (!kernel || kernel.getNumResults() != 1)
      return std::nullopt;
    std::optional<unsigned> found;
    for (OpOperand &operand : call->getOpOperands()) {
      if (operand.get() != load.getResult())
        continue;
      if (found ||
          operand.get().getType() != kernel.getResultTypes().front())
        return std::nullopt;
      found = operand.getOperandNumber();
    }
    if (!found)
      return std::nullopt;
    Block &body = kernel.getBody().front();
    bool elementwise =
        llvm::all_of(body.without_terminator(), [](Operation &op) {
          return isa<arith::ConstantOp>(op) ||
                 op.hasTrait<umc::OpTrait::Elementwise>();
        });
    if (elementwise)
      return found;
    auto ops = body.without_terminator();
    if (ops.empty())
      return std::nullopt;
    Operation &only = *ops.begin();
    bool overInput = std::next(ops.begin()) == ops.end() &&
                     only.hasTrait<umc::OpTrait::InPlaceOverInput>() &&
                     only.getOperand(0) == body.getArgument(*found) &&
                     body.getArgument(*found).hasOneUse() &&
                     body.getTerminator()->getOperands() ==
                         ValueRange(only.getResults());
    return overInput ? found : std::nullopt;
  }

  //===--------------------------------------------------------------------===//
  // Building the host function
  //===--------------------------------------------------------------------===//

  LogicalResult createFunction() {
    MLIRContext *ctx = entry.getContext();
    SmallVector<Type> argTypes;
    for (BlockArgument arg : entry.getArguments()) {
      if (!isa<RankedTensorType>(arg.getType()))
        return entry.emitError("argument ")
               << arg.getArgNumber() << " has type " << arg.getType()
               << "; entry points take ranked tensors only";
      argTypes.push_back(bufferTypeOf(arg.getType()));
    }
    for (Type result : entry.getResultTypes()) {
      if (!isa<RankedTensorType>(result))
        return entry.emitError("result of type ")
               << result << "; entry points return ranked tensors only";
      argTypes.push_back(bufferTypeOf(result));
    }
    builder.setInsertionPoint(entry);
    host = func::FuncOp::create(builder, entry.getLoc(), entry.getName(),
                                FunctionType::get(ctx, argTypes, {}));
    host.setVisibility(entry.getVisibility());
    // What the entry point is for travels to the artifact.
    for (StringRef name : {attrs::kRole, attrs::kContext, attrs::kSampler})
      if (Attribute value = entry->getAttr(name))
        host->setAttr(name, value);
    unsigned numInputs = entry.getNumArguments();
    for (unsigned i = 0; i < numInputs; ++i)
      host.setArgAttrs(i, entry.getArgAttrDict(i) ? entry.getArgAttrDict(i)
                                                  : DictionaryAttr::get(ctx));
    for (unsigned i = 0; i < entry.getNumResults(); ++i)
      host.setArgAttr(numInputs + i, host::HostDialect::kResultAttrName,
                      builder.getI64IntegerAttr(i));
    Block *body = host.addEntryBlock();
    for (unsigned i = 0; i < numInputs; ++i)
      mapping.map(entry.getArgument(i), body->getArgument(i));
    for (unsigned i = 0; i < entry.getNumResults(); ++i)
      outputs.push_back(body->getArgument(numInputs + i));
    builder.setInsertionPointToStart(body);
    return success();
  }

  Value alloc(Location loc, Type tensorType) {
    return memref::AllocOp::create(builder, loc, bufferTypeOf(tensorType));
  }

  void copy(Location loc, Value from, Value to) {
    if (from != to)
      memref::CopyOp::create(builder, loc, from, to);
  }

  /// Copies each of `from` into the matching `to` as a parallel assignment:
  /// when a source is also a destination (two carried buffers swap), every
  /// source goes through a temporary first.
  void parallelCopy(Location loc, ArrayRef<Value> from, ArrayRef<Value> to) {
    llvm::SmallPtrSet<Value, 4> targets(to.begin(), to.end());
    bool clash = false;
    for (auto [src, dst] : llvm::zip(from, to))
      clash |= src != dst && targets.contains(src);
    if (!clash) {
      for (auto [src, dst] : llvm::zip(from, to))
        copy(loc, src, dst);
      return;
    }
    SmallVector<Value> temps;
    for (Value src : from) {
      Value temp = memref::AllocOp::create(
          builder, loc, cast<MemRefType>(src.getType()));
      copy(loc, src, temp);
      temps.push_back(temp);
    }
    for (auto [temp, dst] : llvm::zip(temps, to))
      copy(loc, temp, dst);
  }

  Value stateBuffer(Location loc, SymbolRefAttr global, Type tensorType) {
    return memref::GetGlobalOp::create(builder, loc, bufferTypeOf(tensorType),
                                       global.getLeafReference());
  }

  LogicalResult convertBlock(Block &block) {
    for (Operation &op : block)
      if (failed(convertOp(op)))
        return failure();
    return success();
  }

  LogicalResult convertOp(Operation &op) {
    Location loc = op.getLoc();
    if (auto call = dyn_cast<func::CallOp>(op))
      return convertCall(call);
    if (auto reshape = dyn_cast<ReshapeOp>(op)) {
      mapping.map(reshape.getResult(),
                  host::ReinterpretOp::create(
                      builder, loc, bufferTypeOf(reshape.getType()),
                      mapping.lookup(reshape.getInput())));
      return success();
    }
    if (auto extract = dyn_cast<tensor::ExtractOp>(op)) {
      SmallVector<Value> indices;
      for (Value i : extract.getIndices())
        indices.push_back(mapping.lookup(i));
      mapping.map(extract.getResult(),
                  memref::LoadOp::create(builder, loc,
                                         mapping.lookup(extract.getTensor()),
                                         indices));
      return success();
    }
    if (auto pack = dyn_cast<tensor::FromElementsOp>(op))
      return convertFromElements(pack);
    if (auto splat = dyn_cast<tensor::SplatOp>(op)) {
      Value buffer = alloc(loc, splat.getType());
      host::FillOp::create(builder, loc, buffer,
                           mapping.lookup(splat.getInput()));
      mapping.map(splat.getResult(), buffer);
      return success();
    }
    if (auto load = dyn_cast<ml_program::GlobalLoadOp>(op)) {
      Value state = stateBuffer(loc, load.getGlobal(), load.getType());
      if (copiedLoads.contains(load)) {
        Value snapshot = alloc(loc, load.getType());
        copy(loc, state, snapshot);
        state = snapshot;
      }
      mapping.map(load.getResult(), state);
      return success();
    }
    if (auto store = dyn_cast<ml_program::GlobalStoreOp>(op)) {
      if (!directState.count(store.getValue()))
        copy(loc, mapping.lookup(store.getValue()),
             stateBuffer(loc, store.getGlobal(), store.getValue().getType()));
      return success();
    }
    if (auto forOp = dyn_cast<scf::ForOp>(op))
      return convertFor(forOp);
    if (auto whileOp = dyn_cast<scf::WhileOp>(op))
      return convertWhile(whileOp);
    if (auto ifOp = dyn_cast<scf::IfOp>(op))
      return convertIf(ifOp);
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (OpOperand &operand : ret->getOpOperands())
        if (!claimedReturn.contains(&operand))
          copy(loc, mapping.lookup(operand.get()),
               outputs[operand.getOperandNumber()]);
      func::ReturnOp::create(builder, loc);
      return success();
    }
    if (op.getDialect() && isa<arith::ArithDialect>(op.getDialect()) &&
        llvm::none_of(op.getResultTypes(), llvm::IsaPred<TensorType>)) {
      builder.clone(op, mapping);
      return success();
    }
    return op.emitError("'") << op.getName()
                             << "' cannot run in a host program";
  }

  LogicalResult convertCall(func::CallOp call) {
    auto kernel = kernels.lookup<func::FuncOp>(call.getCallee());
    if (!kernel || !kernel->hasAttr(attrs::kKernel))
      return call.emitError("call to '")
             << call.getCallee() << "', which is not a umc kernel";
    Location loc = call.getLoc();
    SmallVector<Value> ins, outs;
    for (Value operand : call.getOperands())
      ins.push_back(mapping.lookup(operand));
    for (Value result : call.getResults()) {
      Value buffer;
      if (auto it = outputOf.find(result); it != outputOf.end()) {
        buffer = outputs[it->second];
        MemRefType type = bufferTypeOf(result.getType());
        if (buffer.getType() != type)
          buffer = host::ReinterpretOp::create(builder, loc, type, buffer);
      } else if (auto it = directState.find(result); it != directState.end()) {
        buffer = stateBuffer(loc, FlatSymbolRefAttr::get(call.getContext(),
                                                         it->second),
                             result.getType());
      } else {
        buffer = alloc(loc, result.getType());
      }
      mapping.map(result, buffer);
      outs.push_back(buffer);
    }
    if (auto it = inPlaceOperand.find(call); it != inPlaceOperand.end())
      kernel->setAttr(attrs::kInPlaceOperand,
                      IntegerAttr::get(IntegerType::get(call.getContext(), 64),
                                       it->second));
    auto ref = SymbolRefAttr::get(
        call.getContext(), kExecutableName,
        {FlatSymbolRefAttr::get(call.getContext(), call.getCallee())});
    auto dispatch = host::DispatchOp::create(builder, loc, ref, ins, outs);
    // The runtime checks indices where it dispatches, whatever back end
    // compiles the kernel: the check travels with the host program.
    if (Attribute checks = kernel->getAttr(attrs::kIndexChecks))
      dispatch->setAttr(attrs::kIndexChecks, checks);
    return success();
  }

  LogicalResult convertFromElements(tensor::FromElementsOp pack) {
    Location loc = pack.getLoc();
    auto type = cast<RankedTensorType>(pack.getType());
    Value buffer = alloc(loc, type);
    SmallVector<int64_t> strides = computeStrides(type.getShape());
    for (auto [flat, element] : llvm::enumerate(pack.getElements())) {
      SmallVector<Value> indices;
      for (int64_t index : delinearize(flat, strides))
        indices.push_back(arith::ConstantIndexOp::create(builder, loc, index));
      memref::StoreOp::create(builder, loc, mapping.lookup(element), buffer,
                              indices);
    }
    mapping.map(pack.getResult(), buffer);
    return success();
  }

  /// The new values of `values`: buffers for tensors, scalars as they are.
  /// Tensors go to `buffers` (copied there); scalars are returned.
  SmallVector<Value> splitCarried(Location loc, ValueRange values,
                                  ArrayRef<Value> buffers) {
    SmallVector<Value> scalars, from, to;
    for (auto [value, buffer] : llvm::zip(values, buffers)) {
      if (buffer) {
        from.push_back(mapping.lookup(value));
        to.push_back(buffer);
      } else {
        scalars.push_back(mapping.lookup(value));
      }
    }
    parallelCopy(loc, from, to);
    return scalars;
  }

  /// A buffer for each tensor among `types` (null for scalars).
  SmallVector<Value> carriedBuffers(Location loc, TypeRange types) {
    SmallVector<Value> buffers;
    for (Type type : types)
      buffers.push_back(isa<RankedTensorType>(type) ? alloc(loc, type)
                                                    : Value());
    return buffers;
  }

  /// Maps `olds` to their buffer (tensors) or to the next of `news`.
  void mapCarried(ValueRange olds, ArrayRef<Value> buffers, ValueRange news) {
    unsigned next = 0;
    for (auto [old, buffer] : llvm::zip(olds, buffers))
      mapping.map(old, buffer ? buffer : news[next++]);
  }

  /// Converts the ops of `block` but its terminator, which the caller
  /// handles.
  LogicalResult convertBody(Block &block) {
    for (Operation &op : block.without_terminator())
      if (failed(convertOp(op)))
        return failure();
    return success();
  }

  LogicalResult convertFor(scf::ForOp forOp) {
    Location loc = forOp.getLoc();
    SmallVector<Value> buffers = carriedBuffers(loc, forOp.getResultTypes());
    SmallVector<Value> inits = splitCarried(loc, forOp.getInitArgs(), buffers);
    auto newFor = scf::ForOp::create(
        builder, loc, mapping.lookup(forOp.getLowerBound()),
        mapping.lookup(forOp.getUpperBound()), mapping.lookup(forOp.getStep()),
        inits);
    OpBuilder::InsertionGuard guard(builder);
    Block *body = newFor.getBody();
    if (!body->empty())
      body->getTerminator()->erase();
    mapping.map(forOp.getInductionVar(), newFor.getInductionVar());
    mapCarried(forOp.getRegionIterArgs(), buffers, newFor.getRegionIterArgs());
    builder.setInsertionPointToEnd(body);
    if (failed(convertBody(*forOp.getBody())))
      return failure();
    auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
    SmallVector<Value> scalars =
        splitCarried(yield.getLoc(), yield.getOperands(), buffers);
    scf::YieldOp::create(builder, yield.getLoc(), scalars);
    builder.setInsertionPointAfter(newFor);
    mapCarried(forOp.getResults(), buffers, newFor.getResults());
    return success();
  }

  LogicalResult convertWhile(scf::WhileOp whileOp) {
    Location loc = whileOp.getLoc();
    SmallVector<Value> before =
        carriedBuffers(loc, whileOp.getBefore().getArgumentTypes());
    SmallVector<Value> after = carriedBuffers(loc, whileOp.getResultTypes());
    SmallVector<Value> inits = splitCarried(loc, whileOp.getInits(), before);
    auto scalarTypes = [](ValueRange values) {
      SmallVector<Type> types;
      for (Value v : values)
        if (!isa<MemRefType>(v.getType()))
          types.push_back(v.getType());
      return types;
    };
    SmallVector<Type> resultTypes;
    for (Type type : whileOp.getResultTypes())
      if (!isa<RankedTensorType>(type))
        resultTypes.push_back(type);
    auto newWhile =
        scf::WhileOp::create(builder, loc, resultTypes, inits);
    OpBuilder::InsertionGuard guard(builder);

    // Before: the condition, forwarding values to `after` or to the results.
    SmallVector<Location> beforeLocs(scalarTypes(inits).size(), loc);
    Block *beforeBlock = builder.createBlock(
        &newWhile.getBefore(), {}, scalarTypes(inits), beforeLocs);
    mapCarried(whileOp.getBeforeArguments(), before,
               beforeBlock->getArguments());
    if (failed(convertBody(whileOp.getBefore().front())))
      return failure();
    scf::ConditionOp condition = whileOp.getConditionOp();
    SmallVector<Value> forwarded =
        splitCarried(condition.getLoc(), condition.getArgs(), after);
    scf::ConditionOp::create(builder, condition.getLoc(),
                             mapping.lookup(condition.getCondition()),
                             forwarded);

    // After: the body, yielding the next values of `before`.
    SmallVector<Location> afterLocs(resultTypes.size(), loc);
    Block *afterBlock = builder.createBlock(&newWhile.getAfter(), {},
                                            resultTypes, afterLocs);
    mapCarried(whileOp.getAfterArguments(), after, afterBlock->getArguments());
    if (failed(convertBody(whileOp.getAfter().front())))
      return failure();
    scf::YieldOp yield = whileOp.getYieldOp();
    SmallVector<Value> next =
        splitCarried(yield.getLoc(), yield.getOperands(), before);
    scf::YieldOp::create(builder, yield.getLoc(), next);

    builder.setInsertionPointAfter(newWhile);
    mapCarried(whileOp.getResults(), after, newWhile.getResults());
    return success();
  }

  LogicalResult convertIf(scf::IfOp ifOp) {
    Location loc = ifOp.getLoc();
    SmallVector<Value> buffers = carriedBuffers(loc, ifOp.getResultTypes());
    SmallVector<Type> resultTypes;
    for (Type type : ifOp.getResultTypes())
      if (!isa<RankedTensorType>(type))
        resultTypes.push_back(type);
    bool hasElse = !ifOp.getElseRegion().empty();
    auto newIf = scf::IfOp::create(builder, loc, resultTypes,
                                   mapping.lookup(ifOp.getCondition()),
                                   /*addThenBlock=*/false,
                                   /*addElseBlock=*/false);
    OpBuilder::InsertionGuard guard(builder);
    auto convertBranch = [&](Region &from, Region &to) -> LogicalResult {
      builder.createBlock(&to);
      if (failed(convertBody(from.front())))
        return failure();
      auto yield = cast<scf::YieldOp>(from.front().getTerminator());
      SmallVector<Value> scalars =
          splitCarried(yield.getLoc(), yield.getOperands(), buffers);
      scf::YieldOp::create(builder, yield.getLoc(), scalars);
      return success();
    };
    if (failed(convertBranch(ifOp.getThenRegion(), newIf.getThenRegion())))
      return failure();
    if (hasElse &&
        failed(convertBranch(ifOp.getElseRegion(), newIf.getElseRegion())))
      return failure();
    builder.setInsertionPointAfter(newIf);
    mapCarried(ifOp.getResults(), buffers, newIf.getResults());
    return success();
  }

  func::FuncOp entry;
  SymbolTable &kernels;
  ProgramOrder order;
  OpBuilder builder;
  func::FuncOp host;
  IRMapping mapping;
  SmallVector<Value> outputs;
  DenseMap<Value, unsigned> outputOf;
  llvm::SmallPtrSet<OpOperand *, 4> claimedReturn;
  DenseMap<Value, StringRef> directState;
  DenseMap<Operation *, unsigned> inPlaceOperand;
  llvm::SmallPtrSet<Operation *, 4> copiedLoads;
};

/// Records on each parameter argument how it starts without a checkpoint
/// (`umc_host.init`), from the kernels that read it.
void recordParamInits(func::FuncOp entry, SymbolTable &kernels) {
  entry.walk([&](func::CallOp call) {
    auto kernel = kernels.lookup<func::FuncOp>(call.getCallee());
    if (!kernel)
      return;
    for (auto [operand, kernelArg] :
         llvm::zip(call.getOperands(), kernel.getArguments())) {
      auto arg = dyn_cast<BlockArgument>(operand);
      if (!arg || arg.getOwner() != &entry.getBody().front() ||
          !entry.getArgAttr(arg.getArgNumber(), UmcDialect::kParamAttrName))
        continue;
      entry.setArgAttr(arg.getArgNumber(), host::HostDialect::kParamInitAttrName,
                       StringAttr::get(entry.getContext(), initFor(kernelArg)));
    }
  });
}

struct UmcBuildHostProgramPass
    : umc::impl::UmcBuildHostProgramBase<UmcBuildHostProgramPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(module.getContext());

    // The kernels move into one executable for the back ends.
    builder.setInsertionPointToEnd(module.getBody());
    auto executable = host::ExecutableOp::create(
        builder, module.getLoc(), builder.getStringAttr(kExecutableName),
        /*kernel_aliases=*/nullptr);
    builder.createBlock(&executable.getBody());
    auto inner = ModuleOp::create(builder, module.getLoc());
    SmallVector<func::FuncOp> entries;
    for (Operation &op : llvm::make_early_inc_range(*module.getBody())) {
      auto func = dyn_cast<func::FuncOp>(op);
      if (func && func->hasAttr(attrs::kKernel))
        func->moveBefore(inner.getBody(), inner.getBody()->end());
      else if (func && func.isPublic() && !func.isDeclaration())
        entries.push_back(func);
    }
    if (entries.empty()) {
      module.emitError("no entry point: the module has no public function "
                       "with a body");
      return signalPassFailure();
    }
    for (auto global :
         llvm::make_early_inc_range(module.getOps<ml_program::GlobalOp>()))
      if (failed(convertGlobal(global)))
        return signalPassFailure();

    SymbolTable kernels(inner);
    for (func::FuncOp entry : entries) {
      recordParamInits(entry, kernels);
      if (failed(EntryConverter(entry, kernels).run()))
        return signalPassFailure();
    }
    // The index checks now travel with the dispatches; a back end lowers
    // the kernel's arguments to what the checks could no longer name.
    for (auto kernel : inner.getOps<func::FuncOp>())
      kernel->removeAttr(attrs::kIndexChecks);
  }

  /// State is a zero-filled buffer of the module: the runtime allocates it
  /// when it loads the program and keeps it across calls.
  LogicalResult convertGlobal(ml_program::GlobalOp global) {
    auto type = dyn_cast<RankedTensorType>(global.getType());
    if (!type || !type.hasStaticShape())
      return global.emitError("state must be a tensor of static shape, got ")
             << global.getType();
    if (!global.getIsMutable())
      return global.emitError("state must be mutable; pass constants to the "
                              "function or compute them in a umc op");
    auto value = dyn_cast_or_null<SplatElementsAttr>(global.getValueAttr());
    bool zero = value && (value.getElementType().isInteger()
                              ? value.getSplatValue<APInt>().isZero()
                              : value.getSplatValue<APFloat>().isZero());
    if (!zero)
      return global.emitError("state starts at zero: give it the value "
                              "dense<0> (other initial values are not "
                              "supported yet)");
    OpBuilder builder(global);
    MemRefType memref = bufferTypeOf(type);
    auto buffer = memref::GlobalOp::create(
        builder, global.getLoc(), global.getSymName(),
        builder.getStringAttr("private"), memref,
        SplatElementsAttr::get(type, value.getSplatValue<Attribute>()),
        /*constant=*/false, /*alignment=*/nullptr);
    // A parameter state stays one: the artifact binds it to the parameter.
    if (Attribute param = global->getAttr(UmcDialect::kParamAttrName))
      buffer->setAttr(UmcDialect::kParamAttrName, param);
    global.erase();
    return success();
  }
};

} // namespace
