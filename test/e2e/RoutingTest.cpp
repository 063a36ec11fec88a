//===- RoutingTest.cpp - routing, codebooks and unmasking, compiled and run ===//
//
// router (softmax and Gumbel, top-k, capacity drops, renormalization), moe
// (both MLP kinds), task_router (both pools), vq_quantize / vq_lookup and
// unmask against Reference.cpp, on shapes no tile divides (37 tokens, 5
// experts). The random ops also run on 1 and 2 threads and must agree.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include <algorithm>

using namespace umc;
using namespace umc::e2e;
using rt::DType;

namespace {

/// An integer tensor's values as a reference array of `shape`.
ref::Array integers(const std::vector<int64_t> &shape,
                    const std::vector<int64_t> &values) {
  ref::Array a = ref::Array::zeros(shape);
  for (size_t i = 0; i < values.size(); ++i)
    a.data[i] = static_cast<double>(values[i]);
  return a;
}

/// A function of `%l : [T, E]` (and `%s`, `%c` with `gumbel`) returning the
/// four results of one umc.router with `attrs` after `top_k = K`.
std::string routerFunction(int64_t tokens, int64_t experts, int64_t k,
                           const std::string &attrs, bool gumbel) {
  std::string results = type({tokens, k}, "i32") + ", " + type({tokens, k}) +
                        ", tensor<i32>, tensor<f32>";
  std::string operands = type({tokens, experts});
  std::string args = "%l: " + operands;
  std::string random;
  if (gumbel) {
    args += ", %s: tensor<i64>, %c: tensor<i64>";
    operands += ", tensor<i64>, tensor<i64>";
    random = " seed %s counter %c";
  }
  return "func.func @f(" + args + ") -> (" + results + ") {\n"
         "  %ids, %gates, %dropped, %balance = umc.router %l" + random +
         " top_k = " + std::to_string(k) + " " + attrs + " : (" + operands +
         ") -> (" + results + ")\n"
         "  return %ids, %gates, %dropped, %balance : " + results + "\n}\n";
}

/// Checks the four router outputs against the reference's.
void expectRouter(const std::vector<rt::Tensor> &outputs,
                  const ref::RouterResult &expected, int64_t tokens,
                  int64_t k) {
  ASSERT_EQ(outputs.size(), 4u);
  EXPECT_TRUE(allClose(outputs[0], integers({tokens, k}, expected.ids), 0, 0));
  EXPECT_TRUE(allClose(outputs[1], expected.gates, 1e-6, 1e-5));
  EXPECT_EQ(toArray(outputs[2]).data[0], static_cast<double>(expected.dropped));
  EXPECT_NEAR(toArray(outputs[3]).data[0], expected.balance, 1e-5);
}

/// Logits [T, E] where expert 1 is popular, so that capacity matters.
ref::Array skewedLogits(int64_t tokens, int64_t experts, uint64_t seed) {
  ref::Array logits = random({tokens, experts}, seed, -2.0, 2.0);
  for (int64_t t = 0; t < tokens; ++t)
    logits.data[t * experts + 1] += 1.5;
  return logits;
}

} // namespace

TEST(Routing, RouterTopKAndCapacityDrops) {
  const int64_t tokens = 37, experts = 5;
  ref::Array logits = skewedLogits(tokens, experts, 301);
  struct Case {
    int64_t k;
    std::string attrs;
    ref::RouterSettings settings;
  };
  ref::RouterSettings dropping{2, 9, 1.0, false};
  ref::RouterSettings unlimited{3, std::nullopt, 1.0, true};
  ref::RouterSettings sharp{2, 20, 0.5, true};
  for (const Case &c :
       {Case{2, "capacity = 9", dropping},
        Case{3, "renormalize", unlimited},
        Case{2, "capacity = 20 temperature = 5.0e-01 renormalize", sharp}}) {
    SCOPED_TRACE(c.attrs);
    ref::RouterResult expected = ref::router(logits, c.settings);
    if (c.settings.capacity == 9)
      ASSERT_GT(expected.dropped, 0) << "the case must drop assignments";
    auto artifact =
        compile(routerFunction(tokens, experts, c.k, c.attrs, false));
    expectRouter(run(artifact, {toTensor(logits)}), expected, tokens, c.k);
  }
}

TEST(Routing, GumbelRouterIsSeededAndThreadIndependent) {
  const int64_t tokens = 37, experts = 5, k = 2;
  ref::Array logits = skewedLogits(tokens, experts, 302);
  auto artifact = compile(routerFunction(
      tokens, experts, k, "capacity = 12 temperature = 7.5e-01", true));
  std::vector<int64_t> firstIds;
  for (uint64_t counter : {0, 1, 17}) {
    SCOPED_TRACE(counter);
    ref::RouterSettings settings{k, 12, 0.75, false, true, 4242, counter};
    std::vector<rt::Tensor> inputs{toTensor(logits),
                                   scalarInt(4242, DType::i64),
                                   scalarInt(counter, DType::i64)};
    auto two = run(artifact, inputs, {}, 2);
    expectRouter(two, ref::router(logits, settings), tokens, k);
    auto one = run(artifact, inputs, {}, 1);
    for (size_t i = 0; i < 4; ++i)
      EXPECT_TRUE(allClose(one[i], toArray(two[i]), 0, 0)) << "result " << i;
    std::vector<int64_t> ids;
    for (double v : toArray(two[0]).data)
      ids.push_back(static_cast<int64_t>(v));
    if (counter == 0)
      firstIds = ids;
    else
      EXPECT_NE(ids, firstIds) << "the noise must change with the counter";
  }
}

TEST(Routing, MoeMatchesTheReferenceForBothMlps) {
  const int64_t tokens = 37, dim = 12, hidden = 20, experts = 5, k = 2;
  ref::Array x = random({tokens, dim}, 303);
  // The router's choices, with drops (-1) among them.
  ref::RouterResult routed =
      ref::router(skewedLogits(tokens, experts, 304), {k, 12, 1.0, true});
  ASSERT_GT(routed.dropped, 0);
  ref::Array w1 = random({experts, hidden, dim}, 305, -0.3, 0.3);
  ref::Array w2 = random({experts, dim, hidden}, 306, -0.3, 0.3);
  ref::Array w3 = random({experts, hidden, dim}, 307, -0.3, 0.3);
  ref::Array gates = rounded(routed.gates, DType::f32);
  for (bool swiglu : {false, true}) {
    SCOPED_TRACE(swiglu ? "swiglu" : "gelu");
    std::string types = type({tokens, dim}) + ", " + type({tokens, k}, "i32") +
                        ", " + type({tokens, k}) + ", " +
                        type({experts, hidden, dim}) + ", " +
                        type({experts, dim, hidden});
    std::string args = "%x: " + type({tokens, dim}) + ", %i: " +
                       type({tokens, k}, "i32") + ", %g: " +
                       type({tokens, k}) + ", %w1: " +
                       type({experts, hidden, dim}) + ", %w2: " +
                       type({experts, dim, hidden});
    std::string weights = "%w1, %w2";
    std::vector<rt::Tensor> inputs{toTensor(x),
                                   toTensor({tokens, k}, routed.ids, DType::i32),
                                   toTensor(gates), toTensor(w1), toTensor(w2)};
    if (swiglu) {
      types += ", " + type({experts, hidden, dim});
      args += ", %w3: " + type({experts, hidden, dim});
      weights += ", %w3";
      inputs.push_back(toTensor(w3));
    }
    auto artifact = compile(function(
        args,
        "umc.moe %x, %i, %g experts(" + weights + ") mlp = " +
            (swiglu ? "swiglu" : "gelu") + " : (" + types + ") -> " +
            type({tokens, dim}),
        type({tokens, dim})));
    auto outputs = run(artifact, inputs);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0],
                         ref::moe(x, routed.ids, gates, w1, w2,
                                  swiglu ? &w3 : nullptr),
                         1e-5, 1e-4));
  }
}

TEST(Routing, TaskRouterPoolsAndPicksATask) {
  const int64_t batch = 3, seq = 7, dim = 13, hidden = 19, tasks = 4;
  ref::Array x = random({batch, seq, dim}, 308);
  ref::Array w1 = random({hidden, dim}, 309), b1 = random({hidden}, 310);
  ref::Array w2 = random({tasks, hidden}, 311), b2 = random({tasks}, 312);
  std::string types = type({batch, seq, dim}) + ", " + type({hidden, dim}) +
                      ", " + type({hidden}) + ", " + type({tasks, hidden}) +
                      ", " + type({tasks});
  std::string results = type({batch, tasks}) + ", " + type({batch}, "i32");
  for (bool mean : {true, false}) {
    SCOPED_TRACE(mean ? "mean" : "first");
    auto artifact = compile(
        "func.func @f(%x: " + type({batch, seq, dim}) + ", %w1: " +
        type({hidden, dim}) + ", %b1: " + type({hidden}) + ", %w2: " +
        type({tasks, hidden}) + ", %b2: " + type({tasks}) + ") -> (" +
        results + ") {\n  %l, %t = umc.task_router %x pool = " +
        (mean ? "mean" : "first") + " mlp(%w1, %b1, %w2, %b2) : (" + types +
        ") -> (" + results + ")\n  return %l, %t : " + results + "\n}\n");
    auto outputs = run(artifact, {toTensor(x), toTensor(w1), toTensor(b1),
                                  toTensor(w2), toTensor(b2)});
    ASSERT_EQ(outputs.size(), 2u);
    ref::TaskRouterResult expected = ref::taskRouter(x, mean, w1, b1, w2, b2);
    EXPECT_TRUE(allClose(outputs[0], expected.logits, 1e-5, 1e-4));
    EXPECT_TRUE(allClose(outputs[1], integers({batch}, expected.task), 0, 0));
  }
}

TEST(Routing, VqQuantizeFindsTheNearestCodeAndLookupReturnsIt) {
  const int64_t codes = 11, dim = 6;
  std::vector<int64_t> zShape{2, 37, dim}, idsShape{2, 37};
  ref::Array z = random(zShape, 313);
  ref::Array codebook = random({codes, dim}, 314);
  // Code 7 repeats code 3, and z's first vector is that code: the tie goes
  // to the first index.
  for (int64_t d = 0; d < dim; ++d) {
    codebook.data[7 * dim + d] = codebook.data[3 * dim + d];
    z.data[d] = codebook.data[3 * dim + d];
  }
  std::string idsType = type(idsShape, "i32");
  std::string results = idsType + ", " + type(zShape);
  auto artifact = compile(
      "func.func @f(%z: " + type(zShape) + ", %c: " + type({codes, dim}) +
      ") -> (" + results + ") {\n"
      "  %ids = umc.vq_quantize %z, %c : (" + type(zShape) + ", " +
      type({codes, dim}) + ") -> " + idsType + "\n"
      "  %zq = umc.vq_lookup %ids, %c : (" + idsType + ", " +
      type({codes, dim}) + ") -> " + type(zShape) + "\n"
      "  return %ids, %zq : " + results + "\n}\n");
  auto outputs = run(artifact, {toTensor(z), toTensor(codebook)});
  ASSERT_EQ(outputs.size(), 2u);
  std::vector<int64_t> expected = ref::vqQuantize(z, codebook);
  ASSERT_EQ(expected[0], 3);
  EXPECT_TRUE(allClose(outputs[0], integers(idsShape, expected), 0, 0));
  EXPECT_TRUE(allClose(outputs[1],
                       ref::embedding(idsShape, expected, codebook), 0, 0));
}

TEST(Routing, UnmaskRevealsTheMostConfidentDraws) {
  const int64_t batch = 3, length = 37, vocab = 11, maskId = 4;
  ref::Array logits = random({batch, length, vocab}, 315, -3.0, 3.0);
  // Row 0 half masked, row 1 all masked, row 2 without a mask.
  std::vector<int64_t> tokens(batch * length);
  for (int64_t n = 0; n < length; ++n) {
    tokens[n] = n % 2 ? maskId : (n * 5) % vocab == maskId ? 0 : (n * 5) % vocab;
    tokens[length + n] = maskId;
    tokens[2 * length + n] = (n * 3) % vocab == maskId ? 1 : (n * 3) % vocab;
  }
  std::string types = type({batch, length}, "i32") + ", " +
                      type({batch, length, vocab}) +
                      ", tensor<i64>, tensor<i64>, tensor<i32>, tensor<f32>";
  auto artifact = compile(function(
      "%t: " + type({batch, length}, "i32") + ", %l: " +
          type({batch, length, vocab}) +
          ", %s: tensor<i64>, %c: tensor<i64>, %m: tensor<i32>, %temp: "
          "tensor<f32>",
      "umc.unmask %t, %l mask_id = 4 seed %s counter %c masked_after %m "
      "temperature %temp : (" + types + ") -> " +
          type({batch, length}, "i32"),
      type({batch, length}, "i32")));
  struct Setting {
    double temperature;
    int64_t maskedAfter;
  };
  for (Setting s : {Setting{0.8, 5}, Setting{0.0, 10}, Setting{1.5, 0},
                    Setting{1.0, 100}, Setting{1.0, -3}}) {
    SCOPED_TRACE("temperature " + std::to_string(s.temperature) +
                 " masked_after " + std::to_string(s.maskedAfter));
    for (int64_t counter : {0, 3}) {
      std::vector<rt::Tensor> inputs{
          toTensor({batch, length}, tokens, DType::i32), toTensor(logits),
          scalarInt(77, DType::i64), scalarInt(counter, DType::i64),
          scalarInt(s.maskedAfter, DType::i32), scalarF32(s.temperature)};
      auto outputs = run(artifact, inputs);
      ASSERT_EQ(outputs.size(), 1u);
      std::vector<int64_t> expected =
          ref::unmask(tokens, logits, maskId, 77, counter, s.maskedAfter,
                      s.temperature);
      EXPECT_TRUE(allClose(outputs[0], integers({batch, length}, expected),
                           0, 0))
          << "counter " << counter;
      // Independently of the reference: each row keeps exactly
      // min(max(m, 0), M) masks, and unmasked positions are unchanged.
      ref::Array got = toArray(outputs[0]);
      for (int64_t b = 0; b < batch; ++b) {
        int64_t before = 0, after = 0;
        for (int64_t n = 0; n < length; ++n) {
          int64_t i = b * length + n;
          before += tokens[i] == maskId;
          after += got.data[i] == maskId;
          if (tokens[i] != maskId)
            EXPECT_EQ(got.data[i], tokens[i]) << "row " << b << " position " << n;
        }
        EXPECT_EQ(after, std::min(std::max<int64_t>(s.maskedAfter, 0), before))
            << "row " << b;
      }
    }
  }
  // One thread draws and ranks what two threads did.
  std::vector<rt::Tensor> inputs{
      toTensor({batch, length}, tokens, DType::i32), toTensor(logits),
      scalarInt(5, DType::i64), scalarInt(9, DType::i64),
      scalarInt(7, DType::i32), scalarF32(1.0)};
  EXPECT_TRUE(allClose(run(artifact, inputs, {}, 1)[0],
                       toArray(run(artifact, inputs, {}, 2)[0]), 0, 0));
}
