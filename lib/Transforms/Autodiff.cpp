//===- Autodiff.cpp - reverse-mode differentiation of loss functions ------===//
//
// For each function marked umc.loss, builds `<name>_grad`: the same
// computation, then the gradients of the loss with respect to every
// parameter, swept backwards through the function's ops. What each op
// contributes is its own rule (GradientOpInterface); this pass only orders
// the sweep, seeds it, sums the gradients of values used more than once and
// checks that every value that needs a gradient got one.
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Passes.h"
#include "umc/Transforms/LossFunctions.h"

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"
#include "umc/Dialect/Umc/IR/UmcBuilders.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Transforms/Decompose.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCAUTODIFF
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Builds the gradient function of one loss function.
class GradientBuilder {
public:
  /// `function` is a copy of the loss function `lossName`, to turn into its
  /// gradient function.
  GradientBuilder(func::FuncOp function, StringRef lossName)
      : function(function), lossName(lossName) {}

  LogicalResult build() {
    Block &body = function.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    if (failed(markActive(body)))
      return failure();
    Value loss = ret.getOperand(0);
    if (!active.contains(loss))
      return function.emitError("the loss of '")
             << lossName
             << "' does not depend on any parameter: there is nothing to "
                "differentiate";

    OpBuilder b(ret);
    adjoints[loss] =
        scalarConstant(b, ret.getLoc(), getElementTypeOrSelf(loss), 1.0);
    SmallVector<Operation *> forward;
    for (Operation &op : body.without_terminator())
      forward.push_back(&op);
    for (Operation *op : llvm::reverse(forward))
      if (failed(differentiate(op, b)))
        return failure();
    return finish(ret, b);
  }

private:
  /// Marks the float values that depend on a parameter.
  LogicalResult markActive(Block &body) {
    for (BlockArgument arg : function.getArguments())
      if (function.getArgAttr(arg.getArgNumber(), UmcDialect::kParamAttrName) &&
          isFloatTensor(arg))
        active.insert(arg);
    for (Operation &op : body.without_terminator()) {
      bool readsActive = llvm::any_of(
          op.getOperands(), [&](Value v) { return active.contains(v); });
      if (!readsActive)
        continue;
      if (op.getNumRegions() != 0)
        return op.emitOpError("umc-autodiff cannot differentiate through "
                              "control flow yet; compute the loss in "
                              "straight-line code");
      for (Value result : op.getResults())
        if (isFloatTensor(result))
          active.insert(result);
    }
    return success();
  }

  LogicalResult differentiate(Operation *op, OpBuilder &b) {
    bool hasAdjoint = llvm::any_of(
        op->getResults(), [&](Value v) { return adjoints.contains(v); });
    bool readsActive = llvm::any_of(
        op->getOperands(), [&](Value v) { return active.contains(v); });
    if (!hasAdjoint || !readsActive)
      return success();
    auto rule = dyn_cast<GradientOpInterface>(op);
    if (!rule)
      return op->emitOpError("has no gradient rule: umc-autodiff "
                             "differentiates umc ops only");
    SmallVector<Value> resultGradients;
    for (Value result : op->getResults()) {
      Value adjoint = adjoints.lookup(result);
      if (!adjoint && isFloatTensor(result))
        adjoint =
            zerosOf(b, op->getLoc(), cast<RankedTensorType>(result.getType()));
      resultGradients.push_back(adjoint);
    }
    SmallVector<Value> operandGradients;
    if (failed(rule.buildGradients(b, resultGradients, operandGradients)))
      return failure();
    for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
      if (!active.contains(operand))
        continue;
      Value gradient =
          index < operandGradients.size() ? operandGradients[index] : Value();
      if (!gradient)
        return op->emitOpError("gives no gradient for operand #")
               << index << ", which depends on a parameter";
      if (gradient.getType() != operand.getType())
        return op->emitOpError("gradient rule built a ")
               << gradient.getType() << " for operand #" << index << " of type "
               << operand.getType();
      accumulate(b, op->getLoc(), operand, gradient);
    }
    return success();
  }

  void accumulate(OpBuilder &b, Location loc, Value value, Value gradient) {
    Value &sum = adjoints[value];
    sum = sum ? AddOp::create(b, loc, sum, gradient).getResult() : gradient;
  }

  /// Returns the original results, then the gradient of each parameter in
  /// argument order.
  LogicalResult finish(func::ReturnOp ret, OpBuilder &b) {
    SmallVector<Value> results(ret.getOperands());
    SmallVector<DictionaryAttr> resultAttrs;
    for (unsigned i = 0; i < results.size(); ++i)
      resultAttrs.push_back(function.getResultAttrDict(i));
    for (BlockArgument arg : function.getArguments()) {
      auto name = function.getArgAttrOfType<StringAttr>(
          arg.getArgNumber(), UmcDialect::kParamAttrName);
      if (!name || !isFloatTensor(arg))
        continue;
      Value gradient = adjoints.lookup(arg);
      if (!gradient)
        gradient =
            zerosOf(b, ret.getLoc(), cast<RankedTensorType>(arg.getType()));
      results.push_back(gradient);
      resultAttrs.push_back(
          b.getDictionaryAttr(b.getNamedAttr(attrs::kGradOf, name)));
    }
    func::ReturnOp::create(b, ret.getLoc(), results);
    ret.erase();
    // Rules build every operand's gradient; those no parameter needs (an
    // input's) go unused.
    Block &body = function.getBody().front();
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op))
        op.erase();
    function.setFunctionType(b.getFunctionType(function.getArgumentTypes(),
                                               ValueRange(results).getTypes()));
    function.setAllResultAttrs(resultAttrs);
    return success();
  }

  func::FuncOp function;
  StringRef lossName;
  DenseSet<Value> active;
  DenseMap<Value, Value> adjoints;
};

struct UmcAutodiffPass : umc::impl::UmcAutodiffBase<UmcAutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (func::FuncOp loss : lossFunctions(module))
      if (failed(addGradientFunction(module, loss)))
        return signalPassFailure();
  }

  LogicalResult addGradientFunction(ModuleOp module, func::FuncOp loss) {
    std::string name = (loss.getSymName() + "_grad").str();
    if (module.lookupSymbol(name))
      return loss.emitError("umc-autodiff would name the gradient of '")
             << loss.getSymName() << "' '" << name
             << "', but the module already has a symbol of that name";
    OpBuilder b(module.getContext());
    b.setInsertionPointAfter(loss);
    auto gradient = cast<func::FuncOp>(b.clone(*loss.getOperation()));
    gradient.setSymName(name);
    gradient->removeAttr(attrs::kLoss);
    gradient.setPublic();
    // Blocks are differentiated through their primitives; a composite op
    // with a rule of its own (unpatchify) stays whole.
    RewritePatternSet patterns(module.getContext());
    populateDecomposePatterns(patterns);
    SmallVector<Operation *> withoutRule;
    gradient.getBody().walk([&](Operation *op) {
      if (!op->hasTrait<umc::OpTrait::GradientRule>())
        withoutRule.push_back(op);
    });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(
            applyOpPatternsGreedily(withoutRule, std::move(patterns), config)))
      return gradient.emitError("umc-autodiff could not decompose the blocks "
                                "of '")
             << loss.getSymName() << "'";
    if (failed(GradientBuilder(gradient, loss.getSymName()).build())) {
      gradient.erase();
      return failure();
    }
    return success();
  }
};

} // namespace
