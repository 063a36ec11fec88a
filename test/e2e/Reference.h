//===- Reference.h - plain C++ reference of the umc ops ---------*- C++ -*-===//
//
// An independent, deliberately naive implementation of every primitive op of
// the umc dialect, in double precision, written only from the op
// descriptions in UmcOps.td and UmcAttrs.td. End-to-end tests compare compiled
// kernels against it, so it favours obvious loops over speed and shares no
// code with the compiler. Preconditions are checked with assert.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TEST_E2E_REFERENCE_H
#define UMC_TEST_E2E_REFERENCE_H

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace umc::ref {

/// A dense row-major tensor of doubles.
struct Array {
  std::vector<int64_t> shape;
  std::vector<double> data;

  static Array zeros(std::vector<int64_t> shape);
  /// The number of elements the shape holds.
  int64_t size() const;
};

/// The attention mask kinds of #umc.mask; the fields mirror its parameters.
enum class MaskKind { causal, full, omni, sliding_window, block_sparse };
struct Mask {
  MaskKind kind = MaskKind::causal;
  int64_t window = 0;
  std::vector<int64_t> spans;
  int64_t block = 0;
  std::vector<int64_t> layout;
};

// Elementwise, with NumPy broadcasting.
Array add(const Array &a, const Array &b);
Array sub(const Array &a, const Array &b);
Array mul(const Array &a, const Array &b);
Array div(const Array &a, const Array &b);

Array maximum(const Array &a, const Array &b);
Array minimum(const Array &a, const Array &b);
/// condition != 0 ? a : b, all three broadcast.
Array where(const Array &condition, const Array &a, const Array &b);

Array exp(const Array &x);
Array log(const Array &x);
Array tanh(const Array &x);
Array sin(const Array &x);
Array cos(const Array &x);
Array sqrt(const Array &x);
Array rsqrt(const Array &x);
Array sigmoid(const Array &x);
Array neg(const Array &x);
Array gelu(const Array &x, bool tanhApproximation);
Array silu(const Array &x);
/// A negative axis counts from the back.
Array softmax(const Array &x, int64_t axis);

/// The element kinds a cast converts to.
enum class CastTo { f32, bf16, f16, i8, i32, i64 };
/// Each element converted as umc.cast describes: to a float, rounded to
/// nearest even; from a float to an integer, truncated and saturated, NaN
/// to 0; from an integer (`fromInteger`) to an integer, the low bits.
Array cast(const Array &x, bool fromInteger, CastTo to);

/// Reductions along one axis (negative counts from the back); `keepDim`
/// keeps the axis with size 1.
Array sum(const Array &x, int64_t axis, bool keepDim);
Array mean(const Array &x, int64_t axis, bool keepDim);
Array max(const Array &x, int64_t axis, bool keepDim);
/// The first index of the maximum; NaN counts as the largest.
Array argmax(const Array &x, int64_t axis, bool keepDim);
/// result[i...] = i_axis.
Array iota(const std::vector<int64_t> &shape, int64_t axis);

/// Philox-4x32-10 of the 128-bit counter (c[0] least significant) under the
/// 64-bit key, from Salmon et al. (SC 2011).
std::array<uint32_t, 4> philox4x32(uint64_t key, std::array<uint32_t, 4> c);

/// umc.random_normal: element i from Philox(seed; i, counter), Box-Muller.
Array randomNormal(const std::vector<int64_t> &shape, uint64_t seed,
                   uint64_t counter);

/// The sampling settings of umc.sample; absent values are the op's defaults.
struct SampleSettings {
  double temperature = 1.0;
  int64_t topK = 0;    // <= 0 or >= V: off
  double topP = 1.0;   // >= 1: off
};
/// One token per row of logits [B, V], as umc.sample describes, with the
/// uniform number of row b taken from Philox(seed; b, counter). The kept
/// sets come from sorting, not from the kernel's bisection.
std::vector<int64_t> sample(const Array &logits, uint64_t seed,
                            uint64_t counter, const SampleSettings &settings);

/// x : [..., K], w : [N, K], bias : [N] or null.
Array linear(const Array &x, const Array &w, const Array *bias);
/// a : [..., M, K], b : [..., K, N]; the batch dimensions broadcast.
Array matmul(const Array &a, const Array &b);
/// ids of shape idsShape (row-major), table : [V, D].
Array embedding(const std::vector<int64_t> &idsShape,
                const std::vector<int64_t> &ids, const Array &table);

Array layerNorm(const Array &x, const Array *scale, const Array *bias,
                double eps);
Array rmsNorm(const Array &x, const Array *scale, double eps);
/// x : [N, C, ...].
Array groupNorm(const Array &x, const Array *scale, const Array *bias,
                int64_t groups, double eps);

/// x : [..., S, D], positions : [S]; the rotate-half convention.
Array rope(const Array &x, const std::vector<int64_t> &positions, double theta);
/// x : [B, ..., S, D], one row of positions per sample b.
Array rope(const Array &x, const std::vector<std::vector<int64_t>> &positions,
           double theta);
/// Whether query `query` of `numQueries` sees key `key` of `numKeys`.
bool maskVisible(const Mask &m, int64_t query, int64_t key, int64_t numQueries,
                 int64_t numKeys);
/// Whether a query at position `position` sees key `key` of `numKeys`.
bool maskVisibleAt(const Mask &m, int64_t position, int64_t key,
                   int64_t numKeys);

/// The optional run-time parts of attention's mask.
struct AttentionExtras {
  const Array *bias = nullptr;               // broadcasts to [B, H, S, T]
  const Array *keyPadding = nullptr;         // [B, T], 0 = not seen
  std::optional<int64_t> queryOffset;        // query s at position p0 + s
};
/// q : [B, H, S, D], k : [B, Hkv, T, D], v : [B, Hkv, T, Dv]. The QK-norm
/// scales are both given or both null. A query that sees no key gives a
/// zero row.
Array attention(const Array &q, const Array &k, const Array &v,
                const Mask &mask, std::optional<double> scale,
                const Array *qNormScale, const Array *kNormScale,
                double qkNormEps, const AttentionExtras &extras = {});

Array transpose(const Array &x, const std::vector<int64_t> &permutation);
Array reshape(const Array &x, std::vector<int64_t> shape);
/// A negative axis counts from the back.
Array concat(const std::vector<Array> &inputs, int64_t axis);
/// An empty `strides` means all ones.
Array slice(const Array &x, const std::vector<int64_t> &offsets,
            const std::vector<int64_t> &sizes,
            const std::vector<int64_t> &strides);
/// x : [N, C, H, W], w : [O, C / groups, KH, KW], bias : [O] or null.
Array conv2d(const Array &x, const Array &w, const Array *bias,
             std::array<int64_t, 2> strides, std::array<int64_t, 2> padding,
             std::array<int64_t, 2> dilation, int64_t groups);
/// x : [N, C, H, W] -> [N, (H / P) * (W / P), C * P * P].
Array patchify(const Array &x, int64_t patchSize);
/// The patch embedding as ViT writes it: a stride-P Conv2d (w : [D, C, P,
/// P], bias : [D]) flattened to [N, L, D], plus positions [L, D] if given.
Array patchEmbed(const Array &x, const Array &w, const Array &bias,
                 const Array *positions, int64_t patchSize);
/// x : [N, L, F] -> [N, C, H, W]; features (c, i, j), or (i, j, c) with
/// channelsLast.
Array unpatchify(const Array &x, int64_t patchSize,
                 const std::vector<int64_t> &imageShape, bool channelsLast);

/// t : [B] -> [B, dim]: cos(t f_i) then sin(t f_i), f_i = maxPeriod^(-i/half).
Array timestepEmbed(const Array &t, int64_t dim, double maxPeriod);
/// x : [B, S, D], shift, scale : [B, D]: x * (1 + scale) + shift.
Array modulate(const Array &x, const Array &shift, const Array &scale);
/// x, branch : [B, S, D], gate : [B, D]: x + gate * branch.
Array gatedAdd(const Array &x, const Array &branch, const Array &gate);
enum class Sampler { flowEuler, flowHeun, ddim };
/// One diffusion step as umc.diffusion_step describes it; `uncond` null
/// means no guidance, `first` is flow_heun's first velocity.
Array diffusionStep(const Array &x, const Array &prediction,
                    const Array *uncond, double guidance, const Array *first,
                    double t, double next, Sampler sampler);

//===----------------------------------------------------------------------===//
// Routing, codebooks and discrete diffusion
//===----------------------------------------------------------------------===//

/// The attributes and operands of umc.router.
struct RouterSettings {
  int64_t topK = 1;
  std::optional<int64_t> capacity;  // slots per expert; none: unlimited
  double temperature = 1.0;
  bool renormalize = false;
  bool gumbel = false;              // with seed and counter below
  uint64_t seed = 0, counter = 0;
};
/// What umc.router returns, and the gate probabilities it chose from.
struct RouterResult {
  std::vector<int64_t> ids;  // [T, K] row-major, -1 = dropped
  Array gates;               // [T, K]
  int64_t dropped = 0;
  double balance = 0;
  Array probs;               // [T, E]
};
/// logits : [T, E]. Choices by a stable sort, drops by walking the
/// assignments in priority order with a counter per expert.
RouterResult router(const Array &logits, const RouterSettings &settings);

/// umc.moe on x : [T, D] with ids [T, K] (row-major, -1 skipped), gates
/// [T, K], w1 : [E, F, D], w2 : [E, D, F] and w3 : [E, F, D] or null (gelu):
/// each chosen expert applied to its token only.
Array moe(const Array &x, const std::vector<int64_t> &ids, const Array &gates,
          const Array &w1, const Array &w2, const Array *w3);

/// umc.task_router: x : [B, S, D], pooled by mean (or the first token),
/// then w2 gelu(w1 h + b1) + b2; the task is the first argmax.
struct TaskRouterResult {
  Array logits;              // [B, N]
  std::vector<int64_t> task; // [B]
};
TaskRouterResult taskRouter(const Array &x, bool meanPool, const Array &w1,
                            const Array &b1, const Array &w2, const Array &b2);

/// umc.vq_quantize: for each vector of z : [..., D], the first index of the
/// smallest squared distance to a row of codebook : [K, D].
std::vector<int64_t> vqQuantize(const Array &z, const Array &codebook);

/// umc.unmask on tokens [B, N] (row-major) and logits [B, N, V]; a
/// temperature <= 0 draws the argmax. Masked positions are ranked by a
/// stable sort of their confidences.
std::vector<int64_t> unmask(const std::vector<int64_t> &tokens,
                            const Array &logits, int64_t maskId, uint64_t seed,
                            uint64_t counter, int64_t maskedAfter,
                            double temperature);

/// The weights of models/tiny_block.mlir, in PyTorch layouts.
struct BlockParams {
  Array ln1Weight, ln1Bias, wq, wk, wv, wo, bo, ln2Weight, ln2Bias, w1, b1, w2,
      b2;
  int64_t heads;
};
/// The pre-norm transformer block of models/tiny_block.mlir:
/// x : [B, S, E], positions : [S].
Array transformerBlock(const Array &x, const std::vector<int64_t> &positions,
                       const BlockParams &p);

} // namespace umc::ref

#endif // UMC_TEST_E2E_REFERENCE_H
