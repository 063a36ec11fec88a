//===- GradientBuilders.cpp - helpers of the ops' gradient rules ----------===//
#include "GradientBuilders.h"

#include "umc/Dialect/Umc/IR/UmcShapes.h"

using namespace mlir;

namespace umc::gradients {

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
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

} // namespace umc::gradients
