//===- UmcToLinalg.cpp - the umc-to-linalg pass ---------------------------===//
#include "Patterns.h"

#include "umc/Codegen/Passes.h"
#include "umc/Dialect/Umc/IR/UmcDialect.h"

#include "mlir/Transforms/DialectConversion.h"

namespace umc {
#define GEN_PASS_DEF_UMCTOLINALG
#include "umc/Codegen/Passes.h.inc"
} // namespace umc

using namespace mlir;

namespace {

struct UmcToLinalgPass : umc::impl::UmcToLinalgBase<UmcToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    umc::lowering::populateElementwisePatterns(patterns);
    umc::lowering::populateContractionPatterns(patterns);
    umc::lowering::populateReductionPatterns(patterns);
    umc::lowering::populateNormalizationPatterns(patterns);
    umc::lowering::populateAttentionPatterns(patterns);
    umc::lowering::populateSamplingPatterns(patterns);
    umc::lowering::populateShapePatterns(patterns);
    umc::lowering::populateImagePatterns(patterns);
    umc::lowering::populateRoutingPatterns(patterns);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<umc::UmcDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
