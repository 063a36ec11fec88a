//===- Sampling.cpp - umc.sample to linalg --------------------------------===//
//
// One workgroup-able generic over the rows; each row is drawn by scalar
// loops inside its body, so the draw is sequential per row and therefore the
// same on any number of threads. The top-k and top-p thresholds are found by
// bisection over the logits' order-preserving integer keys (32 passes each)
// instead of a sort: no scratch memory, exact ties, and V-element passes
// that vectorize.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"
#include "Philox.h"

#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace umc;
using namespace umc::lowering;

namespace {

/// Builds the draw of one row `row` of `logits` (a [B, V] tensor).
class RowSampler {
public:
  RowSampler(OpBuilder &b, Location loc, Value logits, Value row)
      : b(b), loc(loc), logits(logits), row(row),
        vocab(shapeOf(logits)[1]) {}

  /// x[j] in f32.
  Value logit(OpBuilder &nb, Value j) {
    return toCompute(nb, loc, tensor::ExtractOp::create(
                                  nb, loc, logits, ValueRange{row, j}));
  }

  /// An i64 key that orders like the float: for x >= 0 its bits, for x < 0
  /// its bits with all but the sign flipped.
  Value key(OpBuilder &nb, Value x) {
    Value bits = arith::BitcastOp::create(nb, loc, nb.getI32Type(), x);
    Value negative = arith::CmpIOp::create(
        nb, loc, arith::CmpIPredicate::slt, bits, i32(nb, 0));
    Value flipped = arith::XOrIOp::create(nb, loc, bits, i32(nb, 0x7FFFFFFF));
    Value ordered = arith::SelectOp::create(nb, loc, negative, flipped, bits);
    return arith::ExtSIOp::create(nb, loc, nb.getI64Type(), ordered);
  }

  /// Loops j over the vocabulary carrying `init`; `step` returns the new
  /// carried values.
  ValueRange overVocab(
      ValueRange init,
      function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> step) {
    auto loop = scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, vocab),
        indexConstant(b, loc, 1), init,
        [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
          scf::YieldOp::create(nb, loc, step(nb, j, carried));
        });
    return loop.getResults();
  }

  /// The largest key K with `holds(K)`, where `holds` is monotone (true for
  /// small K) and true at `lo`: bisection over [lo, 2^31).
  Value largestKeyWhere(Value lo,
                        function_ref<Value(OpBuilder &, Value)> holds) {
    Value hi = i64(b, int64_t{1} << 31);
    auto loop = scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, 33),
        indexConstant(b, loc, 1), ValueRange{lo, hi},
        [&](OpBuilder &nb, Location, Value, ValueRange bounds) {
          Value span = arith::SubIOp::create(nb, loc, bounds[1], bounds[0]);
          Value mid = arith::AddIOp::create(
              nb, loc, bounds[0],
              arith::ShRSIOp::create(nb, loc, span, i64(nb, 1)));
          Value ok = holds(nb, mid);
          // Once the interval is one key wide, mid == lo and nothing moves.
          scf::YieldOp::create(
              nb, loc,
              ValueRange{arith::SelectOp::create(nb, loc, ok, mid, bounds[0]),
                         arith::SelectOp::create(nb, loc, ok, bounds[1], mid)});
        });
    return loop.getResult(0);
  }

  Value i32(OpBuilder &nb, int64_t v) {
    return arith::ConstantOp::create(nb, loc, nb.getI32IntegerAttr(v));
  }
  Value i64(OpBuilder &nb, int64_t v) {
    return arith::ConstantOp::create(nb, loc, nb.getI64IntegerAttr(v));
  }
  Value f32(OpBuilder &nb, double v) {
    return arith::ConstantOp::create(nb, loc, nb.getF32FloatAttr(v));
  }

  OpBuilder &b;
  Location loc;
  Value logits, row;
  int64_t vocab;
};

struct LowerSample : OpRewritePattern<SampleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SampleOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    Type indexType = type.getElementType();
    AffineMap scalar = AffineMap::get(1, 0, {}, ctx);
    SmallVector<Input> inputs{{op.getSeed(), scalar}, {op.getCounter(), scalar}};
    for (Value optional : {op.getTemperature(), op.getTopK(), op.getTopP()})
      if (optional)
        inputs.push_back({optional, scalar});
    Value logits = op.getLogits();

    auto draw = generic(
        rewriter, loc, inputs,
        {{emptyTensor(rewriter, loc, type.getShape(), indexType),
          AffineMap::getMultiDimIdentityMap(1, ctx)}},
        iterators(1),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          Value row = linalg::IndexOp::create(b, l, 0);
          RowSampler s(b, l, logits, row);
          unsigned next = 2;
          Value temperature = op.getTemperature() ? in[next++] : s.f32(b, 1.0);
          Value topK = op.getTopK() ? in[next++] : Value();
          Value topP = op.getTopP() ? in[next++] : Value();

          // The maximum and its first index (greedy's answer).
          ValueRange best = s.overVocab(
              {s.f32(b, -INFINITY), indexConstant(b, l, 0)},
              [&](OpBuilder &nb, Value j, ValueRange c) -> SmallVector<Value> {
                Value x = s.logit(nb, j);
                Value larger = arith::CmpFOp::create(
                    nb, l, arith::CmpFPredicate::OGT, x, c[0]);
                return {arith::SelectOp::create(nb, l, larger, x, c[0]),
                        arith::SelectOp::create(nb, l, larger, j, c[1])};
              });
          Value max = best[0], argmax = best[1];
          Value maxKey = s.key(b, max);
          Value lowest = s.i64(b, -(int64_t{1} << 31));

          // Kept: key >= threshold. top-k: the largest K with at least k
          // keys >= K, which is the k-th largest key.
          Value threshold = lowest;
          if (topK) {
            Value k = topK.getType() == b.getI64Type()
                          ? topK
                          : arith::ExtSIOp::create(b, l, b.getI64Type(), topK)
                                .getResult();
            Value active = arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, k,
                                      s.i64(b, 0)),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, k,
                                      s.i64(b, s.vocab)));
            Value kth = s.largestKeyWhere(lowest, [&](OpBuilder &nb, Value K) {
              Value count = s.overVocab(
                  {s.i64(nb, 0)},
                  [&](OpBuilder &nnb, Value j, ValueRange c)
                      -> SmallVector<Value> {
                    Value in = arith::CmpIOp::create(
                        nnb, l, arith::CmpIPredicate::sge,
                        s.key(nnb, s.logit(nnb, j)), K);
                    return {arith::AddIOp::create(
                        nnb, l, c[0],
                        arith::ExtUIOp::create(nnb, l, nnb.getI64Type(), in))};
                  })[0];
              return arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                           count, k)
                  .getResult();
            });
            threshold = arith::SelectOp::create(b, l, active, kth, lowest);
          }

          // exp((x - max) / T) of a kept token, else 0.
          auto weight = [&](OpBuilder &nb, Value j, Value keep) {
            Value x = s.logit(nb, j);
            Value e = math::ExpOp::create(
                nb, l,
                arith::DivFOp::create(
                    nb, l, arith::SubFOp::create(nb, l, x, max), temperature));
            Value kept = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                               s.key(nb, x), keep);
            return arith::SelectOp::create(nb, l, kept, e, s.f32(nb, 0.0))
                .getResult();
          };
          auto mass = [&](OpBuilder &nb, Value keep) {
            return s.overVocab({s.f32(nb, 0.0)},
                               [&](OpBuilder &nnb, Value j, ValueRange c)
                                   -> SmallVector<Value> {
                                 return {arith::AddFOp::create(
                                     nnb, l, c[0], weight(nnb, j, keep))};
                               })[0];
          };

          // top-p: the largest K whose kept mass is at least p of the
          // whole kept mass, but never above the most likely token.
          if (topP) {
            Value total = mass(b, threshold);
            Value needed = arith::MulFOp::create(b, l, topP, total);
            Value nucleus =
                s.largestKeyWhere(threshold, [&](OpBuilder &nb, Value K) {
                  Value atLeast = arith::MaxSIOp::create(nb, l, K, threshold);
                  return arith::CmpFOp::create(nb, l,
                                               arith::CmpFPredicate::OGE,
                                               mass(nb, atLeast), needed)
                      .getResult();
                });
            Value active = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OLT, topP, s.f32(b, 1.0));
            nucleus = arith::MinSIOp::create(b, l, nucleus, maxKey);
            threshold = arith::SelectOp::create(b, l, active, nucleus,
                                                threshold);
          }

          // Inverse CDF in index order with u from Philox(seed; row, step).
          Value rowI64 = arith::IndexCastOp::create(b, l, b.getI64Type(), row);
          auto words = philox4x32(b, l, in[0], rowI64, in[1]);
          Value u = uniformFromWord(b, l, words[0]);
          Value target =
              arith::MulFOp::create(b, l, u, mass(b, threshold));
          ValueRange pick = s.overVocab(
              {s.f32(b, 0.0), indexConstant(b, l, -1), indexConstant(b, l, 0)},
              [&](OpBuilder &nb, Value j, ValueRange c) -> SmallVector<Value> {
                Value w = weight(nb, j, threshold);
                Value acc = arith::AddFOp::create(nb, l, c[0], w);
                Value kept = arith::CmpFOp::create(
                    nb, l, arith::CmpFPredicate::OGT, w, s.f32(nb, 0.0));
                Value unchosen = arith::CmpIOp::create(
                    nb, l, arith::CmpIPredicate::slt, c[1],
                    indexConstant(nb, l, 0));
                Value crosses = arith::CmpFOp::create(
                    nb, l, arith::CmpFPredicate::OGT, acc, target);
                Value choose = arith::AndIOp::create(
                    nb, l, arith::AndIOp::create(nb, l, unchosen, crosses),
                    kept);
                return {acc, arith::SelectOp::create(nb, l, choose, j, c[1]),
                        arith::SelectOp::create(nb, l, kept, j, c[2])};
              });
          // Rounding may leave the target past the last kept token.
          Value chosen = arith::SelectOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, pick[1],
                                    indexConstant(b, l, 0)),
              pick[2], pick[1]);
          Value greedy = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE,
                                               temperature, s.f32(b, 0.0));
          Value token = arith::SelectOp::create(b, l, greedy, argmax, chosen);
          return {arith::IndexCastOp::create(b, l, indexType, token)};
        });
    setTileDims(draw, 1);
    rewriter.replaceOp(op, draw.getResult(0));
    return success();
  }
};

/// random_normal: one elementwise generic; element i draws two uniforms
/// from Philox(seed; i, counter) and applies Box-Muller.
struct LowerRandomNormal : OpRewritePattern<RandomNormalOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RandomNormalOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    RankedTensorType type = op.getType();
    unsigned rank = type.getRank();
    ArrayRef<int64_t> shape = type.getShape();
    AffineMap scalar = AffineMap::get(rank, 0, {}, ctx);
    auto noise = generic(
        rewriter, loc, {{op.getSeed(), scalar}, {op.getCounter(), scalar}},
        {{emptyTensor(rewriter, loc, shape, type.getElementType()),
          AffineMap::getMultiDimIdentityMap(rank, ctx)}},
        iterators(rank),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          // The row-major index of this element.
          Value flat = indexConstant(b, l, 0);
          for (unsigned d = 0; d < rank; ++d)
            flat = arith::AddIOp::create(
                b, l,
                arith::MulIOp::create(b, l, flat,
                                      indexConstant(b, l, shape[d])),
                linalg::IndexOp::create(b, l, d));
          Value index = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          auto words = philox4x32(b, l, in[0], index, in[1]);
          auto f = [&](double v) {
            return arith::ConstantOp::create(b, l, b.getF32FloatAttr(v));
          };
          // u1 in (0, 1], so that log(u1) is finite.
          Value u1 = arith::SubFOp::create(b, l, f(1.0),
                                           uniformFromWord(b, l, words[0]));
          Value u2 = uniformFromWord(b, l, words[1]);
          Value radius = math::SqrtOp::create(
              b, l,
              arith::MulFOp::create(b, l, f(-2.0),
                                    math::LogOp::create(b, l, u1)));
          Value angle = arith::MulFOp::create(b, l, f(2.0 * M_PI), u2);
          return {arith::MulFOp::create(b, l, radius,
                                        math::CosOp::create(b, l, angle))};
        });
    setTileDims(noise, rank);
    rewriter.replaceOp(op, noise.getResult(0));
    return success();
  }
};

} // namespace

void umc::lowering::populateSamplingPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerSample, LowerRandomNormal>(patterns.getContext());
}
