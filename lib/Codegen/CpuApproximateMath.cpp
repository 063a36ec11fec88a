//===- CpuApproximateMath.cpp - polynomial math for CPU kernels -----------===//
#include "umc/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace umc {
#define GEN_PASS_DEF_UMCCPUAPPROXIMATEMATH
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

struct UmcCpuApproximateMathPass
    : umc::impl::UmcCpuApproximateMathBase<UmcCpuApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
