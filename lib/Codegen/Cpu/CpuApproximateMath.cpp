//===- CpuApproximateMath.cpp - polynomial math for CPU kernels -----------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUAPPROXIMATEMATH
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

/// f32 erf as one rational function of x² on [-4, 4] (Eigen's and XLA's
/// coefficients; |error| < 5e-7, and erf(±4) is 1 to within 2e-8):
///
///   erf(x) = x · P(x²) / Q(x²),  x clamped to [-4, 4]
///
/// MLIR's own approximation is piecewise over three intervals: choosing the
/// coefficients takes a select per coefficient, which made GELU (erf) cost
/// more than the memory traffic it rides on. This one is 11 FMAs, a
/// multiply, a division and a clamp.
struct RationalErf : OpRewritePattern<math::ErfOp> {
  RationalErf(MLIRContext *ctx) : OpRewritePattern(ctx, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(math::ErfOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return rewriter.notifyMatchFailure(op, "not f32");
    static constexpr double kNumerator[] = {
        -2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
        -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
        -1.60960333262415e-02};
    static constexpr double kDenominator[] = {
        -1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
        -7.37332916720468e-03, -1.42647390514189e-02};
    Location loc = op.getLoc();
    auto constant = [&](double v) -> Value {
      Attribute attr = rewriter.getF32FloatAttr(static_cast<float>(v));
      if (auto shaped = dyn_cast<ShapedType>(type))
        attr = DenseElementsAttr::get(shaped, attr);
      return arith::ConstantOp::create(rewriter, loc, type,
                                       cast<TypedAttr>(attr));
    };
    auto horner = [&](ArrayRef<double> coefficients, Value x2) {
      Value acc = constant(coefficients.front());
      for (double c : coefficients.drop_front())
        acc = math::FmaOp::create(rewriter, loc, acc, x2, constant(c));
      return acc;
    };
    Value x = arith::MinimumFOp::create(
        rewriter, loc,
        arith::MaximumFOp::create(rewriter, loc, op.getOperand(), constant(-4)),
        constant(4));
    Value x2 = arith::MulFOp::create(rewriter, loc, x, x);
    Value p = arith::MulFOp::create(rewriter, loc, x, horner(kNumerator, x2));
    Value q = horner(kDenominator, x2);
    rewriter.replaceOpWithNewOp<arith::DivFOp>(op, p, q);
    return success();
  }
};

struct UmcCpuApproximateMathPass
    : umc::impl::UmcCpuApproximateMathBase<UmcCpuApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RationalErf>(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
