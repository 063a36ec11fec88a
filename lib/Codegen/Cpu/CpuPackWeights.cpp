//===- CpuPackWeights.cpp - linear weights packed once, at load -----------===//
//
// The GEMM ukernel packs a linear's weight into k-major slivers before its
// microkernel reads them; done in every workgroup of every call, that
// repeats the same copy once per row tile. This host-program pass moves
// the copy to load time, the way IREE's data tiling hoists the pack of a
// constant weight into an initializer:
//
//   - each weight parameter that a kernel reads only as such a linear's
//     weight gets a derived state, the weight in the layout of
//     umc_ukernel_gemm_packed_f32, [N / 16, K, 16], and a dispatch of a
//     pack kernel that fills it in the module's "params.derive" function,
//     which the runtime runs whenever parameters are set;
//   - the linear's kernel takes the packed state instead of the parameter
//     and reads it through an unpacking generic, w[n, k] = p[n floordiv 16,
//     k, n mod 16], which umc-cpu-use-ukernels folds into the packed GEMM
//     call (and which computes the same weight if nothing folds it).
//
// Only f32 weights of [N, K] with N a multiple of 16, read by a linear of
// at least 16 rows (fewer stay dot products, which read the weight as it
// is), passed straight from a parameter argument by every dispatch, in a
// module that never writes its parameters (not a training step's).
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"

#include "umc/Codegen/Cpu/CpuPackedWeights.h"
#include "umc/Dialect/Host/IR/HostOps.h"
#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <map>

namespace umc {
#define GEN_PASS_DEF_UMCCPUPACKWEIGHTS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// The linear that reads kernel argument `arg` as its weight, and nothing
/// else reads it; null when the argument is anything else or the linear
/// is not one the packed GEMM computes.
umc::LinearOp packableLinear(BlockArgument arg) {
  auto type = dyn_cast<RankedTensorType>(arg.getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
      !type.getElementType().isF32() ||
      type.getDimSize(0) % kPackedColumns != 0 || !arg.hasOneUse())
    return nullptr;
  auto linear = dyn_cast<umc::LinearOp>(*arg.getUsers().begin());
  if (!linear || linear.getWeight() != arg)
    return nullptr;
  auto input = dyn_cast<RankedTensorType>(linear.getInput().getType());
  auto result = dyn_cast<RankedTensorType>(linear.getResult().getType());
  if (!input || !result || !input.hasStaticShape() || input.getRank() < 2 ||
      !input.getElementType().isF32() || !result.getElementType().isF32() ||
      input.getShape().back() == 0)
    return nullptr;
  // A workgroup's tile holds at most the rows of one batch entry (batch
  // dimensions are split one by one, rows into tiles of 128 or whole):
  // fewer than kMinGemmRows there and the GEMM is not called, the packed
  // weight would be unpacked into every tile instead.
  return input.getShape()[input.getRank() - 2] >= kMinGemmRows ? linear
                                                               : nullptr;
}

struct UmcCpuPackWeightsPass
    : umc::impl::UmcCpuPackWeightsBase<UmcCpuPackWeightsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // A module that writes its parameters (a training step keeps them as
    // state) would leave a packed copy stale.
    for (auto global : module.getOps<memref::GlobalOp>())
      if (global->hasAttr(UmcDialect::kParamAttrName))
        return;
    host::ExecutableOp executable;
    for (auto exe : module.getOps<host::ExecutableOp>())
      executable = exe;
    if (!executable || !executable.getInnerModule())
      return;
    ModuleOp kernels = executable.getInnerModule();
    SymbolTable kernelTable(kernels);

    // Every (kernel, argument) whose weight could be packed, then those
    // every dispatch passes a parameter argument to.
    llvm::MapVector<std::pair<Operation *, unsigned>, umc::LinearOp> candidates;
    for (auto kernel : kernels.getOps<func::FuncOp>())
      for (BlockArgument arg : kernel.getArguments())
        if (umc::LinearOp linear = packableLinear(arg))
          candidates[{kernel, arg.getArgNumber()}] = linear;
    SmallVector<host::DispatchOp> dispatches;
    module.walk([&](host::DispatchOp dispatch) {
      dispatches.push_back(dispatch);
      auto kernel = kernelTable.lookup<func::FuncOp>(
          dispatch.getKernel().getLeafReference());
      for (auto [index, operand] : llvm::enumerate(dispatch.getIns())) {
        std::pair<Operation *, unsigned> key(kernel, index);
        if (!paramName(operand))
          candidates.remove_if(
              [&](const auto &entry) { return entry.first == key; });
      }
    });
    if (candidates.empty())
      return;

    OpBuilder b(module.getContext());
    // The packed state and the derive function's argument of each
    // parameter, made on first use.
    std::map<std::string, memref::GlobalOp> packedStates;
    func::FuncOp derive;
    // The (kernel, argument) pairs some dispatch now passes packed.
    llvm::SetVector<std::pair<Operation *, unsigned>> packed;
    for (host::DispatchOp dispatch : dispatches) {
      auto kernel = kernelTable.lookup<func::FuncOp>(
          dispatch.getKernel().getLeafReference());
      for (auto [index, operand] : llvm::enumerate(dispatch.getIns())) {
        auto it = candidates.find({kernel, index});
        if (it == candidates.end())
          continue;
        auto param = cast<BlockArgument>(operand);
        std::string name = paramName(param)->str();
        memref::GlobalOp &state = packedStates[name];
        if (!derive)
          derive = createDeriveFunction(module);
        if (!state)
          state = createPackedState(module, kernels, derive, param, it->second);
        b.setInsertionPoint(dispatch);
        Value view = memref::GetGlobalOp::create(
            b, dispatch.getLoc(), state.getType(), state.getSymName());
        dispatch.getInsMutable()[index].set(view);
        packed.insert(it->first);
      }
    }
    if (!derive)
      return; // no dispatch reads a candidate
    for (auto [kernel, index] : packed)
      readPacked(cast<func::FuncOp>(kernel), index);
    b.setInsertionPointToEnd(&derive.getBody().front());
    func::ReturnOp::create(b, derive.getLoc());
  }

  /// The umc.param name of `value` when it is a parameter argument of a
  /// host function.
  static std::optional<StringRef> paramName(Value value) {
    auto arg = dyn_cast<BlockArgument>(value);
    auto func =
        arg ? dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()) : nullptr;
    if (!func)
      return std::nullopt;
    auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                  UmcDialect::kParamAttrName);
    if (!name)
      return std::nullopt;
    return name.getValue();
  }

  /// An empty "params.derive" entry point; its arguments and dispatches
  /// come with the packed states.
  static func::FuncOp createDeriveFunction(ModuleOp module) {
    OpBuilder b(module.getContext());
    b.setInsertionPointToEnd(module.getBody());
    auto func = func::FuncOp::create(b, module.getLoc(), kDeriveFunction,
                                     b.getFunctionType({}, {}));
    func->setAttr(attrs::kRole, b.getStringAttr("params.derive"));
    func.addEntryBlock();
    return func;
  }

  /// The packed state of parameter `param`, its pack kernel and the
  /// derive function's dispatch that fills it.
  memref::GlobalOp createPackedState(ModuleOp module, ModuleOp kernels,
                                     func::FuncOp derive, BlockArgument param,
                                     umc::LinearOp linear) {
    MLIRContext *context = module.getContext();
    auto hostFunc = cast<func::FuncOp>(param.getOwner()->getParentOp());
    auto weightType = cast<MemRefType>(param.getType());
    MemRefType packedType = packedTypeOf(weightType);
    std::string name = paramName(param)->str();
    OpBuilder b(context);
    b.setInsertionPoint(hostFunc);
    auto packedTensorType = RankedTensorType::get(packedType.getShape(),
                                                  packedType.getElementType());
    auto state = memref::GlobalOp::create(
        b, module.getLoc(), kPackedStatePrefix.str() + name,
        b.getStringAttr("private"), packedType,
        DenseElementsAttr::get(packedTensorType, b.getF32FloatAttr(0.0f)),
        /*constant=*/false, /*alignment=*/nullptr);

    // The derive function reads the parameter as its argument.
    unsigned argIndex = derive.getNumArguments();
    (void)derive.insertArgument(argIndex, weightType,
                                hostFunc.getArgAttrDict(param.getArgNumber()),
                                param.getLoc());
    func::FuncOp pack = createPackKernel(kernels, weightType, linear);
    b.setInsertionPointToEnd(&derive.getBody().front());
    Value buffer = memref::GetGlobalOp::create(b, linear.getLoc(), packedType,
                                               state.getSymName());
    auto ref = SymbolRefAttr::get(
        context, cast<host::ExecutableOp>(kernels->getParentOp()).getSymName(),
        {FlatSymbolRefAttr::get(pack)});
    host::DispatchOp::create(b, linear.getLoc(), ref,
                             ValueRange{derive.getArgument(argIndex)},
                             ValueRange{buffer});
    return state;
  }

  static SmallVector<int64_t> packedShapeOf(ArrayRef<int64_t> weight) {
    return {weight[0] / kPackedColumns, weight[1], kPackedColumns};
  }
  static MemRefType packedTypeOf(MemRefType weight) {
    return MemRefType::get(packedShapeOf(weight.getShape()),
                           weight.getElementType());
  }

  /// The entry of `linear`'s kernel's umc.source_ops that names it (the
  /// kernel's attribute, not the op's location: that is what a compile
  /// resumed from printed IR still has).
  static ArrayAttr sourceOpsOf(umc::LinearOp linear) {
    auto kernel = linear->getParentOfType<func::FuncOp>();
    auto ops = kernel->getAttrOfType<ArrayAttr>(attrs::kSourceOps);
    for (Attribute entry : ops ? ops.getValue() : ArrayRef<Attribute>()) {
      auto dict = dyn_cast<DictionaryAttr>(entry);
      auto name = dict ? dict.getAs<StringAttr>("name") : nullptr;
      if (name && name.getValue() == linear->getName().getStringRef())
        return ArrayAttr::get(kernel.getContext(), {entry});
    }
    return ArrayAttr::get(kernel.getContext(), {});
  }

  /// A kernel computing p[b, k, j] = w[16 b + j, k], split over the blocks
  /// b; it names `linear` as its source op, for profiles and errors.
  static func::FuncOp createPackKernel(ModuleOp kernels, MemRefType weight,
                                       umc::LinearOp linear) {
    MLIRContext *context = kernels.getContext();
    int64_t kernelNumber = 0;
    for (auto kernel : kernels.getOps<func::FuncOp>())
      if (auto n = kernel->getAttrOfType<IntegerAttr>(attrs::kKernel))
        kernelNumber = std::max(kernelNumber, n.getInt() + 1);
    auto weightType =
        RankedTensorType::get(weight.getShape(), weight.getElementType());
    MemRefType packedMemRef = packedTypeOf(weight);
    auto packedType = RankedTensorType::get(packedMemRef.getShape(),
                                            packedMemRef.getElementType());
    OpBuilder b(context);
    b.setInsertionPointToEnd(kernels.getBody());
    Location loc = linear.getLoc();
    auto kernel = func::FuncOp::create(
        b, loc, "derive_k" + std::to_string(kernelNumber) + "_pack_weight",
        b.getFunctionType({weightType}, {packedType}));
    kernel.setPrivate();
    kernel->setAttr(attrs::kKernel, b.getI64IntegerAttr(kernelNumber));
    kernel->setAttr(attrs::kFlops, b.getI64IntegerAttr(0));
    kernel->setAttr(attrs::kSourceOps, sourceOpsOf(linear));
    kernel.setArgAttr(0, "bufferization.writable", b.getBoolAttr(false));
    Block *body = kernel.addEntryBlock();
    b.setInsertionPointToStart(body);
    AffineExpr block, k, j;
    bindDims(context, block, k, j);
    auto read = AffineMap::get(3, 0, {block * kPackedColumns + j, k}, context);
    Value init =
        tensor::EmptyOp::create(b, loc, packedType.getShape(), b.getF32Type());
    auto generic = linalg::GenericOp::create(
        b, loc, packedType, ValueRange{body->getArgument(0)}, ValueRange{init},
        ArrayRef<AffineMap>{read, b.getMultiDimIdentityMap(3)},
        SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
        [](OpBuilder &nested, Location loc, ValueRange args) {
          linalg::YieldOp::create(nested, loc, args[0]);
        });
    generic->setAttr(attrs::kPartition,
                     PartitionAttr::get(context, /*loops=*/1,
                                        /*splitColumns=*/false));
    func::ReturnOp::create(b, loc, generic.getResult(0));
    return kernel;
  }

  /// Kernel argument `index` becomes the packed weight, read through the
  /// unpacking generic.
  static void readPacked(func::FuncOp kernel, unsigned index) {
    BlockArgument arg = kernel.getArgument(index);
    auto weightType = cast<RankedTensorType>(arg.getType());
    auto packedType = RankedTensorType::get(
        packedShapeOf(weightType.getShape()), weightType.getElementType());
    MLIRContext *context = kernel.getContext();
    OpBuilder b(context);
    b.setInsertionPointToStart(&kernel.getBody().front());
    Location loc = arg.getLoc();
    // The argument's readers now read the unpacked weight; the argument
    // itself becomes the packed one.
    Value init =
        tensor::EmptyOp::create(b, loc, weightType.getShape(), b.getF32Type());
    auto generic = linalg::GenericOp::create(
        b, loc, weightType, ValueRange{arg}, ValueRange{init},
        ArrayRef<AffineMap>{unpackingMap(context), b.getMultiDimIdentityMap(2)},
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [](OpBuilder &nested, Location loc, ValueRange args) {
          linalg::YieldOp::create(nested, loc, args[0]);
        });
    arg.replaceAllUsesExcept(generic.getResult(0), generic);
    arg.setType(packedType);
    kernel.setFunctionType(
        FunctionType::get(context, kernel.getBody().front().getArgumentTypes(),
                          kernel.getResultTypes()));
  }
};

} // namespace
