//===- Convolution.cpp - gradient rule of conv2d --------------------------===//
//
// Both gradients of a convolution are convolutions (the transposed one and
// the one of the input with the output's gradient as kernel), so the rule
// builds them from conv2d itself plus moves of data: whatever kernel the
// back end has for conv2d serves training as well.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

namespace {

/// The kernel `weight : [O, C/g, KH, KW]` of a convolution with `groups`
/// groups as the kernel of its transpose, `[C, O/g, KH, KW]`: input and
/// output channels swapped within each group, and rotated by 180 degrees
/// (taps reversed in both spatial axes, a gather at reversed indices).
Value transposedKernel(OpBuilder &b, Location loc, Value weight,
                       int64_t groups) {
  RankedTensorType type = typeOf(weight);
  int64_t out = type.getDimSize(0), inPerGroup = type.getDimSize(1);
  int64_t kh = type.getDimSize(2), kw = type.getDimSize(3);
  int64_t outPerGroup = out / groups, in = inPerGroup * groups;
  int64_t taps = kh * kw;
  Value grouped =
      reshape(b, loc, weight, {groups, outPerGroup, inPerGroup, taps});
  Value tapsFirst =
      TransposeOp::create(b, loc, grouped, ArrayRef<int64_t>{3, 0, 2, 1});
  Value table = reshape(b, loc, tapsFirst, {taps, in * outPerGroup});
  if (taps > 1) {
    auto idType = RankedTensorType::get({taps}, b.getI32Type());
    Value reversed =
        SubOp::create(b, loc, scalarConstant(b, loc, b.getI32Type(), taps - 1),
                      IotaOp::create(b, loc, idType, b.getI64IntegerAttr(0)));
    table = EmbeddingOp::create(b, loc, reversed, table);
  }
  Value tapsLast = TransposeOp::create(
      b, loc, reshape(b, loc, table, {taps, in, outPerGroup}),
      ArrayRef<int64_t>{1, 2, 0});
  return reshape(b, loc, tapsLast, {in, outPerGroup, kh, kw});
}

} // namespace

LogicalResult Conv2dOp::buildGradients(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  RankedTensorType xType = getInput().getType();
  RankedTensorType wType = getWeight().getType();
  int64_t batch = xType.getDimSize(0), channels = xType.getDimSize(1);
  int64_t outChannels = wType.getDimSize(0);
  int64_t groups = getGroups();
  int64_t inPerGroup = channels / groups;
  ArrayRef<int64_t> strides = getStrides(), padding = getPadding(),
                    dilation = getDilation();
  Value dy = grads[0];

  // d input[h] = sum_i dy'[h + p - i * d] w[i], dy' being dy with its
  // elements spread out by the stride: the correlation, at dilation d, of
  // dy' padded by (K - 1) d - p ahead (and to the input's extent behind)
  // with the rotated kernel. Rows the forward never reached get zeros.
  Value spread = dy;
  for (int64_t axis : {2, 3}) {
    int64_t s = strides[axis - 2], p = padding[axis - 2],
            d = dilation[axis - 2];
    int64_t k = wType.getDimSize(axis), extent = xType.getDimSize(axis);
    if (s != 1 && typeOf(spread).getDimSize(axis) > 1)
      spread = spreadByStride(b, loc, spread, axis, s);
    int64_t before = (k - 1) * d - p;
    int64_t after =
        extent + (k - 1) * d - before - typeOf(spread).getDimSize(axis);
    spread = padWithZeros(b, loc, spread, axis, before, after);
  }
  out.push_back(Conv2dOp::create(
      b, loc, xType, spread, transposedKernel(b, loc, getWeight(), groups),
      Value(), b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0}),
      getDilationAttr(), getGroupsAttr()));

  // d w[o, c, i, j] = sum_{n, y, x} dy[n, o, y, x]
  //                     * x_padded[n, g C/g + c, y s + i d, x s + j d]:
  // a convolution of the input, batch and channels swapped, with dy as the
  // kernel, strides and dilation swapped. Groups go into the channels so
  // that each output channel sees only its own group's inputs.
  Value groupedInput = reshape(
      b, loc, getInput(),
      {batch, groups, inPerGroup, xType.getDimSize(2), xType.getDimSize(3)});
  Value input = reshape(
      b, loc,
      TransposeOp::create(b, loc, groupedInput,
                          ArrayRef<int64_t>{2, 1, 0, 3, 4}),
      {inPerGroup, groups * batch, xType.getDimSize(2), xType.getDimSize(3)});
  Value kernel = TransposeOp::create(b, loc, dy, ArrayRef<int64_t>{1, 0, 2, 3});
  Value correlation =
      Conv2dOp::create(b, loc, input, kernel, Value(), getDilationAttr(),
                       getPaddingAttr(), getStridesAttr(), getGroupsAttr());
  // The correlation may reach taps past the kernel's end (the rows the
  // forward's rounding down dropped): keep the kernel's.
  RankedTensorType wide = typeOf(correlation);
  SmallVector<int64_t> taps{inPerGroup, outChannels, wType.getDimSize(2),
                            wType.getDimSize(3)};
  Value kept = SliceOp::create(b, loc, wide.clone(taps), correlation,
                               SmallVector<int64_t>(4, 0), taps, nullptr);
  out.push_back(
      TransposeOp::create(b, loc, kept, ArrayRef<int64_t>{1, 0, 2, 3}));

  if (getBias()) {
    Value perChannel = dy;
    for (int64_t axis : {3, 2})
      perChannel = SumOp::create(b, loc, perChannel, b.getI64IntegerAttr(axis),
                                 UnitAttr());
    out.push_back(
        SumOp::create(b, loc, perChannel, b.getI64IntegerAttr(0), UnitAttr()));
  }
  return success();
}
