//===- OpsTest.cpp - every primitive op, compiled and run vs the reference ===//
//
// Each test compiles a one-op (or few-op) function with umc-compile, runs it
// on random inputs with the runtime, and compares with Reference.cpp.
// Tolerances: f32 results within 1e-5 absolute + 1e-4 relative (the kernels
// use polynomial exp/erf/tanh accurate to a few ulp and accumulate in f32);
// bf16 results within one bf16 rounding (2^-8 relative) of the reference
// computed on the rounded inputs. Shapes are deliberately odd so that tiles
// and rows never divide evenly.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Runtime/Program.h"

#include <cstdint>
#include <optional>

using namespace umc;
using namespace umc::e2e;
using rt::DType;

namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-4;

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

TEST(Elementwise, BinaryOpsBroadcast) {
  struct Case {
    const char *op;
    ref::Array (*ref)(const ref::Array &, const ref::Array &);
  };
  for (Case c : {Case{"add", ref::add}, Case{"sub", ref::sub},
                 Case{"mul", ref::mul}, Case{"div", ref::div}}) {
    SCOPED_TRACE(c.op);
    std::vector<int64_t> a{3, 1, 37}, b{5, 1}, out{3, 5, 37};
    auto artifact = compile(function(
        "%a: " + type(a) + ", %b: " + type(b),
        std::string("umc.") + c.op + " %a, %b : (" + type(a) + ", " + type(b) +
            ") -> " + type(out),
        type(out)));
    ref::Array x = random(a, 1), y = random(b, 2, 0.5, 2.0);
    auto outputs = run(artifact, {toTensor(x), toTensor(y)});
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0], c.ref(x, y), kAtol, kRtol));
  }
}

TEST(Elementwise, IntegerAdd) {
  auto artifact = compile(function(
      "%a: tensor<4x1xi32>, %b: tensor<3xi32>",
      "umc.add %a, %b : (tensor<4x1xi32>, tensor<3xi32>) -> tensor<4x3xi32>",
      "tensor<4x3xi32>"));
  auto outputs = run(artifact, {toTensor({4, 1}, {1, -2, 30, 400}, DType::i32),
                                toTensor({3}, {5, 6, -7}, DType::i32)});
  ASSERT_EQ(outputs.size(), 1u);
  ref::Array expected = ref::Array::zeros({4, 3});
  expected.data = {6, 7, -6, 3, 4, -9, 35, 36, 23, 405, 406, 393};
  EXPECT_TRUE(allClose(outputs[0], expected, 0, 0));
}

TEST(Elementwise, IntegerDivisionNeverTraps) {
  // Truncating division; x / 0 = 0 and INT32_MIN / -1 wraps (the CPU would
  // raise SIGFPE for both).
  auto artifact = compile(function(
      "%a: tensor<6xi32>, %b: tensor<6xi32>",
      "umc.div %a, %b : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>",
      "tensor<6xi32>"));
  int64_t min = INT32_MIN;
  auto outputs =
      run(artifact, {toTensor({6}, {7, -7, 5, min, 9, 0}, DType::i32),
                     toTensor({6}, {2, 2, 0, -1, -1, 3}, DType::i32)});
  ASSERT_EQ(outputs.size(), 1u);
  ref::Array expected = ref::Array::zeros({6});
  expected.data = {3, -3, 0, static_cast<double>(min), -9, 0};
  EXPECT_TRUE(allClose(outputs[0], expected, 0, 0));
}

TEST(Elementwise, UnaryOps) {
  std::vector<int64_t> shape{7, 129};
  ref::Array x = random(shape, 3, -4.0, 4.0);
  struct Case {
    std::string op;
    ref::Array expected;
  };
  for (const Case &c :
       {Case{"umc.exp", ref::exp(x)}, Case{"umc.tanh", ref::tanh(x)},
        Case{"umc.gelu", ref::gelu(x, false)},
        Case{"umc.gelu %x approximate = tanh", ref::gelu(x, true)},
        Case{"umc.silu", ref::silu(x)}}) {
    SCOPED_TRACE(c.op);
    std::string body = c.op.find('%') == std::string::npos
                           ? c.op + " %x : " + type(shape)
                           : c.op + " : " + type(shape);
    auto artifact = compile(function("%x: " + type(shape), body, type(shape)));
    auto outputs = run(artifact, {toTensor(x)});
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0], c.expected, kAtol, kRtol));
  }
}

TEST(Elementwise, SoftmaxAlongEachAxis) {
  std::vector<int64_t> shape{3, 17, 33};
  ref::Array x = random(shape, 4, -6.0, 6.0);
  for (int64_t axis : {-1, 1, 0}) {
    SCOPED_TRACE(axis);
    auto artifact = compile(function(
        "%x: " + type(shape),
        "umc.softmax %x axis = " + std::to_string(axis) + " : " + type(shape),
        type(shape)));
    auto outputs = run(artifact, {toTensor(x)});
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0], ref::softmax(x, axis), kAtol, kRtol));
  }
}

TEST(Elementwise, LargeTiledGeluMatchesAtTileEdges) {
  // 333 rows: the workgroup tiles do not divide the rows evenly.
  std::vector<int64_t> shape{333, 1001};
  ref::Array x = random(shape, 5, -3.0, 3.0);
  auto artifact = compile(
      function("%x: " + type(shape), "umc.gelu %x : " + type(shape), type(shape)));
  ASSERT_TRUE(artifact);
  EXPECT_GT(workgroupsOf(*artifact, 0), 1);
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::gelu(x, false), kAtol, kRtol));
}

TEST(Elementwise, Bf16ComputesInF32AndRoundsOnce) {
  std::vector<int64_t> shape{5, 70};
  ref::Array x = rounded(random(shape, 6, -3.0, 3.0), DType::bf16);
  auto artifact = compile(function("%x: " + type(shape, "bf16"),
                                   "umc.gelu %x : " + type(shape, "bf16"),
                                   type(shape, "bf16")));
  auto outputs = run(artifact, {toTensor(x, DType::bf16)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::gelu(x, false), 1e-6, 1.0 / 256));
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

TEST(Contractions, LinearWithAndWithoutBias) {
  std::vector<int64_t> xs{2, 5, 19}, ws{23, 19}, bs{23}, out{2, 5, 23};
  ref::Array x = random(xs, 7), w = random(ws, 8), b = random(bs, 9);
  auto withBias = compile(function(
      "%x: " + type(xs) + ", %w: " + type(ws) + ", %b: " + type(bs),
      "umc.linear %x, %w, %b : (" + type(xs) + ", " + type(ws) + ", " +
          type(bs) + ") -> " + type(out),
      type(out)));
  auto outputs = run(withBias, {toTensor(x), toTensor(w), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::linear(x, w, &b), kAtol, kRtol));

  auto noBias = compile(function(
      "%x: " + type(xs) + ", %w: " + type(ws),
      "umc.linear %x, %w : (" + type(xs) + ", " + type(ws) + ") -> " + type(out),
      type(out)));
  outputs = run(noBias, {toTensor(x), toTensor(w)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::linear(x, w, nullptr), kAtol, kRtol));
}

TEST(Contractions, LinearBf16AccumulatesInF32) {
  // 8 x 12 outputs: the register-blocked path (4 x 4 blocks) on bf16 data.
  std::vector<int64_t> xs{8, 40}, ws{12, 40}, bs{12}, out{8, 12};
  ref::Array x = rounded(random(xs, 40), DType::bf16),
             w = rounded(random(ws, 41), DType::bf16),
             b = rounded(random(bs, 42), DType::bf16);
  auto artifact = compile(function(
      "%x: " + type(xs, "bf16") + ", %w: " + type(ws, "bf16") + ", %b: " +
          type(bs, "bf16"),
      "umc.linear %x, %w, %b : (" + type(xs, "bf16") + ", " + type(ws, "bf16") +
          ", " + type(bs, "bf16") + ") -> " + type(out, "bf16"),
      type(out, "bf16")));
  auto outputs = run(artifact, {toTensor(x, DType::bf16), toTensor(w, DType::bf16),
                                toTensor(b, DType::bf16)});
  ASSERT_EQ(outputs.size(), 1u);
  // One rounding to bf16 of an f32 sum of 40 products.
  EXPECT_TRUE(allClose(outputs[0], ref::linear(x, w, &b), 1e-5, 1.0 / 256));
}

TEST(Contractions, MatmulBroadcastsBatch) {
  std::vector<int64_t> as{2, 1, 9, 13}, bs{3, 13, 6}, out{2, 3, 9, 6};
  ref::Array a = random(as, 10), b = random(bs, 11);
  auto artifact = compile(function(
      "%a: " + type(as) + ", %b: " + type(bs),
      "umc.matmul %a, %b : (" + type(as) + ", " + type(bs) + ") -> " + type(out),
      type(out)));
  auto outputs = run(artifact, {toTensor(a), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::matmul(a, b), kAtol, kRtol));
}

TEST(Contractions, Embedding) {
  std::vector<int64_t> ids{2, 7}, ts{50, 12}, out{2, 7, 12};
  ref::Array table = random(ts, 12);
  std::vector<int64_t> values{0, 49, 3, 3, 17, 8, 1, 22, 35, 0, 49, 12, 5, 6};
  auto artifact = compile(function(
      "%ids: " + type(ids, "i64") + ", %t: " + type(ts),
      "umc.embedding %ids, %t : (" + type(ids, "i64") + ", " + type(ts) +
          ") -> " + type(out),
      type(out)));
  auto outputs =
      run(artifact, {toTensor(ids, values, DType::i64), toTensor(table)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::embedding(ids, values, table), 0, 0));
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

TEST(Normalization, LayerNormVariants) {
  std::vector<int64_t> xs{3, 11, 77}, vs{77};
  // A large offset checks that the variance is taken around the mean.
  ref::Array x = random(xs, 13, 99.0, 101.0), g = random(vs, 14),
             b = random(vs, 15);
  auto full = compile(function(
      "%x: " + type(xs) + ", %g: " + type(vs) + ", %b: " + type(vs),
      "umc.layer_norm %x scale %g bias %b : (" + type(xs) + ", " + type(vs) +
          ", " + type(vs) + ") -> " + type(xs),
      type(xs)));
  auto outputs = run(full, {toTensor(x), toTensor(g), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(
      allClose(outputs[0], ref::layerNorm(x, &g, &b, 1e-5), 2e-4, 1e-3));

  auto bare = compile(function("%x: " + type(xs),
                               "umc.layer_norm %x eps = 1.0e-3 : (" + type(xs) +
                                   ") -> " + type(xs),
                               type(xs)));
  ref::Array y = random(xs, 16, -2.0, 2.0);
  outputs = run(bare, {toTensor(y)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::layerNorm(y, nullptr, nullptr, 1e-3),
                       kAtol, kRtol));
}

TEST(Normalization, RmsNorm) {
  std::vector<int64_t> xs{4, 9, 50}, vs{50};
  ref::Array x = random(xs, 17, -3.0, 3.0), g = random(vs, 18);
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %g: " + type(vs),
      "umc.rms_norm %x scale %g : (" + type(xs) + ", " + type(vs) + ") -> " +
          type(xs),
      type(xs)));
  auto outputs = run(artifact, {toTensor(x), toTensor(g)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::rmsNorm(x, &g, 1e-6), kAtol, kRtol));
}

namespace {

/// group_norm with scale and bias on `xs` in `groups` groups, run on
/// `threads` threads, against the reference; `split` asks for more than one
/// workgroup.
void checkGroupNorm(std::vector<int64_t> xs, int64_t groups, uint64_t seed,
                    unsigned threads, bool split) {
  std::vector<int64_t> vs{xs[1]};
  ref::Array x = random(xs, seed, -2.0, 3.0), g = random(vs, seed + 1),
             b = random(vs, seed + 2);
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %g: " + type(vs) + ", %b: " + type(vs),
      "umc.group_norm %x scale %g bias %b groups = " + std::to_string(groups) +
          " : (" + type(xs) + ", " + type(vs) + ", " + type(vs) + ") -> " +
          type(xs),
      type(xs)));
  ASSERT_TRUE(artifact);
  if (split)
    EXPECT_GT(workgroupsOf(*artifact, 0), 1);
  auto outputs =
      run(artifact, {toTensor(x), toTensor(g), toTensor(b)}, {}, threads);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::groupNorm(x, &g, &b, groups, 1e-5),
                       kAtol, kRtol));
}

} // namespace

TEST(Normalization, GroupNorm) { checkGroupNorm({2, 12, 5, 7}, 4, 19, 2, false); }

TEST(Normalization, GroupNormLargeOnFourThreads) {
  checkGroupNorm({4, 32, 16, 16}, 8, 38, 4, true);
}

TEST(Normalization, GroupNormChannelTilesHoldWholeGroups) {
  // One image, 24 channels in groups of 3: the workgroups split the
  // channels, on group boundaries only.
  checkGroupNorm({1, 24, 32, 32}, 8, 41, 4, true);
}

//===----------------------------------------------------------------------===//
// Positions and attention
//===----------------------------------------------------------------------===//

TEST(Attention, Rope) {
  std::vector<int64_t> xs{2, 3, 6, 16};
  ref::Array x = random(xs, 22);
  std::vector<int64_t> positions{0, 1, 2, 7, 30, 100};
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %p: tensor<6xi32>",
      "umc.rope %x, %p : (" + type(xs) + ", tensor<6xi32>) -> " + type(xs),
      type(xs)));
  auto outputs =
      run(artifact, {toTensor(x), toTensor({6}, positions, DType::i32)});
  ASSERT_EQ(outputs.size(), 1u);
  // Angles up to 100 rad in f32: allow the argument's rounding.
  EXPECT_TRUE(allClose(outputs[0], ref::rope(x, positions, 10000.0), 2e-5,
                       kRtol));
}

namespace {

struct AttentionCase {
  std::string name;
  std::vector<int64_t> q, k, v;
  std::string mask;
  ref::Mask refMask;
  std::optional<double> scale;
  bool qkNorm;
};

AttentionCase attentionCase(std::string name, std::vector<int64_t> q,
                            std::vector<int64_t> k, std::vector<int64_t> v,
                            std::string mask, ref::Mask refMask,
                            std::optional<double> scale = std::nullopt,
                            bool qkNorm = false) {
  return AttentionCase{std::move(name), std::move(q),       std::move(k),
                       std::move(v),    std::move(mask),    std::move(refMask),
                       scale,           qkNorm};
}

ref::Mask refMask(ref::MaskKind kind, int64_t window = 0,
                  std::vector<int64_t> spans = {}, int64_t block = 0,
                  std::vector<int64_t> layout = {}) {
  ref::Mask m;
  m.kind = kind;
  m.window = window;
  m.spans = std::move(spans);
  m.block = block;
  m.layout = std::move(layout);
  return m;
}

void checkAttention(const AttentionCase &c) {
  SCOPED_TRACE(c.name);
  std::vector<int64_t> out{c.q[0], c.q[1], c.q[2], c.v[3]};
  std::vector<int64_t> d{c.q[3]};
  std::string args = "%q: " + type(c.q) + ", %k: " + type(c.k) +
                     ", %v: " + type(c.v);
  std::string types = type(c.q) + ", " + type(c.k) + ", " + type(c.v);
  std::string body = "umc.attention %q, %k, %v mask " + c.mask;
  if (c.scale)
    body += " scale = " + std::to_string(*c.scale);
  if (c.qkNorm) {
    args += ", %gq: " + type(d) + ", %gk: " + type(d);
    types += ", " + type(d) + ", " + type(d);
    body += " qk_norm(%gq, %gk)";
  }
  body += " : (" + types + ") -> " + type(out);
  auto artifact = compile(function(args, body, type(out)));
  ref::Array q = random(c.q, 23, -2, 2), k = random(c.k, 24, -2, 2),
             v = random(c.v, 25), gq = random(d, 26), gk = random(d, 27);
  std::vector<rt::Tensor> inputs{toTensor(q), toTensor(k), toTensor(v)};
  if (c.qkNorm) {
    inputs.push_back(toTensor(gq));
    inputs.push_back(toTensor(gk));
  }
  auto outputs = run(artifact, inputs);
  ASSERT_EQ(outputs.size(), 1u);
  ref::Array expected =
      ref::attention(q, k, v, c.refMask, c.scale, c.qkNorm ? &gq : nullptr,
                     c.qkNorm ? &gk : nullptr, 1e-6);
  EXPECT_TRUE(allClose(outputs[0], expected, kAtol, kRtol));
}

} // namespace

TEST(Attention, EveryMaskKind) {
  using K = ref::MaskKind;
  std::vector<int64_t> s{2, 3, 11, 8};
  checkAttention(attentionCase("causal", s, s, s, "<causal>", refMask(K::causal)));
  checkAttention(attentionCase("full", s, s, {2, 3, 11, 5}, "<full>",
                               refMask(K::full)));
  checkAttention(attentionCase("omni", s, s, s, "<omni, spans = [2, 6, 8, 11]>",
                               refMask(K::omni, 0, {2, 6, 8, 11})));
  checkAttention(attentionCase("sliding window", s, s, s,
                               "<sliding_window, window = 3>",
                               refMask(K::sliding_window, 3)));
  checkAttention(attentionCase(
      "block sparse", s, s, s,
      "<block_sparse, block = 4, layout = [1, 0, 0, 1, 1, 0, 0, 1, 1]>",
      refMask(K::block_sparse, 0, {}, 4, {1, 0, 0, 1, 1, 0, 0, 1, 1})));
}

TEST(Attention, GroupedQueryDecodingScaleAndQkNorm) {
  using K = ref::MaskKind;
  checkAttention(attentionCase("grouped-query", {1, 4, 7, 8}, {1, 2, 7, 8},
                               {1, 2, 7, 6}, "<causal>", refMask(K::causal)));
  checkAttention(attentionCase("decode: 3 queries after 6 cached keys",
                               {2, 2, 3, 8}, {2, 2, 9, 8}, {2, 2, 9, 8},
                               "<causal>", refMask(K::causal)));
  checkAttention(attentionCase("explicit scale", {1, 2, 5, 8}, {1, 2, 5, 8},
                               {1, 2, 5, 8}, "<full>", refMask(K::full), 0.3));
  checkAttention(attentionCase("qk-norm", {1, 2, 5, 8}, {1, 2, 5, 8},
                               {1, 2, 5, 8}, "<causal>", refMask(K::causal),
                               std::nullopt, true));
  // Large enough for several workgroups, whose head tiles (4 of 12 query
  // heads) do not line up with the 3 query heads of each kv head: the
  // normalized keys must still be the right ones in every tile.
  checkAttention(attentionCase("tiled grouped-query", {2, 12, 64, 16},
                               {2, 4, 64, 16}, {2, 4, 64, 16}, "<causal>",
                               refMask(K::causal)));
  checkAttention(attentionCase("tiled grouped-query qk-norm", {2, 12, 64, 16},
                               {2, 4, 64, 16}, {2, 4, 64, 16}, "<causal>",
                               refMask(K::causal), std::nullopt, true));
}

TEST(Attention, RopeWithPositionsPerSample) {
  std::vector<int64_t> xs{3, 2, 5, 8};
  ref::Array x = random(xs, 40);
  std::vector<std::vector<int64_t>> positions{
      {0, 1, 2, 3, 4}, {7, 8, 9, 10, 11}, {0, 0, 1, 2, 40}};
  std::vector<int64_t> flat;
  for (const auto &row : positions)
    flat.insert(flat.end(), row.begin(), row.end());
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %p: tensor<3x5xi64>",
      "umc.rope %x, %p : (" + type(xs) + ", tensor<3x5xi64>) -> " + type(xs),
      type(xs)));
  auto outputs =
      run(artifact, {toTensor(x), toTensor({3, 5}, flat, DType::i64)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::rope(x, positions, 10000.0), 2e-5,
                       kRtol));
}

TEST(Attention, BiasAndKeyPadding) {
  // A bias broadcast over the batch, and key padding: sample 0 is left-padded
  // by two keys, sample 1 hides one key in the middle.
  std::vector<int64_t> qs{2, 3, 7, 8}, bs{1, 3, 7, 7}, ps{2, 7};
  ref::Array q = random(qs, 41, -2, 2), k = random(qs, 42, -2, 2),
             v = random(qs, 43), bias = random(bs, 44, -3, 3);
  std::vector<int64_t> padding{0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1};
  rt::Tensor paddingTensor = toTensor(ps, padding, DType::i32);
  std::string types = type(qs) + ", " + type(qs) + ", " + type(qs) + ", " +
                      type(bs) + ", " + type(ps, "i32");
  for (std::string mask : {"causal", "full"}) {
    SCOPED_TRACE(mask);
    auto artifact = compile(function(
        "%q: " + type(qs) + ", %k: " + type(qs) + ", %v: " + type(qs) +
            ", %b: " + type(bs) + ", %p: " + type(ps, "i32"),
        "umc.attention %q, %k, %v mask <" + mask +
            "> bias %b key_padding %p : (" + types + ") -> " + type(qs),
        type(qs)));
    auto outputs = run(artifact, {toTensor(q), toTensor(k), toTensor(v),
                                  toTensor(bias), paddingTensor});
    ASSERT_EQ(outputs.size(), 1u);
    ref::AttentionExtras extras;
    ref::Array paddingArray = toArray(paddingTensor);
    extras.bias = &bias;
    extras.keyPadding = &paddingArray;
    ref::Mask m;
    m.kind = mask == "causal" ? ref::MaskKind::causal : ref::MaskKind::full;
    ref::Array expected = ref::attention(q, k, v, m, std::nullopt, nullptr,
                                         nullptr, 1e-6, extras);
    // Causal rows 0 and 1 of sample 0 see only padded keys: zero rows.
    EXPECT_TRUE(allClose(outputs[0], expected, kAtol, kRtol));
  }
}

TEST(Attention, QueryOffsetIntoAFixedCapacityCache) {
  // A 13-entry cache of which 5 + 3 entries are filled: 3 new queries at
  // positions 5, 6, 7. The unfilled keys hold garbage that must not leak.
  std::vector<int64_t> qs{1, 4, 3, 8}, ks{1, 2, 13, 8};
  ref::Array q = random(qs, 45, -2, 2), k = random(ks, 46, -2, 2),
             v = random(ks, 47, -50, 50);
  std::string types =
      type(qs) + ", " + type(ks) + ", " + type(ks) + ", tensor<i32>";
  for (auto [mask, kind] :
       {std::pair{std::string("<causal>"), ref::MaskKind::causal},
        std::pair{std::string("<full>"), ref::MaskKind::full},
        std::pair{std::string("<sliding_window, window = 3>"),
                  ref::MaskKind::sliding_window}}) {
    SCOPED_TRACE(mask);
    auto artifact = compile(function(
        "%q: " + type(qs) + ", %k: " + type(ks) + ", %v: " + type(ks) +
            ", %p: tensor<i32>",
        "umc.attention %q, %k, %v mask " + mask + " query_offset %p : (" +
            types + ") -> " + type(qs),
        type(qs)));
    for (int64_t offset : {0, 5, 10}) {
      SCOPED_TRACE(offset);
      auto outputs = run(artifact, {toTensor(q), toTensor(k), toTensor(v),
                                    toTensor({}, {offset}, DType::i32)});
      ASSERT_EQ(outputs.size(), 1u);
      ref::Mask m;
      m.kind = kind;
      m.window = 3;
      ref::AttentionExtras extras;
      extras.queryOffset = offset;
      ref::Array expected = ref::attention(q, k, v, m, std::nullopt, nullptr,
                                           nullptr, 1e-6, extras);
      EXPECT_TRUE(allClose(outputs[0], expected, 1e-4, kRtol));
    }
  }
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

TEST(Shapes, Transpose) {
  std::vector<int64_t> xs{3, 5, 7}, out{7, 3, 5};
  ref::Array x = random(xs, 28);
  auto artifact = compile(function(
      "%x: " + type(xs),
      "umc.transpose %x [2, 0, 1] : " + type(xs) + " -> " + type(out),
      type(out)));
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::transpose(x, {2, 0, 1}), 0, 0));
}

TEST(Shapes, ReshapeIsAViewAndReturnedInputsAreCopied) {
  // The reshape feeds a kernel as a view; the second result is an input
  // reshaped, which the host program copies into the output.
  auto artifact = compile(
      "func.func @f(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<24xf32>) {\n"
      "  %a = umc.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>\n"
      "  %b = umc.exp %a : tensor<6x4xf32>\n"
      "  %c = umc.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>\n"
      "  return %b, %c : tensor<6x4xf32>, tensor<24xf32>\n}\n");
  ref::Array x = random({2, 3, 4}, 29);
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_TRUE(allClose(outputs[0], ref::exp(ref::reshape(x, {6, 4})), kAtol,
                       kRtol));
  EXPECT_TRUE(allClose(outputs[1], ref::reshape(x, {24}), 0, 0));
}

TEST(Shapes, ConcatAndSlice) {
  std::vector<int64_t> as{2, 3, 4}, bs{2, 5, 4}, out{2, 8, 4};
  ref::Array a = random(as, 30), b = random(bs, 31);
  auto concat = compile(function(
      "%a: " + type(as) + ", %b: " + type(bs),
      "umc.concat %a, %b axis = -2 : (" + type(as) + ", " + type(bs) + ") -> " +
          type(out),
      type(out)));
  auto outputs = run(concat, {toTensor(a), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::concat({a, b}, -2), 0, 0));

  std::vector<int64_t> xs{5, 17}, sliced{2, 6};
  ref::Array x = random(xs, 32);
  auto slice = compile(function(
      "%x: " + type(xs),
      "umc.slice %x offsets = [1, 3] sizes = [2, 6] strides = [2, 2] : " +
          type(xs) + " -> " + type(sliced),
      type(sliced)));
  outputs = run(slice, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(
      allClose(outputs[0], ref::slice(x, {1, 3}, {2, 6}, {2, 2}), 0, 0));

  // A leading chunk, x[:, :7]: offset 0 and stride 1 with a smaller size.
  std::vector<int64_t> chunk{5, 7};
  auto leading = compile(function(
      "%x: " + type(xs),
      "umc.slice %x offsets = [0, 0] sizes = [5, 7] : " + type(xs) + " -> " +
          type(chunk),
      type(chunk)));
  outputs = run(leading, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::slice(x, {0, 0}, {5, 7}, {}), 0, 0));
}

//===----------------------------------------------------------------------===//
// Images
//===----------------------------------------------------------------------===//

TEST(Images, Conv2dPaddedStridedGroupedDilated) {
  std::vector<int64_t> xs{2, 4, 11, 9}, ws{6, 2, 3, 3}, bs{6};
  ref::Array x = random(xs, 33), w = random(ws, 34), b = random(bs, 35);
  // Output: (11 + 2 - 2*2 - 1) / 2 + 1 = 5, (9 + 2 - 4 - 1) / 2 + 1 = 4.
  std::vector<int64_t> out{2, 6, 5, 4};
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %w: " + type(ws) + ", %b: " + type(bs),
      "umc.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1] dilation = "
      "[2, 2] groups = 2 : (" +
          type(xs) + ", " + type(ws) + ", " + type(bs) + ") -> " + type(out),
      type(out)));
  auto outputs = run(artifact, {toTensor(x), toTensor(w), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0],
                       ref::conv2d(x, w, &b, {2, 2}, {1, 1}, {2, 2}, 2), kAtol,
                       kRtol));
}

TEST(Images, GroupedConv2dChannelTilesHoldWholeGroups) {
  // 12 output channels in 2 groups of 6: channel tiles must not cut a group.
  std::vector<int64_t> xs{2, 8, 32, 32}, ws{12, 4, 3, 3}, out{2, 12, 30, 30};
  ref::Array x = random(xs, 44), w = random(ws, 45, -0.3, 0.3);
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %w: " + type(ws),
      "umc.conv2d %x, %w groups = 2 : (" + type(xs) + ", " + type(ws) +
          ") -> " + type(out),
      type(out)));
  ASSERT_TRUE(artifact);
  EXPECT_GT(workgroupsOf(*artifact, 0), 1);
  auto outputs = run(artifact, {toTensor(x), toTensor(w)}, {}, /*threads=*/4);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0],
                       ref::conv2d(x, w, nullptr, {1, 1}, {0, 0}, {1, 1}, 2),
                       kAtol, kRtol));
}

namespace {

/// patchify of `xs` into patches of `p`, run on `threads` threads, against
/// the reference (a copy: exact); `split` asks for more than one workgroup.
void checkPatchify(std::vector<int64_t> xs, int64_t p, uint64_t seed,
                   unsigned threads, bool split) {
  std::vector<int64_t> out{xs[0], (xs[2] / p) * (xs[3] / p), xs[1] * p * p};
  ref::Array x = random(xs, seed);
  auto artifact = compile(function(
      "%x: " + type(xs),
      "umc.patchify %x patch_size = " + std::to_string(p) + " : (" +
          type(xs) + ") -> " + type(out),
      type(out)));
  ASSERT_TRUE(artifact);
  if (split)
    EXPECT_GT(workgroupsOf(*artifact, 0), 1);
  auto outputs = run(artifact, {toTensor(x)}, {}, threads);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::patchify(x, p), 0, 0));
}

} // namespace

TEST(Images, Patchify) { checkPatchify({2, 3, 8, 12}, 4, 36, 2, false); }

TEST(Images, PatchifyLargeOnFourThreads) {
  // Large enough to be worth several workgroups: every range of the grid a
  // thread runs must leave the others' results alone.
  checkPatchify({4, 3, 64, 64}, 4, 37, 4, true);
}

//===----------------------------------------------------------------------===//
// The runtime's checks on what callers hand it
//===----------------------------------------------------------------------===//

TEST(Runtime, CallRefusesMisSizedTensorsAndAliasedOutputs) {
  auto artifact = compile(function("%x: tensor<4xf32>",
                                   "umc.exp %x : tensor<4xf32>",
                                   "tensor<4xf32>"));
  ASSERT_TRUE(artifact);
  auto program = rt::Program::create(artifact, cpuDevice(1));
  ASSERT_TRUE(program.isOk());
  const auto &fn = **artifact->defaultFunction();

  // The right type, but no bytes behind it (a Tensor built by hand).
  rt::Tensor hollow;
  hollow.dtype = DType::f32;
  hollow.shape = {4};
  auto result = (*program)->call(fn, {hollow});
  ASSERT_FALSE(result.isOk());
  EXPECT_NE(result.status().message().find("holds 0 bytes"), std::string::npos)
      << result.status().message();

  std::vector<rt::Tensor> state{toTensor(random({4}, 1))};
  rt::Status aliased = (*program)->callInto(fn, state, state);
  ASSERT_FALSE(aliased.isOk());
  EXPECT_NE(aliased.message().find("must not be the inputs"), std::string::npos);

  // A mis-sized tensor offered as an output is replaced, not written past.
  std::vector<rt::Tensor> outputs{hollow};
  ASSERT_TRUE((*program)->callInto(fn, state, outputs).isOk());
  EXPECT_TRUE(allClose(outputs[0], ref::exp(toArray(state[0])), kAtol, kRtol));
}
