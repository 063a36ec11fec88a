//===- Decompose.cpp - composite umc ops to primitives --------------------===//
#include "umc/Transforms/Decompose.h"
#include "umc/Transforms/Passes.h"

#include "umc/Dialect/Umc/IR/UmcBuilders.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"
#include "umc/Dialect/Umc/IR/UmcShapes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace umc {
#define GEN_PASS_DEF_UMCDECOMPOSE
#include "umc/Transforms/Passes.h.inc"
} // namespace umc

using namespace mlir;
using namespace umc;

namespace {

/// split -> one slice per piece, at its offset along the axis.
struct SplitIntoSlices : OpRewritePattern<SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SplitOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getInput().getType();
    int64_t rank = type.getRank();
    // The verifier has checked the axis, so it normalizes.
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    SmallVector<Value> pieces;
    SmallVector<int64_t> offsets(rank, 0);
    for (Value result : op.getResults()) {
      auto piece = cast<RankedTensorType>(result.getType());
      pieces.push_back(SliceOp::create(rewriter, op.getLoc(), piece,
                                       op.getInput(), offsets,
                                       piece.getShape(), nullptr));
      offsets[axis] += piece.getDimSize(axis);
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

/// ar_block -> norms, projections, rope, attention (reading and appending
/// to the caches in decode mode) and the MLP, with the two residual adds.
struct DecomposeArBlock : OpRewritePattern<ArBlockOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ArBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    int64_t batch = shape[0], seq = shape[1], embed = shape[2];
    int64_t heads = op.getHeads(), kvHeads = op.getKvHeads();
    int64_t headDim = embed / heads;
    double eps = op.getEps().convertToDouble();
    auto norm = [&](Value v, Value scale, Value bias) -> Value {
      if (op.getNorm() == NormKind::rms_norm)
        return RmsNormOp::create(rewriter, loc, v, scale,
                                 rewriter.getF64FloatAttr(eps));
      return LayerNormOp::create(rewriter, loc, v, scale, bias,
                                 rewriter.getF64FloatAttr(eps));
    };
    // [B, S, n * Dh] -> [B, n, S, Dh] and back.
    auto toHeads = [&](Value v, int64_t n) -> Value {
      Value split = ReshapeOp::create(
          rewriter, loc,
          RankedTensorType::get({batch, seq, n, headDim},
                                op.getInput().getType().getElementType()),
          v);
      return TransposeOp::create(rewriter, loc, split,
                                 ArrayRef<int64_t>{0, 2, 1, 3});
    };

    // Attention half.
    Value n1 = norm(x, op.getAttnNormScale(), op.getAttnNormBias());
    Value q = toHeads(LinearOp::create(rewriter, loc, n1, op.getWq(), Value()),
                      heads);
    Value k = toHeads(LinearOp::create(rewriter, loc, n1, op.getWk(), Value()),
                      kvHeads);
    Value v = toHeads(LinearOp::create(rewriter, loc, n1, op.getWv(), Value()),
                      kvHeads);
    if (op.getQNormScale()) {
      // Chameleon normalizes q and k per head before the rotation, so the
      // cache holds normalized, rotated keys.
      q = RmsNormOp::create(rewriter, loc, q, op.getQNormScale(),
                            rewriter.getF64FloatAttr(eps));
      k = RmsNormOp::create(rewriter, loc, k, op.getKNormScale(),
                            rewriter.getF64FloatAttr(eps));
    }
    if (FloatAttr theta = op.getRopeThetaAttr()) {
      q = RopeOp::create(rewriter, loc, q, op.getPositions(), theta);
      k = RopeOp::create(rewriter, loc, k, op.getPositions(), theta);
    }
    Value offset;
    SmallVector<Value> newCaches;
    if (op.isDecoding()) {
      offset = op.getCacheOffset();
      k = UpdateSliceOp::create(rewriter, loc, op.getKCache(), k, offset,
                                rewriter.getI64IntegerAttr(2));
      v = UpdateSliceOp::create(rewriter, loc, op.getVCache(), v, offset,
                                rewriter.getI64IntegerAttr(2));
      newCaches = {k, v};
    }
    Value attended = AttentionOp::create(
        rewriter, loc, q, k, v, /*bias=*/Value(), /*key_padding=*/Value(),
        offset, /*q_norm_scale=*/Value(), /*k_norm_scale=*/Value(),
        op.getMask(), /*scale=*/FloatAttr(), rewriter.getF64FloatAttr(1e-6));
    Value merged = TransposeOp::create(rewriter, loc, attended,
                                       ArrayRef<int64_t>{0, 2, 1, 3});
    merged = ReshapeOp::create(rewriter, loc, op.getInput().getType(), merged);
    Value h = AddOp::create(
        rewriter, loc, x,
        LinearOp::create(rewriter, loc, merged, op.getWo(), Value()));

    // MLP half.
    Value n2 = norm(h, op.getMlpNormScale(), op.getMlpNormBias());
    Value up = LinearOp::create(rewriter, loc, n2, op.getW1(), Value());
    Value act;
    if (op.getMlp() == MlpKind::swiglu)
      act = MulOp::create(
          rewriter, loc, SiluOp::create(rewriter, loc, up),
          LinearOp::create(rewriter, loc, n2, op.getW3(), Value()));
    else
      act = GeluOp::create(rewriter, loc, up, GeluApproximation::none);
    Value y = AddOp::create(
        rewriter, loc, h,
        LinearOp::create(rewriter, loc, act, op.getW2(), Value()));

    SmallVector<Value> results{y};
    results.append(newCaches);
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// timestep_embed -> cos and sin of t * exp(-log(max_period) i / half).
struct DecomposeTimestepEmbed : OpRewritePattern<TimestepEmbedOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TimestepEmbedOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    Type f = type.getElementType();
    int64_t batch = type.getDimSize(0), half = op.getDim() / 2;
    auto tensor = [&](ArrayRef<int64_t> shape) {
      return RankedTensorType::get(shape, f);
    };
    Value index = IotaOp::create(rewriter, loc, tensor({half}),
                                 rewriter.getI64IntegerAttr(0));
    double rate = -std::log(op.getMaxPeriod().convertToDouble()) / half;
    Value rateT = scalarConstant(rewriter, loc, f, rate);
    Value freqs = ExpOp::create(
        rewriter, loc, MulOp::create(rewriter, loc, index, rateT));
    Value t = ReshapeOp::create(rewriter, loc, tensor({batch, 1}),
                                op.getInput());
    Value args = MulOp::create(rewriter, loc, t, freqs);
    Value cos = CosOp::create(rewriter, loc, args);
    Value sin = SinOp::create(rewriter, loc, args);
    rewriter.replaceOpWithNewOp<ConcatOp>(op, ValueRange{cos, sin},
                                          rewriter.getI64IntegerAttr(1));
    return success();
  }
};

/// A per-sample vector [B, D] as [B, 1, D], to broadcast over a sequence.
Value perSample(PatternRewriter &rewriter, Location loc, Value vector) {
  auto type = cast<RankedTensorType>(vector.getType());
  return ReshapeOp::create(
      rewriter, loc, type.clone({type.getDimSize(0), 1, type.getDimSize(1)}),
      vector);
}

/// modulate -> x * (1 + scale) + shift, both [B, 1, D].
struct DecomposeModulate : OpRewritePattern<ModulateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ModulateOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value one =
        scalarConstant(rewriter, loc, op.getType().getElementType(), 1.0);
    Value scale = AddOp::create(rewriter, loc,
                                perSample(rewriter, loc, op.getScale()), one);
    Value shift = perSample(rewriter, loc, op.getShift());
    rewriter.replaceOpWithNewOp<AddOp>(
        op, MulOp::create(rewriter, loc, op.getInput(), scale), shift);
    return success();
  }
};

/// gated_add -> x + reshape(gate, [B, 1, D]) * branch.
struct DecomposeGatedAdd : OpRewritePattern<GatedAddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatedAddOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value gate = perSample(rewriter, loc, op.getGate());
    rewriter.replaceOpWithNewOp<AddOp>(
        op, op.getInput(), MulOp::create(rewriter, loc, gate, op.getBranch()));
    return success();
  }
};

/// patch_embed -> patchify, the Conv2d weight flattened to a linear's
/// [D, C * P * P] (patchify's (c, i, j) order is the weight's), linear,
/// and the positions added.
struct DecomposePatchEmbed : OpRewritePattern<PatchEmbedOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PatchEmbedOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType weight = op.getWeight().getType();
    int64_t features = weight.getDimSize(1) * weight.getDimSize(2) *
                       weight.getDimSize(3);
    Value patches = PatchifyOp::create(rewriter, loc, op.getInput(),
                                       op.getPatchSizeAttr());
    Value flat = ReshapeOp::create(
        rewriter, loc,
        RankedTensorType::get({weight.getDimSize(0), features},
                              weight.getElementType()),
        op.getWeight());
    Value result = LinearOp::create(rewriter, loc, patches, flat, op.getBias());
    if (Value positions = op.getPositions())
      result = AddOp::create(rewriter, loc, result, positions);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// unpatchify -> reshape to [N, H/P, W/P, <patch>], transpose to
/// [N, C, H/P, P, W/P, P], reshape to [N, C, H, W].
struct DecomposeUnpatchify : OpRewritePattern<UnpatchifyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnpatchifyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type f = type.getElementType();
    int64_t n = type.getDimSize(0), c = type.getDimSize(1), p = op.getPatchSize();
    int64_t h = type.getDimSize(2) / p, w = type.getDimSize(3) / p;
    // Dimensions 0-2 are (n, py, px); the patch's three follow in the
    // order its features are stored.
    SmallVector<int64_t> split = {n, h, w, c, p, p};
    SmallVector<int64_t> permutation = {0, 3, 1, 4, 2, 5};
    if (op.getChannelsLast()) {
      split = {n, h, w, p, p, c};
      permutation = {0, 5, 1, 3, 2, 4};
    }
    Value patches = ReshapeOp::create(
        rewriter, loc, RankedTensorType::get(split, f), op.getInput());
    Value image = TransposeOp::create(rewriter, loc, patches,
                                      rewriter.getDenseI64ArrayAttr(permutation));
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, type, image);
    return success();
  }
};

/// diffusion_step -> the guided prediction, then the sampler's update.
struct DecomposeDiffusionStep : OpRewritePattern<DiffusionStepOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DiffusionStepOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f = op.getType().getElementType();
    auto scalar = [&](Value v) -> Value {
      // Times and scales are f32; the update runs in x's type.
      return CastOp::create(rewriter, loc, RankedTensorType::get({}, f), v);
    };
    auto constant = [&](double v) {
      return scalarConstant(rewriter, loc, f, v);
    };
    Value x = op.getInput(), p = op.getPrediction();
    if (Value uncond = op.getUncondPrediction())
      p = AddOp::create(
          rewriter, loc, uncond,
          MulOp::create(rewriter, loc, scalar(op.getGuidance()),
                        SubOp::create(rewriter, loc, p, uncond)));
    Value t = scalar(op.getTime()), next = scalar(op.getNextTime());
    Value result;
    switch (op.getSampler()) {
    case Sampler::flow_euler:
    case Sampler::flow_heun: {
      Value step = SubOp::create(rewriter, loc, next, t);
      if (op.getSampler() == Sampler::flow_heun)
        p = MulOp::create(rewriter, loc,
                          AddOp::create(rewriter, loc, op.getFirstPrediction(),
                                        p),
                          constant(0.5));
      result = AddOp::create(rewriter, loc, x,
                             MulOp::create(rewriter, loc, step, p));
      break;
    }
    case Sampler::ddim: {
      Value one = constant(1.0);
      Value noiseNow = SqrtOp::create(rewriter, loc,
                                      SubOp::create(rewriter, loc, one, t));
      Value x0 = DivOp::create(
          rewriter, loc,
          SubOp::create(rewriter, loc, x,
                        MulOp::create(rewriter, loc, noiseNow, p)),
          SqrtOp::create(rewriter, loc, t));
      Value noiseNext = SqrtOp::create(
          rewriter, loc, SubOp::create(rewriter, loc, one, next));
      result = AddOp::create(
          rewriter, loc,
          MulOp::create(rewriter, loc, SqrtOp::create(rewriter, loc, next), x0),
          MulOp::create(rewriter, loc, noiseNext, p));
      break;
    }
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// vq_lookup -> embedding: the codebook is a table of code vectors.
struct DecomposeVqLookup : OpRewritePattern<VqLookupOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(VqLookupOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<EmbeddingOp>(op, op.getIds(), op.getCodebook());
    return success();
  }
};

/// vq_quantize -> argmax_k (z . c_k - |c_k|^2 / 2): one linear whose bias
/// is -|c_k|^2 / 2. It orders the codes as -|z - c_k|^2 / 2 does, since
/// |z|^2 is the same for every code; leaving it out saves a pass and the
/// rounding of a large common term. f16 and bf16 run in f32, because a
/// score rounded to 8 bits of mantissa would mix up nearby codes.
struct DecomposeVqQuantize : OpRewritePattern<VqQuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(VqQuantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value z = op.getInput(), codebook = op.getCodebook();
    Type f32 = rewriter.getF32Type();
    auto toF32 = [&](Value v) -> Value {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getElementType() == f32)
        return v;
      return CastOp::create(rewriter, loc, type.clone(f32), v);
    };
    z = toF32(z);
    codebook = toF32(codebook);
    Value norms = SumOp::create(rewriter, loc,
                                MulOp::create(rewriter, loc, codebook, codebook),
                                rewriter.getI64IntegerAttr(1), UnitAttr());
    Value bias = MulOp::create(rewriter, loc, norms,
                               scalarConstant(rewriter, loc, f32, -0.5));
    Value scores = LinearOp::create(rewriter, loc, z, codebook, bias);
    rewriter.replaceOpWithNewOp<ArgmaxOp>(op, op.getType(), scores,
                                          rewriter.getI64IntegerAttr(-1),
                                          UnitAttr());
    return success();
  }
};

/// task_router -> pool (mean, or the first token), linear, gelu, linear,
/// argmax.
struct DecomposeTaskRouter : OpRewritePattern<TaskRouterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TaskRouterOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    int64_t batch = type.getDimSize(0), dim = type.getDimSize(2);
    Value pooled;
    if (op.getPool() == PoolKind::mean) {
      pooled = MeanOp::create(rewriter, loc, op.getInput(),
                              rewriter.getI64IntegerAttr(1), UnitAttr());
    } else {
      Value first = SliceOp::create(
          rewriter, loc, type.clone({batch, 1, dim}), op.getInput(),
          ArrayRef<int64_t>{0, 0, 0}, ArrayRef<int64_t>{batch, 1, dim},
          nullptr);
      pooled = ReshapeOp::create(rewriter, loc, type.clone({batch, dim}), first);
    }
    Value hidden = GeluOp::create(
        rewriter, loc,
        LinearOp::create(rewriter, loc, pooled, op.getW1(), op.getB1()),
        GeluApproximation::none);
    Value logits =
        LinearOp::create(rewriter, loc, hidden, op.getW2(), op.getB2());
    Value task = ArgmaxOp::create(rewriter, loc, op.getTask().getType(), logits,
                                  rewriter.getI64IntegerAttr(-1), UnitAttr());
    rewriter.replaceOp(op, {logits, task});
    return success();
  }
};

/// moe -> every expert on every token, then a weighted sum over the experts
/// with the combine weights c[t, e] = sum_k gates[t, k] * (ids[t, k] == e).
/// Dense: E times the FLOPs of the chosen experts, but only primitives, and
/// exact for any ids (an id outside [0, E) matches no expert). The experts
/// run feature-major (w1[e] x^T) so that no weight is transposed.
struct DecomposeMoe : OpRewritePattern<MoeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MoeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType xType = op.getInput().getType();
    RankedTensorType idsType = op.getIds().getType();
    Type f = xType.getElementType();
    int64_t tokens = xType.getDimSize(0);
    int64_t k = idsType.getDimSize(1);
    int64_t experts = op.getW1().getType().getDimSize(0);

    // Combine weights [T, E]: ids - e is zero exactly where ids[t, k] == e.
    Value ids = ReshapeOp::create(rewriter, loc, idsType.clone({tokens, k, 1}),
                                  op.getIds());
    Value expertIndex = IotaOp::create(
        rewriter, loc, idsType.clone({experts}), rewriter.getI64IntegerAttr(0));
    Value other = SubOp::create(rewriter, loc, ids, expertIndex);
    Value gates = ReshapeOp::create(rewriter, loc, xType.clone({tokens, k, 1}),
                                    op.getGates());
    Value picked = WhereOp::create(rewriter, loc, other,
                                   scalarConstant(rewriter, loc, f, 0.0), gates);
    Value combine = SumOp::create(rewriter, loc, picked,
                                  rewriter.getI64IntegerAttr(1), UnitAttr());

    // Every expert on every token: [E, F, T], then [E, D, T].
    Value xt = TransposeOp::create(rewriter, loc, op.getInput(),
                                   ArrayRef<int64_t>{1, 0});
    Value up = MatmulOp::create(rewriter, loc, op.getW1(), xt);
    Value act;
    if (op.getMlp() == MlpKind::swiglu)
      act = MulOp::create(rewriter, loc, SiluOp::create(rewriter, loc, up),
                          MatmulOp::create(rewriter, loc, op.getW3(), xt));
    else
      act = GeluOp::create(rewriter, loc, up, GeluApproximation::none);
    Value out = MatmulOp::create(rewriter, loc, op.getW2(), act);

    // y^T = sum_e c[:, e]^T * out[e]; then back to [T, D].
    Value weights = ReshapeOp::create(
        rewriter, loc, xType.clone({experts, 1, tokens}),
        TransposeOp::create(rewriter, loc, combine, ArrayRef<int64_t>{1, 0}));
    Value yt = SumOp::create(rewriter, loc,
                             MulOp::create(rewriter, loc, out, weights),
                             rewriter.getI64IntegerAttr(0), UnitAttr());
    rewriter.replaceOpWithNewOp<TransposeOp>(op, yt, ArrayRef<int64_t>{1, 0});
    return success();
  }
};

struct UmcDecomposePass : umc::impl::UmcDecomposeBase<UmcDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void umc::populateDecomposePatterns(RewritePatternSet &patterns) {
  patterns.add<SplitIntoSlices, DecomposeArBlock, DecomposeTimestepEmbed,
               DecomposeModulate, DecomposeGatedAdd, DecomposeDiffusionStep,
               DecomposePatchEmbed, DecomposeUnpatchify, DecomposeVqLookup,
               DecomposeVqQuantize, DecomposeTaskRouter, DecomposeMoe>(
      patterns.getContext());
  populateDecomposeLossPatterns(patterns);
}
