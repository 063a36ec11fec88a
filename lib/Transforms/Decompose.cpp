//===- Decompose.cpp - composite umc ops to primitives --------------------===//
#include "umc/Transforms/Passes.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCDECOMPOSE
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// split -> one slice per piece, at its offset along the axis.
struct SplitIntoSlices : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getInput().getType();
    int64_t rank = type.getRank();
    // The verifier has checked the axis, so it normalizes.
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    SmallVector<Value> pieces;
    SmallVector<int64_t> offsets(rank, 0);
    for (Value result : op.getResults()) {
      auto piece = cast<RankedTensorType>(result.getType());
      pieces.push_back(SliceOp::create(rewriter, op.getLoc(), piece,
                                       op.getInput(), offsets,
                                       piece.getShape(), nullptr));
      offsets[axis] += piece.getDimSize(axis);
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

struct UmcDecomposePass : umc::impl::UmcDecomposeBase<UmcDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SplitIntoSlices>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
