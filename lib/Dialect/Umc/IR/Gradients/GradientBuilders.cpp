//===- GradientBuilders.cpp - helpers of the ops' gradient rules ----------===//
#include "GradientBuilders.h"

#include "umc/Dialect/Umc/IR/UmcShapes.h"

using namespace mlir;

namespace umc::gradients {

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return MulOp::create(b, loc, x, y);
}

Value scalarLike(OpBuilder &b, Location loc, Value like, double value) {
  return scalarConstant(b, loc, typeOf(like).getElementType(), value);
}

Value reshape(OpBuilder &b, Location loc, Value value,
              ArrayRef<int64_t> shape) {
  RankedTensorType type = typeOf(value);
  if (type.getShape() == shape)
    return value;
  return ReshapeOp::create(b, loc, type.clone(shape), value);
}

Value sumToType(OpBuilder &b, Location loc, Value grad, RankedTensorType type) {
  ArrayRef<int64_t> target = type.getShape();
  // Leading dimensions the value did not have.
  while (typeOf(grad).getRank() > static_cast<int64_t>(target.size()))
    grad = SumOp::create(b, loc, grad, b.getI64IntegerAttr(0), UnitAttr());
  // Dimensions of size 1 that were stretched.
  for (auto [axis, size] : llvm::enumerate(target))
    if (size == 1 && typeOf(grad).getDimSize(axis) != 1)
      grad = SumOp::create(b, loc, grad, b.getI64IntegerAttr(axis),
                           b.getUnitAttr());
  return grad;
}

Value transposeLastTwo(OpBuilder &b, Location loc, Value value) {
  int64_t rank = typeOf(value).getRank();
  SmallVector<int64_t> permutation(rank);
  for (int64_t i = 0; i < rank; ++i)
    permutation[i] = i;
  std::swap(permutation[rank - 1], permutation[rank - 2]);
  return TransposeOp::create(b, loc, value, permutation);
}

Value spreadOverAxis(OpBuilder &b, Location loc, Value grad,
                     RankedTensorType type, int64_t axis, bool keepDim) {
  int64_t dim = *normalizeAxis(axis, type.getRank());
  if (!keepDim) {
    SmallVector<int64_t> kept(type.getShape());
    kept[dim] = 1;
    grad = reshape(b, loc, grad, kept);
  }
  return BroadcastOp::create(b, loc, type, grad);
}

Value spreadByStride(OpBuilder &b, Location loc, Value grad, int64_t axis,
                     int64_t stride) {
  RankedTensorType type = typeOf(grad);
  int64_t size = type.getDimSize(axis);
  // [..., size, 1, ...] then the zeros beside each element.
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + axis + 1, 1);
  Value elements = reshape(b, loc, grad, shape);
  shape[axis + 1] = stride - 1;
  Value zeros = zerosOf(b, loc, type.clone(shape));
  Value padded = ConcatOp::create(b, loc, ValueRange{elements, zeros},
                                  b.getI64IntegerAttr(axis + 1));
  SmallVector<int64_t> spread(type.getShape());
  spread[axis] = size * stride;
  Value flat = reshape(b, loc, padded, spread);
  // The zeros after the last element lie outside the slice's reach.
  spread[axis] = (size - 1) * stride + 1;
  SmallVector<int64_t> start(spread.size(), 0);
  return SliceOp::create(b, loc, type.clone(spread), flat, start, spread,
                         nullptr);
}

Value padWithZeros(OpBuilder &b, Location loc, Value value, int64_t axis,
                   int64_t before, int64_t after) {
  RankedTensorType type = typeOf(value);
  if (before < 0 || after < 0) {
    SmallVector<int64_t> offsets(type.getRank(), 0), sizes(type.getShape());
    offsets[axis] = std::max<int64_t>(-before, 0);
    sizes[axis] -= offsets[axis] + std::max<int64_t>(-after, 0);
    value = SliceOp::create(b, loc, type.clone(sizes), value, offsets, sizes,
                            nullptr);
    type = typeOf(value);
  }
  auto zeros = [&](int64_t length) {
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = length;
    return zerosOf(b, loc, type.clone(shape));
  };
  SmallVector<Value> pieces;
  if (before > 0)
    pieces.push_back(zeros(before));
  pieces.push_back(value);
  if (after > 0)
    pieces.push_back(zeros(after));
  if (pieces.size() == 1)
    return value;
  return ConcatOp::create(b, loc, pieces, b.getI64IntegerAttr(axis));
}

} // namespace umc::gradients
