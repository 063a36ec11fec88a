//===- Patterns.h - the umc-to-linalg patterns, by op family --------------===//
#ifndef UMC_LIB_CODEGEN_UMCTOLINALG_PATTERNS_H
#define UMC_LIB_CODEGEN_UMCTOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace umc::lowering {

void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populateContractionPatterns(mlir::RewritePatternSet &patterns);
void populateReductionPatterns(mlir::RewritePatternSet &patterns);
void populateNormalizationPatterns(mlir::RewritePatternSet &patterns);
void populateAttentionPatterns(mlir::RewritePatternSet &patterns);
void populateSamplingPatterns(mlir::RewritePatternSet &patterns);
void populateShapePatterns(mlir::RewritePatternSet &patterns);
void populateImagePatterns(mlir::RewritePatternSet &patterns);
void populateRoutingPatterns(mlir::RewritePatternSet &patterns);

} // namespace umc::lowering

#endif // UMC_LIB_CODEGEN_UMCTOLINALG_PATTERNS_H
