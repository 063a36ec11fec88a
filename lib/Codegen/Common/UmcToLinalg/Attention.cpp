//===- Attention.cpp - rope and attention to linalg -----------------------===//
//
// Attention materializes one [S, T] block of scores per (batch, head) tile:
// the scores, their row max, the row sum of exp(score - max), then the
// weighted sum of values. The mask and the scale are applied where the scores
// are read, so masked scores never exist as separate tensors.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

Value indexValue(OpBuilder &b, Location loc, int64_t v) {
  return indexConstant(b, loc, v);
}

Value cmp(OpBuilder &b, Location loc, arith::CmpIPredicate pred, Value lhs,
          Value rhs) {
  return arith::CmpIOp::create(b, loc, pred, lhs, rhs);
}

/// rope, rotate-half form: element i pairs with i +- D/2 of the same row.
struct LowerRope : OpRewritePattern<RopeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RopeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    int64_t dim = type.getShape().back(), half = dim / 2;
    double logTheta = std::log(op.getTheta().convertToDouble());
    Value x = op.getInput();

    auto rotate = generic(
        rewriter, loc,
        {{x, AffineMap::getMultiDimIdentityMap(rank, ctx)},
         {op.getPositions(),
          AffineMap::get(rank, 0, getAffineDimExpr(rank - 2, ctx))}},
        {{emptyTensor(rewriter, loc, type.getShape(), type.getElementType()),
          AffineMap::getMultiDimIdentityMap(rank, ctx)}},
        iterators(rank),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          Type f = in[0].getType();
          SmallVector<Value> index;
          for (unsigned d = 0; d < rank; ++d)
            index.push_back(linalg::IndexOp::create(b, l, d));
          Value i = index.back();
          Value first =
              cmp(b, l, arith::CmpIPredicate::ult, i, indexValue(b, l, half));
          Value j = arith::SelectOp::create(
              b, l, first, i,
              arith::SubIOp::create(b, l, i, indexValue(b, l, half)));
          index.back() = arith::SelectOp::create(
              b, l, first, arith::AddIOp::create(b, l, i, indexValue(b, l, half)),
              j);
          Value partner =
              toCompute(b, l, tensor::ExtractOp::create(b, l, x, index));

          // angle = position * theta^(-2j / D)
          Value jf = arith::SIToFPOp::create(
              b, l, f,
              arith::IndexCastOp::create(b, l, b.getI64Type(), j));
          Value freq = math::ExpOp::create(
              b, l,
              arith::MulFOp::create(b, l, jf,
                                    constant(b, l, f, -2.0 * logTheta / dim)));
          Value pos = arith::SIToFPOp::create(b, l, f, in[1]);
          Value angle = arith::MulFOp::create(b, l, pos, freq);
          Value cos = math::CosOp::create(b, l, angle);
          Value sin = math::SinOp::create(b, l, angle);
          Value partnerSin = arith::MulFOp::create(b, l, partner, sin);
          Value rotated = arith::SelectOp::create(
              b, l, first, arith::NegFOp::create(b, l, partnerSin), partnerSin);
          return {arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, in[0], cos), rotated)};
        });
    setTileDims(rotate, rank - 1);
    rewriter.replaceOp(op, rotate.getResult(0));
    return success();
  }
};

/// Builds `visible ? score * scale : -inf` for query `s` and key `t` (index
/// values), following the mask kinds of #umc.mask.
class MaskedScore {
public:
  MaskedScore(AttentionOp op, int64_t numQueries, int64_t numKeys)
      : mask(op.getMask()), scale(op.getEffectiveScale()),
        numQueries(numQueries), numKeys(numKeys) {}

  /// Creates the constants the mask needs (the block layout); call before
  /// the generics that use it.
  void prepare(OpBuilder &b, Location loc) {
    if (mask.getKind() != MaskKind::block_sparse)
      return;
    SmallVector<int8_t> entries(mask.getLayout().begin(),
                                mask.getLayout().end());
    auto type = RankedTensorType::get({static_cast<int64_t>(entries.size())},
                                      b.getI8Type());
    layout = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<int8_t>(entries)));
  }

  Value build(OpBuilder &b, Location loc, Value score, Value s,
              Value t) const {
    Value scaled = arith::MulFOp::create(
        b, loc, score, constant(b, loc, score.getType(), scale));
    Value visible = isVisible(b, loc, s, t);
    if (!visible)
      return scaled;
    return arith::SelectOp::create(
        b, loc, visible, scaled, constant(b, loc, score.getType(), -INFINITY));
  }

private:
  /// The predicate, or a null value when every key is visible.
  Value isVisible(OpBuilder &b, Location loc, Value s, Value t) const {
    using P = arith::CmpIPredicate;
    Value p = arith::AddIOp::create(b, loc, s,
                                    indexValue(b, loc, numKeys - numQueries));
    Value causal = cmp(b, loc, P::ule, t, p);
    switch (mask.getKind()) {
    case MaskKind::full:
      return Value();
    case MaskKind::causal:
      return causal;
    case MaskKind::sliding_window: {
      Value reach = arith::AddIOp::create(b, loc, t,
                                          indexValue(b, loc, mask.getWindow()));
      return arith::AndIOp::create(b, loc, causal,
                                   cmp(b, loc, P::ugt, reach, p));
    }
    case MaskKind::omni: {
      Value visible = causal;
      ArrayRef<int64_t> spans = mask.getSpans();
      for (size_t i = 0; i < spans.size(); i += 2) {
        Value begin = indexValue(b, loc, spans[i]);
        Value end = indexValue(b, loc, spans[i + 1]);
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::AndIOp::create(b, loc, cmp(b, loc, P::uge, p, begin),
                                  cmp(b, loc, P::ult, p, end)),
            arith::AndIOp::create(b, loc, cmp(b, loc, P::uge, t, begin),
                                  cmp(b, loc, P::ult, t, end)));
        visible = arith::OrIOp::create(b, loc, visible, inside);
      }
      return visible;
    }
    case MaskKind::block_sparse: {
      int64_t block = mask.getBlock();
      int64_t blocks = (numKeys + block - 1) / block;
      Value blockSize = indexValue(b, loc, block);
      Value entry = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc,
                                arith::DivUIOp::create(b, loc, p, blockSize),
                                indexValue(b, loc, blocks)),
          arith::DivUIOp::create(b, loc, t, blockSize));
      Value kept = tensor::ExtractOp::create(b, loc, layout, entry);
      return arith::CmpIOp::create(
          b, loc, P::ne, kept,
          arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)));
    }
    }
    return Value();
  }

  MaskAttr mask;
  double scale;
  int64_t numQueries, numKeys;
  Value layout;
};

struct LowerAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    ArrayRef<int64_t> q = shapeOf(op.getQuery());
    ArrayRef<int64_t> k = shapeOf(op.getKey());
    ArrayRef<int64_t> v = shapeOf(op.getValue());
    int64_t group = q[1] / k[1];
    Type elementType = op.getType().getElementType();
    Type acc = computeType(elementType);

    Value query = op.getQuery(), key = op.getKey();
    if (op.getQNormScale()) {
      double eps = op.getQkNormEps().convertToDouble();
      AffineMap last = lastDimMap(ctx, 4);
      query = normalizeRows(rewriter, loc, query, op.getQNormScale(), last,
                            Value(), last, eps, false, elementType, 3);
      key = normalizeRows(rewriter, loc, key, op.getKNormScale(), last,
                          Value(), last, eps, false, elementType, 3);
    }

    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto map = [&](unsigned loops, ArrayRef<AffineExpr> exprs) {
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    AffineExpr kvHead = d(1).floorDiv(group);
    MaskedScore masked(op, q[2], k[2]);
    masked.prepare(rewriter, loc);

    // scores[b, h, s, t] = sum_d q[b, h, s, d] * k[b, h / G, t, d]
    SmallVector<int64_t> scoreShape{q[0], q[1], q[2], k[2]};
    Value scores =
        generic(rewriter, loc,
                {{query, map(5, {d(0), d(1), d(2), d(4)})},
                 {key, map(5, {d(0), kvHead, d(3), d(4)})}},
                {{filledTensor(rewriter, loc, scoreShape, acc, 0.0),
                  map(5, {d(0), d(1), d(2), d(3)})}},
                iterators(5, {4}),
                [](OpBuilder &b, Location l, ValueRange in,
                   ValueRange out) -> SmallVector<Value> {
                  return {multiplyAccumulate(b, l, out[0], in[0], in[1])};
                })
            .getResult(0);

    SmallVector<int64_t> rowShape{q[0], q[1], q[2]};
    AffineMap scoreMap = AffineMap::getMultiDimIdentityMap(4, ctx);
    AffineMap rowMap = map(4, {d(0), d(1), d(2)});
    auto maskedAt = [&](OpBuilder &b, Location l, Value score, unsigned sDim,
                        unsigned tDim) {
      return masked.build(b, l, score, linalg::IndexOp::create(b, l, sDim),
                          linalg::IndexOp::create(b, l, tDim));
    };

    Value max =
        generic(rewriter, loc, {{scores, scoreMap}},
                {{filledTensor(rewriter, loc, rowShape, acc, -INFINITY),
                  rowMap}},
                iterators(4, {3}),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                  return {accumulateMaximum(b, l, out[0],
                                            maskedAt(b, l, in[0], 2, 3))};
                })
            .getResult(0);
    // exps[b, h, s, t] = exp(masked score - max), once per score.
    Value exps =
        generic(rewriter, loc, {{scores, scoreMap}, {max, rowMap}},
                {{emptyTensor(rewriter, loc, scoreShape, acc), scoreMap}},
                iterators(4),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange) -> SmallVector<Value> {
                  return {math::ExpOp::create(
                      b, l,
                      arith::SubFOp::create(b, l, maskedAt(b, l, in[0], 2, 3),
                                            in[1]))};
                })
            .getResult(0);
    Value sum =
        generic(rewriter, loc, {{exps, scoreMap}},
                {{filledTensor(rewriter, loc, rowShape, acc, 0.0), rowMap}},
                iterators(4, {3}),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                  return {accumulate(b, l, out[0], in[0])};
                })
            .getResult(0);

    // weighted[b, h, s, e] = sum_t exps[b, h, s, t] * v[b, h / G, t, e]; the
    // division by the row's sum comes after, once per output element.
    SmallVector<int64_t> outShape{q[0], q[1], q[2], v[3]};
    // Loops (b, h, s, t, e): e innermost reads v and the output row
    // contiguously.
    Value weighted =
        generic(rewriter, loc,
                {{exps, map(5, {d(0), d(1), d(2), d(3)})},
                 {op.getValue(), map(5, {d(0), kvHead, d(3), d(4)})}},
                {{filledTensor(rewriter, loc, outShape, acc, 0.0),
                  map(5, {d(0), d(1), d(2), d(4)})}},
                iterators(5, {3}),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange o) -> SmallVector<Value> {
                  return {multiplyAccumulate(b, l, o[0], in[0], in[1])};
                })
            .getResult(0);
    auto out = generic(
        rewriter, loc, {{weighted, scoreMap}, {sum, rowMap}},
        {{emptyTensor(rewriter, loc, outShape, acc), scoreMap}},
        iterators(4),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          return {arith::DivFOp::create(b, l, in[0], in[1])};
        });
    Value result = out.getResult(0);
    // Keys and values are read at head h floordiv G: umc-select-workgroup-
    // tiles finds that in the maps and keeps whole groups of query heads.
    setTileDims(out, 3);
    if (acc != elementType) {
      result = elementwise(rewriter, loc, outShape, elementType, {result},
                           [](OpBuilder &, Location, ValueRange in) {
                             return in[0];
                           });
      setTileDims(result.getDefiningOp(), 3);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void umc::lowering::populateAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRope, LowerAttention>(patterns.getContext());
}
