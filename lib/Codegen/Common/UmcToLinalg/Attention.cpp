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

#include "umc/Dialect/Umc/IR/UmcAttrNames.h"
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

/// How the loops over a rope input of `rank` read its positions: [S] by the
/// sequence loop, [B, S] by the first and the sequence loops.
AffineMap positionsMap(MLIRContext *ctx, Value positions, unsigned rank) {
  SmallVector<AffineExpr> exprs;
  if (shapeOf(positions).size() == 2)
    exprs.push_back(getAffineDimExpr(0, ctx));
  exprs.push_back(getAffineDimExpr(rank - 2, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// rope, rotate-half form: element i pairs with i +- D/2 of the same row.
/// The frequency of each i is a constant of the kernel (an exp per element
/// less); the partner is read by index: an affine `(i + D/2) mod D` map
/// measured 2.2x slower, its loads no longer contiguous to LLVM.
struct LowerRope : OpRewritePattern<RopeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RopeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    int64_t dim = type.getShape().back(), half = dim / 2;
    double theta = op.getTheta().convertToDouble();
    Value x = op.getInput();

    // freq[i] = theta^(-2 (i mod D/2) / D), computed in double and rounded
    // once to the compute type.
    Type compute = computeType(type.getElementType());
    SmallVector<Attribute> freq;
    for (int64_t i = 0; i < dim; ++i)
      freq.push_back(rewriter.getFloatAttr(
          compute,
          std::pow(theta, -2.0 * static_cast<double>(i % half) / dim)));
    Value freqTable = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({dim}, compute), freq));

    auto rotate = generic(
        rewriter, loc,
        {{x, AffineMap::getMultiDimIdentityMap(rank, ctx)},
         {op.getPositions(), positionsMap(ctx, op.getPositions(), rank)},
         {freqTable, lastDimMap(ctx, rank)}},
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
          index.back() = arith::SelectOp::create(
              b, l, first,
              arith::AddIOp::create(b, l, i, indexValue(b, l, half)),
              arith::SubIOp::create(b, l, i, indexValue(b, l, half)));
          Value partner =
              toCompute(b, l, tensor::ExtractOp::create(b, l, x, index));
          Value pos = arith::SIToFPOp::create(b, l, f, in[1]);
          Value angle = arith::MulFOp::create(b, l, pos, in[2]);
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

/// Builds `visible ? score * scale + bias : -inf` for query `s` and key `t`
/// (index values), following the mask kinds of #umc.mask and the op's
/// optional bias, key padding and query offset. The generics that read the
/// scores also read those operands, through the maps of `inputs()`.
class MaskedScore {
public:
  /// `op` is an attention or its gradient: they share these operands.
  template <typename OpTy>
  MaskedScore(OpTy op, int64_t numQueries, int64_t numKeys)
      : mask(op.getMask()), scale(op.getEffectiveScale()), bias(op.getBias()),
        padding(op.getKeyPadding()), offset(op.getQueryOffset()),
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

  /// The operands the mask reads, indexed by loops (b, h, s, t).
  SmallVector<Input> inputs(MLIRContext *ctx,
                            ArrayRef<int64_t> scoreShape) const {
    SmallVector<Input> extra;
    if (bias)
      extra.push_back({bias, broadcastMap(ctx, shapeOf(bias), scoreShape)});
    if (padding)
      extra.push_back(
          {padding, AffineMap::get(4, 0,
                                   {getAffineDimExpr(0, ctx),
                                    getAffineDimExpr(3, ctx)},
                                   ctx)});
    if (offset)
      extra.push_back({offset, AffineMap::get(4, 0, {}, ctx)});
    return extra;
  }

  /// `extra` holds the values of `inputs()` at this (b, h, s, t).
  Value build(OpBuilder &b, Location loc, Value score, ValueRange extra,
              Value s, Value t) const {
    Value scaled = arith::MulFOp::create(
        b, loc, score, constant(b, loc, score.getType(), scale));
    unsigned next = 0;
    if (bias)
      scaled = arith::AddFOp::create(b, loc, scaled, extra[next++]);
    Value paddingAt = padding ? extra[next++] : Value();
    Value offsetAt = offset ? extra[next++] : Value();
    Value visible = isVisible(b, loc, s, t, offsetAt);
    if (paddingAt) {
      Value kept = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::ne, paddingAt,
          constant(b, loc, paddingAt.getType(), 0));
      visible = visible ? arith::AndIOp::create(b, loc, visible, kept) : kept;
    }
    if (!visible)
      return scaled;
    return arith::SelectOp::create(
        b, loc, visible, scaled, constant(b, loc, score.getType(), -INFINITY));
  }

private:
  /// The predicate of the mask kind, or a null value when every key is
  /// visible. Positions are signed: a run-time offset may be anything.
  Value isVisible(OpBuilder &b, Location loc, Value s, Value t,
                  Value offsetAt) const {
    using P = arith::CmpIPredicate;
    // The query's position p, and (with an offset) the filled keys t < p0 + S.
    Value p, filled;
    if (offsetAt) {
      Value start =
          arith::IndexCastOp::create(b, loc, b.getIndexType(), offsetAt);
      p = arith::AddIOp::create(b, loc, s, start);
      filled = cmp(b, loc, P::slt, t,
                   arith::AddIOp::create(b, loc, start,
                                         indexValue(b, loc, numQueries)));
    } else {
      p = arith::AddIOp::create(b, loc, s,
                                indexValue(b, loc, numKeys - numQueries));
    }
    auto causal = [&] { return cmp(b, loc, P::sle, t, p); };
    Value visible;
    switch (mask.getKind()) {
    case MaskKind::full:
      break;
    case MaskKind::causal:
      visible = causal();
      break;
    case MaskKind::sliding_window: {
      Value before = causal();
      Value reach = arith::AddIOp::create(b, loc, t,
                                          indexValue(b, loc, mask.getWindow()));
      visible = arith::AndIOp::create(b, loc, before,
                                      cmp(b, loc, P::sgt, reach, p));
      break;
    }
    case MaskKind::omni: {
      visible = causal();
      ArrayRef<int64_t> spans = mask.getSpans();
      for (size_t i = 0; i < spans.size(); i += 2) {
        Value begin = indexValue(b, loc, spans[i]);
        Value end = indexValue(b, loc, spans[i + 1]);
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::AndIOp::create(b, loc, cmp(b, loc, P::sge, p, begin),
                                  cmp(b, loc, P::slt, p, end)),
            arith::AndIOp::create(b, loc, cmp(b, loc, P::sge, t, begin),
                                  cmp(b, loc, P::slt, t, end)));
        visible = arith::OrIOp::create(b, loc, visible, inside);
      }
      break;
    }
    case MaskKind::block_sparse: {
      int64_t block = mask.getBlock();
      int64_t blocks = (numKeys + block - 1) / block;
      Value blockSize = indexValue(b, loc, block);
      // A query outside the keys (a run-time offset) reads no layout row.
      Value row = arith::DivSIOp::create(b, loc, p, blockSize);
      Value inLayout = arith::AndIOp::create(
          b, loc, cmp(b, loc, P::sge, p, indexValue(b, loc, 0)),
          cmp(b, loc, P::slt, row, indexValue(b, loc, blocks)));
      Value safeRow = arith::SelectOp::create(b, loc, inLayout, row,
                                              indexValue(b, loc, 0));
      Value entry = arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, safeRow, indexValue(b, loc, blocks)),
          arith::DivUIOp::create(b, loc, t, blockSize));
      Value kept = tensor::ExtractOp::create(b, loc, layout, entry);
      visible = arith::AndIOp::create(
          b, loc, inLayout,
          arith::CmpIOp::create(
              b, loc, P::ne, kept,
              arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0))));
      break;
    }
    }
    if (!filled)
      return visible;
    return visible ? arith::AndIOp::create(b, loc, visible, filled).getResult()
                   : filled;
  }

  MaskAttr mask;
  double scale;
  Value bias, padding, offset; // the op's optional operands

  int64_t numQueries, numKeys;
  Value layout;
};

/// d(i): the expression of loop i in this file's indexing maps.
auto loopDims(MLIRContext *ctx) {
  return [ctx](unsigned i) { return getAffineDimExpr(i, ctx); };
}

/// map(n, exprs): an indexing map over n loops.
auto loopMaps(MLIRContext *ctx) {
  return [ctx](unsigned loops, ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(loops, 0, exprs, ctx);
  };
}

/// out = sum over loop `reduced` of lhs * rhs, accumulated in `acc` from
/// zeros of `shape`; every other loop is parallel.
Value contract(OpBuilder &b, Location loc, Input lhs, Input rhs,
               ArrayRef<int64_t> shape, AffineMap outMap, Type acc,
               unsigned reduced) {
  return generic(b, loc, {lhs, rhs},
                 {{filledTensor(b, loc, shape, acc, 0.0), outMap}},
                 iterators(outMap.getNumDims(), {reduced}),
                 [](OpBuilder &nb, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                   return {multiplyAccumulate(nb, l, out[0], in[0], in[1])};
                 })
      .getResult(0);
}

/// The softmax of the masked scores of `query` and `key` before its
/// division: exps[b, h, s, t] = exp(masked score - row max) (0 where masked
/// and in a row that sees no key) and sum[b, h, s], their row sums.
struct SoftmaxParts {
  Value exps, sum;
};

SoftmaxParts softmaxParts(OpBuilder &rewriter, Location loc, Value query,
                          Value key, const MaskedScore &masked, Type acc) {
  MLIRContext *ctx = rewriter.getContext();
  ArrayRef<int64_t> q = shapeOf(query);
  ArrayRef<int64_t> k = shapeOf(key);
  int64_t group = q[1] / k[1];
  auto d = loopDims(ctx);
  auto map = loopMaps(ctx);
  AffineExpr kvHead = d(1).floorDiv(group);

  // scores[b, h, s, t] = sum_d q[b, h, s, d] * k[b, h / G, t, d]
  SmallVector<int64_t> scoreShape{q[0], q[1], q[2], k[2]};
  Value scores =
      contract(rewriter, loc, {query, map(5, {d(0), d(1), d(2), d(4)})},
               {key, map(5, {d(0), kvHead, d(3), d(4)})}, scoreShape,
               map(5, {d(0), d(1), d(2), d(3)}), acc, 4);

  SmallVector<int64_t> rowShape{q[0], q[1], q[2]};
  AffineMap scoreMap = AffineMap::getMultiDimIdentityMap(4, ctx);
  AffineMap rowMap = map(4, {d(0), d(1), d(2)});
  SmallVector<Input> maskInputs = masked.inputs(ctx, scoreShape);
  // The masked score at this (b, h, s, t); `in` starts with the score and
  // ends with the mask's inputs.
  auto maskedAt = [&](OpBuilder &b, Location l, ValueRange in) {
    return masked.build(b, l, in[0], in.take_back(maskInputs.size()),
                        linalg::IndexOp::create(b, l, 2),
                        linalg::IndexOp::create(b, l, 3));
  };

  SmallVector<Input> maxInputs{{scores, scoreMap}};
  maxInputs.append(maskInputs);
  Value max =
      generic(rewriter, loc, maxInputs,
              {{filledTensor(rewriter, loc, rowShape, acc, -INFINITY), rowMap}},
              iterators(4, {3}),
              [&](OpBuilder &b, Location l, ValueRange in,
                  ValueRange out) -> SmallVector<Value> {
                return {accumulateMaximum(b, l, out[0], maskedAt(b, l, in))};
              })
          .getResult(0);
  // exps[b, h, s, t] = exp(masked score - max), once per score; 0 in a
  // row that sees no key (its max is -inf, and -inf - -inf is NaN).
  SmallVector<Input> expInputs{{scores, scoreMap}, {max, rowMap}};
  expInputs.append(maskInputs);
  Value exps =
      generic(rewriter, loc, expInputs,
              {{emptyTensor(rewriter, loc, scoreShape, acc), scoreMap}},
              iterators(4),
              [&](OpBuilder &b, Location l, ValueRange in,
                  ValueRange) -> SmallVector<Value> {
                Value rowMax = in[1];
                Value e = math::ExpOp::create(
                    b, l,
                    arith::SubFOp::create(b, l, maskedAt(b, l, in), rowMax));
                Value empty = arith::CmpFOp::create(
                    b, l, arith::CmpFPredicate::OEQ, rowMax,
                    constant(b, l, rowMax.getType(), -INFINITY));
                return {arith::SelectOp::create(
                    b, l, empty, constant(b, l, e.getType(), 0.0), e)};
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
  return {exps, sum};
}

/// `numerator / sum`, or 0 where the row sums to 0 (sees no key).
Value divideByRowSum(OpBuilder &b, Location l, Value numerator, Value sum) {
  Value zero = constant(b, l, sum.getType(), 0.0);
  Value empty =
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, sum, zero);
  Value safeSum = arith::SelectOp::create(
      b, l, empty, constant(b, l, sum.getType(), 1.0), sum);
  return arith::DivFOp::create(b, l, numerator, safeSum);
}

/// `result` (compute type) converted to `elementType`, tiled as `tileDims`.
Value toElementType(OpBuilder &b, Location loc, Value result, Type elementType,
                    int64_t tileDims) {
  if (elementTypeOf(result) == elementType)
    return result;
  Value converted =
      elementwise(b, loc, shapeOf(result), elementType, {result},
                  [](OpBuilder &, Location, ValueRange in) { return in[0]; });
  setTileDims(converted.getDefiningOp(), tileDims);
  return converted;
}

struct LowerAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;

  /// Records on `out` what a flash-attention ukernel needs to replace the
  /// generics above, when it can: f32, no bias, key padding or qk-norm, and
  /// a mask it knows (full, causal, a window). With a run-time query offset
  /// (a KV cache) only from 16 queries on (a prompt): one query (a decode
  /// step) would pack a block of keys to use it once.
  static void markFlashAttention(OpBuilder &b, AttentionOp op,
                                 linalg::GenericOp out) {
    MaskAttr mask = op.getMask();
    int32_t kind = mask.getKind() == MaskKind::full             ? 0
                   : mask.getKind() == MaskKind::causal         ? 1
                   : mask.getKind() == MaskKind::sliding_window ? 2
                   : mask.getKind() == MaskKind::omni           ? 3
                                                                : -1;
    ArrayRef<int64_t> q = shapeOf(op.getQuery()), k = shapeOf(op.getKey());
    if (kind < 0 || !op.getType().getElementType().isF32() || op.getBias() ||
        op.getKeyPadding() || op.getQNormScale() ||
        (op.getQueryOffset() && q[2] < 16))
      return;
    auto i64 = [&](StringRef key, int64_t v) {
      return b.getNamedAttr(key, b.getI64IntegerAttr(v));
    };
    out->setAttr(
        attrs::kFlashAttention,
        b.getDictionaryAttr(
            {i64("group", q[1] / k[1]),
             b.getNamedAttr("mask", b.getI32IntegerAttr(kind)),
             b.getNamedAttr("query_offset",
                            b.getBoolAttr(op.getQueryOffset() != nullptr)),
             i64("queries", q[2]), i64("query_shift", k[2] - q[2]),
             b.getNamedAttr("scale", b.getF32FloatAttr(static_cast<float>(
                                         op.getEffectiveScale()))),
             i64("window", kind == 2 ? mask.getWindow() : 0),
             b.getNamedAttr("spans", b.getDenseI64ArrayAttr(
                                         kind == 3 ? mask.getSpans()
                                                   : ArrayRef<int64_t>()))}));
  }

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

    auto d = loopDims(ctx);
    auto map = loopMaps(ctx);
    AffineExpr kvHead = d(1).floorDiv(group);
    MaskedScore masked(op, q[2], k[2]);
    masked.prepare(rewriter, loc);
    auto [exps, sum] = softmaxParts(rewriter, loc, query, key, masked, acc);
    AffineMap scoreMap = AffineMap::getMultiDimIdentityMap(4, ctx);
    AffineMap rowMap = map(4, {d(0), d(1), d(2)});

    // weighted[b, h, s, e] = sum_t exps[b, h, s, t] * v[b, h / G, t, e]; the
    // division by the row's sum comes after, once per output element.
    SmallVector<int64_t> outShape{q[0], q[1], q[2], v[3]};
    // Loops (b, h, s, t, e): e innermost reads v and the output row
    // contiguously.
    Value weighted =
        contract(rewriter, loc, {exps, map(5, {d(0), d(1), d(2), d(3)})},
                 {op.getValue(), map(5, {d(0), kvHead, d(3), d(4)})}, outShape,
                 map(5, {d(0), d(1), d(2), d(4)}), acc, 3);
    linalg::GenericOp out = generic(rewriter, loc, {{weighted, scoreMap}, {sum, rowMap}},
                       {{emptyTensor(rewriter, loc, outShape, acc), scoreMap}},
                       iterators(4),
                       [&](OpBuilder &b, Location l, ValueRange in,
                           ValueRange) -> SmallVector<Value> {
                         return {divideByRowSum(b, l, in[0], in[1])};
                       });
    // Keys and values are read at head h floordiv G: umc-select-workgroup-
    // tiles finds that in the maps and keeps whole groups of query heads.
    setTileDims(out, 3);
    markFlashAttention(rewriter, op, out);
    rewriter.replaceOp(
        op, toElementType(rewriter, loc, out.getResult(0), elementType, 3));
    return success();
  }
};

/// The gradient of attention with respect to q, k or v (see the op). With
/// P the probabilities and dS = scale * P * (dO v^T - rowsum(dO * O)):
///   dq[b, h, s, d] = sum_t dS[b, h, s, t] k[b, h / G, t, d]
///   dk[b, h, t, d] = sum_s dS[b, h, s, t] q[b, h, s, d]   (per query head)
///   dv[b, h, t, e] = sum_s P[b, h, s, t] dO[b, h, s, e]   (per query head)
/// dq is tiled by (batch, head, query) as the forward; dk and dv by (batch,
/// head), so that a workgroup computes its probabilities' rows once.
struct LowerAttentionGrad : OpRewritePattern<AttentionGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AttentionGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    ArrayRef<int64_t> q = shapeOf(op.getQuery());
    ArrayRef<int64_t> k = shapeOf(op.getKey());
    int64_t group = q[1] / k[1];
    Type elementType = op.getType().getElementType();
    Type acc = computeType(elementType);
    auto d = loopDims(ctx);
    auto map = loopMaps(ctx);
    AffineExpr kvHead = d(1).floorDiv(group);
    MaskedScore masked(op, q[2], k[2]);
    masked.prepare(rewriter, loc);
    auto [exps, sum] =
        softmaxParts(rewriter, loc, op.getQuery(), op.getKey(), masked, acc);
    SmallVector<int64_t> scoreShape{q[0], q[1], q[2], k[2]};
    AffineMap scoreMap = AffineMap::getMultiDimIdentityMap(4, ctx);
    AffineMap rowMap = map(4, {d(0), d(1), d(2)});
    Value probabilities =
        generic(rewriter, loc, {{exps, scoreMap}, {sum, rowMap}},
                {{emptyTensor(rewriter, loc, scoreShape, acc), scoreMap}},
                iterators(4),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange) -> SmallVector<Value> {
                  return {divideByRowSum(b, l, in[0], in[1])};
                })
            .getResult(0);
    // Loops (b, h, t, x, s) of dk and dv: the sum over the queries.
    auto perKey = [&](Value scores, Value other, int64_t width) {
      return contract(rewriter, loc, {scores, map(5, {d(0), d(1), d(4), d(2)})},
                      {other, map(5, {d(0), d(1), d(4), d(3)})},
                      {q[0], q[1], k[2], width},
                      map(5, {d(0), d(1), d(2), d(3)}), acc, 4);
    };
    Value result;
    int64_t tileDims = 2;
    if (op.getWrt() == AttentionOperand::value) {
      result =
          perKey(probabilities, op.getOutputGrad(), shapeOf(op.getValue())[3]);
    } else {
      Value scoreGrads = scoreGradients(rewriter, loc, op, probabilities, acc);
      if (op.getWrt() == AttentionOperand::key) {
        result = perKey(scoreGrads, op.getQuery(), k[3]);
      } else {
        result = contract(rewriter, loc,
                          {scoreGrads, map(5, {d(0), d(1), d(2), d(4)})},
                          {op.getKey(), map(5, {d(0), kvHead, d(4), d(3)})}, q,
                          map(5, {d(0), d(1), d(2), d(3)}), acc, 4);
        tileDims = 3;
      }
    }
    setTileDims(result.getDefiningOp(), tileDims);
    rewriter.replaceOp(
        op, toElementType(rewriter, loc, result, elementType, tileDims));
    return success();
  }

private:
  /// dS[b, h, s, t] = scale * P * (dP - rowsum(dO * O)), with
  /// dP[b, h, s, t] = sum_e dO[b, h, s, e] v[b, h / G, t, e].
  static Value scoreGradients(OpBuilder &rewriter, Location loc,
                              AttentionGradOp op, Value probabilities,
                              Type acc) {
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> q = shapeOf(op.getQuery());
    ArrayRef<int64_t> k = shapeOf(op.getKey());
    int64_t group = q[1] / k[1];
    auto d = loopDims(ctx);
    auto map = loopMaps(ctx);
    SmallVector<int64_t> scoreShape{q[0], q[1], q[2], k[2]};
    SmallVector<int64_t> rowShape{q[0], q[1], q[2]};
    Value probabilityGrads = contract(
        rewriter, loc, {op.getOutputGrad(), map(5, {d(0), d(1), d(2), d(4)})},
        {op.getValue(), map(5, {d(0), d(1).floorDiv(group), d(3), d(4)})},
        scoreShape, map(5, {d(0), d(1), d(2), d(3)}), acc, 4);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
    Value rowDots = contract(rewriter, loc, {op.getOutputGrad(), identity},
                             {op.getOutput(), identity}, rowShape,
                             map(4, {d(0), d(1), d(2)}), acc, 3);
    double scale = op.getEffectiveScale();
    return generic(rewriter, loc,
                   {{probabilities, identity},
                    {probabilityGrads, identity},
                    {rowDots, map(4, {d(0), d(1), d(2)})}},
                   {{emptyTensor(rewriter, loc, scoreShape, acc), identity}},
                   iterators(4),
                   [&](OpBuilder &b, Location l, ValueRange in,
                       ValueRange) -> SmallVector<Value> {
                     Value centered = arith::SubFOp::create(b, l, in[1], in[2]);
                     Value grad = arith::MulFOp::create(b, l, in[0], centered);
                     return {arith::MulFOp::create(
                         b, l, grad, constant(b, l, grad.getType(), scale))};
                   })
        .getResult(0);
  }
};

} // namespace

void umc::lowering::populateAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRope, LowerAttention, LowerAttentionGrad>(
      patterns.getContext());
}
