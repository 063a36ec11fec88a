//===- ReferenceTest.cpp - sanity tests of the reference ops --------------===//
//
// The reference is what compiled kernels are judged by, so it is checked here
// against values worked out by hand or known closed forms, never against
// itself.
//
//===----------------------------------------------------------------------===//
#include "Reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace umc::ref;

namespace {

constexpr double kTol = 1e-12;

Array make(std::vector<int64_t> shape, std::vector<double> data) {
  return Array{std::move(shape), std::move(data)};
}

/// 0, 1, 2, ... in row-major order: every element names its own position.
Array iota(std::vector<int64_t> shape) {
  Array a = Array::zeros(std::move(shape));
  std::iota(a.data.begin(), a.data.end(), 0.0);
  return a;
}

Mask maskOf(MaskKind kind) {
  Mask m;
  m.kind = kind;
  return m;
}

void expectArray(const Array &actual, const std::vector<int64_t> &shape,
                 const std::vector<double> &data, double tol = kTol) {
  ASSERT_EQ(actual.shape, shape);
  ASSERT_EQ(actual.data.size(), data.size());
  for (size_t i = 0; i < data.size(); ++i)
    EXPECT_NEAR(actual.data[i], data[i], tol) << "at flat index " << i;
}

} // namespace

TEST(Reference, BinaryOpsBroadcastLikeNumPy) {
  Array column = make({2, 1}, {1, 2});
  Array row = make({3}, {10, 20, 30});
  expectArray(add(column, row), {2, 3}, {11, 21, 31, 12, 22, 32});
  expectArray(sub(row, column), {2, 3}, {9, 19, 29, 8, 18, 28});
  expectArray(mul(column, row), {2, 3}, {10, 20, 30, 20, 40, 60});
  expectArray(div(row, make({1}, {4})), {3}, {2.5, 5, 7.5});

  // [2, 1, 3] with [4, 1] stretches to [2, 4, 3].
  Array sum = add(iota({2, 1, 3}), iota({4, 1}));
  ASSERT_EQ(sum.shape, (std::vector<int64_t>{2, 4, 3}));
  // sum[1, 2, 1] = a[1, 0, 1] + b[2, 0] = 4 + 2.
  EXPECT_DOUBLE_EQ(sum.data[(1 * 4 + 2) * 3 + 1], 6.0);
}

TEST(Reference, UnaryActivations) {
  Array x = make({3}, {-1, 0, 1});
  expectArray(exp(x), {3}, {std::exp(-1.0), 1, std::exp(1.0)});
  expectArray(tanh(x), {3}, {-0.7615941559557649, 0, 0.7615941559557649});
  Array one = make({1}, {1.0});
  EXPECT_NEAR(gelu(one, false).data[0], 0.8413447460685429, kTol);
  EXPECT_NEAR(gelu(one, true).data[0], 0.8411919906082768, kTol);
  EXPECT_EQ(gelu(make({1}, {0.0}), false).data[0], 0.0);
  // silu(1) = sigmoid(1).
  expectArray(silu(x), {3}, {-0.2689414213699951, 0, 0.7310585786300049});
}

TEST(Reference, SoftmaxAlongAnyAxis) {
  expectArray(softmax(make({4}, {7, 7, 7, 7}), -1), {4},
              {0.25, 0.25, 0.25, 0.25});
  // Along axis 0: column 0 is uniform, column 1 holds exp(ln 3) : exp(0).
  Array x = make({2, 2}, {0, std::log(3.0), 0, 0});
  expectArray(softmax(x, 0), {2, 2}, {0.5, 0.75, 0.5, 0.25});
  expectArray(softmax(x, -2), {2, 2}, {0.5, 0.75, 0.5, 0.25});
  // Large inputs must not overflow: the maximum is subtracted first.
  expectArray(softmax(make({2}, {1000, 1000 + std::log(3.0)}), 0), {2},
              {0.25, 0.75});
}

TEST(Reference, LinearUsesPyTorchWeightLayout) {
  // weight [N = 3, K = 2]: rows pick x0, x1 and x0 + x1.
  Array w = make({3, 2}, {1, 0, 0, 1, 1, 1});
  Array b = make({3}, {0, 0, 1});
  expectArray(linear(make({2, 2}, {1, 2, 3, 4}), w, &b), {2, 3},
              {1, 2, 4, 3, 4, 8});
  expectArray(linear(make({1, 1, 2}, {1, 2}), w, nullptr), {1, 1, 3},
              {1, 2, 3});
}

TEST(Reference, MatmulBroadcastsBatchDims) {
  Array b = make({2, 2}, {1, 2, 3, 4});
  // [1, 2] . b = [7, 10] and [3, 4] . b = [15, 22].
  expectArray(matmul(make({2, 1, 2}, {1, 2, 3, 4}), b), {2, 1, 2},
              {7, 10, 15, 22});
  // Batch [2, 1] with [3] gives batch [2, 3]; result[i, j] = a[i] * b[j].
  Array outer =
      matmul(make({2, 1, 1, 1}, {1, 2}), make({3, 1, 1}, {10, 20, 30}));
  expectArray(outer, {2, 3, 1, 1}, {10, 20, 30, 20, 40, 60});
}

TEST(Reference, EmbeddingLooksUpRows) {
  Array table = make({3, 2}, {0, 1, 10, 11, 20, 21});
  expectArray(embedding({2, 2}, {2, 0, 1, 2}, table), {2, 2, 2},
              {20, 21, 0, 1, 10, 11, 20, 21});
}

TEST(Reference, LayerNormOfOneTwoThree) {
  // mean 2, biased variance 2 / 3, so the outputs are +-1 / sqrt(2 / 3).
  double r = 1.0 / std::sqrt(2.0 / 3.0);
  Array x = make({1, 3}, {1, 2, 3});
  expectArray(layerNorm(x, nullptr, nullptr, 0.0), {1, 3}, {-r, 0, r});
  Array scale = make({3}, {2, 2, 2});
  Array bias = make({3}, {1, 1, 1});
  expectArray(layerNorm(x, &scale, &bias, 0.0), {1, 3},
              {1 - 2 * r, 1, 1 + 2 * r});
  // eps sits inside the square root.
  double re = 1.0 / std::sqrt(2.0 / 3.0 + 0.5);
  expectArray(layerNorm(x, nullptr, nullptr, 0.5), {1, 3}, {-re, 0, re});
}

TEST(Reference, RmsNormOfThreeFour) {
  // mean square (9 + 16) / 2 = 12.5.
  double rms = std::sqrt(12.5);
  Array x = make({2}, {3, 4});
  expectArray(rmsNorm(x, nullptr, 0.0), {2}, {3 / rms, 4 / rms});
  Array scale = make({2}, {2, -1});
  expectArray(rmsNorm(x, &scale, 0.0), {2}, {6 / rms, -4 / rms});
}

TEST(Reference, GroupNormPoolsChannelsAndSpace) {
  // Two groups of two channels: [1, 2] and [3, 4] each normalize to [-1, 1].
  Array x = make({1, 4, 1, 1}, {1, 2, 3, 4});
  Array scale = make({4}, {1, 2, 3, 4});
  Array bias = make({4}, {0, 0, 0, 10});
  expectArray(groupNorm(x, &scale, &bias, 2, 0.0), {1, 4, 1, 1},
              {-1, 2, -3, 14});
  // One group over two channels of two pixels: mean 2.5, variance 1.25;
  // the scale is per channel, so it changes every second pair.
  double s = std::sqrt(1.25);
  Array y = make({1, 2, 2}, {1, 2, 3, 4});
  Array channelScale = make({2}, {1, 2});
  expectArray(groupNorm(y, &channelScale, nullptr, 1, 0.0), {1, 2, 2},
              {-1.5 / s, -0.5 / s, 2 * 0.5 / s, 2 * 1.5 / s});
}

TEST(Reference, RopeRotatesHalves) {
  Array x = iota({2, 3, 4});
  expectArray(rope(x, {0, 0, 0}, 10000.0), x.shape, x.data);

  // D = 4 pairs element i with i + 2; the frequencies are 1 and 1 / 100.
  Array first = make({1, 4}, {1, 0, 0, 0});
  expectArray(rope(first, {3}, 10000.0), {1, 4},
              {std::cos(3.0), 0, std::sin(3.0), 0});
  Array second = make({1, 4}, {0, 1, 0, 0});
  expectArray(rope(second, {3}, 10000.0), {1, 4},
              {0, std::cos(0.03), 0, std::sin(0.03)});
  Array upper = make({1, 4}, {0, 0, 1, 0});
  expectArray(rope(upper, {3}, 10000.0), {1, 4},
              {-std::sin(3.0), 0, std::cos(3.0), 0});
}

TEST(Reference, RopePositionsFollowTheSequenceDim) {
  // [heads = 2, S = 2, D = 2]: row s of every head uses positions[s].
  Array x = make({2, 2, 2}, {1, 0, 1, 0, 1, 0, 1, 0});
  double c = std::cos(5.0), s = std::sin(5.0);
  expectArray(rope(x, {0, 5}, 10000.0), {2, 2, 2}, {1, 0, c, s, 1, 0, c, s});
}

TEST(Reference, MaskKinds) {
  // Two queries over four keys sit at positions 2 and 3.
  Mask causal;
  EXPECT_TRUE(maskVisible(causal, 0, 2, 2, 4));
  EXPECT_FALSE(maskVisible(causal, 0, 3, 2, 4));
  EXPECT_TRUE(maskVisible(causal, 1, 3, 2, 4));

  EXPECT_TRUE(maskVisible(maskOf(MaskKind::full), 0, 3, 4, 4));

  Mask window = maskOf(MaskKind::sliding_window);
  window.window = 2;
  EXPECT_FALSE(maskVisible(window, 3, 1, 4, 4));
  EXPECT_TRUE(maskVisible(window, 3, 2, 4, 4));
  EXPECT_TRUE(maskVisible(window, 3, 3, 4, 4));

  // Image span [1, 3): bidirectional inside, causal elsewhere.
  Mask omni = maskOf(MaskKind::omni);
  omni.spans = {1, 3};
  EXPECT_TRUE(maskVisible(omni, 1, 2, 4, 4));
  EXPECT_FALSE(maskVisible(omni, 0, 1, 4, 4));
  EXPECT_FALSE(maskVisible(omni, 2, 3, 4, 4));
  EXPECT_TRUE(maskVisible(omni, 3, 0, 4, 4));

  // Three keys in blocks of two: ceil(3 / 2) = 2 block rows and columns.
  Mask sparse = maskOf(MaskKind::block_sparse);
  sparse.block = 2;
  sparse.layout = {1, 0, 0, 1};
  EXPECT_TRUE(maskVisible(sparse, 1, 0, 3, 3));
  EXPECT_FALSE(maskVisible(sparse, 1, 2, 3, 3));
  EXPECT_FALSE(maskVisible(sparse, 2, 0, 3, 3));
  EXPECT_TRUE(maskVisible(sparse, 2, 2, 3, 3));
}

TEST(Reference, CausalAttentionWithOneKeyReturnsItsValue) {
  Array q = make({1, 1, 1, 2}, {3, -7});
  Array k = make({1, 1, 1, 2}, {5, 2});
  Array v = make({1, 1, 1, 3}, {1, 2, 3});
  expectArray(attention(q, k, v, Mask{}, std::nullopt, nullptr, nullptr, 0),
              {1, 1, 1, 3}, {1, 2, 3});
}

TEST(Reference, AttentionWeightsByHand) {
  // D = 1, scale 1: scores [ln 2, 0] give weights [2 / 3, 1 / 3].
  Array q = make({1, 1, 1, 1}, {1});
  Array k = make({1, 1, 2, 1}, {std::log(2.0), 0});
  Array v = make({1, 1, 2, 1}, {3, 6});
  Mask full = maskOf(MaskKind::full);
  expectArray(attention(q, k, v, full, 1.0, nullptr, nullptr, 0), {1, 1, 1, 1},
              {4});
  // The default scale is 1 / sqrt(D): D = 4 halves the scores here.
  Array q4 = make({1, 1, 1, 4}, {1, 0, 0, 0});
  Array k4 = make({1, 1, 2, 4}, {2 * std::log(2.0), 0, 0, 0, 0, 0, 0, 0});
  expectArray(attention(q4, k4, v, full, std::nullopt, nullptr, nullptr, 0),
              {1, 1, 1, 1}, {4});
}

TEST(Reference, AttentionMasksAndQueryOffsets) {
  // q = 0 makes every visible key equally likely: the output is their mean.
  Array v = make({1, 1, 3, 1}, {3, 6, 12});
  Array k = Array::zeros({1, 1, 3, 1});
  Array q3 = Array::zeros({1, 1, 3, 1});
  expectArray(attention(q3, k, v, Mask{}, std::nullopt, nullptr, nullptr, 0),
              {1, 1, 3, 1}, {3, 4.5, 7});
  // One query over three keys sits at position 2 and sees all of them.
  Array q1 = Array::zeros({1, 1, 1, 1});
  expectArray(attention(q1, k, v, Mask{}, std::nullopt, nullptr, nullptr, 0),
              {1, 1, 1, 1}, {7});
  Mask window = maskOf(MaskKind::sliding_window);
  window.window = 1;
  expectArray(attention(q1, k, v, window, std::nullopt, nullptr, nullptr, 0),
              {1, 1, 1, 1}, {12});
}

TEST(Reference, GroupedQueryHeadsShareKeyValueHeads) {
  // H = 4 over Hkv = 2: query heads 0, 1 read kv head 0; 2, 3 read head 1.
  Array q = Array::zeros({1, 4, 1, 1});
  Array k = Array::zeros({1, 2, 1, 1});
  Array v = make({1, 2, 1, 1}, {5, 9});
  expectArray(attention(q, k, v, Mask{}, std::nullopt, nullptr, nullptr, 0),
              {1, 4, 1, 1}, {5, 5, 9, 9});
}

TEST(Reference, QkNormNormalizesBeforeScores) {
  // D = 1: RMS normalization leaves the signs, so scores are [1, -1] and
  // the first key's weight is e / (e + 1 / e).
  Array q = make({1, 1, 1, 1}, {5});
  Array k = make({1, 1, 2, 1}, {2, -3});
  Array v = make({1, 1, 2, 1}, {1, 0});
  Array ones = make({1}, {1});
  Mask full = maskOf(MaskKind::full);
  expectArray(attention(q, k, v, full, 1.0, &ones, &ones, 0.0), {1, 1, 1, 1},
              {0.8807970779778823});
  // The key scale multiplies the normalized keys: scores become [2, -2].
  Array two = make({1}, {2});
  expectArray(attention(q, k, v, full, 1.0, &ones, &two, 0.0), {1, 1, 1, 1},
              {1.0 / (1.0 + std::exp(-4.0))});
}

TEST(Reference, FullAttentionEqualsSoftmaxOfMatmuls) {
  // The textbook composition softmax(q k^T * scale) v, through other ops.
  auto wave = [](std::vector<int64_t> shape, double phase) {
    Array a = Array::zeros(std::move(shape));
    for (int64_t i = 0; i < a.size(); ++i)
      a.data[i] = std::sin(0.7 * static_cast<double>(i) + phase);
    return a;
  };
  Array q = wave({2, 2, 2, 3}, 0.0);
  Array k = wave({2, 2, 4, 3}, 1.0);
  Array v = wave({2, 2, 4, 5}, 2.0);
  Array scores = mul(matmul(q, transpose(k, {0, 1, 3, 2})),
                     make({1}, {1.0 / std::sqrt(3.0)}));
  Array expected = matmul(softmax(scores, -1), v);
  Array actual = attention(q, k, v, maskOf(MaskKind::full), std::nullopt,
                           nullptr, nullptr, 0);
  expectArray(actual, expected.shape, expected.data, 1e-12);
}

TEST(Reference, TransposeReshapeConcatSlice) {
  // result[i, j, k] = x[k, i, j] for permutation [1, 2, 0].
  Array t = transpose(iota({2, 3, 4}), {1, 2, 0});
  ASSERT_EQ(t.shape, (std::vector<int64_t>{3, 4, 2}));
  EXPECT_EQ(t.data[(1 * 4 + 2) * 2 + 1], (1 * 3 + 1) * 4 + 2);
  expectArray(transpose(iota({2, 3}), {1, 0}), {3, 2}, {0, 3, 1, 4, 2, 5});

  expectArray(reshape(iota({2, 3}), {3, 1, 2}), {3, 1, 2}, {0, 1, 2, 3, 4, 5});

  Array a = make({2, 1}, {1, 2});
  Array b = make({2, 2}, {3, 4, 5, 6});
  expectArray(concat({a, b}, 1), {2, 3}, {1, 3, 4, 2, 5, 6});
  expectArray(concat({a, b}, -1), {2, 3}, {1, 3, 4, 2, 5, 6});
  expectArray(concat({b, b}, 0), {4, 2}, {3, 4, 5, 6, 3, 4, 5, 6});

  Array x = iota({2, 6});
  expectArray(slice(x, {0, 1}, {2, 3}, {1, 2}), {2, 3}, {1, 3, 5, 7, 9, 11});
  expectArray(slice(x, {1, 4}, {1, 2}, {}), {1, 2}, {10, 11});
}

TEST(Reference, Conv2dByHand) {
  // 1..9 in a 3x3 image; the kernel [[1, 0], [0, 1]] adds diagonal pairs.
  Array x = make({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Array w = make({1, 1, 2, 2}, {1, 0, 0, 1});
  Array bias = make({1}, {1});
  expectArray(conv2d(x, w, &bias, {1, 1}, {0, 0}, {1, 1}, 1), {1, 1, 2, 2},
              {7, 9, 13, 15});
  // Padding 1, stride 2: Ho = (3 + 2 - 1 - 1) / 2 + 1 = 2; the top-left
  // corner reads x[-1, -1] (zero) and x[0, 0].
  expectArray(conv2d(x, w, nullptr, {2, 2}, {1, 1}, {1, 1}, 1), {1, 1, 2, 2},
              {1, 3, 7, 14});
  // Dilation 2 spreads the kernel over the whole image: x[0, 0] + x[2, 2].
  expectArray(conv2d(x, w, nullptr, {1, 1}, {0, 0}, {2, 2}, 1), {1, 1, 1, 1},
              {10});

  // Groups keep channels apart; one group sums them.
  Array two = make({1, 2, 1, 1}, {2, 3});
  expectArray(conv2d(two, make({2, 1, 1, 1}, {10, 100}), nullptr, {1, 1},
                     {0, 0}, {1, 1}, 2),
              {1, 2, 1, 1}, {20, 300});
  expectArray(conv2d(two, make({1, 2, 1, 1}, {10, 100}), nullptr, {1, 1},
                     {0, 0}, {1, 1}, 1),
              {1, 1, 1, 1}, {320});
}

TEST(Reference, PatchifyIndexMapping) {
  Array x = iota({1, 1, 4, 4});
  expectArray(patchify(x, 2), {1, 4, 4},
              {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15});
  // Two channels of 2x2: one patch, channel-major.
  expectArray(patchify(iota({1, 2, 2, 2}), 2), {1, 1, 8},
              {0, 1, 2, 3, 4, 5, 6, 7});
}

TEST(Reference, PatchifyThenLinearEqualsStridedConv) {
  // The equivalence the patchify description promises (ViT's patch embed).
  Array x = iota({2, 3, 4, 6});
  Array w = Array::zeros({5, 3, 2, 2});
  for (int64_t i = 0; i < w.size(); ++i)
    w.data[i] = std::sin(static_cast<double>(i));
  Array bias = make({5}, {1, -2, 3, -4, 5});
  Array conv = conv2d(x, w, &bias, {2, 2}, {0, 0}, {1, 1}, 1);
  Array embedded = linear(patchify(x, 2), reshape(w, {5, 12}), &bias);
  // conv is [N, D, 2, 3]; bring it to [N, 6 patches, D].
  Array expected = reshape(transpose(conv, {0, 2, 3, 1}), {2, 6, 5});
  expectArray(embedded, expected.shape, expected.data, 1e-9);
}

namespace {

Array identity(int64_t n) {
  Array a = Array::zeros({n, n});
  for (int64_t i = 0; i < n; ++i)
    a.data[i * n + i] = 1.0;
  return a;
}

} // namespace

TEST(Reference, TransformerBlockWithUniformAttention) {
  // With wq = wk = 0 every visible key weighs the same, wv = wo = I carry
  // LN1(x) through the heads unchanged, and w2 = 0 leaves only b2 from the
  // MLP. So y[s] = x[s] + mean_{t <= s} LN1(x)[t] + bo + b2.
  const int64_t e = 4;
  BlockParams p;
  p.ln1Weight = make({e}, {1, 1, 1, 1});
  p.ln1Bias = Array::zeros({e});
  p.wq = Array::zeros({e, e});
  p.wk = Array::zeros({e, e});
  p.wv = identity(e);
  p.wo = identity(e);
  p.bo = make({e}, {0.5, 0, 0, 0});
  p.ln2Weight = make({e}, {1, 1, 1, 1});
  p.ln2Bias = Array::zeros({e});
  p.w1 = iota({8, e});
  p.b1 = Array::zeros({8});
  p.w2 = Array::zeros({e, 8});
  p.b2 = make({e}, {0, 0, 0, 1});
  p.heads = 2;

  Array x = make({1, 2, e}, {1, 2, 3, 4, 0, 0, 0, 8});
  // Row 0: mean 2.5, variance 1.25. Row 1: mean 2, variance 12.
  double s0 = std::sqrt(1.25 + 1e-5), s1 = std::sqrt(12 + 1e-5);
  double n0[e] = {-1.5 / s0, -0.5 / s0, 0.5 / s0, 1.5 / s0};
  double n1[e] = {-2 / s1, -2 / s1, -2 / s1, 6 / s1};
  std::vector<double> expected(2 * e);
  double extra[e] = {0.5, 0, 0, 1};
  for (int64_t d = 0; d < e; ++d) {
    expected[d] = x.data[d] + n0[d] + extra[d];
    expected[e + d] = x.data[e + d] + (n0[d] + n1[d]) / 2 + extra[d];
  }
  expectArray(transformerBlock(x, {0, 1}, p), {1, 2, e}, expected, 1e-12);
}

TEST(ReferenceSampling, PhiloxKnownAnswers) {
  // Random123's known-answer vectors for philox4x32-10 (kat_vectors).
  using Words = std::array<uint32_t, 4>;
  EXPECT_EQ(philox4x32(0, {0, 0, 0, 0}),
            (Words{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32(0xffffffffffffffffull,
                            {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}),
            (Words{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32(0x299f31d0a4093822ull,
                            {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}),
            (Words{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(ReferenceSampling, KeepsTheTopKAndTheNucleus) {
  // Logits 3, 2, 1, 0: probabilities about 0.64, 0.24, 0.09, 0.03.
  Array logits = Array::zeros({1, 4});
  logits.data = {0, 3, 1, 2};
  for (uint64_t counter = 0; counter < 200; ++counter) {
    SampleSettings topK;
    topK.topK = 2;
    int64_t t = sample(logits, 5, counter, topK)[0];
    EXPECT_TRUE(t == 1 || t == 3) << t;
    SampleSettings nucleus;
    nucleus.topP = 0.5; // the most likely token alone holds 0.64
    EXPECT_EQ(sample(logits, 5, counter, nucleus)[0], 1);
    SampleSettings greedy;
    greedy.temperature = 0;
    EXPECT_EQ(sample(logits, 5, counter, greedy)[0], 1);
  }
}
