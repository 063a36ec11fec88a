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
  // The slice's gradient put back where it was read, one axis at a time:
  // spread out by the stride, then padded with zeros to the input's size.
  Location loc = getLoc();
  RankedTensorType input = getInput().getType();
  ArrayRef<int64_t> offsets = getOffsets();
  std::optional<ArrayRef<int64_t>> strides = getStrides();
  Value grad = grads[0];
  for (size_t axis = 0; axis < offsets.size(); ++axis) {
    int64_t stride = strides ? (*strides)[axis] : 1;
    if (stride != 1 && typeOf(grad).getDimSize(axis) > 1)
      grad = spreadByStride(b, loc, grad, axis, stride);
    int64_t span = typeOf(grad).getDimSize(axis);
    grad = padWithZeros(b, loc, grad, axis, offsets[axis],
                        input.getDimSize(axis) - offsets[axis] - span);
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

/// The window of `grad` that `update_slice` wrote `window` to, at the
/// run-time `offset` along `axis`. No static slice reads at a run-time
/// offset: the axis is contracted with the one-hot selection
/// S[i, j] = (j == offset + i), [n, D], the offset clamped into [0, D - n]
/// as the forward clamps one it cannot check.
static Value windowAt(OpBuilder &b, Location loc, Value grad,
                      RankedTensorType window, Value offset, int64_t axis) {
  RankedTensorType type = typeOf(grad);
  int64_t rank = type.getRank();
  int64_t length = type.getDimSize(axis), n = window.getDimSize(axis);
  Type index = typeOf(offset).getElementType();
  Value start = MaximumOp::create(
      b, loc,
      MinimumOp::create(b, loc, offset,
                        scalarConstant(b, loc, index, length - n)),
      scalarConstant(b, loc, index, 0));
  Value read =
      AddOp::create(b, loc,
                    IotaOp::create(b, loc, RankedTensorType::get({n, 1}, index),
                                   b.getI64IntegerAttr(0)),
                    start);
  Value position = IotaOp::create(
      b, loc, RankedTensorType::get({length}, index), b.getI64IntegerAttr(0));
  Value selection = CastOp::create(
      b, loc, RankedTensorType::get({n, length}, type.getElementType()),
      CompareOp::create(b, loc, ComparePredicate::eq, read, position));
  // linear contracts the last dimension: move the axis there and back.
  if (axis == rank - 1)
    return LinearOp::create(b, loc, grad, selection, Value());
  SmallVector<int64_t> toLast;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      toLast.push_back(d);
  toLast.push_back(axis);
  SmallVector<int64_t> back(rank);
  for (auto [i, d] : llvm::enumerate(toLast))
    back[d] = i;
  Value moved = TransposeOp::create(b, loc, grad, toLast);
  Value picked = LinearOp::create(b, loc, moved, selection, Value());
  return TransposeOp::create(b, loc, picked, back);
}

LogicalResult UpdateSliceOp::buildGradients(OpBuilder &b, ValueRange grads,
                                            SmallVectorImpl<Value> &out) {
  // The input's gradient is the result's with the overwritten window
  // zeroed; the update's is that window.
  Location loc = getLoc();
  RankedTensorType input = getInput().getType();
  int64_t axis =
      *normalizeAxis(static_cast<int64_t>(getAxis()), input.getRank());
  out.push_back(UpdateSliceOp::create(b, loc, grads[0],
                                      zerosOf(b, loc, getUpdate().getType()),
                                      getOffset(), getAxisAttr()));
  out.push_back(
      windowAt(b, loc, grads[0], getUpdate().getType(), getOffset(), axis));
  out.push_back(Value()); // the offset
  return success();
}

LogicalResult UnpatchifyOp::buildGradients(OpBuilder &b, ValueRange grads,
                                           SmallVectorImpl<Value> &out) {
  // Unpatchify only moves elements: its gradient moves them back, which is
  // patchify, features in (c, i, j) order. channels_last stores them in
  // (i, j, c) order: [C, P * P] transposed in each patch.
  Location loc = getLoc();
  Value patches = PatchifyOp::create(b, loc, grads[0], getPatchSizeAttr());
  if (getChannelsLast()) {
    RankedTensorType type = getInput().getType();
    int64_t channels = getType().getDimSize(1);
    int64_t n = type.getDimSize(0), count = type.getDimSize(1);
    int64_t area = type.getDimSize(2) / channels;
    Value split = reshape(b, loc, patches, {n, count, channels, area});
    patches = reshape(b, loc, transposeLastTwo(b, loc, split), type.getShape());
  }
  out.push_back(patches);
  return success();
}
