//===- Elementwise.cpp - elementwise umc ops and softmax to linalg --------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

/// Replaces `op` (one result) by one elementwise generic over `inputs`,
/// broadcast to its result, each element computed by `fn`.
LogicalResult
replaceElementwise(PatternRewriter &rewriter, Operation *op, ValueRange inputs,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> fn) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  rewriter.replaceOp(op, elementwise(rewriter, op->getLoc(), type.getShape(),
                                     type.getElementType(), inputs, fn));
  return success();
}

/// add, sub, mul, div: one generic, operands broadcast to the result.
/// Signed integer division that never traps (the CPU raises SIGFPE for both
/// cases below): x / 0 = 0, and MIN / -1 wraps to MIN, as -x does.
Value divideWithoutTrap(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
  };
  Value zero = constant(0), one = constant(1), minusOne = constant(-1);
  Value byZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  Value byMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne);
  Value special = arith::OrIOp::create(b, loc, byZero, byMinusOne);
  Value divisor = arith::SelectOp::create(b, loc, special, one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, divisor);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  Value result = arith::SelectOp::create(b, loc, byMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, byZero, zero, result);
}

template <typename OpTy, typename FloatOp, typename IntOp>
struct LowerBinary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return replaceElementwise(
        rewriter, op, {op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isa<FloatType>(args[0].getType()))
            return FloatOp::create(b, loc, args[0], args[1]);
          if constexpr (std::is_same_v<IntOp, arith::DivSIOp>)
            return divideWithoutTrap(b, loc, args[0], args[1]);
          return IntOp::create(b, loc, args[0], args[1]);
        });
  }
};

/// Unary float ops: `fn` computes one element in f32 (or the op's type).
template <typename OpTy>
struct LowerUnary : OpRewritePattern<OpTy> {
  using Fn = Value (*)(OpBuilder &, Location, Value, OpTy);
  LowerUnary(MLIRContext *ctx, Fn fn)
      : OpRewritePattern<OpTy>(ctx), fn(fn) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return replaceElementwise(rewriter, op, {op.getInput()},
                              [&](OpBuilder &b, Location loc, ValueRange args) {
                                return fn(b, loc, args[0], op);
                              });
  }

  Fn fn;
};

Value c(OpBuilder &b, Location loc, Value like, double v) {
  return constant(b, loc, like.getType(), v);
}

/// A unary op that is one op of the math or arith dialect.
template <typename OpTy, typename MathOp>
Value oneOp(OpBuilder &b, Location loc, Value x, OpTy) {
  return MathOp::create(b, loc, x);
}

Value sigmoidOf(OpBuilder &b, Location loc, Value x, SigmoidOp) {
  // 1 / (1 + exp(-x)): exp overflows to +inf for very negative x, giving 0.
  Value negExp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(
      b, loc, c(b, loc, x, 1.0),
      arith::AddFOp::create(b, loc, c(b, loc, x, 1.0), negExp));
}

Value siluOf(OpBuilder &b, Location loc, Value x, SiluOp) {
  // x / (1 + exp(-x))
  Value negExp = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  Value denom = arith::AddFOp::create(b, loc, c(b, loc, x, 1.0), negExp);
  return arith::DivFOp::create(b, loc, x, denom);
}

Value geluOf(OpBuilder &b, Location loc, Value x, GeluOp op) {
  Value inner;
  if (op.getApproximate() == GeluApproximation::tanh) {
    // tanh(sqrt(2 / pi) * (x + 0.044715 x^3))
    Value x3 = arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, c(b, loc, x, 0.044715), x3));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, c(b, loc, x, std::sqrt(2.0 / M_PI)), poly));
  } else {
    // erf(x / sqrt(2))
    inner = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, c(b, loc, x, M_SQRT1_2)));
  }
  Value half = arith::MulFOp::create(b, loc, c(b, loc, x, 0.5), x);
  return arith::MulFOp::create(
      b, loc, half, arith::AddFOp::create(b, loc, c(b, loc, x, 1.0), inner));
}

/// d gelu(x) / dx, in the same approximation as geluOf.
Value geluDerivative(OpBuilder &b, Location loc, Value x,
                     GeluApproximation approximate) {
  Value half = c(b, loc, x, 0.5), one = c(b, loc, x, 1.0);
  if (approximate == GeluApproximation::tanh) {
    // u = k (x + a x^3), gelu = x/2 (1 + tanh u):
    // gelu' = (1 + tanh u) / 2 + x/2 (1 - tanh^2 u) k (1 + 3 a x^2).
    double k = std::sqrt(2.0 / M_PI), a = 0.044715;
    Value x2 = arith::MulFOp::create(b, loc, x, x);
    Value poly = arith::MulFOp::create(
        b, loc, x,
        arith::AddFOp::create(
            b, loc, one, arith::MulFOp::create(b, loc, c(b, loc, x, a), x2)));
    Value t = math::TanhOp::create(
        b, loc, arith::MulFOp::create(b, loc, c(b, loc, x, k), poly));
    Value slope = arith::MulFOp::create(
        b, loc, c(b, loc, x, k),
        arith::AddFOp::create(
            b, loc, one,
            arith::MulFOp::create(b, loc, c(b, loc, x, 3 * a), x2)));
    Value sech2 =
        arith::SubFOp::create(b, loc, one, arith::MulFOp::create(b, loc, t, t));
    Value cdf = arith::MulFOp::create(b, loc, half,
                                      arith::AddFOp::create(b, loc, one, t));
    Value rest =
        arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, half, x),
                              arith::MulFOp::create(b, loc, sech2, slope));
    return arith::AddFOp::create(b, loc, cdf, rest);
  }
  // Phi(x) + x phi(x), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
  Value cdf = arith::MulFOp::create(
      b, loc, half,
      arith::AddFOp::create(
          b, loc, one,
          math::ErfOp::create(
              b, loc,
              arith::MulFOp::create(b, loc, x, c(b, loc, x, M_SQRT1_2)))));
  Value density = arith::MulFOp::create(
      b, loc, c(b, loc, x, 1.0 / std::sqrt(2.0 * M_PI)),
      math::ExpOp::create(
          b, loc,
          arith::MulFOp::create(b, loc, c(b, loc, x, -0.5),
                                arith::MulFOp::create(b, loc, x, x))));
  return arith::AddFOp::create(b, loc, cdf,
                               arith::MulFOp::create(b, loc, x, density));
}

struct LowerGeluGrad : OpRewritePattern<GeluGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GeluGradOp op,
                                PatternRewriter &rewriter) const override {
    return replaceElementwise(
        rewriter, op, {op.getInput(), op.getGrad()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::MulFOp::create(
              b, loc, args[1],
              geluDerivative(b, loc, args[0], op.getApproximate()));
        });
  }
};

/// compare: arith's ordered float predicates (false on NaN) except `ne`,
/// which is unordered (true on NaN), as IEEE and PyTorch define them.
struct LowerCompare : OpRewritePattern<CompareOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CompareOp op,
                                PatternRewriter &rewriter) const override {
    using F = arith::CmpFPredicate;
    using I = arith::CmpIPredicate;
    static constexpr F floats[] = {F::OEQ, F::UNE, F::OLT,
                                   F::OLE, F::OGT, F::OGE};
    static constexpr I ints[] = {I::eq, I::ne, I::slt, I::sle, I::sgt, I::sge};
    auto index = static_cast<unsigned>(op.getPredicate());
    return replaceElementwise(
        rewriter, op, {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value holds =
              isa<FloatType>(args[0].getType())
                  ? arith::CmpFOp::create(b, loc, floats[index], args[0],
                                          args[1])
                        .getResult()
                  : arith::CmpIOp::create(b, loc, ints[index], args[0], args[1])
                        .getResult();
          return arith::ExtUIOp::create(b, loc, b.getI8Type(), holds);
        });
  }
};

struct LowerBroadcast : OpRewritePattern<BroadcastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BroadcastOp op,
                                PatternRewriter &rewriter) const override {
    return replaceElementwise(
        rewriter, op, {op.getInput()},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  }
};

/// `x` (a compute-type scalar) converted to `to`, as umc.cast defines it.
Value convert(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat && toFloat)
    return fromFloat.getWidth() < toFloat.getWidth()
               ? arith::ExtFOp::create(b, loc, to, x).getResult()
               : arith::TruncFOp::create(b, loc, to, x).getResult();
  if (toFloat)
    return arith::SIToFPOp::create(b, loc, to, x);
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (!fromFloat)
    return toWidth > from.getIntOrFloatBitWidth()
               ? arith::ExtSIOp::create(b, loc, to, x).getResult()
               : arith::TruncIOp::create(b, loc, to, x).getResult();
  // Float to integer saturates and maps NaN to 0: fptosi alone is poison
  // outside the range. The bounds are clamped in the float type, where the
  // integer maximum may round up; the final select pins it exactly.
  APInt maxInt = APInt::getSignedMaxValue(toWidth);
  APInt minInt = APInt::getSignedMinValue(toWidth);
  double lo = static_cast<double>(minInt.getSExtValue());
  double hi = static_cast<double>(maxInt.getSExtValue());
  Value clamped = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x, c(b, loc, x, lo)),
      c(b, loc, x, hi));
  Value converted = arith::FPToSIOp::create(b, loc, to, clamped);
  Value tooLarge = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x,
                                         c(b, loc, x, hi));
  Value maxValue = arith::ConstantOp::create(b, loc, b.getIntegerAttr(to, maxInt));
  converted = arith::SelectOp::create(b, loc, tooLarge, maxValue, converted);
  Value isNan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  return arith::SelectOp::create(b, loc, isNan, constant(b, loc, to, 0),
                                 converted);
}

struct LowerCast : OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    Type to = computeType(op.getType().getElementType());
    return replaceElementwise(rewriter, op, {op.getInput()},
                              [&](OpBuilder &b, Location loc, ValueRange args) {
                                return convert(b, loc, args[0], to);
                              });
  }
};

struct LowerWhere : OpRewritePattern<WhereOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(WhereOp op,
                                PatternRewriter &rewriter) const override {
    return replaceElementwise(
        rewriter, op, {op.getCondition(), op.getLhs(), op.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value isTrue = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::ne, args[0],
              constant(b, loc, args[0].getType(), 0));
          return arith::SelectOp::create(b, loc, isTrue, args[1], args[2]);
        });
  }
};

/// softmax along `axis`: the max, then the sum of exp(x - max), then the
/// quotient. The max keeps exp finite.
struct LowerSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> shape = type.getShape();
    unsigned rank = shape.size();
    // The verifier has checked the axis, so it normalizes.
    unsigned axis = static_cast<unsigned>(
        *normalizeAxis(static_cast<int64_t>(op.getAxis()), rank));
    Type acc = computeType(type.getElementType());
    SmallVector<int64_t> reducedShape(shape);
    reducedShape.erase(reducedShape.begin() + axis);

    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap reduced = dropDimMap(ctx, rank, axis);
    Input x{op.getInput(), identity};

    Value max =
        generic(rewriter, loc, {x},
                {{filledTensor(rewriter, loc, reducedShape, acc,
                               -INFINITY),
                  reduced}},
                iterators(rank, {axis}),
                [](OpBuilder &b, Location l, ValueRange in,
                   ValueRange out) -> SmallVector<Value> {
                  return {accumulateMaximum(b, l, out[0], in[0])};
                })
            .getResult(0);
    Value sum =
        generic(rewriter, loc, {x, {max, reduced}},
                {{filledTensor(rewriter, loc, reducedShape, acc, 0.0),
                  reduced}},
                iterators(rank, {axis}),
                [](OpBuilder &b, Location l, ValueRange in,
                   ValueRange out) -> SmallVector<Value> {
                  Value e = math::ExpOp::create(
                      b, l, arith::SubFOp::create(b, l, in[0], in[1]));
                  return {accumulate(b, l, out[0], e)};
                })
            .getResult(0);
    auto result = generic(
        rewriter, loc, {x, {max, reduced}, {sum, reduced}},
        {{emptyTensor(rewriter, loc, shape, type.getElementType()), identity}},
        iterators(rank),
        [](OpBuilder &b, Location l, ValueRange in,
           ValueRange) -> SmallVector<Value> {
          Value e =
              math::ExpOp::create(b, l, arith::SubFOp::create(b, l, in[0], in[1]));
          return {arith::DivFOp::create(b, l, e, in[2])};
        });
    // The axis must stay whole in a workgroup, and so must every dim after it
    // (the tiler splits outer loops only).
    setTileDims(result, axis);
    rewriter.replaceOp(op, result.getResult(0));
    return success();
  }
};

} // namespace

void umc::lowering::populateElementwisePatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<LowerBinary<AddOp, arith::AddFOp, arith::AddIOp>,
               LowerBinary<SubOp, arith::SubFOp, arith::SubIOp>,
               LowerBinary<MulOp, arith::MulFOp, arith::MulIOp>,
               LowerBinary<DivOp, arith::DivFOp, arith::DivSIOp>,
               LowerSoftmax>(ctx);
  patterns
      .add<LowerBinary<MaximumOp, arith::MaximumFOp, arith::MaxSIOp>,
           LowerBinary<MinimumOp, arith::MinimumFOp, arith::MinSIOp>, LowerCast,
           LowerWhere, LowerGeluGrad, LowerCompare, LowerBroadcast>(ctx);
  patterns.add<LowerUnary<ExpOp>>(ctx, oneOp<ExpOp, math::ExpOp>);
  patterns.add<LowerUnary<LogOp>>(ctx, oneOp<LogOp, math::LogOp>);
  patterns.add<LowerUnary<TanhOp>>(ctx, oneOp<TanhOp, math::TanhOp>);
  patterns.add<LowerUnary<SinOp>>(ctx, oneOp<SinOp, math::SinOp>);
  patterns.add<LowerUnary<CosOp>>(ctx, oneOp<CosOp, math::CosOp>);
  patterns.add<LowerUnary<SqrtOp>>(ctx, oneOp<SqrtOp, math::SqrtOp>);
  patterns.add<LowerUnary<RsqrtOp>>(ctx, oneOp<RsqrtOp, math::RsqrtOp>);
  patterns.add<LowerUnary<NegOp>>(ctx, oneOp<NegOp, arith::NegFOp>);
  patterns.add<LowerUnary<SigmoidOp>>(ctx, sigmoidOf);
  patterns.add<LowerUnary<SiluOp>>(ctx, siluOf);
  patterns.add<LowerUnary<GeluOp>>(ctx, geluOf);
}
