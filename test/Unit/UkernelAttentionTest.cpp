//===- UkernelAttentionTest.cpp - the attention ukernel against a reference ===//
//
// umc_ukernel_attention_f32, and its implementation at both vector widths,
// against a double softmax(q k^T * scale) v over the visible keys, for each
// mask, on shapes no block divides (queries and keys across several blocks,
// odd head sizes), with padded rows and queries placed late in the
// sequence. Also: a row's result is bitwise the same however the queries
// are split between calls (the kernels split them over workgroups).
//
//===----------------------------------------------------------------------===//
#include "umc/Ukernels/Ukernels.h"

#include "../../lib/Ukernels/AttentionImpl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

using AttentionFn = void (*)(const float *, int64_t, const float *, int64_t,
                             const float *, int64_t, float *, int64_t, int64_t,
                             int64_t, int64_t, int64_t, int64_t, int64_t,
                             int32_t, int64_t, const int64_t *, int64_t, float);

struct Problem {
  int64_t queries, keys, depth, width, pad, firstPosition, window;
  int64_t keyEnd; // keys at or past it are hidden (a KV cache filled so far)
  int32_t mask;
  float scale;
  std::vector<float> q, k, v;
  /// The omni mask's spans (mask 3), flat [start, end) pairs.
  std::vector<int64_t> spans;

  Problem(int64_t queries, int64_t keys, int64_t depth, int64_t width,
          int32_t mask, int64_t window, int64_t firstPosition, unsigned seed)
      : queries(queries), keys(keys), depth(depth), width(width), pad(3),
        firstPosition(firstPosition), window(window), keyEnd(keys), mask(mask),
        scale(1.0f / std::sqrt(static_cast<float>(depth))) {
    std::mt19937 gen(seed);
    // Wide scores: exp's range and the running max's rescaling both matter.
    std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
    q.resize(queries * (depth + pad));
    k.resize(keys * (depth + pad));
    v.resize(keys * (width + pad));
    for (auto *t : {&q, &k, &v})
      for (float &x : *t)
        x = dist(gen);
  }

  bool visible(int64_t i, int64_t t) const {
    int64_t p = firstPosition + i;
    if (t >= keyEnd)
      return false;
    if (mask == 3)
      for (size_t s = 0; s < spans.size(); s += 2)
        if (spans[s] <= p && p < spans[s + 1] && spans[s] <= t &&
            t < spans[s + 1])
          return true;
    if (mask >= 1 && t > p)
      return false;
    return mask != 2 || t > p - window;
  }

  std::vector<double> reference() const {
    std::vector<double> out(queries * width, 0.0);
    for (int64_t i = 0; i < queries; ++i) {
      std::vector<double> s(keys);
      double max = -INFINITY;
      for (int64_t t = 0; t < keys; ++t) {
        double dot = 0;
        for (int64_t d = 0; d < depth; ++d)
          dot += double(q[i * (depth + pad) + d]) * k[t * (depth + pad) + d];
        s[t] = visible(i, t) ? dot * scale : -INFINITY;
        max = std::max(max, s[t]);
      }
      if (max == -INFINITY)
        continue; // sees no key: zeros
      double sum = 0;
      for (int64_t t = 0; t < keys; ++t)
        sum += s[t] == -INFINITY ? 0.0 : std::exp(s[t] - max);
      for (int64_t t = 0; t < keys; ++t) {
        if (s[t] == -INFINITY)
          continue;
        double p = std::exp(s[t] - max) / sum;
        for (int64_t e = 0; e < width; ++e)
          out[i * width + e] += p * v[t * (width + pad) + e];
      }
    }
    return out;
  }

  /// Queries [first, first + count) through `fn` into `out` (ld width+pad).
  void run(AttentionFn fn, std::vector<float> &out, int64_t first,
           int64_t count) const {
    fn(q.data() + first * (depth + pad), depth + pad, k.data(), depth + pad,
       v.data(), width + pad, out.data() + first * (width + pad), width + pad,
       count, keys, depth, width, firstPosition + first, keyEnd, mask, window,
       spans.data(), static_cast<int64_t>(spans.size() / 2), scale);
  }
};

template <int Lanes, int Rows>
void attentionAt(const float *q, int64_t ldq, const float *k, int64_t ldk,
                 const float *v, int64_t ldv, float *o, int64_t ldo,
                 int64_t queries, int64_t keys, int64_t depth, int64_t width,
                 int64_t first, int64_t keyEnd, int32_t mask, int64_t window,
                 const int64_t *spans, int64_t numSpans, float scale) {
  umc::ukernels::Attention<Lanes, Rows>::run(
      q, ldq, k, ldk, v, ldv, o, ldo, queries, keys, depth, width, first,
      keyEnd, mask, window, spans, numSpans, scale);
}

void expectMatches(AttentionFn fn, const Problem &p) {
  std::vector<float> out(p.queries * (p.width + p.pad), 7.0f);
  p.run(fn, out, 0, p.queries);
  std::vector<double> want = p.reference();
  int bad = 0;
  for (int64_t i = 0; i < p.queries; ++i) {
    for (int64_t e = 0; e < p.width; ++e) {
      double got = out[i * (p.width + p.pad) + e], ref = want[i * p.width + e];
      if (std::fabs(got - ref) > 2e-5 + 2e-5 * std::fabs(ref) && bad++ < 5)
        ADD_FAILURE() << "row " << i << " col " << e << ": " << got
                      << " vs " << ref;
    }
    // The padding past each row is left alone.
    for (int64_t e = p.width; e < p.width + p.pad; ++e)
      EXPECT_EQ(out[i * (p.width + p.pad) + e], 7.0f);
  }
  EXPECT_EQ(bad, 0);
}

struct Shape {
  int64_t queries, keys, depth, width, firstPosition;
};
// Several blocks of queries and keys with remainders; queries that are the
// last of the sequence (decode-like); a head size below a vector.
const Shape kShapes[] = {{200, 300, 64, 64, 100}, {37, 260, 24, 40, 223},
                         {1, 129, 64, 64, 128},   {300, 300, 5, 3, 0},
                         {130, 131, 80, 16, 1}};

TEST(UkernelAttention, EveryMaskMatchesTheReference) {
  unsigned seed = 1;
  for (const Shape &s : kShapes)
    for (int32_t mask : {0, 1, 2}) {
      SCOPED_TRACE(testing::Message() << s.queries << "x" << s.keys << "x"
                                      << s.depth << "x" << s.width << " mask "
                                      << mask);
      Problem p(s.queries, s.keys, s.depth, s.width, mask, 50, s.firstPosition,
                seed++);
      expectMatches(umc_ukernel_attention_f32, p);
      expectMatches(attentionAt<8, 6>, p);
      expectMatches(attentionAt<16, 12>, p);
    }
}

// The scale multiplies the scores before the softmax whatever its sign: a
// negative scale makes the smallest dot product the row's max, and 0 gives
// every visible key the same weight.
TEST(UkernelAttention, AnyScaleMatchesTheReference) {
  for (float scale : {-0.35f, 0.0f, 2.0f})
    for (int32_t mask : {0, 1, 2}) {
      SCOPED_TRACE(testing::Message() << "scale " << scale << " mask " << mask);
      Problem p(150, 200, 32, 24, mask, 40, 60, 17);
      p.scale = scale;
      expectMatches(attentionAt<8, 6>, p);
      expectMatches(attentionAt<16, 12>, p);
    }
}

// The omni mask: causal text around images whose tokens see each other. The
// spans start and end inside key blocks and query blocks, one spans several
// blocks, and some queries start past a span (decoding after an image).
TEST(UkernelAttention, OmniMaskMatchesTheReference) {
  unsigned seed = 100;
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(testing::Message() << s.queries << "x" << s.keys << "x"
                                    << s.depth << "x" << s.width);
    Problem p(s.queries, s.keys, s.depth, s.width, /*mask=*/3, 0,
              s.firstPosition, seed++);
    p.spans = {3, 20, 60, 250, 251, 252};
    expectMatches(umc_ukernel_attention_f32, p);
    expectMatches(attentionAt<8, 6>, p);
    expectMatches(attentionAt<16, 12>, p);
  }
}

// A KV cache of 300 slots filled to 70 by a prompt of 40 queries at 30..69:
// the keys past 70 are hidden, whatever the mask.
TEST(UkernelAttention, KeysPastTheFilledCacheAreHidden) {
  for (int32_t mask : {0, 1, 2}) {
    Problem p(40, 300, 32, 32, mask, 25, /*firstPosition=*/30, 5);
    p.keyEnd = 70;
    expectMatches(umc_ukernel_attention_f32, p);
    expectMatches(attentionAt<8, 6>, p);
  }
}

// Query 0 at position -5: the first rows see no key at all.
TEST(UkernelAttention, RowsThatSeeNoKeyAreZero) {
  Problem p(20, 64, 16, 16, /*mask=*/1, 0, /*firstPosition=*/-5, 3);
  expectMatches(umc_ukernel_attention_f32, p);
}

TEST(UkernelAttention, SplittingTheQueriesDoesNotChangeTheResult) {
  for (AttentionFn fn : {&umc_ukernel_attention_f32, &attentionAt<8, 6>,
                         &attentionAt<16, 12>})
    for (int32_t mask : {0, 1, 2, 3}) {
      Problem p(250, 400, 64, 64, mask, 70, 150, 11);
      p.spans = {160, 390};
      std::vector<float> whole(p.queries * (p.width + p.pad), 0.0f);
      std::vector<float> split(whole.size(), 0.0f);
      p.run(fn, whole, 0, p.queries);
      // Pieces that start on and off the key blocks' grid.
      const int64_t bounds[] = {0, 7, 100, 173, 250};
      for (int i = 0; i + 1 < 5; ++i)
        p.run(fn, split, bounds[i], bounds[i + 1] - bounds[i]);
      EXPECT_EQ(std::memcmp(whole.data(), split.data(),
                            sizeof(float) * whole.size()),
                0)
          << "mask " << mask;
    }
}

} // namespace
