//===- Reductions.cpp - sum, mean, max and argmax along an axis to linalg -===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

/// The loops of a reduction over `input` along `axis`: every input dim, the
/// axis a reduction; the result is indexed by the others.
struct AxisLoops {
  unsigned rank;
  unsigned axis;
  SmallVector<int64_t> reducedShape; // the input's shape without the axis

  AxisLoops(Value input, int64_t signedAxis) {
    ArrayRef<int64_t> shape = shapeOf(input);
    rank = shape.size();
    // The verifier has checked the axis, so it normalizes.
    axis = static_cast<unsigned>(*normalizeAxis(signedAxis, rank));
    reducedShape.assign(shape.begin(), shape.end());
    reducedShape.erase(reducedShape.begin() + axis);
  }

  /// The reduction's root: the dims before the axis may become workgroups.
  void markRoot(Operation *op) const { setTileDims(op, axis); }
};

/// The reduced tensor in the op's result shape: with `keep_dim` the axis
/// comes back with size 1 (a umc.reshape, lowered as a view).
Value reshapeToResult(OpBuilder &b, Location loc, Value reduced,
                      RankedTensorType resultType) {
  if (shapeOf(reduced) == resultType.getShape())
    return reduced;
  return ReshapeOp::create(b, loc, resultType, reduced);
}

/// sum, mean and max: one generic accumulating in the compute type, then
/// (mean) a division and a rounding to the element type.
template <typename OpTy>
struct LowerReduction : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = op.getInput();
    AxisLoops loops(input, op.getAxis());
    Type element = elementTypeOf(input);
    Type acc = computeType(element);
    bool isFloat = isa<FloatType>(element);
    constexpr bool isMax = std::is_same_v<OpTy, MaxOp>;
    double start = 0.0;
    if constexpr (isMax)
      start = isFloat ? -INFINITY
                      : static_cast<double>(
                            APInt::getSignedMinValue(
                                element.getIntOrFloatBitWidth())
                                .getSExtValue());
    AffineMap identity = AffineMap::getMultiDimIdentityMap(loops.rank, ctx);
    AffineMap reduced = dropDimMap(ctx, loops.rank, loops.axis);
    int64_t count = shapeOf(input)[loops.axis];
    auto reduction = generic(
        rewriter, loc, {{input, identity}},
        {{filledTensor(rewriter, loc, loops.reducedShape, acc, start),
          reduced}},
        iterators(loops.rank, {loops.axis}),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange out) -> SmallVector<Value> {
          if constexpr (isMax)
            return {isFloat ? accumulateMaximum(b, l, out[0], in[0])
                            : arith::MaxSIOp::create(b, l, out[0], in[0])
                                  .getResult()};
          return {isFloat ? accumulate(b, l, out[0], in[0])
                          : arith::AddIOp::create(b, l, out[0], in[0])
                                .getResult()};
        });
    loops.markRoot(reduction);
    Value result = reduction.getResult(0);
    if (std::is_same_v<OpTy, MeanOp> || acc != element) {
      bool divide = std::is_same_v<OpTy, MeanOp>;
      auto finish = generic(
          rewriter, loc, {{result, AffineMap::getMultiDimIdentityMap(
                                       loops.reducedShape.size(), ctx)}},
          {{emptyTensor(rewriter, loc, loops.reducedShape, element),
            AffineMap::getMultiDimIdentityMap(loops.reducedShape.size(),
                                              ctx)}},
          iterators(loops.reducedShape.size()),
          [&](OpBuilder &b, Location l, ValueRange in,
              ValueRange) -> SmallVector<Value> {
            if (!divide)
              return {in[0]};
            return {arith::DivFOp::create(
                b, l, in[0], constant(b, l, in[0].getType(), count))};
          });
      setTileDims(finish, loops.axis);
      result = finish.getResult(0);
    }
    rewriter.replaceOp(op, reshapeToResult(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// argmax: one generic carrying (best value, its index); a later element
/// replaces the best only if strictly larger or the first NaN, so ties keep
/// the first index.
struct LowerArgmax : OpRewritePattern<ArgmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ArgmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = op.getInput();
    AxisLoops loops(input, op.getAxis());
    Type acc = computeType(elementTypeOf(input));
    Type indexType = op.getType().getElementType();
    AffineMap reduced = dropDimMap(ctx, loops.rank, loops.axis);
    unsigned axis = loops.axis;
    auto reduction = generic(
        rewriter, loc,
        {{input, AffineMap::getMultiDimIdentityMap(loops.rank, ctx)}},
        {{filledTensor(rewriter, loc, loops.reducedShape, acc, -INFINITY),
          reduced},
         {filledTensor(rewriter, loc, loops.reducedShape, indexType, 0),
          reduced}},
        iterators(loops.rank, {axis}),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange out) -> SmallVector<Value> {
          Value x = in[0], best = out[0];
          Value index = arith::IndexCastOp::create(
              b, l, indexType, linalg::IndexOp::create(b, l, axis));
          // The best so far is NaN: keep it. Else take x if it is larger or
          // NaN (UGT is true for unordered operands).
          Value bestIsNan =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, best, best);
          Value larger =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::UGT, x, best);
          Value take = arith::AndIOp::create(
              b, l, larger,
              arith::XOrIOp::create(
                  b, l, bestIsNan,
                  arith::ConstantOp::create(b, l, b.getBoolAttr(true))));
          // The first element always wins: -inf everywhere must give 0.
          Value first = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, index,
              constant(b, l, indexType, 0));
          take = arith::OrIOp::create(b, l, take, first);
          return {arith::SelectOp::create(b, l, take, x, best),
                  arith::SelectOp::create(b, l, take, index, out[1])};
        });
    loops.markRoot(reduction);
    rewriter.replaceOp(op, reshapeToResult(rewriter, loc,
                                           reduction.getResult(1),
                                           op.getType()));
    return success();
  }
};

} // namespace

void umc::lowering::populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReduction<SumOp>, LowerReduction<MeanOp>,
               LowerReduction<MaxOp>, LowerArgmax>(patterns.getContext());
}
