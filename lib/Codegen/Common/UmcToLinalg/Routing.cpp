//===- Routing.cpp - umc.router and umc.unmask to linalg ------------------===//
//
// Both ops choose among candidates by rank: the router a token's k-th most
// probable expert and whether an expert still has a free slot, unmask
// which masked positions are the most confident. Each choice is a pure
// function of the candidates, computed by scalar loops inside a generic's
// body (as umc.sample draws), so no element depends on the order in which
// others are computed and the result is the same on any number of threads.
//
// Neither lowering marks a loop as splittable (#umc.partition): the ranks
// read whole rows and columns of earlier results, so each op is one
// workgroup. Both are small next to the models around them (the router
// reads [T, E], unmask reads the logits a few times); splitting them is
// future work.
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

using LoopBody =
    function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)>;

/// An scf.for over [lower, upper) (index values) carrying `init`; `step`
/// gets the induction variable and the carried values and returns the new
/// ones.
ValueRange forLoop(OpBuilder &b, Location loc, Value lower, Value upper,
                   ValueRange init, LoopBody step) {
  auto loop = scf::ForOp::create(
      b, loc, lower, upper, indexConstant(b, loc, 1), init,
      [&](OpBuilder &nb, Location, Value i, ValueRange carried) {
        scf::YieldOp::create(nb, loc, step(nb, i, carried));
      });
  return loop.getResults();
}

/// forLoop over [0, count).
ValueRange forLoop(OpBuilder &b, Location loc, int64_t count, ValueRange init,
                   LoopBody step) {
  return forLoop(b, loc, indexConstant(b, loc, 0),
                 indexConstant(b, loc, count), init, step);
}

Value f32Constant(OpBuilder &b, Location loc, double v) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
}

Value i64Constant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

Value toI64(OpBuilder &b, Location loc, Value v) {
  if (v.getType().isIndex())
    return arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
  if (v.getType() == b.getI64Type())
    return v;
  return arith::ExtSIOp::create(b, loc, b.getI64Type(), v);
}

/// 1 if `flag` (i1) holds, else 0, as an i64 to add to a count.
Value countOf(OpBuilder &b, Location loc, Value flag) {
  return arith::ExtUIOp::create(b, loc, b.getI64Type(), flag);
}

Value cmpf(OpBuilder &b, Location loc, arith::CmpFPredicate p, Value x,
           Value y) {
  return arith::CmpFOp::create(b, loc, p, x, y);
}

Value cmpi(OpBuilder &b, Location loc, arith::CmpIPredicate p, Value x,
           Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}

Value select(OpBuilder &b, Location loc, Value c, Value x, Value y) {
  return arith::SelectOp::create(b, loc, c, x, y);
}

/// A uniform f32 strictly inside (0, 1): ((word >> 9) + 1/2) * 2^-23. Every
/// step is exact in f32, so neither 0 nor 1 can come out and -log(-log(u))
/// stays finite.
Value openUniform(OpBuilder &b, Location loc, Value word) {
  Value top = arith::ShRUIOp::create(
      b, loc, word, arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(9)));
  Value asFloat = arith::UIToFPOp::create(b, loc, b.getF32Type(), top);
  return arith::MulFOp::create(
      b, loc, arith::AddFOp::create(b, loc, asFloat, f32Constant(b, loc, 0.5)),
      f32Constant(b, loc, 1.0 / 8388608.0));
}

/// Standard Gumbel noise -log(-log(u)) for the element with row-major index
/// `flat` (i64).
Value gumbelNoise(OpBuilder &b, Location loc, Value seed, Value flat,
                  Value counter) {
  Value u = openUniform(b, loc, philox4x32(b, loc, seed, flat, counter)[0]);
  Value inner = math::LogOp::create(b, loc, u);
  return arith::NegFOp::create(
      b, loc,
      math::LogOp::create(b, loc, arith::NegFOp::create(b, loc, inner)));
}

//===----------------------------------------------------------------------===//
// umc.router
//===----------------------------------------------------------------------===//

/// The router as seven small generics: scores (with Gumbel noise), the
/// softmax over experts, each token's k-th choice, the top-k sum (with
/// `renormalize`), the capacity check that writes ids and gates, the
/// dropped count, and the load-balance statistic.
struct LowerRouter : OpRewritePattern<RouterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RouterOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value probs = probabilities(rewriter, loc, op);
    auto [choice, chosenProb] = choices(rewriter, loc, probs, op.getTopK());
    auto [ids, gates] = assign(rewriter, loc, op, choice, chosenProb);
    Value dropped = droppedCount(rewriter, loc, ids);
    Value balance = loadBalance(rewriter, loc, probs, choice,
                                op.getBalance().getType().getElementType());
    rewriter.replaceOp(op, {ids, gates, dropped, balance});
    return success();
  }

  /// p = softmax((logits + g) / temperature) over the experts, in f32.
  static Value probabilities(OpBuilder &b, Location loc, RouterOp op) {
    MLIRContext *ctx = b.getContext();
    ArrayRef<int64_t> shape = shapeOf(op.getLogits());
    int64_t experts = shape[1];
    Type f32 = b.getF32Type();
    AffineMap all = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap row = dropDimMap(ctx, 2, 1);
    AffineMap none = AffineMap::get(2, 0, {}, ctx);
    double inverseTemperature = 1.0 / op.getTemperature().convertToDouble();
    bool gumbel = op.isGumbel();

    SmallVector<Input> inputs{{op.getLogits(), all}};
    if (gumbel)
      inputs.append({{op.getSeed(), none}, {op.getCounter(), none}});
    Value scores =
        generic(b, loc, inputs, {{emptyTensor(b, loc, shape, f32), all}},
                iterators(2),
                [&](OpBuilder &nb, Location l, ValueRange in,
                    ValueRange) -> SmallVector<Value> {
                  Value x = in[0];
                  if (x.getType() != nb.getF32Type())
                    x = arith::ExtFOp::create(nb, l, nb.getF32Type(), x);
                  if (gumbel) {
                    // Element (t, e) is counted by t * E + e.
                    Value flat = arith::AddIOp::create(
                        nb, l,
                        arith::MulIOp::create(
                            nb, l, toI64(nb, l, linalg::IndexOp::create(nb, l, 0)),
                            i64Constant(nb, l, experts)),
                        toI64(nb, l, linalg::IndexOp::create(nb, l, 1)));
                    x = arith::AddFOp::create(
                        nb, l, x, gumbelNoise(nb, l, in[1], flat, in[2]));
                  }
                  return {arith::MulFOp::create(
                      nb, l, x, f32Constant(nb, l, inverseTemperature))};
                })
            .getResult(0);

    Value rowMax =
        generic(b, loc, {{scores, all}},
                {{filledTensor(b, loc, shape.take_front(), f32, -INFINITY),
                  row}},
                iterators(2, {1}),
                [&](OpBuilder &nb, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                  return {accumulateMaximum(nb, l, out[0], in[0])};
                })
            .getResult(0);
    auto shifted = [](OpBuilder &nb, Location l, Value s, Value max) {
      return math::ExpOp::create(nb, l, arith::SubFOp::create(nb, l, s, max))
          .getResult();
    };
    Value rowSum =
        generic(b, loc, {{scores, all}, {rowMax, row}},
                {{filledTensor(b, loc, shape.take_front(), f32, 0.0), row}},
                iterators(2, {1}),
                [&](OpBuilder &nb, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                  return {accumulate(nb, l, out[0],
                                     shifted(nb, l, in[0], in[1]))};
                })
            .getResult(0);
    return generic(b, loc, {{scores, all}, {rowMax, row}, {rowSum, row}},
                   {{emptyTensor(b, loc, shape, f32), all}}, iterators(2),
                   [&](OpBuilder &nb, Location l, ValueRange in,
                       ValueRange) -> SmallVector<Value> {
                     return {arith::DivFOp::create(
                         nb, l, shifted(nb, l, in[0], in[1]), in[2])};
                   })
        .getResult(0);
  }

  /// Each token's k-th choice ([T, K] i32) and its probability ([T, K]
  /// f32). Choice k walks the experts k + 1 times in the order (probability
  /// down, index up), each walk taking the best expert after the previous
  /// one: O(K E) per element and no sorting state. An all-NaN row has no
  /// choice (-1).
  static std::pair<Value, Value> choices(OpBuilder &b, Location loc,
                                         Value probs, int64_t k) {
    MLIRContext *ctx = b.getContext();
    int64_t tokens = shapeOf(probs)[0], experts = shapeOf(probs)[1];
    AffineMap all = AffineMap::getMultiDimIdentityMap(2, ctx);
    auto result = generic(
        b, loc, {},
        {{emptyTensor(b, loc, {tokens, k}, b.getI32Type()), all},
         {emptyTensor(b, loc, {tokens, k}, b.getF32Type()), all}},
        iterators(2),
        [&](OpBuilder &nb, Location l, ValueRange,
            ValueRange) -> SmallVector<Value> {
          Value t = linalg::IndexOp::create(nb, l, 0);
          Value rank = linalg::IndexOp::create(nb, l, 1);
          Value walks =
              arith::AddIOp::create(nb, l, rank, indexConstant(nb, l, 1));
          ValueRange found = forLoop(
              nb, l, indexConstant(nb, l, 0), walks,
              {f32Constant(nb, l, INFINITY), indexConstant(nb, l, -1)},
              [&](OpBuilder &wb, Value, ValueRange previous)
                  -> SmallVector<Value> {
                return bestAfter(wb, l, probs, t, experts, previous[0],
                                 previous[1]);
              });
          return {arith::IndexCastOp::create(nb, l, nb.getI32Type(), found[1]),
                  found[0]};
        });
    return {result.getResult(0), result.getResult(1)};
  }

  /// The most probable expert of token `t` (lowest index on ties) among
  /// those after (`prevP`, `prevE`) in the order (probability down, index
  /// up); (-1, -1) if none.
  static SmallVector<Value> bestAfter(OpBuilder &b, Location l, Value probs,
                                      Value t, int64_t experts, Value prevP,
                                      Value prevE) {
    ValueRange best = forLoop(
        b, l, experts, {f32Constant(b, l, -1.0), indexConstant(b, l, -1)},
        [&](OpBuilder &nb, Value e, ValueRange c) -> SmallVector<Value> {
          Value p = tensor::ExtractOp::create(nb, l, probs, ValueRange{t, e});
          Value after = arith::OrIOp::create(
              nb, l, cmpf(nb, l, arith::CmpFPredicate::OLT, p, prevP),
              arith::AndIOp::create(
                  nb, l, cmpf(nb, l, arith::CmpFPredicate::OEQ, p, prevP),
                  cmpi(nb, l, arith::CmpIPredicate::sgt, e, prevE)));
          Value take = arith::AndIOp::create(
              nb, l, after, cmpf(nb, l, arith::CmpFPredicate::OGT, p, c[0]));
          return {select(nb, l, take, p, c[0]), select(nb, l, take, e, c[1])};
        });
    return {best[0], best[1]};
  }

  /// ids and gates: an assignment (t, k) is kept if fewer than C earlier
  /// assignments (in priority order k * T + t) went to its expert. Counting
  /// them directly makes each element independent of the others, at
  /// O(T K) per element.
  static std::pair<Value, Value> assign(OpBuilder &b, Location loc,
                                        RouterOp op, Value choice,
                                        Value chosenProb) {
    MLIRContext *ctx = b.getContext();
    int64_t tokens = shapeOf(choice)[0], k = shapeOf(choice)[1];
    AffineMap all = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap row = dropDimMap(ctx, 2, 1);
    std::optional<int64_t> capacity = op.getCapacity();
    bool renormalize = op.getRenormalize();

    SmallVector<Input> inputs{{choice, all}, {chosenProb, all}};
    if (renormalize) {
      Value topSum =
          generic(b, loc, {{chosenProb, all}},
                  {{filledTensor(b, loc, {tokens}, b.getF32Type(), 0.0), row}},
                  iterators(2, {1}),
                  [&](OpBuilder &nb, Location l, ValueRange in,
                      ValueRange out) -> SmallVector<Value> {
                    return {accumulate(nb, l, out[0], in[0])};
                  })
              .getResult(0);
      inputs.push_back({topSum, row});
    }
    Type gateType = op.getGates().getType().getElementType();
    auto result = generic(
        b, loc, inputs,
        {{emptyTensor(b, loc, {tokens, k}, b.getI32Type()), all},
         {emptyTensor(b, loc, {tokens, k}, gateType), all}},
        iterators(2),
        [&](OpBuilder &nb, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          Value expert = in[0];
          Value kept = cmpi(nb, l, arith::CmpIPredicate::sge, expert,
                            constant(nb, l, expert.getType(), 0));
          if (capacity) {
            Value t = linalg::IndexOp::create(nb, l, 0);
            Value rank = linalg::IndexOp::create(nb, l, 1);
            Value before = arith::AddIOp::create(
                nb, l,
                arith::MulIOp::create(nb, l, rank,
                                      indexConstant(nb, l, tokens)),
                t);
            Value earlier = forLoop(
                nb, l, indexConstant(nb, l, 0), before,
                {i64Constant(nb, l, 0)},
                [&](OpBuilder &cb, Value j, ValueRange c) -> SmallVector<Value> {
                  Value tj = arith::RemUIOp::create(
                      cb, l, j, indexConstant(cb, l, tokens));
                  Value kj = arith::DivUIOp::create(
                      cb, l, j, indexConstant(cb, l, tokens));
                  Value other = tensor::ExtractOp::create(cb, l, choice,
                                                          ValueRange{tj, kj});
                  Value same =
                      cmpi(cb, l, arith::CmpIPredicate::eq, other, expert);
                  return {arith::AddIOp::create(cb, l, c[0],
                                                countOf(cb, l, same))};
                })[0];
            kept = arith::AndIOp::create(
                nb, l, kept,
                cmpi(nb, l, arith::CmpIPredicate::slt, earlier,
                     i64Constant(nb, l, *capacity)));
          }
          Value gate = in[1];
          if (renormalize)
            gate = arith::DivFOp::create(nb, l, gate, in[2]);
          return {select(nb, l, kept, expert,
                         constant(nb, l, expert.getType(), -1)),
                  select(nb, l, kept, gate, f32Constant(nb, l, 0.0))};
        });
    return {result.getResult(0), result.getResult(1)};
  }

  /// The number of ids that are -1, as a rank-0 i32.
  static Value droppedCount(OpBuilder &b, Location loc, Value ids) {
    MLIRContext *ctx = b.getContext();
    return generic(b, loc,
                   {{ids, AffineMap::getMultiDimIdentityMap(2, ctx)}},
                   {{filledTensor(b, loc, {}, b.getI32Type(), 0),
                     AffineMap::get(2, 0, {}, ctx)}},
                   iterators(2, {0, 1}),
                   [&](OpBuilder &nb, Location l, ValueRange in,
                       ValueRange out) -> SmallVector<Value> {
                     Value dropped =
                         cmpi(nb, l, arith::CmpIPredicate::slt, in[0],
                              constant(nb, l, in[0].getType(), 0));
                     return {arith::AddIOp::create(
                         nb, l, out[0],
                         arith::ExtUIOp::create(nb, l, nb.getI32Type(),
                                                dropped))};
                   })
        .getResult(0);
  }

  /// E * sum_e f_e * P_e = E / T^2 * sum_e (first choices of e) * (sum_t
  /// p[t, e]), accumulated in f32 and rounded once.
  static Value loadBalance(OpBuilder &b, Location loc, Value probs,
                           Value choice, Type resultType) {
    MLIRContext *ctx = b.getContext();
    int64_t tokens = shapeOf(probs)[0], experts = shapeOf(probs)[1];
    Type f32 = b.getF32Type();
    AffineExpr e = getAffineDimExpr(0, ctx), t = getAffineDimExpr(1, ctx);
    AffineMap perExpert = AffineMap::get(2, 0, {e}, ctx);
    auto sums = generic(
        b, loc,
        {{probs, AffineMap::get(2, 0, {t, e}, ctx)},
         {choice, AffineMap::get(2, 0, {t, getAffineConstantExpr(0, ctx)}, ctx)}},
        {{filledTensor(b, loc, {experts}, f32, 0.0), perExpert},
         {filledTensor(b, loc, {experts}, f32, 0.0), perExpert}},
        iterators(2, {1}),
        [&](OpBuilder &nb, Location l, ValueRange in,
            ValueRange out) -> SmallVector<Value> {
          Value expert = arith::IndexCastOp::create(
              nb, l, nb.getI32Type(), linalg::IndexOp::create(nb, l, 0));
          Value first = cmpi(nb, l, arith::CmpIPredicate::eq, in[1], expert);
          Value one = arith::UIToFPOp::create(nb, l, nb.getF32Type(), first);
          return {accumulate(nb, l, out[0], one),
                  accumulate(nb, l, out[1], in[0])};
        });
    AffineMap identity = AffineMap::getMultiDimIdentityMap(1, ctx);
    Value total =
        generic(b, loc,
                {{sums.getResult(0), identity}, {sums.getResult(1), identity}},
                {{filledTensor(b, loc, {}, f32, 0.0),
                  AffineMap::get(1, 0, {}, ctx)}},
                iterators(1, {0}),
                [&](OpBuilder &nb, Location l, ValueRange in,
                    ValueRange out) -> SmallVector<Value> {
                  return {multiplyAccumulate(nb, l, out[0], in[0], in[1])};
                })
            .getResult(0);
    double scale = static_cast<double>(experts) /
                   (static_cast<double>(tokens) * static_cast<double>(tokens));
    AffineMap scalar = AffineMap::get(0, 0, {}, ctx);
    return generic(b, loc, {{total, scalar}},
                   {{emptyTensor(b, loc, {}, resultType), scalar}}, {},
                   [&](OpBuilder &nb, Location l, ValueRange in,
                       ValueRange) -> SmallVector<Value> {
                     return {arith::MulFOp::create(
                         nb, l, in[0], f32Constant(nb, l, scale))};
                   })
        .getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// umc.unmask
//===----------------------------------------------------------------------===//

/// The draw at one masked position (b, n): three passes over its logits
/// (the maximum, the two normalizers, the inverse CDF) without the mask
/// token.
class PositionDraw {
public:
  PositionDraw(OpBuilder &b, Location loc, Value logits, Value b0, Value n0,
               int64_t maskId)
      : b(b), loc(loc), logits(logits), batch(b0), position(n0),
        vocab(shapeOf(logits)[2]), maskId(maskId) {}

  /// The drawn token (index) and its probability at temperature 1.
  std::pair<Value, Value> draw(Value seed, Value counter, Value temperature) {
    ValueRange best = overVocab(
        {f32Constant(b, loc, -INFINITY), indexConstant(b, loc, -1)},
        [&](OpBuilder &nb, Value j, ValueRange c) -> SmallVector<Value> {
          Value x = logit(nb, j);
          Value first = cmpi(nb, loc, arith::CmpIPredicate::slt, c[1],
                             indexConstant(nb, loc, 0));
          Value larger = cmpf(nb, loc, arith::CmpFPredicate::OGT, x, c[0]);
          Value take = arith::AndIOp::create(
              nb, loc, allowed(nb, j),
              arith::OrIOp::create(nb, loc, first, larger));
          return {select(nb, loc, take, x, c[0]),
                  select(nb, loc, take, j, c[1])};
        });
    Value max = best[0], argmax = best[1];
    Value greedy = cmpf(b, loc, arith::CmpFPredicate::OLE, temperature,
                        f32Constant(b, loc, 0.0));
    // The draw's weights use T = 1 when greedy, so that they stay finite.
    Value t = select(b, loc, greedy, f32Constant(b, loc, 1.0), temperature);
    ValueRange sums = overVocab(
        {f32Constant(b, loc, 0.0), f32Constant(b, loc, 0.0)},
        [&](OpBuilder &nb, Value j, ValueRange c) -> SmallVector<Value> {
          return {accumulate(nb, loc, c[0], weight(nb, j, max, t)),
                  accumulate(nb, loc, c[1],
                             weight(nb, j, max, f32Constant(nb, loc, 1.0)))};
        });
    Value flat = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, toI64(b, loc, batch),
                              i64Constant(b, loc, shapeOf(logits)[1])),
        toI64(b, loc, position));
    Value u = uniformFromWord(b, loc, philox4x32(b, loc, seed, flat, counter)[0]);
    Value target = arith::MulFOp::create(b, loc, u, sums[0]);
    // Inverse CDF in index order; rounding may leave the target past the
    // last allowed token, which is then the draw.
    ValueRange pick = overVocab(
        {f32Constant(b, loc, 0.0), indexConstant(b, loc, -1), argmax},
        [&](OpBuilder &nb, Value j, ValueRange c) -> SmallVector<Value> {
          Value w = weight(nb, j, max, t);
          Value acc = arith::AddFOp::create(nb, loc, c[0], w);
          Value positive =
              cmpf(nb, loc, arith::CmpFPredicate::OGT, w, f32Constant(nb, loc, 0.0));
          Value unchosen = cmpi(nb, loc, arith::CmpIPredicate::slt, c[1],
                                indexConstant(nb, loc, 0));
          Value crosses = cmpf(nb, loc, arith::CmpFPredicate::OGT, acc, target);
          Value choose = arith::AndIOp::create(
              nb, loc, arith::AndIOp::create(nb, loc, unchosen, crosses),
              positive);
          return {acc, select(nb, loc, choose, j, c[1]),
                  select(nb, loc, positive, j, c[2])};
        });
    Value sampled = select(
        b, loc,
        cmpi(b, loc, arith::CmpIPredicate::slt, pick[1], indexConstant(b, loc, 0)),
        pick[2], pick[1]);
    Value token = select(b, loc, greedy, argmax, sampled);
    Value confidence = arith::DivFOp::create(
        b, loc, weight(b, token, max, f32Constant(b, loc, 1.0)), sums[1]);
    return {token, confidence};
  }

private:
  /// logits[b, n, j] in f32.
  Value logit(OpBuilder &nb, Value j) {
    Value x = tensor::ExtractOp::create(nb, loc, logits,
                                        ValueRange{batch, position, j});
    return toCompute(nb, loc, x);
  }

  /// Whether token j may be drawn: every token but the mask.
  Value allowed(OpBuilder &nb, Value j) {
    return cmpi(nb, loc, arith::CmpIPredicate::ne, j,
                indexConstant(nb, loc, maskId));
  }

  /// exp((x_j - max) / t) for an allowed token, else 0.
  Value weight(OpBuilder &nb, Value j, Value max, Value t) {
    Value e = math::ExpOp::create(
        nb, loc,
        arith::DivFOp::create(nb, loc,
                              arith::SubFOp::create(nb, loc, logit(nb, j), max),
                              t));
    return select(nb, loc, allowed(nb, j), e, f32Constant(nb, loc, 0.0));
  }

  ValueRange overVocab(ValueRange init, LoopBody step) {
    return forLoop(b, loc, vocab, init, step);
  }

  OpBuilder &b;
  Location loc;
  Value logits, batch, position;
  int64_t vocab, maskId;
};

/// unmask: one generic draws a token and its confidence at every masked
/// position, a second keeps the most confident ones of each row.
struct LowerUnmask : OpRewritePattern<UnmaskOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnmaskOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    ArrayRef<int64_t> shape = shapeOf(op.getTokens());
    Type tokenType = elementTypeOf(op.getTokens());
    int64_t maskId = op.getMaskId();
    AffineMap all = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap none = AffineMap::get(2, 0, {}, ctx);
    Value logits = op.getLogits();

    SmallVector<Input> inputs{{op.getTokens(), all},
                              {op.getSeed(), none},
                              {op.getCounter(), none}};
    if (op.getTemperature())
      inputs.push_back({op.getTemperature(), none});
    auto drawn = generic(
        rewriter, loc, inputs,
        {{emptyTensor(rewriter, loc, shape, tokenType), all},
         {emptyTensor(rewriter, loc, shape, rewriter.getF32Type()), all}},
        iterators(2),
        [&](OpBuilder &b, Location l, ValueRange in,
            ValueRange) -> SmallVector<Value> {
          Value token = in[0];
          Value temperature =
              op.getTemperature() ? in[3] : f32Constant(b, l, 1.0);
          Value masked = cmpi(b, l, arith::CmpIPredicate::eq, token,
                              constant(b, l, tokenType, maskId));
          // linalg.index must sit directly in the generic's body.
          Value row = linalg::IndexOp::create(b, l, 0);
          Value n = linalg::IndexOp::create(b, l, 1);
          auto branch = scf::IfOp::create(
              b, l, masked,
              [&](OpBuilder &tb, Location tl) {
                PositionDraw position(tb, tl, logits, row, n, maskId);
                auto [choice, confidence] =
                    position.draw(in[1], in[2], temperature);
                scf::YieldOp::create(
                    tb, tl,
                    ValueRange{arith::IndexCastOp::create(tb, tl, tokenType,
                                                          choice),
                               confidence});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(
                    eb, el, ValueRange{token, f32Constant(eb, el, 0.0)});
              });
          return {branch.getResult(0), branch.getResult(1)};
        });
    Value candidates = drawn.getResult(0), confidences = drawn.getResult(1);

    Value result =
        generic(rewriter, loc,
                {{op.getTokens(), all},
                 {candidates, all},
                 {confidences, all},
                 {op.getMaskedAfter(), none}},
                {{emptyTensor(rewriter, loc, shape, tokenType), all}},
                iterators(2),
                [&](OpBuilder &b, Location l, ValueRange in,
                    ValueRange) -> SmallVector<Value> {
                  return {keepOrReveal(b, l, op.getTokens(), confidences,
                                       maskId, in)};
                })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// Position (b, n) of the second generic: a masked position is revealed
  /// if its rank among the row's masked positions (confidence down,
  /// position up) is below M - min(max(m, 0), M).
  static Value keepOrReveal(OpBuilder &b, Location l, Value tokens,
                            Value confidences, int64_t maskId, ValueRange in) {
    Value token = in[0], candidate = in[1], confidence = in[2];
    Type tokenType = token.getType();
    Value maskToken = constant(b, l, tokenType, maskId);
    Value masked = cmpi(b, l, arith::CmpIPredicate::eq, token, maskToken);
    int64_t length = shapeOf(tokens)[1];
    // linalg.index must sit directly in the generic's body.
    Value row = linalg::IndexOp::create(b, l, 0);
    Value n = linalg::IndexOp::create(b, l, 1);
    auto branch = scf::IfOp::create(
        b, l, masked,
        [&](OpBuilder &tb, Location tl) {
          ValueRange counts = forLoop(
              tb, tl, length, {i64Constant(tb, tl, 0), i64Constant(tb, tl, 0)},
              [&](OpBuilder &nb, Value other, ValueRange c)
                  -> SmallVector<Value> {
                Value otherMasked = cmpi(
                    nb, tl, arith::CmpIPredicate::eq,
                    tensor::ExtractOp::create(nb, tl, tokens,
                                              ValueRange{row, other}),
                    maskToken);
                Value otherConfidence = tensor::ExtractOp::create(
                    nb, tl, confidences, ValueRange{row, other});
                Value ahead = arith::OrIOp::create(
                    nb, tl,
                    cmpf(nb, tl, arith::CmpFPredicate::OGT, otherConfidence,
                         confidence),
                    arith::AndIOp::create(
                        nb, tl,
                        cmpf(nb, tl, arith::CmpFPredicate::OEQ,
                             otherConfidence, confidence),
                        cmpi(nb, tl, arith::CmpIPredicate::ult, other, n)));
                ahead = arith::AndIOp::create(nb, tl, ahead, otherMasked);
                return {arith::AddIOp::create(nb, tl, c[0],
                                              countOf(nb, tl, otherMasked)),
                        arith::AddIOp::create(nb, tl, c[1],
                                              countOf(nb, tl, ahead))};
              });
          Value maskedCount = counts[0], rank = counts[1];
          Value stay = arith::MinSIOp::create(
              tb, tl,
              arith::MaxSIOp::create(tb, tl, toI64(tb, tl, in[3]),
                                     i64Constant(tb, tl, 0)),
              maskedCount);
          Value reveal = arith::SubIOp::create(tb, tl, maskedCount, stay);
          Value revealed =
              cmpi(tb, tl, arith::CmpIPredicate::slt, rank, reveal);
          scf::YieldOp::create(
              tb, tl, ValueRange{select(tb, tl, revealed, candidate, token)});
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el, ValueRange{token});
        });
    return branch.getResult(0);
  }
};

} // namespace

void umc::lowering::populateRoutingPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRouter, LowerUnmask>(patterns.getContext());
}
