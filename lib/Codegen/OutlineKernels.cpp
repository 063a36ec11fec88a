//===- OutlineKernels.cpp - one kernel function per umc compute op --------===//
#include "umc/Codegen/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

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

    int64_t nextKernel = 0;
    for (func::FuncOp entry : entries)
      if (failed(outlineEntry(entry, nextKernel)))
        return signalPassFailure();
  }

  LogicalResult outlineEntry(func::FuncOp entry, int64_t &nextKernel) {
    if (!entry.getBody().hasOneBlock())
      return entry.emitError("entry point '")
             << entry.getName() << "' must be a single block";
    SmallVector<Operation *> toOutline;
    for (Operation &op : entry.getBody().front()) {
      if (isa<func::ReturnOp, ReshapeOp, arith::ConstantOp>(op))
        continue;
      if (op.getDialect() && isa<UmcDialect>(op.getDialect())) {
        toOutline.push_back(&op);
        continue;
      }
      return op.emitError("'")
             << op.getName()
             << "' cannot run in an entry point: only umc ops, reshapes and "
                "constants are allowed there";
    }
    for (Operation *op : toOutline)
      outline(entry, op, nextKernel++);

    // Constants now live in the kernels that use them.
    for (auto constant : llvm::make_early_inc_range(
             entry.getBody().front().getOps<arith::ConstantOp>())) {
      if (constant->use_empty()) {
        constant->erase();
        continue;
      }
      return constant.emitError(
          "a constant cannot be returned or reshaped by an entry point; "
          "compute it in a umc op or pass it as an input");
    }
    return success();
  }

  void outline(func::FuncOp entry, Operation *op, int64_t index) {
    MLIRContext *ctx = &getContext();
    // Constants are copied into the kernel; every other operand is an argument.
    SetVector<Value> arguments;
    for (Value operand : op->getOperands())
      if (!operand.getDefiningOp<arith::ConstantOp>())
        arguments.insert(operand);

    OpBuilder builder(ctx);
    builder.setInsertionPoint(entry);
    std::string name = (entry.getName() + "_k" + Twine(index) + "_" +
                        op->getName().stripDialect())
                           .str();
    auto type = FunctionType::get(ctx, TypeRange(arguments.getArrayRef()),
                                  op->getResultTypes());
    auto kernel = func::FuncOp::create(builder, op->getLoc(), name, type);
    kernel.setPrivate();
    kernel->setAttr(attrs::kKernel, builder.getI64IntegerAttr(index));
    NamedAttribute sourceName(builder.getStringAttr("name"),
                              builder.getStringAttr(op->getName().getStringRef()));
    NamedAttribute sourceLoc(builder.getStringAttr("loc"),
                             builder.getStringAttr(formatLocation(op->getLoc())));
    kernel->setAttr(attrs::kSourceOps,
                    builder.getArrayAttr({builder.getDictionaryAttr(
                        {sourceName, sourceLoc})}));
    for (unsigned i = 0; i < arguments.size(); ++i)
      kernel.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                        builder.getBoolAttr(false));

    Block *body = kernel.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [value, arg] : llvm::zip(arguments, body->getArguments()))
      mapping.map(value, arg);
    for (Value operand : op->getOperands())
      if (auto constant = operand.getDefiningOp<arith::ConstantOp>())
        if (!mapping.contains(operand))
          mapping.map(operand, builder.clone(*constant)->getResult(0));
    Operation *clone = builder.clone(*op, mapping);
    func::ReturnOp::create(builder, op->getLoc(), clone->getResults());

    builder.setInsertionPoint(op);
    auto call = func::CallOp::create(builder, op->getLoc(), kernel,
                                     arguments.getArrayRef());
    op->replaceAllUsesWith(call.getResults());
    op->erase();
  }
};

} // namespace
