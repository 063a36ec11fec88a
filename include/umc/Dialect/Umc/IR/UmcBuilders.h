//===- UmcBuilders.h - small values passes build from umc ops ---*- C++ -*-===//
//
// Constants that passes (decompositions, gradient rules, autodiff) build
// over and over, in one place.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_UMCBUILDERS_H
#define UMC_DIALECT_UMC_IR_UMCBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace umc {

/// A rank-0 arith.constant of element type `element` (float or integer)
/// holding `value`; umc ops broadcast it.
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type element, double value);

/// Zeros of `type` as a umc.broadcast of a scalar constant: a value a
/// kernel computes (a constant alone would not be one).
mlir::Value zerosOf(mlir::OpBuilder &b, mlir::Location loc,
                    mlir::RankedTensorType type);

} // namespace umc

#endif // UMC_DIALECT_UMC_IR_UMCBUILDERS_H
