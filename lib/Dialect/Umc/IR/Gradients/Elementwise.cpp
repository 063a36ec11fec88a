//===- Elementwise.cpp - gradient rules of the elementwise ops ------------===//
//
// Each rule builds the operands' gradients from primitives; an operand that
// was broadcast gets the sum over the stretched dimensions (sumToType).
// Rules read the op's result where the derivative is cheapest in it (exp,
// tanh, sigmoid), its input otherwise.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

namespace {

/// Appends the gradients of a binary op's two operands.
void appendBinary(OpBuilder &b, Location loc, Value lhs, Value rhs,
                  Value lhsGrad, Value rhsGrad,
                  SmallVectorImpl<Value> &operandGradients) {
  operandGradients.push_back(sumToType(b, loc, lhsGrad, typeOf(lhs)));
  operandGradients.push_back(sumToType(b, loc, rhsGrad, typeOf(rhs)));
}

} // namespace

LogicalResult AddOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  appendBinary(b, getLoc(), getLhs(), getRhs(), grads[0], grads[0], out);
  return success();
}

LogicalResult SubOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  appendBinary(b, getLoc(), getLhs(), getRhs(), grads[0],
               NegOp::create(b, getLoc(), grads[0]), out);
  return success();
}

LogicalResult MulOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  appendBinary(b, loc, getLhs(), getRhs(), mul(b, loc, grads[0], getRhs()),
               mul(b, loc, grads[0], getLhs()), out);
  return success();
}

LogicalResult DivOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  // d(l / r) = dl / r - (l / r) dr / r.
  Location loc = getLoc();
  Value lhsGrad = DivOp::create(b, loc, grads[0], getRhs());
  Value rhsGrad = NegOp::create(b, loc, mul(b, loc, lhsGrad, getResult()));
  appendBinary(b, loc, getLhs(), getRhs(), lhsGrad, rhsGrad, out);
  return success();
}

/// maximum and minimum: the gradient goes to the operand that was chosen;
/// on a tie, to the lhs (as the forward's `lhs >= rhs` choice would).
static void appendChosen(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         ComparePredicate lhsChosen, Value grad,
                         SmallVectorImpl<Value> &out) {
  Value chosen = CompareOp::create(b, loc, lhsChosen, lhs, rhs);
  Value zero = scalarLike(b, loc, grad, 0.0);
  appendBinary(b, loc, lhs, rhs, WhereOp::create(b, loc, chosen, grad, zero),
               WhereOp::create(b, loc, chosen, zero, grad), out);
}

LogicalResult MaximumOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  appendChosen(b, getLoc(), getLhs(), getRhs(), ComparePredicate::ge, grads[0],
               out);
  return success();
}

LogicalResult MinimumOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  appendChosen(b, getLoc(), getLhs(), getRhs(), ComparePredicate::le, grads[0],
               out);
  return success();
}

LogicalResult ExpOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(mul(b, getLoc(), grads[0], getResult()));
  return success();
}

LogicalResult LogOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(DivOp::create(b, getLoc(), grads[0], getInput()));
  return success();
}

LogicalResult TanhOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // 1 - tanh^2
  Location loc = getLoc();
  Value y = getResult();
  Value slope =
      SubOp::create(b, loc, scalarLike(b, loc, y, 1.0), mul(b, loc, y, y));
  out.push_back(mul(b, loc, grads[0], slope));
  return success();
}

LogicalResult SinOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(
      mul(b, getLoc(), grads[0], CosOp::create(b, getLoc(), getInput())));
  return success();
}

LogicalResult CosOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  out.push_back(NegOp::create(
      b, loc, mul(b, loc, grads[0], SinOp::create(b, loc, getInput()))));
  return success();
}

LogicalResult SqrtOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // 1 / (2 sqrt x)
  Location loc = getLoc();
  Value half = mul(b, loc, grads[0], scalarLike(b, loc, getResult(), 0.5));
  out.push_back(DivOp::create(b, loc, half, getResult()));
  return success();
}

LogicalResult RsqrtOp::buildGradients(OpBuilder &b, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  // d x^(-1/2) = -x^(-3/2) / 2 = -y^3 / 2
  Location loc = getLoc();
  Value y = getResult();
  Value cube = mul(b, loc, mul(b, loc, y, y), y);
  out.push_back(
      mul(b, loc, grads[0], mul(b, loc, cube, scalarLike(b, loc, y, -0.5))));
  return success();
}

LogicalResult SigmoidOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  // s (1 - s)
  Location loc = getLoc();
  Value s = getResult();
  Value slope =
      mul(b, loc, s, SubOp::create(b, loc, scalarLike(b, loc, s, 1.0), s));
  out.push_back(mul(b, loc, grads[0], slope));
  return success();
}

LogicalResult NegOp::buildGradients(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(NegOp::create(b, getLoc(), grads[0]));
  return success();
}

LogicalResult GeluOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  out.push_back(
      GeluGradOp::create(b, getLoc(), getInput(), grads[0], getApproximate()));
  return success();
}

LogicalResult SiluOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // d x s(x) = s (1 + x (1 - s))
  Location loc = getLoc();
  Value x = getInput();
  Value s = SigmoidOp::create(b, loc, x);
  Value one = scalarLike(b, loc, x, 1.0);
  Value slope =
      mul(b, loc, s,
          AddOp::create(b, loc, one,
                        mul(b, loc, x, SubOp::create(b, loc, one, s))));
  out.push_back(mul(b, loc, grads[0], slope));
  return success();
}

LogicalResult CastOp::buildGradients(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // Only float to float is differentiable; the pass never asks for an
  // integer operand's gradient.
  out.push_back(CastOp::create(b, getLoc(), getInput().getType(), grads[0]));
  return success();
}

LogicalResult WhereOp::buildGradients(OpBuilder &b, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  Value zero = scalarLike(b, loc, grads[0], 0.0);
  out.push_back(Value()); // the condition
  appendBinary(b, loc, getLhs(), getRhs(),
               WhereOp::create(b, loc, getCondition(), grads[0], zero),
               WhereOp::create(b, loc, getCondition(), zero, grads[0]), out);
  return success();
}

LogicalResult BroadcastOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  out.push_back(sumToType(b, getLoc(), grads[0], getInput().getType()));
  return success();
}

LogicalResult SoftmaxOp::buildGradients(OpBuilder &b, ValueRange grads,
                                        SmallVectorImpl<Value> &out) {
  // y (g - sum(g y))
  Location loc = getLoc();
  Value y = getResult();
  Value dot = SumOp::create(b, loc, mul(b, loc, grads[0], y),
                            b.getI64IntegerAttr(getAxis()), b.getUnitAttr());
  out.push_back(mul(b, loc, y, SubOp::create(b, loc, grads[0], dot)));
  return success();
}
