//===- Routing.cpp - gradient rule of the router --------------------------===//
//
// The router's float results, the gates and the balance statistic, are
// functions of the probabilities p = softmax((logits + noise) / T) at
// choices that are piecewise constant. The rule builds dp from both, then
// the softmax's d logits = p (dp - sum_e dp p) / T. The ids and the dropped
// count are integers and take no gradient.
//
//===----------------------------------------------------------------------===//
#include "GradientBuilders.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

namespace {

/// [T, E]: the sum over k of `values[t, k]` where ids[t, k] == e (the -1 of
/// a dropped assignment matches no expert). `values` is [T, K] or a scalar.
Value toExperts(OpBuilder &b, Location loc, Value ids, Value values,
                int64_t experts) {
  RankedTensorType type = typeOf(ids);
  int64_t tokens = type.getDimSize(0), k = type.getDimSize(1);
  Value column = reshape(b, loc, ids, {tokens, k, 1});
  Value expert =
      IotaOp::create(b, loc, type.clone({experts}), b.getI64IntegerAttr(0));
  Value hits = CompareOp::create(b, loc, ComparePredicate::eq, column, expert);
  if (typeOf(values).getRank() != 0)
    values = reshape(b, loc, values, {tokens, k, 1});
  Value picked =
      WhereOp::create(b, loc, hits, values, scalarLike(b, loc, values, 0.0));
  return SumOp::create(b, loc, picked, b.getI64IntegerAttr(1), UnitAttr());
}

/// The first `k` columns of `x : [T, K']`.
Value firstColumns(OpBuilder &b, Location loc, Value x, int64_t k) {
  RankedTensorType type = typeOf(x);
  SmallVector<int64_t> sizes = {type.getDimSize(0), k};
  return SliceOp::create(b, loc, type.clone(sizes), x, ArrayRef<int64_t>{0, 0},
                         sizes, nullptr);
}

Value sumKeep(OpBuilder &b, Location loc, Value x, int64_t axis) {
  return SumOp::create(b, loc, x, b.getI64IntegerAttr(axis), b.getUnitAttr());
}

} // namespace

LogicalResult RouterOp::buildGradients(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  Location loc = getLoc();
  RankedTensorType logits = getLogits().getType();
  int64_t tokens = logits.getDimSize(0), experts = logits.getDimSize(1);
  int64_t k = getTopK();
  Value gatesGrad = grads[1], balanceGrad = grads[3];

  // p, and each token's ranking of all experts before any drop: the same
  // router asked for every expert, without capacity or renormalization.
  // It draws the same Gumbel noise (a function of the seed, the counter
  // and the element), which no other op does. Its ranking is O(E^3) per
  // token, small next to the dense experts of the moe it feeds.
  auto ranking = RouterOp::create(b, loc, getLogits(), getSeed(), getCounter(),
                                  b.getI64IntegerAttr(experts), IntegerAttr(),
                                  getTemperatureAttr(), UnitAttr());
  Value p = toExperts(b, loc, ranking.getIds(), ranking.getGates(), experts);
  Value chosen = firstColumns(b, loc, ranking.getIds(), k);

  // d p at the chosen experts. A dropped assignment's gate is the constant
  // 0, so its gradient does not reach p.
  Value kept = CompareOp::create(
      b, loc, ComparePredicate::ge, getIds(),
      scalarConstant(b, loc, getIds().getType().getElementType(), 0));
  Value chosenGrad = WhereOp::create(b, loc, kept, gatesGrad,
                                     scalarLike(b, loc, gatesGrad, 0.0));
  if (getRenormalize()) {
    // gate_j = p_j / S, S the sum of the K chosen p (dropped or not):
    // d p_j = (d gate_j [kept] - sum_k d gate_k gate_k) / S, which reaches
    // a dropped choice too, through S.
    Value sum = sumKeep(b, loc, firstColumns(b, loc, ranking.getGates(), k), 1);
    Value dot = sumKeep(b, loc, mul(b, loc, gatesGrad, getGates()), 1);
    chosenGrad =
        DivOp::create(b, loc, SubOp::create(b, loc, chosenGrad, dot), sum);
  }
  Value pGrad = toExperts(b, loc, chosen, chosenGrad, experts);

  // balance = E / T^2 sum_e n_e sum_t p[t, e], with n_e the tokens whose
  // first choice is e: d balance / d p[t, e] = E / T^2 n_e.
  Value firsts =
      sumKeep(b, loc,
              toExperts(b, loc, firstColumns(b, loc, ranking.getIds(), 1),
                        scalarLike(b, loc, p, 1.0), experts),
              0);
  double perFirst = static_cast<double>(experts) /
                    (static_cast<double>(tokens) * static_cast<double>(tokens));
  Value balanceSlope =
      mul(b, loc, balanceGrad, scalarLike(b, loc, p, perFirst));
  pGrad = AddOp::create(b, loc, pGrad, mul(b, loc, firsts, balanceSlope));

  // The softmax of the scores divided by the temperature; the noise is a
  // constant.
  Value inner =
      SubOp::create(b, loc, pGrad, sumKeep(b, loc, mul(b, loc, pGrad, p), 1));
  Value logitsGrad = mul(b, loc, p, inner);
  double temperature = getTemperature().convertToDouble();
  if (temperature != 1.0)
    logitsGrad =
        mul(b, loc, logitsGrad, scalarLike(b, loc, p, 1.0 / temperature));
  out.push_back(logitsGrad);
  if (getSeed())
    out.append({Value(), Value()}); // the seed and the counter
  return success();
}
