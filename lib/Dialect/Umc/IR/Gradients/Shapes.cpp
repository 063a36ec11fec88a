//===- Shapes.cpp - gradient rules of the shape ops -----------------------===//
#include "GradientBuilders.h"

#include "umc/Dialect/Umc/IR/UmcShapes.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

LogicalResult ReshapeOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  out.push_back(ReshapeOp::create(b, getLoc(), getInput().getType(), grads[0]));
  return success();
}

LogicalResult TransposeOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  ArrayRef<int64_t> permutation = getPermutation();
  SmallVector<int64_t> inverse(permutation.size());
  for (auto [i, p] : llvm::enumerate(permutation))
    inverse[p] = i;
  out.push_back(TransposeOp::create(b, getLoc(), grads[0], inverse));
  return success();
}

LogicalResult ConcatOp::buildGradients(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  RankedTensorType type = getType();
  int64_t axis =
      *normalizeAxis(static_cast<int64_t>(getAxis()), type.getRank());
  SmallVector<int64_t> offsets(type.getRank(), 0);
  for (Value input : getInputs()) {
    RankedTensorType piece = typeOf(input);
    out.push_back(SliceOp::create(b, getLoc(), piece, grads[0], offsets,
                                  piece.getShape(), nullptr));
    offsets[axis] += piece.getDimSize(axis);
  }
  return success();
}

LogicalResult SliceOp::buildGradients(OpBuilder &b, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  // The slice's gradient padded with zeros back to the input's shape, one
  // axis at a time.
  if (std::optional<ArrayRef<int64_t>> strides = getStrides())
    if (llvm::any_of(*strides, [](int64_t s) { return s != 1; }))
      return emitOpError("has no gradient rule for strides other than 1 yet");
  Location loc = getLoc();
  RankedTensorType input = getInput().getType();
  Value grad = grads[0];
  ArrayRef<int64_t> offsets = getOffsets();
  for (size_t axis = 0; axis < offsets.size(); ++axis) {
    int64_t offset = offsets[axis];
    int64_t size = typeOf(grad).getDimSize(axis);
    int64_t after = input.getDimSize(axis) - offset - size;
    SmallVector<Value> pieces;
    auto zerosAlongAxis = [&](int64_t length) {
      SmallVector<int64_t> shape(typeOf(grad).getShape());
      shape[axis] = length;
      return zerosOf(b, loc, typeOf(grad).clone(shape));
    };
    if (offset > 0)
      pieces.push_back(zerosAlongAxis(offset));
    pieces.push_back(grad);
    if (after > 0)
      pieces.push_back(zerosAlongAxis(after));
    if (pieces.size() > 1)
      grad = ConcatOp::create(b, loc, pieces, b.getI64IntegerAttr(axis));
  }
  out.push_back(grad);
  return success();
}

LogicalResult PatchifyOp::buildGradients(OpBuilder &b, ValueRange grads,
                                         SmallVectorImpl<Value> &out) {
  // Patches do not overlap: the gradient is the patches put back.
  out.push_back(UnpatchifyOp::create(b, getLoc(), getInput().getType(),
                                     grads[0], getPatchSizeAttr(), UnitAttr()));
  return success();
}

LogicalResult UpdateSliceOp::buildGradients(OpBuilder &b, ValueRange grads,
                                            SmallVectorImpl<Value> &out) {
  // The input's gradient is the result's with the overwritten window
  // zeroed. The update's would be that window, read at the run-time
  // offset; with no dynamic slice op yet it has no rule, and umc-autodiff
  // reports an update that depends on a parameter.
  Location loc = getLoc();
  out.push_back(UpdateSliceOp::create(b, loc, grads[0],
                                      zerosOf(b, loc, getUpdate().getType()),
                                      getOffset(), getAxisAttr()));
  out.append({Value(), Value()}); // the update and the offset
  return success();
}
