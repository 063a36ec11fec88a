//===- AttentionImpl.h - flash-style f32 attention on the GEMM ---*- C++ -*-===//
//
// umc_ukernel_attention_f32 for any vector length, as GemmImpl.h. The
// online softmax of FlashAttention (Dao et al., 2022) on a CPU: queries in
// blocks of up to kBlockQ rows, keys in blocks of up to kBlockK; per pair
// of blocks the scores S = Q K^T come from the packed GEMM, each row's
// running max m and sum l are updated, the row's partial output is
// rescaled by exp(m_old - m_new) and P V is added to it by the GEMM again.
// The scores of one pair of blocks are all that is ever held (S x T never
// is), and a key block that the mask hides from every query of the block
// is never touched: a causal mask costs about half of a full one, a window
// of W keys about W / T of it.
//
// Key blocks start at multiples of the key block (fixed per mask) whatever
// the query block, and a key block hidden from a row leaves it alone, so
// each row's result does not depend on how the caller split the queries
// (thread-count independent).
//
//===----------------------------------------------------------------------===//
#ifndef UMC_UKERNELS_ATTENTIONIMPL_H
#define UMC_UKERNELS_ATTENTIONIMPL_H

#include "GemmImpl.h"

#include <string.h>

namespace umc::ukernels {

template <int Lanes, int Rows> struct Attention {
  using G = Gemm<Lanes, Rows>;
  using Vec = typename G::Vec;
  typedef int32_t IVec __attribute__((ext_vector_type(Lanes)));
  // The largest blocks: 192 query rows (a multiple of 6 and of 12) by 128
  // keys. K and V blocks are packed once per query block, so bigger query
  // blocks pack less (3% faster than 96 on AVX2, causal); the scores,
  // 192 x 128 floats, stay in L2. A window takes 64 x 64: its blocks
  // straddle the window's edges, where smaller ones waste less, and query
  // blocks on the key blocks' grid straddle one key block fewer (W=256
  // over 4096 keys, one thread: 32 ms with the large blocks, 27 with
  // 96 x 64; per head 5.35 ms with 64 x 64 against 5.94 with 96 x 64).
  static constexpr int64_t kBlockQ = 192;
  static constexpr int64_t kBlockK = 128;
  static constexpr int64_t kWindowBlock = 64;
  static constexpr float kNegInf = -__builtin_inff();

  static Vec splat(float x) { return Vec(x); }

  /// Lanes where `keep` is set take `a`, the others `b`.
  static Vec select(IVec keep, Vec a, Vec b) {
    IVec ai = __builtin_bit_cast(IVec, a), bi = __builtin_bit_cast(IVec, b);
    return __builtin_bit_cast(Vec, (ai & keep) | (bi & ~keep));
  }

  /// e^x to about 2 ulp (Cephes' expf): 2^n e^r with |r| <= ln(2)/2 and a
  /// degree-6 polynomial; 0 below -87.3 (no denormals), and the caller
  /// masks hidden scores to exactly 0 itself.
  static Vec exp(Vec x) {
    // Fused multiply-adds written out: the ukernels are built with
    // -ffp-contract=off, which would leave each step a multiply and an add.
    auto fma = [](Vec a, Vec b, Vec c) {
      return __builtin_elementwise_fma(a, b, c);
    };
    x = __builtin_elementwise_min(x, splat(88.3762626647949f));
    IVec tiny = x < splat(-87.3f);
    x = __builtin_elementwise_max(x, splat(-87.3f));
    Vec n = __builtin_elementwise_floor(
        fma(x, splat(1.44269504088896341f), splat(0.5f)));
    Vec r = fma(n, splat(-0.693359375f), x);
    r = fma(n, splat(2.12194440e-4f), r);
    Vec y = splat(1.9875691500E-4f);
    y = fma(y, r, splat(1.3981999507E-3f));
    y = fma(y, r, splat(8.3334519073E-3f));
    y = fma(y, r, splat(4.1665795894E-2f));
    y = fma(y, r, splat(1.6666665459E-1f));
    y = fma(y, r, splat(5.0000001201E-1f));
    y = fma(y, r * r, r) + 1.0f;
    IVec bits = (__builtin_convertvector(n, IVec) + 127) << 23;
    return select(tiny, splat(0.0f), y * __builtin_bit_cast(Vec, bits));
  }

  // Lanes folded in halves, a tree the compiler turns into a few shuffles
  // (lane by lane, the two reductions were a fifth of a causal attention's
  // softmax time on AVX-512); one fixed order, whatever the thread count.
  static float horizontalMax(Vec v) {
    float lanes[Lanes];
    __builtin_memcpy(lanes, &v, sizeof(v));
    for (int width = Lanes / 2; width > 0; width /= 2)
      for (int i = 0; i < width; ++i)
        lanes[i] = lanes[i + width] > lanes[i] ? lanes[i + width] : lanes[i];
    return lanes[0];
  }
  static float horizontalSum(Vec v) {
    float lanes[Lanes];
    __builtin_memcpy(lanes, &v, sizeof(v));
    for (int width = Lanes / 2; width > 0; width /= 2)
      for (int i = 0; i < width; ++i)
        lanes[i] += lanes[i + width];
    return lanes[0];
  }

  /// mask: 0 every key, 1 causal (key t visible to the query at position p
  /// when t <= p), 2 a causal window of `window` keys (p - window < t <= p),
  /// 3 causal and, for p inside one of the `numSpans` spans [s, e), every
  /// key of the span (omni); and only keys before `keyEnd` (a KV cache
  /// filled that far).
  static void run(const float *q, int64_t ldq, const float *k, int64_t ldk,
                  const float *v, int64_t ldv, float *o, int64_t ldo,
                  int64_t queries, int64_t keys, int64_t depth, int64_t width,
                  int64_t firstPosition, int64_t keyEnd, int32_t mask,
                  int64_t window, const int64_t *spans, int64_t numSpans,
                  float scale) {
    if (queries <= 0 || width <= 0)
      return;
    // The keys visible from position p are one range, [lo(p), hi(p)): an
    // omni span only extends the causal range [0, p] to the span's end.
    // Both bounds grow with p, so a block of rows sees [lo(first row),
    // hi(last row)) at most.
    auto lo = [&](int64_t p) -> int64_t {
      int64_t first = mask == 2 ? p - window + 1 : 0;
      return first < 0 ? 0 : first > keys ? keys : first;
    };
    int64_t end = keyEnd < keys ? keyEnd : keys;
    auto hi = [&](int64_t p) -> int64_t {
      int64_t last = mask == 0 ? end : p + 1;
      for (int64_t s = 0; mask == 3 && s < numSpans; ++s)
        if (spans[2 * s] <= p && p < spans[2 * s + 1] &&
            spans[2 * s + 1] > last)
          last = spans[2 * s + 1];
      last = last < end ? last : end;
      return last < 0 ? 0 : last;
    };
    const int64_t blockQ = mask == 2 ? kWindowBlock : kBlockQ;
    const int64_t blockK = mask == 2 ? kWindowBlock : kBlockK;
    alignas(64) float scores[kBlockQ * kBlockK];
    float rowMax[kBlockQ], rowSum[kBlockQ];
    // A caller's tile that starts off the key blocks' grid gets a short
    // first block up to it, so that the window's blocks (as long as the key
    // blocks) each straddle as few key blocks as they can (a row's result
    // does not depend on its block).
    // (A full mask's keys do not depend on the position: no short block.)
    int64_t offGrid =
        mask == 0 ? 0 : (firstPosition % blockK + blockK) % blockK;
    for (int64_t i0 = 0, rows = 0; i0 < queries; i0 += rows) {
      rows = i0 == 0 && offGrid ? blockK - offGrid : blockQ;
      rows = queries - i0 < rows ? queries - i0 : rows;
      for (int64_t r = 0; r < rows; ++r) {
        rowMax[r] = kNegInf;
        rowSum[r] = 0.0f;
        memset(o + (i0 + r) * ldo, 0, sizeof(float) * width);
      }
      int64_t firstKey = lo(firstPosition + i0) / blockK * blockK;
      int64_t endKey = hi(firstPosition + i0 + rows - 1);
      for (int64_t j0 = firstKey; j0 < endKey; j0 += blockK) {
        int64_t cols = keys - j0 < blockK ? keys - j0 : blockK;
        for (int64_t r = 0; r < rows; ++r)
          memset(scores + r * blockK, 0, sizeof(float) * cols);
        G::run(/*transposedB=*/true, q + i0 * ldq, ldq, k + j0 * ldk, ldk,
               scores, blockK, rows, cols, depth);
        for (int64_t r = 0; r < rows; ++r)
          softmaxStep(scores + r * blockK, o + (i0 + r) * ldo, width,
                      lo(firstPosition + i0 + r) - j0,
                      hi(firstPosition + i0 + r) - j0, cols, scale,
                      rowMax[r], rowSum[r]);
        G::run(/*transposedB=*/false, scores, blockK, v + j0 * ldv, ldv,
               o + i0 * ldo, ldo, rows, width, cols);
      }
      for (int64_t r = 0; r < rows; ++r) {
        // A row that sees no key is 0, as umc.attention defines it.
        float inverse = rowSum[r] > 0.0f ? 1.0f / rowSum[r] : 0.0f;
        float *out = o + (i0 + r) * ldo;
        for (int64_t c = 0; c < width; ++c)
          out[c] *= inverse;
      }
    }
  }

  /// One row of a key block: scores s[0:cols] become P = exp(scale s -
  /// m_new) where visible (columns [from, to)) and 0 elsewhere; the row's
  /// output so far is rescaled to the new max. The scaled scores are not
  /// stored: the exp pass scales again, in its FMA.
  static void softmaxStep(float *s, float *out, int64_t width, int64_t from,
                          int64_t to, int64_t cols, float scale, float &max,
                          float &sum) {
    from = from < 0 ? 0 : from;
    to = to > cols ? cols : to;
    int64_t padded = (cols + Lanes - 1) / Lanes * Lanes;
    if (from >= to) {
      memset(s, 0, sizeof(float) * padded);
      return;
    }
    IVec lane;
    for (int i = 0; i < Lanes; ++i)
      lane[i] = i;
    auto visible = [&](int64_t c) {
      IVec index = lane + static_cast<int32_t>(c);
      return (index >= static_cast<int32_t>(from)) &
             (index < static_cast<int32_t>(to));
    };
    // A block the row sees whole (all but the mask's edges) needs no
    // selects.
    bool whole = from == 0 && to == padded;
    Vec blockMax = splat(kNegInf);
    for (int64_t c = 0; c < padded; c += Lanes) {
      Vec x = G::load(s + c) * scale;
      if (!whole)
        x = select(visible(c), x, splat(kNegInf));
      blockMax = __builtin_elementwise_max(blockMax, x);
    }
    float newMax = horizontalMax(blockMax);
    newMax = newMax > max ? newMax : max;
    Vec total = splat(0.0f);
    Vec shift = splat(-newMax), scales = splat(scale);
    for (int64_t c = 0; c < padded; c += Lanes) {
      Vec p = exp(__builtin_elementwise_fma(G::load(s + c), scales, shift));
      if (!whole)
        p = select(visible(c), p, splat(0.0f));
      G::store(s + c, p);
      total += p;
    }
    if (max != kNegInf && max != newMax) {
      float alpha = exp(splat(max - newMax))[0];
      for (int64_t c = 0; c < width; ++c)
        out[c] *= alpha;
      sum *= alpha;
    }
    sum += horizontalSum(total);
    max = newMax;
  }
};

} // namespace umc::ukernels

#endif // UMC_UKERNELS_ATTENTIONIMPL_H
