//===- Decompose.h - composite umc ops to primitives -------------*- C++ -*-===//
//
// The rewrites of umc-decompose, for passes that need the primitives of a
// function before they can work on it (umc-autodiff differentiates blocks
// through their decompositions).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TRANSFORMS_DECOMPOSE_H
#define UMC_TRANSFORMS_DECOMPOSE_H

#include "mlir/IR/PatternMatch.h"

namespace umc {

/// Adds one pattern per composite op, each rewriting it into primitives
/// (the losses' included).
void populateDecomposePatterns(mlir::RewritePatternSet &patterns);

/// The losses' patterns alone (DecomposeLosses.cpp).
void populateDecomposeLossPatterns(mlir::RewritePatternSet &patterns);

} // namespace umc

#endif // UMC_TRANSFORMS_DECOMPOSE_H
