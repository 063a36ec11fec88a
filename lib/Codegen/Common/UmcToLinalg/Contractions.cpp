//===- Contractions.cpp - linear, matmul and embedding to linalg ----------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "umc/Codegen/Passes.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

SmallVector<AffineExpr> dims(MLIRContext *ctx, unsigned first, unsigned count) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d = first; d < first + count; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return exprs;
}

/// sum_k a * b into `acc` (compute type), then rounded to `elementType`;
/// loop `reduction` is k. The contraction is the root: `tileDims` of its
/// outer loops may be split.
Value contract(OpBuilder &b, Location loc, Input lhs, Input rhs, Input acc,
               unsigned numLoops, unsigned reduction, Type elementType,
               int64_t tileDims) {
  auto op = generic(b, loc, {lhs, rhs}, {acc},
                    iterators(numLoops, {reduction}),
                    [](OpBuilder &nb, Location nl, ValueRange in,
                       ValueRange out) -> SmallVector<Value> {
                      return {multiplyAccumulate(nb, nl, out[0], in[0], in[1])};
                    });
  Value result = op.getResult(0);
  if (elementTypeOf(result) == elementType) {
    setTileDims(op, tileDims);
    return result;
  }
  // Narrow types accumulate in f32 and round once.
  return elementwise(b, loc, shapeOf(result), elementType, {result},
                     [](OpBuilder &, Location, ValueRange args) {
                       return args[0];
                     });
}

/// The accumulator of a contraction producing `shape`: the bias broadcast
/// along the last dim, or zeros.
Value initialAccumulator(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                         Type accType, Value bias) {
  if (!bias)
    return filledTensor(b, loc, shape, accType, 0.0);
  MLIRContext *ctx = b.getContext();
  unsigned rank = shape.size();
  return generic(b, loc,
                 {{bias, AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx))}},
                 {{emptyTensor(b, loc, shape, accType),
                   AffineMap::getMultiDimIdentityMap(rank, ctx)}},
                 iterators(rank),
                 [](OpBuilder &, Location, ValueRange in,
                    ValueRange) -> SmallVector<Value> { return {in[0]}; })
      .getResult(0);
}

/// linear: loops (rows..., n, k); x[rows..., k] * w[n, k]. With k innermost
/// both operands are read contiguously: a vectorized dot product.
struct LowerLinear : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LinearOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    unsigned loops = rank + 1;
    unsigned n = rank - 1, k = rank;

    SmallVector<AffineExpr> xExprs = dims(ctx, 0, rank - 1);
    xExprs.push_back(getAffineDimExpr(k, ctx));
    AffineMap xMap = AffineMap::get(loops, 0, xExprs, ctx);
    AffineMap wMap = AffineMap::get(
        loops, 0, {getAffineDimExpr(n, ctx), getAffineDimExpr(k, ctx)}, ctx);
    AffineMap outMap = AffineMap::get(loops, 0, dims(ctx, 0, rank), ctx);

    Type acc = computeType(type.getElementType());
    Value init = initialAccumulator(rewriter, loc, type.getShape(), acc,
                                    op.getBias());
    Value result = contract(rewriter, loc, {op.getInput(), xMap},
                            {op.getWeight(), wMap}, {init, outMap}, loops, k,
                            type.getElementType(), rank);
    // Split the output columns as well as the rows, so that a workgroup
    // reuses a slice of the weight over its rows.
    setSplitColumns(result.getDefiningOp());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// matmul: loops (batch..., m, k, n); batch dims broadcast per operand. With
/// n innermost, rhs[k, n] and the result row are read contiguously: each k
/// adds a scaled rhs row to the result row (vectorized, no gathers).
struct LowerMatmul : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  AffineMap operandMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape, unsigned row,
                       unsigned col) const {
    unsigned rank = resultShape.size();
    unsigned loops = rank + 1;
    AffineMap batch = broadcastMap(ctx, operandShape.drop_back(2),
                                   resultShape.drop_back(2));
    SmallVector<AffineExpr> exprs(batch.getResults());
    exprs.push_back(getAffineDimExpr(row, ctx));
    exprs.push_back(getAffineDimExpr(col, ctx));
    return AffineMap::get(loops, 0, exprs, ctx);
  }

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> shape = type.getShape();
    unsigned rank = shape.size();
    unsigned m = rank - 2, k = rank - 1, n = rank;

    AffineMap lhsMap = operandMap(ctx, shapeOf(op.getLhs()), shape, m, k);
    AffineMap rhsMap = operandMap(ctx, shapeOf(op.getRhs()), shape, k, n);
    SmallVector<AffineExpr> outExprs = dims(ctx, 0, rank - 1);
    outExprs.push_back(getAffineDimExpr(n, ctx));
    AffineMap outMap = AffineMap::get(rank + 1, 0, outExprs, ctx);
    Type acc = computeType(type.getElementType());
    Value init = filledTensor(rewriter, loc, shape, acc, 0.0);
    // The batch, row and column loops may be split (never k, between the
    // rows and the columns): columns as for a linear, so that each
    // workgroup reuses a slice of rhs over many rows.
    Value result =
        contract(rewriter, loc, {op.getLhs(), lhsMap}, {op.getRhs(), rhsMap},
                 {init, outMap}, rank + 1, k, type.getElementType(), rank + 1);
    if (type.getElementType() == acc)
      setSplitColumns(result.getDefiningOp());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// embedding: out[i..., d] = table[ids[i...], d]. Ids are clamped into the
/// table so that a bad id can never read outside it.
struct LowerEmbedding : OpRewritePattern<EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(EmbeddingOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    Value table = op.getTable();
    int64_t vocab = shapeOf(table)[0];

    AffineMap idsMap = AffineMap::get(rank, 0, dims(ctx, 0, rank - 1), ctx);
    auto gather = generic(
        rewriter, loc, {{op.getIds(), idsMap}},
        {{emptyTensor(rewriter, loc, type.getShape(), type.getElementType()),
          AffineMap::getMultiDimIdentityMap(rank, ctx)}},
        iterators(rank),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          Value id = arith::IndexCastOp::create(b, l, b.getIndexType(), in[0]);
          id = arith::MaxSIOp::create(b, l, id, indexConstant(b, l, 0));
          id = arith::MinSIOp::create(b, l, id, indexConstant(b, l, vocab - 1));
          Value d = linalg::IndexOp::create(b, l, rank - 1);
          Value row = tensor::ExtractOp::create(b, l, table, ValueRange{id, d});
          return {toCompute(b, l, row)};
        });
    setTileDims(gather, rank - 1);
    rewriter.replaceOp(op, gather.getResult(0));
    return success();
  }
};

} // namespace

void umc::lowering::populateContractionPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLinear, LowerMatmul, LowerEmbedding>(patterns.getContext());
}
