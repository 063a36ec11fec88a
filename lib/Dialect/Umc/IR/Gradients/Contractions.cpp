//===- Contractions.cpp - gradient rules of linear, matmul, embedding -----===//
#include "GradientBuilders.h"

#include "umc/Dialect/Umc/IR/UmcShapes.h"

using namespace mlir;
using namespace umc;
using namespace umc::gradients;

LogicalResult LinearOp::buildGradients(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  // y = x W^T + bias over rows m of x flattened to [M, K]:
  // dx = dy W, dW = dy^T x, dbias = sum_m dy.
  Location loc = getLoc();
  RankedTensorType xType = getInput().getType();
  int64_t k = xType.getShape().back();
  int64_t n = getWeight().getType().getDimSize(0);
  int64_t rows = numElements(xType.getShape()) / k;
  Value dy = reshape(b, loc, grads[0], {rows, n});
  Value x = reshape(b, loc, getInput(), {rows, k});
  out.push_back(reshape(b, loc, MatmulOp::create(b, loc, dy, getWeight()),
                        xType.getShape()));
  out.push_back(MatmulOp::create(b, loc, transposeLastTwo(b, loc, dy), x));
  if (getBias())
    out.push_back(
        SumOp::create(b, loc, dy, b.getI64IntegerAttr(0), UnitAttr()));
  return success();
}

LogicalResult MatmulOp::buildGradients(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  // d lhs = dy rhs^T, d rhs = lhs^T dy, each summed over the batch
  // dimensions it was broadcast along.
  Location loc = getLoc();
  Value dy = grads[0];
  Value lhsGrad =
      MatmulOp::create(b, loc, dy, transposeLastTwo(b, loc, getRhs()));
  Value rhsGrad =
      MatmulOp::create(b, loc, transposeLastTwo(b, loc, getLhs()), dy);
  out.push_back(sumToType(b, loc, lhsGrad, getLhs().getType()));
  out.push_back(sumToType(b, loc, rhsGrad, getRhs().getType()));
  return success();
}

LogicalResult EmbeddingOp::buildGradients(OpBuilder &b, ValueRange grads,
                                          SmallVectorImpl<Value> &out) {
  // The scatter-add d table[v] = sum over positions holding id v of dy, as
  // a product with the one-hot matrix [V, N]: deterministic (no atomics),
  // the same on every thread count, and N * V * D multiply-adds, which is
  // cheap for the vocabularies of models/ (a sorted scatter would do for
  // large ones).
  Location loc = getLoc();
  RankedTensorType table = getTable().getType();
  int64_t rows = table.getDimSize(0), width = table.getDimSize(1);
  int64_t positions = getIds().getType().getNumElements();
  Type idType = getIds().getType().getElementType();
  Value ids = reshape(b, loc, getIds(), {1, positions});
  Value vocabulary = IotaOp::create(
      b, loc, RankedTensorType::get({rows, 1}, idType), b.getI64IntegerAttr(0));
  Value hits = CompareOp::create(b, loc, ComparePredicate::eq, vocabulary, ids);
  Type f = table.getElementType();
  Value oneHot = WhereOp::create(b, loc, hits, scalarConstant(b, loc, f, 1.0),
                                 scalarConstant(b, loc, f, 0.0));
  Value dy = reshape(b, loc, grads[0], {positions, width});
  out.push_back(Value()); // the ids
  out.push_back(MatmulOp::create(b, loc, oneHot, dy));
  return success();
}
