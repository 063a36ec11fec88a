//===- Normalization.cpp - layer_norm, rms_norm, group_norm to linalg -----===//
//
// Two reductions over each row (the sum, then the sum of squared deviations
// from the mean) and one elementwise pass. Subtracting the mean before
// squaring keeps the variance accurate when the mean is large.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

Value umc::lowering::normalizeRows(OpBuilder &b, Location loc, Value x, Value scale,
                    AffineMap scaleMap, Value bias, AffineMap biasMap,
                    double eps, bool subtractMean, Type resultType,
                    int64_t tileDims) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(x);
  unsigned rank = shape.size();
  double inverseCount = 1.0 / static_cast<double>(shape.back());
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap row = dropDimMap(ctx, rank, rank - 1);

  Value mean;
  if (subtractMean) {
    Value sum = sumLastDim(b, loc, x, {},
                           [](OpBuilder &, Location, ValueRange in) {
                             return in[0];
                           });
    mean = elementwise(b, loc, shapeOf(sum), elementTypeOf(sum), {sum},
                       [&](OpBuilder &nb, Location nl, ValueRange in) {
                         return arith::MulFOp::create(
                             nb, nl, in[0],
                             constant(nb, nl, in[0].getType(), inverseCount));
                       });
  }
  SmallVector<Input> squareInputs;
  if (mean)
    squareInputs.push_back({mean, row});
  Value squares = sumLastDim(
      b, loc, x, squareInputs, [&](OpBuilder &nb, Location nl, ValueRange in) {
        Value d = mean ? arith::SubFOp::create(nb, nl, in[0], in[1]) : in[0];
        return arith::MulFOp::create(nb, nl, d, d);
      });

  SmallVector<Input> inputs{{x, identity}, {squares, row}};
  if (mean)
    inputs.push_back({mean, row});
  int scaleIndex = -1, biasIndex = -1;
  if (scale) {
    scaleIndex = inputs.size();
    inputs.push_back({scale, scaleMap});
  }
  if (bias) {
    biasIndex = inputs.size();
    inputs.push_back({bias, biasMap});
  }
  auto op = generic(
      b, loc, inputs, {{emptyTensor(b, loc, shape, resultType), identity}},
      iterators(rank),
      [&](OpBuilder &nb, Location nl, ValueRange in,
          ValueRange) -> SmallVector<Value> {
        Type t = in[0].getType();
        Value variance = arith::MulFOp::create(nb, nl, in[1],
                                               constant(nb, nl, t, inverseCount));
        Value rstd = math::RsqrtOp::create(
            nb, nl,
            arith::AddFOp::create(nb, nl, variance, constant(nb, nl, t, eps)));
        Value centered = mean ? arith::SubFOp::create(nb, nl, in[0], in[2])
                              : in[0];
        Value y = arith::MulFOp::create(nb, nl, centered, rstd);
        if (scaleIndex >= 0)
          y = arith::MulFOp::create(nb, nl, y, in[scaleIndex]);
        if (biasIndex >= 0)
          y = arith::AddFOp::create(nb, nl, y, in[biasIndex]);
        return {y};
      });
  setTileDims(op, tileDims);
  return op.getResult(0);
}

AffineMap umc::lowering::lastDimMap(MLIRContext *ctx, unsigned rank) {
  return AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx));
}

namespace {

struct LowerLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    AffineMap map = lastDimMap(getContext(), type.getRank());
    rewriter.replaceOp(
        op, normalizeRows(rewriter, op.getLoc(), op.getInput(), op.getScale(),
                          map, op.getBias(), map, op.getEps().convertToDouble(),
                          /*subtractMean=*/true, type.getElementType(),
                          type.getRank() - 1));
    return success();
  }
};

struct LowerRmsNorm : OpRewritePattern<RmsNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RmsNormOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    AffineMap map = lastDimMap(getContext(), type.getRank());
    rewriter.replaceOp(
        op, normalizeRows(rewriter, op.getLoc(), op.getInput(), op.getScale(),
                          map, Value(), map, op.getEps().convertToDouble(),
                          /*subtractMean=*/false, type.getElementType(),
                          type.getRank() - 1));
    return success();
  }
};

/// group_norm views [N, C, rest...] as rows [N, G, (C / G) * prod(rest)]:
/// the same bytes, so the rows are normalized like a layer_norm.
struct LowerGroupNorm : OpRewritePattern<GroupNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GroupNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> shape = type.getShape();
    int64_t n = shape[0], channels = shape[1], groups = op.getGroups();
    int64_t spatial = 1;
    for (int64_t d : shape.drop_front(2))
      spatial *= d;
    int64_t perGroup = channels / groups;

    // [N, C, rest...] -> [N, C * rest] -> [N, G, (C / G) * rest].
    ReassociationIndices tail;
    for (unsigned d = 1; d < shape.size(); ++d)
      tail.push_back(d);
    SmallVector<ReassociationIndices> toFlat{{0}, tail};
    Value flat = tensor::CollapseShapeOp::create(rewriter, loc, op.getInput(),
                                                 toFlat);
    SmallVector<int64_t> rowShape{n, groups, perGroup * spatial};
    auto rowType = RankedTensorType::get(rowShape, type.getElementType());
    SmallVector<ReassociationIndices> toRows{{0}, {1, 2}};
    Value rows =
        tensor::ExpandShapeOp::create(rewriter, loc, rowType, flat, toRows);

    // Element (n, g, m) belongs to channel g * (C / G) + m floordiv rest.
    AffineExpr channel = getAffineDimExpr(1, ctx) * perGroup +
                         getAffineDimExpr(2, ctx).floorDiv(spatial);
    AffineMap channelMap = AffineMap::get(3, 0, channel);
    Value normalized = normalizeRows(
        rewriter, loc, rows, op.getScale(), channelMap, op.getBias(),
        channelMap, op.getEps().convertToDouble(), /*subtractMean=*/true,
        type.getElementType(), /*tileDims=*/2);

    auto flatType = cast<RankedTensorType>(flat.getType());
    Value back = tensor::CollapseShapeOp::create(rewriter, loc, flatType,
                                                 normalized, toRows);
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, type, back, toFlat);
    return success();
  }
};

} // namespace

void umc::lowering::populateNormalizationPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLayerNorm, LowerRmsNorm, LowerGroupNorm>(
      patterns.getContext());
}
