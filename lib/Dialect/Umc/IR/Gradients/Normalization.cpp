//===- Normalization.cpp - gradient rules of the norms --------------------===//
//
// With xhat the normalized input (before scale and bias), r the reciprocal
// of the standard deviation and dxhat = dy * scale:
//   layer_norm: dx = r (dxhat - mean(dxhat) - xhat mean(dxhat xhat))
//   rms_norm:   dx = r (dxhat - xhat mean(dxhat xhat))
// and d scale = sum(dy xhat), d bias = sum(dy) over every row. xhat and r
// are recomputed from the input (a row reduction) rather than kept from the
// forward, which stores neither. group_norm is layer_norm over each group
// viewed as a row, and reuses its rule.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

namespace {

Value meanLast(OpBuilder &b, Location loc, Value x) {
  return MeanOp::create(b, loc, x, b.getI64IntegerAttr(-1), b.getUnitAttr());
}

/// Sums `x` over every dimension but the last: [..., D] -> [D].
Value sumRows(OpBuilder &b, Location loc, Value x) {
  RankedTensorType type = typeOf(x);
  int64_t width = type.getShape().back();
  Value rows = reshape(b, loc, x, {type.getNumElements() / width, width});
  return SumOp::create(b, loc, rows, b.getI64IntegerAttr(0), UnitAttr());
}

/// r = 1 / sqrt(mean(c^2) + eps) per row, kept as [..., 1].
Value reciprocalDeviation(OpBuilder &b, Location loc, Value centered,
                          double eps) {
  Value variance = meanLast(b, loc, mul(b, loc, centered, centered));
  return RsqrtOp::create(
      b, loc,
      AddOp::create(b, loc, variance, scalarLike(b, loc, variance, eps)));
}

/// The gradients of a norm's input, scale and bias (`hasScale`, `hasBias`).
void normGradients(OpBuilder &b, Location loc, Value dy, Value xhat, Value r,
                   Value scale, bool hasBias, bool centered,
                   SmallVectorImpl<Value> &out) {
  Value dxhat = scale ? mul(b, loc, dy, scale) : dy;
  Value inner = SubOp::create(
      b, loc, dxhat,
      mul(b, loc, xhat, meanLast(b, loc, mul(b, loc, dxhat, xhat))));
  if (centered)
    inner = SubOp::create(b, loc, inner, meanLast(b, loc, dxhat));
  out.push_back(mul(b, loc, r, inner));
  if (scale)
    out.push_back(sumRows(b, loc, mul(b, loc, dy, xhat)));
  if (hasBias)
    out.push_back(sumRows(b, loc, dy));
}

} // namespace

LogicalResult LayerNormOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  double eps = getEps().convertToDouble();
  Value x = getInput();
  Value centered = SubOp::create(b, loc, x, meanLast(b, loc, x));
  Value r = reciprocalDeviation(b, loc, centered, eps);
  Value xhat = mul(b, loc, centered, r);
  normGradients(b, loc, grads[0], xhat, r, getScale(), bool(getBias()),
                /*centered=*/true, out);
  return success();
}

LogicalResult RmsNormOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  double eps = getEps().convertToDouble();
  Value x = getInput();
  Value r = reciprocalDeviation(b, loc, x, eps);
  Value xhat = mul(b, loc, x, r);
  normGradients(b, loc, grads[0], xhat, r, getScale(), /*hasBias=*/false,
                /*centered=*/false, out);
  return success();
}

/// Sums `x : [N, C, ...]` over every dimension but the channels: [C].
static Value sumOverChannels(OpBuilder &b, Location loc, Value x) {
  RankedTensorType type = typeOf(x);
  int64_t channels = type.getDimSize(1);
  Value perSample =
      SumOp::create(b, loc, x, b.getI64IntegerAttr(0), UnitAttr());
  if (type.getRank() == 2)
    return perSample;
  int64_t rest = type.getNumElements() / (type.getDimSize(0) * channels);
  return SumOp::create(b, loc, reshape(b, loc, perSample, {channels, rest}),
                       b.getI64IntegerAttr(1), UnitAttr());
}

LogicalResult GroupNormOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  // The forward is a layer_norm (no affine) of the input viewed as rows
  // [N, G, (C / G) * rest], viewed back, then the per-channel scale and
  // bias: the input's gradient is layer_norm's rule on those rows.
  Location loc = getLoc();
  RankedTensorType type = getType();
  int64_t samples = type.getDimSize(0), groups = getGroups();
  SmallVector<int64_t> rows = {samples, groups,
                               type.getNumElements() / (samples * groups)};
  auto norm = LayerNormOp::create(b, loc, reshape(b, loc, getInput(), rows),
                                  Value(), Value(), getEpsAttr());
  // scale and bias are [C]; as [C, 1, ...] they broadcast over [N, C, ...].
  SmallVector<int64_t> perChannel(type.getRank() - 1, 1);
  perChannel[0] = type.getDimSize(1);
  Value dy = grads[0];
  Value dxhat = getScale()
                    ? mul(b, loc, dy, reshape(b, loc, getScale(), perChannel))
                    : dy;
  SmallVector<Value> normGrads;
  if (failed(norm.buildGradients(b, reshape(b, loc, dxhat, rows), normGrads)))
    return failure();
  out.push_back(reshape(b, loc, normGrads[0], type.getShape()));
  if (getScale()) {
    Value xhat = reshape(b, loc, norm, type.getShape());
    out.push_back(sumOverChannels(b, loc, mul(b, loc, dy, xhat)));
  }
  if (getBias())
    out.push_back(sumOverChannels(b, loc, dy));
  return success();
}
