//===- LoweringUtils.h - building blocks of the umc-to-linalg lowering ----===//
//
// Private to lib/Codegen/Common/UmcToLinalg: the pieces every op lowering uses, so
// that each pattern reads as the op's math.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_LIB_CODEGEN_UMCTOLINALG_LOWERINGUTILS_H
#define UMC_LIB_CODEGEN_UMCTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace umc::lowering {

using mlir::Location;
using mlir::OpBuilder;
using mlir::Type;
using mlir::Value;

/// The type arithmetic happens in: f32 for f16 and bf16, else the type itself.
Type computeType(Type elementType);
/// Extends a scalar to its compute type.
Value toCompute(OpBuilder &b, Location loc, Value scalar);
/// Rounds a compute-type scalar to `type`.
Value fromCompute(OpBuilder &b, Location loc, Value scalar, Type type);

/// A scalar constant of float or integer `type`.
Value constant(OpBuilder &b, Location loc, Type type, double value);

/// `acc + term` as one step of a floating-point reduction. It carries
/// `reassoc`, which lets LLVM vectorize the reduction (a partial sum per
/// lane, combined at the end): the order is fixed by the compiled code, so
/// results stay deterministic, and they are usually more accurate than one
/// running sum.
Value accumulate(OpBuilder &b, Location loc, Value acc, Value term);
/// `acc + x * y` as one step of a reduction; it may become an FMA.
Value multiplyAccumulate(OpBuilder &b, Location loc, Value acc, Value x,
                         Value y);
/// `max(acc, x)` as one step of a reduction (NaN propagates).
Value accumulateMaximum(OpBuilder &b, Location loc, Value acc, Value x);
/// The scalar `index` value `value`.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

/// tensor.empty of the given shape.
Value emptyTensor(OpBuilder &b, Location loc, llvm::ArrayRef<int64_t> shape,
                  Type elementType);
/// A tensor of the given shape filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, llvm::ArrayRef<int64_t> shape,
                   Type elementType, double value);

/// The map that reads an operand of `operandShape` broadcast (NumPy rules)
/// over a loop nest of `resultShape`.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             llvm::ArrayRef<int64_t> operandShape,
                             llvm::ArrayRef<int64_t> resultShape);
/// The map (d0, ..., d{rank-1}) -> (d0, ..., d{rank-1}) without dim `drop`.
mlir::AffineMap dropDimMap(mlir::MLIRContext *ctx, unsigned rank,
                           unsigned drop);

/// An operand of a generic and how the loops index it.
struct Input {
  Value value;
  mlir::AffineMap map;
};

/// The body of a generic: gets the inputs (in compute precision) and the
/// current outputs, returns the new outputs (in compute precision).
using BodyFn = llvm::function_ref<llvm::SmallVector<Value>(
    OpBuilder &, Location, mlir::ValueRange inputs, mlir::ValueRange outputs)>;

/// A linalg.generic over loops of `iterators`, writing `outputs` (init
/// tensors with their maps), reading `inputs`. Conversions to and from the
/// compute type happen here, so bodies only do math.
mlir::linalg::GenericOp
generic(OpBuilder &b, Location loc, llvm::ArrayRef<Input> inputs,
        llvm::ArrayRef<Input> outputs,
        llvm::ArrayRef<mlir::utils::IteratorType> iterators, BodyFn body);

/// An elementwise generic over `resultShape` whose inputs broadcast to it.
Value elementwise(OpBuilder &b, Location loc, llvm::ArrayRef<int64_t> shape,
                  Type elementType, mlir::ValueRange inputs,
                  llvm::function_ref<Value(OpBuilder &, Location,
                                           mlir::ValueRange)>
                      fn);

/// Iterator types: all parallel, with `reduced` marked as reductions.
llvm::SmallVector<mlir::utils::IteratorType>
iterators(unsigned rank, llvm::ArrayRef<unsigned> reduced = {});

/// Sums `map(x, extra...)` over the last dim of `input` into a compute-type
/// tensor of the leading dims; `extra` inputs are read through their maps.
Value sumLastDim(OpBuilder &b, Location loc, Value input,
                 llvm::ArrayRef<Input> extra,
                 llvm::function_ref<Value(OpBuilder &, Location,
                                          mlir::ValueRange)>
                     map);

/// Normalizes the last dim of `x` (rank >= 1), as layer_norm (with
/// `subtractMean`) or rms_norm: `scaleMap` and `biasMap` say how the optional
/// scale and bias are indexed by the loops over `x`. The result has
/// `resultType` elements; the final op is a root with `tileDims`.
Value normalizeRows(OpBuilder &b, Location loc, Value x, Value scale,
                    mlir::AffineMap scaleMap, Value bias,
                    mlir::AffineMap biasMap, double eps, bool subtractMean,
                    Type resultType, int64_t tileDims);

/// The map (d0, ..., d{rank-1}) -> (d{rank-1}).
mlir::AffineMap lastDimMap(mlir::MLIRContext *ctx, unsigned rank);

/// Marks `op` as the root of its lowering: only its `count` outer loops may
/// become workgroups (#umc.partition).
void setTileDims(mlir::Operation *op, int64_t count);
/// Marks a contraction (already given its tile dims) whose last splittable
/// loop indexes the weight's rows: workgroups split it too.
void setSplitColumns(mlir::Operation *op);

/// Shape of a ranked tensor value.
llvm::ArrayRef<int64_t> shapeOf(Value v);
/// Element type of a ranked tensor value.
Type elementTypeOf(Value v);

} // namespace umc::lowering

#endif // UMC_LIB_CODEGEN_UMCTOLINALG_LOWERINGUTILS_H
