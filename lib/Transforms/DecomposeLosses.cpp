//===- DecomposeLosses.cpp - loss ops to primitives -----------------------===//
//
// The losses are composites: each rewrites into primitives that have
// gradient rules, so umc-autodiff differentiates them with no rule of their
// own, and the forward fuses like any other chain of primitives.
//
//===----------------------------------------------------------------------===//
#include "umc/Transforms/Decompose.h"

#include "umc/Dialect/Umc/IR/UmcBuilders.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace umc;

namespace {

Value reshapeTo(PatternRewriter &rewriter, Location loc, Value value,
                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return ReshapeOp::create(rewriter, loc, type.clone(shape), value);
}

/// The sum of every element of `value`, a scalar.
Value sumAll(PatternRewriter &rewriter, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  Value flat = reshapeTo(rewriter, loc, value, {type.getNumElements()});
  return SumOp::create(rewriter, loc, flat, rewriter.getI64IntegerAttr(0),
                       UnitAttr());
}

/// numerator / max(denominator, the smallest normal number): an all-zero
/// weight gives a loss of 0, not NaN.
Value safeRatio(PatternRewriter &rewriter, Location loc, Value numerator,
                Value denominator) {
  auto element = cast<FloatType>(
      cast<RankedTensorType>(denominator.getType()).getElementType());
  double tiny = APFloat::getSmallestNormalized(element.getFloatSemantics())
                    .convertToDouble();
  Value floor = scalarConstant(rewriter, loc, element, tiny);
  return DivOp::create(rewriter, loc, numerator,
                       MaximumOp::create(rewriter, loc, denominator, floor));
}

/// cross_entropy on rows [N, V]:
///   lse = m + log(sum(exp(x - m))), m = max(x)
///   ce  = lse - sum(q * x) + z * lse^2,  q = (1 - eps) onehot + eps / V
/// then the mean, or the weighted mean when weights or ignore_index apply.
struct DecomposeCrossEntropy : OpRewritePattern<CrossEntropyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CrossEntropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType logitsType = op.getLogits().getType();
    Type element = logitsType.getElementType();
    int64_t classes = logitsType.getShape().back();
    int64_t rows = numElements(logitsType.getShape().drop_back());
    Value x = reshapeTo(rewriter, loc, op.getLogits(), {rows, classes});
    Value targets = reshapeTo(rewriter, loc, op.getTargets(), {rows, 1});
    auto one = rewriter.getI64IntegerAttr(1);
    auto keepDim = rewriter.getUnitAttr();

    Value max = MaxOp::create(rewriter, loc, x, one, keepDim);
    Value exp =
        ExpOp::create(rewriter, loc, SubOp::create(rewriter, loc, x, max));
    Value lse = AddOp::create(
        rewriter, loc, max,
        LogOp::create(rewriter, loc,
                      SumOp::create(rewriter, loc, exp, one, keepDim)));

    auto targetType = cast<RankedTensorType>(targets.getType());
    Value classIds =
        IotaOp::create(rewriter, loc, targetType.clone({rows, classes}),
                       rewriter.getI64IntegerAttr(1));
    Value target =
        CastOp::create(rewriter, loc, logitsType.clone({rows, classes}),
                       CompareOp::create(rewriter, loc, ComparePredicate::eq,
                                         classIds, targets));
    if (double eps = op.getLabelSmoothing().convertToDouble(); eps != 0) {
      target = AddOp::create(
          rewriter, loc,
          MulOp::create(rewriter, loc, target,
                        scalarConstant(rewriter, loc, element, 1 - eps)),
          scalarConstant(rewriter, loc, element, eps / classes));
    }
    Value picked = SumOp::create(
        rewriter, loc, MulOp::create(rewriter, loc, target, x), one, keepDim);
    Value ce = SubOp::create(rewriter, loc, lse, picked);
    if (double z = op.getZLoss().convertToDouble(); z != 0) {
      Value square = MulOp::create(rewriter, loc, lse, lse);
      ce = AddOp::create(
          rewriter, loc, ce,
          MulOp::create(rewriter, loc, square,
                        scalarConstant(rewriter, loc, element, z)));
    }

    Value weights;
    if (op.getWeights())
      weights = reshapeTo(rewriter, loc, op.getWeights(), {rows, 1});
    if (std::optional<int64_t> ignore = op.getIgnoreIndex()) {
      Value kept = CastOp::create(
          rewriter, loc, logitsType.clone({rows, 1}),
          CompareOp::create(rewriter, loc, ComparePredicate::ne, targets,
                            scalarConstant(rewriter, loc,
                                           targetType.getElementType(),
                                           static_cast<double>(*ignore))));
      weights =
          weights ? Value(MulOp::create(rewriter, loc, weights, kept)) : kept;
    }
    if (!weights) {
      Value flat = reshapeTo(rewriter, loc, ce, {rows});
      rewriter.replaceOpWithNewOp<MeanOp>(
          op, flat, rewriter.getI64IntegerAttr(0), UnitAttr());
      return success();
    }
    Value total =
        sumAll(rewriter, loc, MulOp::create(rewriter, loc, ce, weights));
    rewriter.replaceOp(
        op, safeRatio(rewriter, loc, total, sumAll(rewriter, loc, weights)));
    return success();
  }
};

/// mse_loss -> mean((input - target)^2), or with weights [N]:
/// sum_n w[n] * sum(d[n]^2) / (max(sum_n w[n], tiny) * elements per example).
struct DecomposeMseLoss : OpRewritePattern<MseLossOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MseLossOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    Value diff = SubOp::create(rewriter, loc, op.getInput(), op.getTarget());
    Value square = MulOp::create(rewriter, loc, diff, diff);
    if (!op.getWeights()) {
      Value flat = reshapeTo(rewriter, loc, square, {type.getNumElements()});
      rewriter.replaceOpWithNewOp<MeanOp>(
          op, flat, rewriter.getI64IntegerAttr(0), UnitAttr());
      return success();
    }
    int64_t examples = type.getDimSize(0);
    int64_t perExample = type.getNumElements() / examples;
    Value rows = reshapeTo(rewriter, loc, square, {examples, perExample});
    Value perRow = SumOp::create(rewriter, loc, rows,
                                 rewriter.getI64IntegerAttr(1), UnitAttr());
    Value total = sumAll(rewriter, loc,
                         MulOp::create(rewriter, loc, perRow, op.getWeights()));
    Value count =
        MulOp::create(rewriter, loc, sumAll(rewriter, loc, op.getWeights()),
                      scalarConstant(rewriter, loc, type.getElementType(),
                                     static_cast<double>(perExample)));
    rewriter.replaceOp(op, safeRatio(rewriter, loc, total, count));
    return success();
  }
};

/// info_nce -> cross_entropy(queries keys^T / temperature, iota), and with
/// `symmetric` the mean of that and the transposed logits' loss.
struct DecomposeInfoNce : OpRewritePattern<InfoNceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(InfoNceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getQueries().getType();
    int64_t n = type.getDimSize(0);
    Value logits = MulOp::create(
        rewriter, loc,
        LinearOp::create(rewriter, loc, op.getQueries(), op.getKeys(), Value()),
        scalarConstant(rewriter, loc, type.getElementType(),
                       1.0 / op.getTemperature().convertToDouble()));
    Value ids = IotaOp::create(
        rewriter, loc, RankedTensorType::get({n}, rewriter.getI32Type()),
        rewriter.getI64IntegerAttr(0));
    auto crossEntropy = [&](Value rowLogits) -> Value {
      return CrossEntropyOp::create(rewriter, loc, rowLogits, ids,
                                    /*weights=*/Value(), APFloat(0.0),
                                    APFloat(0.0), /*ignore_index=*/nullptr);
    };
    Value loss = crossEntropy(logits);
    if (op.getSymmetric()) {
      Value transposed =
          TransposeOp::create(rewriter, loc, logits, ArrayRef<int64_t>{1, 0});
      loss = WeightedSumOp::create(rewriter, loc,
                                   ValueRange{loss, crossEntropy(transposed)},
                                   rewriter.getF64ArrayAttr({0.5, 0.5}));
    }
    rewriter.replaceOp(op, loss);
    return success();
  }
};

/// weighted_sum -> w0 * x0 + w1 * x1 + ...
struct DecomposeWeightedSum : OpRewritePattern<WeightedSumOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(WeightedSumOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType().getElementType();
    Value sum;
    for (auto [input, weight] : llvm::zip(op.getInputs(), op.getWeights())) {
      Value term = MulOp::create(
          rewriter, loc, input,
          scalarConstant(rewriter, loc, element,
                         cast<FloatAttr>(weight).getValueAsDouble()));
      sum = sum ? Value(AddOp::create(rewriter, loc, sum, term)) : term;
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};

} // namespace

void umc::populateDecomposeLossPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeCrossEntropy, DecomposeMseLoss, DecomposeInfoNce,
               DecomposeWeightedSum>(patterns.getContext());
}
