//===- OutlineKernels.cpp - one kernel function per umc compute op --------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#include <algorithm>

namespace umc {
#define GEN_PASS_DEF_UMCOUTLINEKERNELS
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

/// "file:line:col" of the first file location inside `loc`, or "unknown".
static std::string formatLocation(Location loc) {
  std::string result = "unknown";
  loc->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      result = (file.getFilename().str() + ":" +
                std::to_string(file.getLine()) + ":" +
                std::to_string(file.getColumn()));
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result;
}

namespace {

struct UmcOutlineKernelsPass
    : umc::impl::UmcOutlineKernelsBase<UmcOutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> entries;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isDeclaration())
        entries.push_back(func);

    SymbolTable table(module);
    symbols = &table;
    int64_t nextKernel = 0;
    for (func::FuncOp entry : entries)
      if (failed(outlineEntry(entry, nextKernel)))
        return signalPassFailure();
  }

  /// The module's symbols, while the pass runs.
  SymbolTable *symbols = nullptr;

  /// Ops a host program runs itself: control flow, scalar arithmetic,
  /// scalars read from or packed into tensors, module state, reshapes.
  static bool runsOnHost(Operation &op) {
    if (isa<func::ReturnOp, ReshapeOp, scf::ForOp, scf::WhileOp, scf::IfOp,
            scf::YieldOp, scf::ConditionOp, tensor::ExtractOp,
            tensor::FromElementsOp, tensor::SplatOp, ml_program::GlobalLoadOp,
            ml_program::GlobalStoreOp>(op))
      return true;
    // Scalar arithmetic; tensor constants go into the kernels that use them.
    return op.getDialect() && isa<arith::ArithDialect>(op.getDialect()) &&
           llvm::none_of(op.getResultTypes(), llvm::IsaPred<TensorType>);
  }

  LogicalResult outlineEntry(func::FuncOp entry, int64_t &nextKernel) {
    if (!entry.getBody().hasOneBlock())
      return entry.emitError("entry point '")
             << entry.getName() << "' must be a single block";
    SmallVector<Operation *> toOutline;
    WalkResult walk = entry.getBody().walk<WalkOrder::PreOrder>(
        [&](Operation *op) -> WalkResult {
          if (runsOnHost(*op) || isa<arith::ConstantOp>(op))
            return WalkResult::advance();
          if (op->getDialect() && isa<UmcDialect>(op->getDialect())) {
            toOutline.push_back(op);
            return WalkResult::skip();
          }
          op->emitError("'")
              << op->getName()
              << "' cannot run in an entry point: only umc ops, scf control "
                 "flow, scalar arith, tensor.extract/from_elements/splat, "
                 "ml_program state, reshapes and constants are allowed there";
          return WalkResult::interrupt();
        });
    if (walk.wasInterrupted())
      return failure();
    for (Operation *op : toOutline)
      outline(entry, op, nextKernel++);

    // Tensor constants now live in the kernels that use them.
    SmallVector<arith::ConstantOp> constants;
    entry.walk([&](arith::ConstantOp c) {
      if (isa<TensorType>(c.getType()))
        constants.push_back(c);
    });
    for (arith::ConstantOp constant : constants) {
      if (constant->use_empty()) {
        constant->erase();
        continue;
      }
      // A splat (a zero-filled buffer, a scalar the folder made a tensor)
      // is a fill of the host program.
      if (auto splat = dyn_cast<SplatElementsAttr>(constant.getValue())) {
        OpBuilder builder(constant);
        Value scalar = arith::ConstantOp::create(
            builder, constant.getLoc(),
            cast<TypedAttr>(splat.getSplatValue<Attribute>()));
        Value filled = tensor::SplatOp::create(builder, constant.getLoc(),
                                               constant.getType(), scalar);
        constant.replaceAllUsesWith(filled);
        constant->erase();
        continue;
      }
      return constant.emitError(
          "a tensor constant that is not a splat cannot be used by the host "
          "program (returned, reshaped, stored or carried by a loop); "
          "compute it in a umc op or pass it as an input");
    }
    return success();
  }

  /// The ops a kernel for `op` computes: a fusion's body, or `op` itself.
  static SmallVector<Operation *> computedOps(Operation *op) {
    SmallVector<Operation *> ops;
    if (auto fusion = dyn_cast<FusionOp>(op)) {
      for (Operation &inner : fusion.getBody().front().without_terminator())
        ops.push_back(&inner);
      return ops;
    }
    ops.push_back(op);
    return ops;
  }

  /// The kernel's name: `<entry>_k<index>_<op or fusion rule>`.
  static std::string kernelName(func::FuncOp entry, Operation *op,
                                int64_t index) {
    std::string what = op->getName().stripDialect().str();
    if (auto fusion = dyn_cast<FusionOp>(op))
      what = "fused_" + fusion.getRule().str();
    std::replace_if(
        what.begin(), what.end(),
        [](char c) { return !llvm::isAlnum(c) && c != '_'; }, '_');
    return (entry.getName() + "_k" + Twine(index) + "_" + what).str();
  }

  /// The indices that the kernel's ops ask to be checked
  /// (IndexCheckOpInterface) and that it takes as arguments: the kernel
  /// clamps them (it never touches memory outside its buffers), and the
  /// runtime checks them before the dispatch so that a bad one fails the
  /// call, naming the op. Indices computed inside a fused kernel are only
  /// clamped. Null when there is nothing to check.
  static ArrayAttr indexChecks(OpBuilder &builder, ArrayRef<Operation *> ops,
                               const SetVector<Value> &arguments) {
    SmallVector<Attribute> checks;
    for (Operation *inner : ops) {
      auto checked = dyn_cast<IndexCheckOpInterface>(inner);
      if (!checked)
        continue;
      SmallVector<IndexRange> ranges;
      checked.getIndexRanges(ranges);
      for (const IndexRange &range : ranges) {
        auto binding = llvm::find(arguments, range.indices);
        if (binding == arguments.end() || range.bound < 1)
          continue;
        auto string = [&](StringRef key, StringRef value) {
          return builder.getNamedAttr(key, builder.getStringAttr(value));
        };
        checks.push_back(builder.getDictionaryAttr({
            builder.getNamedAttr("binding",
                                 builder.getI64IntegerAttr(
                                     binding - arguments.begin())),
            builder.getNamedAttr("bound",
                                 builder.getI64IntegerAttr(range.bound)),
            string("loc", formatLocation(inner->getLoc())),
            string("noun", range.noun),
            string("op", inner->getName().getStringRef()),
            string("range", range.range),
        }));
      }
    }
    return checks.empty() ? ArrayAttr() : builder.getArrayAttr(checks);
  }

  void outline(func::FuncOp entry, Operation *op, int64_t index) {
    MLIRContext *ctx = &getContext();
    SmallVector<Operation *> ops = computedOps(op);
    // Constants are copied into the kernel; every other value from outside
    // is an argument.
    SetVector<Value> arguments, constants;
    auto addOutsideValue = [&](Value value) {
      Operation *def = value.getDefiningOp();
      if (def && op->isAncestor(def))
        return;
      if (isa_and_nonnull<arith::ConstantOp>(def))
        constants.insert(value);
      else
        arguments.insert(value);
    };
    for (Operation *inner : ops)
      for (Value operand : inner->getOperands())
        addOutsideValue(operand);
    // A fusion may yield a value from outside it as it is (CSE can make one).
    if (auto fusion = dyn_cast<FusionOp>(op))
      for (Value value : fusion.getBody().front().getTerminator()->getOperands())
        addOutsideValue(value);

    OpBuilder builder(ctx);
    builder.setInsertionPoint(entry);
    auto type = FunctionType::get(ctx, TypeRange(arguments.getArrayRef()),
                                  op->getResultTypes());
    // Inserted through the symbol table, which renames the kernel should a
    // function of the module already have its name.
    auto kernel =
        func::FuncOp::create(op->getLoc(), kernelName(entry, op, index), type);
    symbols->insert(kernel, Block::iterator(entry));
    kernel.setPrivate();
    kernel->setAttr(attrs::kKernel, builder.getI64IntegerAttr(index));
    SmallVector<Attribute> sourceOps;
    for (Operation *inner : ops) {
      NamedAttribute name(builder.getStringAttr("name"),
                          builder.getStringAttr(inner->getName().getStringRef()));
      NamedAttribute loc(builder.getStringAttr("loc"),
                         builder.getStringAttr(formatLocation(inner->getLoc())));
      sourceOps.push_back(builder.getDictionaryAttr({name, loc}));
    }
    kernel->setAttr(attrs::kSourceOps, builder.getArrayAttr(sourceOps));
    uint64_t flops = 0;
    for (Operation *inner : ops)
      if (auto cost = dyn_cast<CostOpInterface>(inner))
        flops += cost.getFlops();
    kernel->setAttr(attrs::kFlops,
                    builder.getI64IntegerAttr(static_cast<int64_t>(flops)));
    if (ArrayAttr checks = indexChecks(builder, ops, arguments))
      kernel->setAttr(attrs::kIndexChecks, checks);
    for (unsigned i = 0; i < arguments.size(); ++i)
      kernel.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                        builder.getBoolAttr(false));

    Block *body = kernel.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [value, arg] : llvm::zip(arguments, body->getArguments()))
      mapping.map(value, arg);
    for (Value constant : constants)
      mapping.map(constant, builder.clone(*constant.getDefiningOp())->getResult(0));
    for (Operation *inner : ops)
      builder.clone(*inner, mapping);
    SmallVector<Value> results;
    if (auto fusion = dyn_cast<FusionOp>(op)) {
      auto yield = cast<YieldOp>(fusion.getBody().front().getTerminator());
      for (Value value : yield.getValues())
        results.push_back(mapping.lookup(value));
    } else {
      for (Value value : op->getResults())
        results.push_back(mapping.lookup(value));
    }
    func::ReturnOp::create(builder, op->getLoc(), results);

    builder.setInsertionPoint(op);
    auto call = func::CallOp::create(builder, op->getLoc(), kernel,
                                     arguments.getArrayRef());
    op->replaceAllUsesWith(call.getResults());
    op->erase();
  }
};

} // namespace
