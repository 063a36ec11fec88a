//===- GradientBuilders.h - helpers of the ops' gradient rules --*- C++ -*-===//
//
// What several gradient rules build: constants, the sum that undoes a
// broadcast, the spread that undoes a reduction or a stride. Private to the
// rules.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_GRADIENTS_GRADIENTBUILDERS_H
#define UMC_DIALECT_UMC_IR_GRADIENTS_GRADIENTBUILDERS_H

#include "umc/Dialect/Umc/IR/UmcBuilders.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

namespace umc::gradients {

mlir::RankedTensorType typeOf(mlir::Value value);

/// x * y (umc.mul, broadcasting).
mlir::Value mul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                mlir::Value y);

/// A rank-0 constant of `like`'s element type.
mlir::Value scalarLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like,
                       double value);

/// `grad`, the gradient of a value that `type` was broadcast to, summed
/// over the broadcast dimensions: the gradient of the value of `type`.
mlir::Value sumToType(mlir::OpBuilder &b, mlir::Location loc, mlir::Value grad,
                      mlir::RankedTensorType type);

/// `value` reshaped to `shape` (no op when it has that shape already).
mlir::Value reshape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                    llvm::ArrayRef<int64_t> shape);

/// `value` with its last two dimensions swapped.
mlir::Value transposeLastTwo(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value value);

/// The gradient `grad` of a reduction along `axis` of a value of `type`,
/// spread back over that axis (`keepDim`: the reduction kept it as size 1).
mlir::Value spreadOverAxis(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value grad, mlir::RankedTensorType type,
                           int64_t axis, bool keepDim);

/// `grad` with `stride - 1` zeros after each element along `axis`, up to
/// its last element: element i lands at i * stride, where a slice with that
/// stride read it.
mlir::Value spreadByStride(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value grad, int64_t axis, int64_t stride);

/// `value` with `before` elements added ahead of it and `after` behind it
/// along `axis`, zeros; a negative count removes that many instead.
mlir::Value padWithZeros(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value value, int64_t axis, int64_t before,
                         int64_t after);

} // namespace umc::gradients

#endif // UMC_DIALECT_UMC_IR_GRADIENTS_GRADIENTBUILDERS_H
