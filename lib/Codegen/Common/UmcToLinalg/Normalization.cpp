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

/// The statistics of each row of `x` (its last dim): the mean (when
/// `subtractMean`) and the sum of squared deviations from it.
struct RowStatistics {
  Value mean;    // null for rms_norm
  Value squares; // sum over the row of (x - mean)^2, or of x^2
  double inverseCount;
};

static RowStatistics rowStatistics(OpBuilder &b, Location loc, Value x,
                                   bool subtractMean) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(x);
  unsigned rank = shape.size();
  RowStatistics stats;
  stats.inverseCount = 1.0 / static_cast<double>(shape.back());
  if (subtractMean) {
    Value sum = sumLastDim(b, loc, x, {},
                           [](OpBuilder &, Location, ValueRange in) {
                             return in[0];
                           });
    stats.mean = elementwise(
        b, loc, shapeOf(sum), elementTypeOf(sum), {sum},
        [&](OpBuilder &nb, Location nl, ValueRange in) {
          return arith::MulFOp::create(
              nb, nl, in[0],
              constant(nb, nl, in[0].getType(), stats.inverseCount));
        });
  }
  SmallVector<Input> squareInputs;
  if (stats.mean)
    squareInputs.push_back({stats.mean, dropDimMap(ctx, rank, rank - 1)});
  stats.squares = sumLastDim(
      b, loc, x, squareInputs, [&](OpBuilder &nb, Location nl, ValueRange in) {
        Value d = stats.mean ? arith::SubFOp::create(nb, nl, in[0], in[1])
                             : in[0];
        return arith::MulFOp::create(nb, nl, d, d);
      });
  return stats;
}

/// (x - mean) * rsqrt(variance + eps) * scale + bias over the iteration
/// space of `x` (identity map), reading the statistics through `statsMap`.
static Value normalize(OpBuilder &b, Location loc, Value x,
                       const RowStatistics &stats, AffineMap statsMap,
                       Value scale, AffineMap scaleMap, Value bias,
                       AffineMap biasMap, double eps, Type resultType,
                       int64_t tileDims) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = shapeOf(x);
  unsigned rank = shape.size();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  SmallVector<Input> inputs{{x, identity}, {stats.squares, statsMap}};
  if (stats.mean)
    inputs.push_back({stats.mean, statsMap});
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
        Value variance = arith::MulFOp::create(
            nb, nl, in[1], constant(nb, nl, t, stats.inverseCount));
        Value rstd = math::RsqrtOp::create(
            nb, nl,
            arith::AddFOp::create(nb, nl, variance, constant(nb, nl, t, eps)));
        Value centered = stats.mean
                             ? arith::SubFOp::create(nb, nl, in[0], in[2])
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

Value umc::lowering::normalizeRows(OpBuilder &b, Location loc, Value x,
                                   Value scale, AffineMap scaleMap, Value bias,
                                   AffineMap biasMap, double eps,
                                   bool subtractMean, Type resultType,
                                   int64_t tileDims) {
  unsigned rank = shapeOf(x).size();
  RowStatistics stats = rowStatistics(b, loc, x, subtractMean);
  return normalize(b, loc, x, stats,
                   dropDimMap(b.getContext(), rank, rank - 1), scale,
                   scaleMap, bias, biasMap, eps, resultType, tileDims);
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

/// group_norm: the statistics of each group come from the input viewed as
/// rows [N, G, (C / G) * prod(rest)] (the same bytes); the normalization
/// then writes the result in its own shape, reading them at
/// (n, c floordiv (C / G)). No reshape follows the result, so the kernel's
/// workgroups stay independent.
struct LowerGroupNorm : OpRewritePattern<GroupNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GroupNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> shape = type.getShape();
    unsigned rank = shape.size();
    int64_t n = shape[0], channels = shape[1], groups = op.getGroups();
    int64_t spatial = 1;
    for (int64_t d : shape.drop_front(2))
      spatial *= d;
    int64_t perGroup = channels / groups;

    // [N, C, rest...] -> [N, C * rest] -> [N, G, (C / G) * rest].
    ReassociationIndices tail;
    for (unsigned d = 1; d < rank; ++d)
      tail.push_back(d);
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, op.getInput(),
        SmallVector<ReassociationIndices>{{0}, tail});
    auto rowType = RankedTensorType::get({n, groups, perGroup * spatial},
                                         type.getElementType());
    Value rows = tensor::ExpandShapeOp::create(
        rewriter, loc, rowType, flat,
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    RowStatistics stats = rowStatistics(rewriter, loc, rows, true);

    AffineExpr c = getAffineDimExpr(1, ctx);
    AffineMap statsMap =
        AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx), c.floorDiv(perGroup)},
                       ctx);
    AffineMap channelMap = AffineMap::get(rank, 0, c);
    // Batch and channels may be split, channels by whole groups: the
    // statistics are read at c floordiv (C / G), which the workgroup tiles
    // respect.
    Value result =
        normalize(rewriter, loc, op.getInput(), stats, statsMap, op.getScale(),
                  channelMap, op.getBias(), channelMap,
                  op.getEps().convertToDouble(), type.getElementType(),
                  /*tileDims=*/2);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void umc::lowering::populateNormalizationPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLayerNorm, LowerRmsNorm, LowerGroupNorm>(
      patterns.getContext());
}
