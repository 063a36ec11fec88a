//===- CpuKernelAbi.cpp - the CPU runtime's kernel calling convention -----===//
//
// The runtime calls every kernel the same way, whatever its shapes: the
// convention is include/umc/Runtime/KernelAbi.h (umc_cpu_kernel_fn), which
// this pass implements.
//
//===----------------------------------------------------------------------===//
#include "umc/Codegen/Passes.h"
#include "umc/Runtime/KernelAbi.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUKERNELABI
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

/// An LLVM memref descriptor for a contiguous buffer at `pointer`, cast to
/// `type` (static shape, identity layout).
Value memrefFromPointer(OpBuilder &b, Location loc, Value pointer,
                        MemRefType type) {
  MLIRContext *ctx = b.getContext();
  Type i64 = b.getI64Type();
  Type ptr = pointer.getType();
  int64_t rank = type.getRank();
  SmallVector<Type> fields{ptr, ptr, i64};
  if (rank > 0) {
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
  }
  auto structType = LLVM::LLVMStructType::getLiteral(ctx, fields);
  auto i64Constant = [&](int64_t v) {
    return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(v))
        .getResult();
  };
  Value desc = LLVM::PoisonOp::create(b, loc, structType);
  desc = LLVM::InsertValueOp::create(b, loc, desc, pointer,
                                     ArrayRef<int64_t>{0});
  desc = LLVM::InsertValueOp::create(b, loc, desc, pointer,
                                     ArrayRef<int64_t>{1});
  desc = LLVM::InsertValueOp::create(b, loc, desc, i64Constant(0),
                                     ArrayRef<int64_t>{2});
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    desc = LLVM::InsertValueOp::create(b, loc, desc,
                                       i64Constant(type.getDimSize(d)),
                                       ArrayRef<int64_t>{3, d});
    desc = LLVM::InsertValueOp::create(b, loc, desc, i64Constant(stride),
                                       ArrayRef<int64_t>{4, d});
    stride *= type.getDimSize(d);
  }
  return UnrealizedConversionCastOp::create(b, loc, type, desc).getResult(0);
}

struct UmcCpuKernelAbiPass
    : umc::impl::UmcCpuKernelAbiBase<UmcCpuKernelAbiPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> kernels;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(umc::attrs::kKernel) && !func.isDeclaration())
        kernels.push_back(func);
    for (func::FuncOp kernel : kernels) {
      inlineCopies(kernel);
      if (failed(convert(kernel)))
        return signalPassFailure();
    }
  }

  /// A strided memref.copy would lower to a call of MLIR's `memrefCopy`
  /// helper, which the runtime does not have; as linalg.copy it becomes loops.
  /// A copy of an in-place kernel's input into its output copies a buffer
  /// onto itself (the two are bound to one; umc-slice-update-in-place
  /// leaves one after writing a slice into the input) and goes.
  static void inlineCopies(func::FuncOp kernel) {
    std::optional<std::pair<Value, Value>> selfCopy;
    if (auto inPlace =
            kernel->getAttrOfType<IntegerAttr>(umc::attrs::kInPlaceOperand);
        inPlace && inPlace.getInt() < kernel.getNumArguments() - 1)
      selfCopy = {kernel.getArgument(inPlace.getInt()),
                  kernel.getArguments().back()};
    SmallVector<memref::CopyOp> copies;
    kernel.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      if (selfCopy && copy.getSource() == selfCopy->first &&
          copy.getTarget() == selfCopy->second) {
        copy.erase();
        continue;
      }
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }

  LogicalResult convert(func::FuncOp kernel) {
    if (kernel.getNumResults() != 0)
      return kernel.emitError("kernel must be bufferized with its results "
                              "as out-parameters before umc-cpu-kernel-abi");
    SmallVector<MemRefType> bindingTypes;
    for (Type type : kernel.getArgumentTypes()) {
      auto memref = dyn_cast<MemRefType>(type);
      if (!memref || !memref.hasStaticShape() || !memref.getLayout().isIdentity())
        return kernel.emitError("kernel argument of type ")
               << type << " is not a static, contiguous memref";
      bindingTypes.push_back(memref);
    }

    MLIRContext *ctx = &getContext();
    Location loc = kernel.getLoc();
    Type index = IndexType::get(ctx);
    unsigned numBindings = kernel.getNumArguments();
    // Bindings never overlap where one is written: a kernel's outputs are
    // planned apart from everything live at its call, and its inputs are
    // read-only. Saying so lets LLVM keep accumulators in registers and
    // vectorize without run-time overlap checks.
    // A kernel that overwrites an input in place (umc.in_place_operand)
    // binds that input and its one output to the same buffer.
    SmallVector<unsigned> aliased;
    if (auto inPlace =
            kernel->getAttrOfType<IntegerAttr>(umc::attrs::kInPlaceOperand))
      aliased = {static_cast<unsigned>(inPlace.getInt()), numBindings - 1};
    for (unsigned i = 0; i < numBindings; ++i)
      if (!llvm::is_contained(aliased, i))
        kernel.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(),
                          UnitAttr::get(ctx));
    if (failed(kernel.insertArgument(numBindings, index, {}, loc)) ||
        failed(kernel.insertArgument(numBindings + 1, index, {}, loc)))
      return failure();
    Value first = kernel.getArgument(numBindings);
    Value last = kernel.getArgument(numBindings + 1);

    FailureOr<int64_t> workgroups = runWorkgroupRange(kernel, first, last);
    if (failed(workgroups))
      return failure();
    createEntryPoint(kernel, bindingTypes, *workgroups);
    kernel.setPrivate();
    return success();
  }

  /// Turns the kernel's scf.forall into a loop over workgroups
  /// [first, last) of the linearized grid; returns the grid size.
  FailureOr<int64_t> runWorkgroupRange(func::FuncOp kernel, Value first,
                                       Value last) {
    SmallVector<scf::ForallOp> foralls(
        kernel.getBody().front().getOps<scf::ForallOp>());
    if (foralls.empty())
      return 1;
    if (foralls.size() > 1)
      return kernel.emitError("kernel has ")
             << foralls.size() << " workgroup loops; expected at most one";
    scf::ForallOp forall = foralls.front();
    if (forall.getNumResults() != 0)
      return forall.emitError("workgroup loop must be bufferized");

    ArrayRef<int64_t> lbs = forall.getStaticLowerBound();
    ArrayRef<int64_t> ubs = forall.getStaticUpperBound();
    ArrayRef<int64_t> steps = forall.getStaticStep();
    SmallVector<int64_t> counts;
    int64_t grid = 1;
    for (auto [lb, ub, step] : llvm::zip(lbs, ubs, steps)) {
      if (ShapedType::isDynamic(lb) || ShapedType::isDynamic(ub) ||
          ShapedType::isDynamic(step))
        return forall.emitError("workgroup loop bounds must be static");
      counts.push_back((ub - lb + step - 1) / step);
      grid *= counts.back();
    }

    OpBuilder b(forall);
    Location loc = forall.getLoc();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    // Workgroups are independent only if nothing outside the loop writes to
    // the kernel's bindings: each range of the grid runs everything outside
    // the loop again. Otherwise (a result copied out after the loop) the
    // whole grid runs in one workgroup.
    if (writesBindingsOutside(kernel, forall)) {
      first = arith::ConstantIndexOp::create(b, loc, 0);
      last = arith::ConstantIndexOp::create(b, loc, grid);
      grid = 1;
    }
    auto loop = scf::ForOp::create(b, loc, first, last, one);
    b.setInsertionPointToStart(loop.getBody());
    SmallVector<Value> ids{loop.getInductionVar()};
    if (counts.size() > 1)
      ids = affine::AffineDelinearizeIndexOp::create(
                b, loc, loop.getInductionVar(), ValueRange{}, counts)
                .getResults();
    // As an affine map, so that canonicalization folds what the tiles'
    // offsets imply: a column tile of 160 starts on a 16-column block of a
    // packed weight ((id * 160) mod 16 = 0), which umc-cpu-use-ukernels
    // needs to see to read that weight packed.
    for (auto [iv, id, lb, step] :
         llvm::zip(forall.getInductionVars(), ids, lbs, steps)) {
      AffineExpr d0 = b.getAffineDimExpr(0);
      iv.replaceAllUsesWith(affine::AffineApplyOp::create(
          b, loc, AffineMap::get(1, 0, d0 * step + lb), ValueRange{id}));
    }
    Block *body = forall.getBody();
    loop.getBody()->getOperations().splice(
        Block::iterator(loop.getBody()->getTerminator()),
        body->getOperations(), body->begin(), std::prev(body->end()));
    forall.erase();
    return grid;
  }

  /// Whether an op of `kernel` outside `forall` writes memory that is (a
  /// view of) one of the kernel's arguments.
  static bool writesBindingsOutside(func::FuncOp kernel,
                                    scf::ForallOp forall) {
    auto isBinding = [&](Value value) {
      while (Operation *def = value.getDefiningOp()) {
        auto view = dyn_cast<ViewLikeOpInterface>(def);
        if (!view)
          return false;
        value = view.getViewSource();
      }
      auto arg = dyn_cast<BlockArgument>(value);
      return arg && arg.getOwner() == &kernel.getBody().front();
    };
    bool writes = false;
    kernel.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op == forall)
        return WalkResult::skip();
      auto effects = dyn_cast<MemoryEffectOpInterface>(op);
      if (!effects)
        return WalkResult::advance();
      SmallVector<MemoryEffects::EffectInstance> instances;
      effects.getEffects(instances);
      for (const MemoryEffects::EffectInstance &effect : instances)
        if (isa<MemoryEffects::Write>(effect.getEffect()) &&
            (!effect.getValue() || isBinding(effect.getValue())))
          writes = true;
      return writes ? WalkResult::interrupt() : WalkResult::advance();
    });
    return writes;
  }

  void createEntryPoint(func::FuncOp kernel, ArrayRef<MemRefType> bindingTypes,
                        int64_t workgroups) {
    MLIRContext *ctx = &getContext();
    Location loc = kernel.getLoc();
    OpBuilder b(kernel);
    b.setInsertionPointAfter(kernel);
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type(), i32 = b.getI32Type();
    auto index = kernel->getAttrOfType<IntegerAttr>(umc::attrs::kKernel);
    auto entry = func::FuncOp::create(
        b, loc, ("umc_kernel_" + Twine(index.getInt())).str(),
        b.getFunctionType({ptr, i64, i64}, {i32}));
    entry->setAttr(umc::attrs::kKernel, index);
    entry->setAttr(umc::attrs::kWorkgroups, b.getI64IntegerAttr(workgroups));

    // What host programs dispatch and what profiles and errors show.
    entry->setAttr(umc::attrs::kKernelName,
                   b.getStringAttr(kernel.getName()));
    for (StringRef name : {umc::attrs::kSourceOps, umc::attrs::kFlops})
      if (Attribute value = kernel->getAttr(name))
        entry->setAttr(name, value);

    Block *block = entry.addEntryBlock();
    b.setInsertionPointToStart(block);
    Value first = block->getArgument(1), last = block->getArgument(2);
    // A range outside the grid would run workgroups past the buffers' ends:
    // refuse it, whatever the caller (a damaged artifact) asks.
    auto i64Constant = [&](int64_t v) {
      return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
    };
    Value badRange = arith::OrIOp::create(
        b, loc,
        arith::OrIOp::create(b, loc,
                             arith::CmpIOp::create(b, loc,
                                                   arith::CmpIPredicate::slt,
                                                   first, i64Constant(0)),
                             arith::CmpIOp::create(b, loc,
                                                   arith::CmpIPredicate::sgt,
                                                   last,
                                                   i64Constant(workgroups))),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, first, last));
    auto check = scf::IfOp::create(b, loc, TypeRange{i32}, badRange,
                                   /*withElseRegion=*/true);
    b.setInsertionPointToStart(&check.getThenRegion().front());
    scf::YieldOp::create(b, loc,
                         ValueRange{arith::ConstantOp::create(
                             b, loc, b.getI32IntegerAttr(UMC_KERNEL_BAD_RANGE))});
    b.setInsertionPointToStart(&check.getElseRegion().front());
    SmallVector<Value> args;
    for (auto [i, type] : llvm::enumerate(bindingTypes)) {
      Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, block->getArgument(0),
                                       ArrayRef<LLVM::GEPArg>{int32_t(i)});
      Value pointer = LLVM::LoadOp::create(b, loc, ptr, slot);
      args.push_back(memrefFromPointer(b, loc, pointer, type));
    }
    for (Value bound : {first, last})
      args.push_back(
          arith::IndexCastOp::create(b, loc, b.getIndexType(), bound));
    func::CallOp::create(b, loc, kernel, args);
    scf::YieldOp::create(b, loc,
                         ValueRange{arith::ConstantOp::create(
                             b, loc, b.getI32IntegerAttr(UMC_KERNEL_OK))});
    b.setInsertionPointAfter(check);
    func::ReturnOp::create(b, loc, check.getResult(0));
  }
};

} // namespace
