//===- Decompose.cpp - composite umc ops to primitives --------------------===//
#include "umc/Transforms/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCDECOMPOSE
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// linear(x, w, b) -> add(matmul(x, transpose(w)), b).
struct SplitLinearBias : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LinearOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getBias())
      return rewriter.notifyMatchFailure(op, "linear has no bias");
    Location loc = op.getLoc();
    Value weightT = TransposeOp::create(rewriter, loc, op.getWeight(),
                                        ArrayRef<int64_t>{1, 0});
    Value product = MatmulOp::create(rewriter, loc, op.getInput(), weightT);
    rewriter.replaceOpWithNewOp<AddOp>(op, product, op.getBias());
    return success();
  }
};

struct UmcDecomposePass : umc::impl::UmcDecomposeBase<UmcDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SplitLinearBias>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
