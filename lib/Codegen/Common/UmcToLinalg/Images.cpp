//===- Images.cpp - conv2d and patchify to linalg -------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

/// conv2d: zero-pad the input, then one contraction over loops
/// (n, o, y, x, c, i, j) that reads channel (o / (O / G)) * (C / G) + c.
struct LowerConv2d : OpRewritePattern<Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2dOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> x = shapeOf(op.getInput());
    ArrayRef<int64_t> w = shapeOf(op.getWeight());
    ArrayRef<int64_t> stride = op.getStrides(), pad = op.getPadding(),
                      dilation = op.getDilation();
    int64_t groups = op.getGroups();
    Type elementType = type.getElementType();
    Type acc = computeType(elementType);

    Value input = op.getInput();
    if (pad[0] != 0 || pad[1] != 0) {
      SmallVector<int64_t> low{0, 0, pad[0], pad[1]};
      SmallVector<int64_t> padded{x[0], x[1], x[2] + 2 * pad[0],
                                  x[3] + 2 * pad[1]};
      input = tensor::PadOp::create(
          rewriter, loc, RankedTensorType::get(padded, elementType), input,
          getAsIndexOpFoldResult(ctx, low), getAsIndexOpFoldResult(ctx, low),
          constant(rewriter, loc, elementType, 0.0));
    }

    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    int64_t outPerGroup = w[0] / groups, inPerGroup = w[1];
    AffineMap inMap = AffineMap::get(
        7, 0,
        {d(0), d(1).floorDiv(outPerGroup) * inPerGroup + d(4),
         d(2) * stride[0] + d(5) * dilation[0],
         d(3) * stride[1] + d(6) * dilation[1]},
        ctx);
    AffineMap wMap = AffineMap::get(7, 0, {d(1), d(4), d(5), d(6)}, ctx);
    AffineMap outMap = AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx);
    AffineMap outIdentity = AffineMap::getMultiDimIdentityMap(4, ctx);

    Value init;
    if (Value bias = op.getBias()) {
      init = generic(rewriter, loc,
                     {{bias, AffineMap::get(4, 0, {d(1)}, ctx)}},
                     {{emptyTensor(rewriter, loc, type.getShape(), acc),
                       outIdentity}},
                     iterators(4),
                     [](OpBuilder &, Location, ValueRange in,
                        ValueRange) -> SmallVector<Value> { return {in[0]}; })
                 .getResult(0);
    } else {
      init = filledTensor(rewriter, loc, type.getShape(), acc, 0.0);
    }
    auto conv = generic(
        rewriter, loc, {{input, inMap}, {op.getWeight(), wMap}},
        {{init, outMap}}, iterators(7, {4, 5, 6}),
        [](OpBuilder &b, Location l, ValueRange in,
           ValueRange out) -> SmallVector<Value> {
          return {multiplyAccumulate(b, l, out[0], in[0], in[1])};
        });
    Value result = conv.getResult(0);
    // The input is read at channel group (k floordiv outPerGroup): the
    // workgroup tiles keep whole groups (umc-select-workgroup-tiles reads
    // that from the maps).
    setTileDims(conv, 3);
    if (acc != elementType) {
      result = elementwise(rewriter, loc, type.getShape(), elementType,
                           {result}, [](OpBuilder &, Location, ValueRange in) {
                             return in[0];
                           });
      setTileDims(result.getDefiningOp(), 3);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// patchify: one copy in the result's shape, each element read at
///   result[n, l, f] = input[n, f / PP, (l / WP) P + (f % PP) / P,
///                           (l % WP) P + f % P]
/// (PP = P * P, WP = W / P). Writing the result directly (no reshape after
/// it) keeps the kernel's workgroups independent; they split the batch and
/// the patches in whole rows of patches, so that l / WP and l % WP stay
/// exact in every tile.
struct LowerPatchify : OpRewritePattern<PatchifyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PatchifyOp op,
                                PatternRewriter &rewriter) const override {
    MLIRContext *ctx = getContext();
    ArrayRef<int64_t> x = shapeOf(op.getInput());
    RankedTensorType type = op.getType();
    int64_t p = op.getPatchSize(), pp = p * p, wp = x[3] / p;
    AffineExpr n = getAffineDimExpr(0, ctx), l = getAffineDimExpr(1, ctx),
               f = getAffineDimExpr(2, ctx);
    AffineMap read = AffineMap::get(
        3, 0,
        {n, f.floorDiv(pp), l.floorDiv(wp) * p + (f % pp).floorDiv(p),
         (l % wp) * p + f % p},
        ctx);
    auto copy = generic(
        rewriter, op.getLoc(), {{op.getInput(), read}},
        {{emptyTensor(rewriter, op.getLoc(), type.getShape(),
                      type.getElementType()),
          AffineMap::getMultiDimIdentityMap(3, ctx)}},
        iterators(3),
        [](OpBuilder &, Location, ValueRange in,
           ValueRange) -> SmallVector<Value> { return {in[0]}; });
    setTileDims(copy, 2);
    rewriter.replaceOp(op, copy.getResult(0));
    return success();
  }
};

} // namespace

void umc::lowering::populateImagePatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConv2d, LowerPatchify>(patterns.getContext());
}
