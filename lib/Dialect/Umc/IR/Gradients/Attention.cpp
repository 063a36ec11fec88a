//===- Attention.cpp - gradient rules of rope and attention ---------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

LogicalResult RopeOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // Rope rotates each pair by an angle; its transpose rotates back, which
  // is rope at the negated positions.
  Location loc = getLoc();
  Value negated = SubOp::create(b, loc, scalarLike(b, loc, getPositions(), 0),
                                getPositions());
  out.push_back(RopeOp::create(b, loc, grads[0], negated, getThetaAttr()));
  out.push_back(Value()); // the positions
  return success();
}

LogicalResult AttentionOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  // The bias has no rule yet: umc-autodiff reports it when a bias needs a
  // gradient; a constant bias (ALiBi, a float mask) is fine.
  Location loc = getLoc();
  Value query = getQuery(), key = getKey();
  // QK-norm: the attention of the normalized q and k, then the norms' rules.
  RmsNormOp queryNorm, keyNorm;
  if (getQNormScale()) {
    queryNorm =
        RmsNormOp::create(b, loc, query, getQNormScale(), getQkNormEpsAttr());
    keyNorm =
        RmsNormOp::create(b, loc, key, getKNormScale(), getQkNormEpsAttr());
    query = queryNorm;
    key = keyNorm;
  }
  // Key and value gradients come per query head; the heads of a group sum.
  RankedTensorType queryType = getQuery().getType();
  int64_t batch = queryType.getDimSize(0), heads = queryType.getDimSize(1);
  auto gradOf = [&](AttentionOperand wrt, Value operand) -> Value {
    RankedTensorType type = typeOf(operand);
    int64_t kvHeads = type.getDimSize(1), length = type.getDimSize(2),
            width = type.getDimSize(3);
    if (wrt != AttentionOperand::query)
      type = type.clone({batch, heads, length, width});
    Value grad = AttentionGradOp::create(
        b, loc, type, wrt, query, key, getValue(), getResult(), grads[0],
        getBias(), getKeyPadding(), getQueryOffset(), getMask(),
        getScaleAttr());
    if (type.getDimSize(1) == kvHeads)
      return grad;
    Value grouped =
        reshape(b, loc, grad, {batch, kvHeads, heads / kvHeads, length, width});
    return SumOp::create(b, loc, grouped, b.getI64IntegerAttr(2), UnitAttr());
  };
  Value queryGrad = gradOf(AttentionOperand::query, query);
  Value keyGrad = gradOf(AttentionOperand::key, key);
  Value valueGrad = gradOf(AttentionOperand::value, getValue());

  SmallVector<Value> queryNormGrads, keyNormGrads;
  if (queryNorm) {
    if (failed(queryNorm.buildGradients(b, queryGrad, queryNormGrads)) ||
        failed(keyNorm.buildGradients(b, keyGrad, keyNormGrads)))
      return failure();
    queryGrad = queryNormGrads[0];
    keyGrad = keyNormGrads[0];
  }
  // Operands in order: query, key, value, then the optional ones present.
  out.append({queryGrad, keyGrad, valueGrad});
  if (getBias())
    out.push_back(Value());
  if (getKeyPadding())
    out.push_back(Value());
  if (getQueryOffset())
    out.push_back(Value());
  if (queryNorm)
    out.append({queryNormGrads[1], keyNormGrads[1]});
  return success();
}
