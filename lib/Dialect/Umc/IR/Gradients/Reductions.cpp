//===- Reductions.cpp - gradient rules of the reductions ------------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

LogicalResult SumOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(spreadOverAxis(b, getLoc(), grads[0], getInput().getType(),
                               static_cast<int64_t>(getAxis()), getKeepDim()));
  return success();
}

LogicalResult MeanOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  RankedTensorType type = getInput().getType();
  int64_t axis = static_cast<int64_t>(getAxis());
  int64_t n = type.getDimSize(axis < 0 ? axis + type.getRank() : axis);
  Value scaled =
      MulOp::create(b, loc, grads[0], scalarLike(b, loc, grads[0], 1.0 / n));
  out.push_back(spreadOverAxis(b, loc, scaled, type, axis, getKeepDim()));
  return success();
}

LogicalResult MaxOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  // To the first maximum along the axis, as torch.max(x, dim) routes it
  // through its indices (a tie does not split the gradient).
  Location loc = getLoc();
  RankedTensorType type = getInput().getType();
  int64_t axis = static_cast<int64_t>(getAxis());
  int64_t dim = axis < 0 ? axis + type.getRank() : axis;
  SmallVector<int64_t> kept(type.getShape());
  kept[dim] = 1;
  auto indexType = RankedTensorType::get(kept, b.getI32Type());
  Value first = ArgmaxOp::create(b, loc, indexType, getInput(),
                                 b.getI64IntegerAttr(dim), b.getUnitAttr());
  Value index = IotaOp::create(b, loc, type.clone(b.getI32Type()),
                               b.getI64IntegerAttr(dim));
  Value chosen = CompareOp::create(b, loc, ComparePredicate::eq, index, first);
  Value spread = spreadOverAxis(b, loc, grads[0], type, axis, getKeepDim());
  out.push_back(
      WhereOp::create(b, loc, chosen, spread, scalarLike(b, loc, spread, 0.0)));
  return success();
}
