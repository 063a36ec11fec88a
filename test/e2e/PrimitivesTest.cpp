//===- PrimitivesTest.cpp - math, casts, selection, reductions, indices ---===//
//
// The primitives model authors reach for around the big ops (issue 9's
// list): compiled and run against Reference.cpp on shapes no tile divides.
// Several ops share one compiled function where they can, to keep the suite
// fast.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include <cmath>
#include <limits>

using namespace umc;
using namespace umc::e2e;
using rt::DType;

namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-4;

/// Compiles a function of one f32 input `%x : shape` returning one result
/// per `ops` entry ("umc.sin %x : T" style bodies, T the input type).
std::shared_ptr<const rt::Artifact>
compileUnaries(const std::vector<int64_t> &shape,
               const std::vector<std::string> &ops) {
  std::string t = type(shape), results, values, body;
  for (size_t i = 0; i < ops.size(); ++i) {
    body += "  %r" + std::to_string(i) + " = " + ops[i] + " %x : " + t + "\n";
    results += (i ? ", " : "") + t;
    values += (i ? ", %r" : "%r") + std::to_string(i);
  }
  return compile("func.func @f(%x: " + t + ") -> (" + results + ") {\n" +
                 body + "  return " + values + " : " + results + "\n}\n");
}

} // namespace

TEST(Math, UnaryOpsMatchTheReference) {
  std::vector<int64_t> shape{3, 67};
  ref::Array x = random(shape, 101, -4.0, 4.0);
  auto artifact = compileUnaries(
      shape, {"umc.sin", "umc.cos", "umc.sigmoid", "umc.neg", "umc.tanh"});
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 5u);
  EXPECT_TRUE(allClose(outputs[0], ref::sin(x), kAtol, kRtol));
  EXPECT_TRUE(allClose(outputs[1], ref::cos(x), kAtol, kRtol));
  EXPECT_TRUE(allClose(outputs[2], ref::sigmoid(x), kAtol, kRtol));
  EXPECT_TRUE(allClose(outputs[3], ref::neg(x), 0, 0));
  EXPECT_TRUE(allClose(outputs[4], ref::tanh(x), kAtol, kRtol));
}

TEST(Math, PositiveDomainOps) {
  std::vector<int64_t> shape{5, 33};
  ref::Array x = random(shape, 102, 0.01, 50.0);
  auto artifact =
      compileUnaries(shape, {"umc.log", "umc.sqrt", "umc.rsqrt"});
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_TRUE(allClose(outputs[0], ref::log(x), kAtol, kRtol));
  EXPECT_TRUE(allClose(outputs[1], ref::sqrt(x), kAtol, kRtol));
  EXPECT_TRUE(allClose(outputs[2], ref::rsqrt(x), kAtol, kRtol));
}

TEST(Math, SinAndCosOfLargeArguments) {
  // Sinusoidal timestep embeddings take t * frequency up to about 1000.
  std::vector<int64_t> shape{7, 31};
  ref::Array x = random(shape, 103, -1000.0, 1000.0);
  auto artifact = compileUnaries(shape, {"umc.sin", "umc.cos"});
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_TRUE(allClose(outputs[0], ref::sin(x), 1e-4, 0));
  EXPECT_TRUE(allClose(outputs[1], ref::cos(x), 1e-4, 0));
}

TEST(Math, MaximumAndMinimumBroadcast) {
  std::vector<int64_t> as{3, 1, 37}, bs{5, 1}, out{3, 5, 37};
  ref::Array a = random(as, 104), b = random(bs, 105);
  std::string sig = "(" + type(as) + ", " + type(bs) + ") -> " + type(out);
  auto artifact = compile(
      "func.func @f(%a: " + type(as) + ", %b: " + type(bs) + ") -> (" +
      type(out) + ", " + type(out) + ") {\n"
      "  %0 = umc.maximum %a, %b : " + sig + "\n"
      "  %1 = umc.minimum %a, %b : " + sig + "\n"
      "  return %0, %1 : " + type(out) + ", " + type(out) + "\n}\n");
  auto outputs = run(artifact, {toTensor(a), toTensor(b)});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_TRUE(allClose(outputs[0], ref::maximum(a, b), 0, 0));
  EXPECT_TRUE(allClose(outputs[1], ref::minimum(a, b), 0, 0));
}

TEST(Casts, FloatToOtherTypes) {
  std::vector<int64_t> shape{4, 29};
  ref::Array x = random(shape, 106, -300.0, 300.0);
  // Values the saturating rules are for, and NaN.
  x.data[0] = 3e9;
  x.data[1] = -3e9;
  x.data[2] = std::numeric_limits<double>::quiet_NaN();
  x.data[3] = 127.9;
  x.data[4] = -128.7;
  x.data[5] = 2.5;
  std::string t = type(shape);
  auto artifact = compile(
      "func.func @f(%x: " + t + ") -> (" + type(shape, "bf16") + ", " +
      type(shape, "f16") + ", " + type(shape, "i32") + ", " +
      type(shape, "i8") + ") {\n"
      "  %0 = umc.cast %x : " + t + " -> " + type(shape, "bf16") + "\n"
      "  %1 = umc.cast %x : " + t + " -> " + type(shape, "f16") + "\n"
      "  %2 = umc.cast %x : " + t + " -> " + type(shape, "i32") + "\n"
      "  %3 = umc.cast %x : " + t + " -> " + type(shape, "i8") + "\n"
      "  return %0, %1, %2, %3 : " + type(shape, "bf16") + ", " +
      type(shape, "f16") + ", " + type(shape, "i32") + ", " +
      type(shape, "i8") + "\n}\n");
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 4u);
  // The NaN stays NaN in the float casts; allClose treats NaN as unequal, so
  // those compare without it.
  ref::Array finite = x;
  finite.data[2] = 0;
  auto withoutNan = [](const rt::Tensor &t) {
    ref::Array a = toArray(t);
    EXPECT_TRUE(std::isnan(a.data[2]));
    a.data[2] = 0;
    return toTensor(a, DType::f32);
  };
  EXPECT_TRUE(allClose(withoutNan(outputs[0]),
                       ref::cast(finite, false, ref::CastTo::bf16), 0, 0));
  EXPECT_TRUE(allClose(withoutNan(outputs[1]),
                       ref::cast(finite, false, ref::CastTo::f16), 0, 0));
  EXPECT_TRUE(allClose(outputs[2], ref::cast(x, false, ref::CastTo::i32), 0, 0));
  EXPECT_TRUE(allClose(outputs[3], ref::cast(x, false, ref::CastTo::i8), 0, 0));
}

TEST(Casts, IntegerToOtherTypes) {
  std::vector<int64_t> shape{37};
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 37; ++i)
    values.push_back((i - 18) * 9973);
  values[0] = INT32_MAX;
  values[1] = INT32_MIN;
  rt::Tensor x = toTensor(shape, values, DType::i32);
  std::string t = type(shape, "i32");
  auto artifact = compile(
      "func.func @f(%x: " + t + ") -> (" + type(shape) + ", " +
      type(shape, "i8") + ", " + type(shape, "i64") + ") {\n"
      "  %0 = umc.cast %x : " + t + " -> " + type(shape) + "\n"
      "  %1 = umc.cast %x : " + t + " -> " + type(shape, "i8") + "\n"
      "  %2 = umc.cast %x : " + t + " -> " + type(shape, "i64") + "\n"
      "  return %0, %1, %2 : " + type(shape) + ", " + type(shape, "i8") +
      ", " + type(shape, "i64") + "\n}\n");
  auto outputs = run(artifact, {x});
  ASSERT_EQ(outputs.size(), 3u);
  ref::Array a = toArray(x);
  EXPECT_TRUE(allClose(outputs[0], ref::cast(a, true, ref::CastTo::f32), 0, 0));
  EXPECT_TRUE(allClose(outputs[1], ref::cast(a, true, ref::CastTo::i8), 0, 0));
  EXPECT_TRUE(allClose(outputs[2], a, 0, 0));
}

TEST(Selection, WhereBroadcastsAllThree) {
  std::vector<int64_t> cs{3, 1}, as{3, 41}, bs{41}, out{3, 41};
  rt::Tensor condition = toTensor(cs, {1, 0, -7}, DType::i32);
  ref::Array a = random(as, 107), b = random(bs, 108);
  auto artifact = compile(function(
      "%c: " + type(cs, "i32") + ", %a: " + type(as) + ", %b: " + type(bs),
      "umc.where %c, %a, %b : (" + type(cs, "i32") + ", " + type(as) + ", " +
          type(bs) + ") -> " + type(out),
      type(out)));
  auto outputs = run(artifact, {condition, toTensor(a), toTensor(b)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::where(toArray(condition), a, b), 0, 0));
}

TEST(Reductions, AlongEachAxis) {
  std::vector<int64_t> shape{3, 17, 35};
  ref::Array x = random(shape, 109, -2.0, 2.0);
  for (int64_t axis : {-1, 1, 0}) {
    SCOPED_TRACE(axis);
    size_t ax = axis < 0 ? shape.size() + axis : axis;
    std::vector<int64_t> reduced = shape, kept = shape;
    reduced.erase(reduced.begin() + ax);
    kept[ax] = 1;
    std::string a = std::to_string(axis), t = type(shape);
    auto artifact = compile(
        "func.func @f(%x: " + t + ") -> (" + type(reduced) + ", " + type(kept) +
        ", " + type(reduced) + ", " + type(reduced, "i32") + ") {\n"
        "  %0 = umc.sum %x axis = " + a + " : " + t + " -> " + type(reduced) + "\n"
        "  %1 = umc.mean %x axis = " + a + " keep_dim : " + t + " -> " + type(kept) + "\n"
        "  %2 = umc.max %x axis = " + a + " : " + t + " -> " + type(reduced) + "\n"
        "  %3 = umc.argmax %x axis = " + a + " : " + t + " -> " + type(reduced, "i32") + "\n"
        "  return %0, %1, %2, %3 : " + type(reduced) + ", " + type(kept) + ", " +
        type(reduced) + ", " + type(reduced, "i32") + "\n}\n");
    auto outputs = run(artifact, {toTensor(x)});
    ASSERT_EQ(outputs.size(), 4u);
    EXPECT_TRUE(allClose(outputs[0], ref::sum(x, axis, false), kAtol, kRtol));
    EXPECT_TRUE(allClose(outputs[1], ref::mean(x, axis, true), kAtol, kRtol));
    EXPECT_TRUE(allClose(outputs[2], ref::max(x, axis, false), 0, 0));
    EXPECT_TRUE(allClose(outputs[3], ref::argmax(x, axis, false), 0, 0));
  }
}

TEST(Reductions, ArgmaxTiesNanAndInfinity) {
  // Rows: a tie (the first index wins), a NaN (it wins), all -inf (index 0),
  // and bf16 input with an i64 result.
  std::vector<int64_t> shape{3, 5};
  ref::Array x = ref::Array::zeros(shape);
  double inf = std::numeric_limits<double>::infinity();
  x.data = {1, 3, 3, 2, 0, 1, 9, NAN, 9, 2, -inf, -inf, -inf, -inf, -inf};
  auto artifact = compile(function(
      "%x: " + type(shape, "bf16"),
      "umc.argmax %x axis = 1 : " + type(shape, "bf16") + " -> " +
          type({3}, "i64"),
      type({3}, "i64")));
  auto outputs = run(artifact, {toTensor(x, DType::bf16)});
  ASSERT_EQ(outputs.size(), 1u);
  ref::Array expected = ref::Array::zeros({3});
  expected.data = {1, 2, 0};
  EXPECT_TRUE(allClose(outputs[0], expected, 0, 0));
  EXPECT_TRUE(allClose(outputs[0], ref::argmax(x, 1, false), 0, 0));
}

TEST(Reductions, IntegerSumAndBf16Mean) {
  std::vector<int64_t> shape{4, 9};
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 36; ++i)
    values.push_back(i * i - 100);
  rt::Tensor ints = toTensor(shape, values, DType::i64);
  auto sum = compile(function("%x: " + type(shape, "i64"),
                              "umc.sum %x axis = 0 : " + type(shape, "i64") +
                                  " -> " + type({9}, "i64"),
                              type({9}, "i64")));
  auto outputs = run(sum, {ints});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::sum(toArray(ints), 0, false), 0, 0));

  ref::Array x = rounded(random({6, 130}, 110, -1.0, 3.0), DType::bf16);
  auto mean = compile(function("%x: " + type({6, 130}, "bf16"),
                               "umc.mean %x axis = -1 : " +
                                   type({6, 130}, "bf16") + " -> " +
                                   type({6}, "bf16"),
                               type({6}, "bf16")));
  outputs = run(mean, {toTensor(x, DType::bf16)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::mean(x, -1, false), 1e-6, 1.0 / 256));
}

TEST(Indices, IotaAlongEachAxisAndType) {
  std::vector<int64_t> shape{3, 11};
  auto artifact = compile(
      "func.func @f() -> (" + type(shape, "i32") + ", " + type(shape) + ") {\n"
      "  %0 = umc.iota axis = 1 : " + type(shape, "i32") + "\n"
      "  %1 = umc.iota axis = 0 : " + type(shape) + "\n"
      "  return %0, %1 : " + type(shape, "i32") + ", " + type(shape) + "\n}\n");
  auto outputs = run(artifact, {});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_TRUE(allClose(outputs[0], ref::iota(shape, 1), 0, 0));
  EXPECT_TRUE(allClose(outputs[1], ref::iota(shape, 0), 0, 0));
}

TEST(Indices, SplitIntoUnevenPiecesAndChunks) {
  std::vector<int64_t> shape{2, 13, 6};
  ref::Array x = random(shape, 111);
  std::string t = type(shape);
  auto artifact = compile(
      "func.func @f(%x: " + t + ") -> (" + type({2, 5, 6}) + ", " +
      type({2, 8, 6}) + ", " + type({2, 13, 3}) + ", " + type({2, 13, 3}) +
      ") {\n"
      "  %a, %b = umc.split %x axis = 1 : " + t + " -> " + type({2, 5, 6}) +
      ", " + type({2, 8, 6}) + "\n"
      "  %c, %d = umc.split %x axis = -1 : " + t + " -> " + type({2, 13, 3}) +
      ", " + type({2, 13, 3}) + "\n"
      "  return %a, %b, %c, %d : " + type({2, 5, 6}) + ", " + type({2, 8, 6}) +
      ", " + type({2, 13, 3}) + ", " + type({2, 13, 3}) + "\n}\n");
  auto outputs = run(artifact, {toTensor(x)});
  ASSERT_EQ(outputs.size(), 4u);
  EXPECT_TRUE(allClose(outputs[0], ref::slice(x, {0, 0, 0}, {2, 5, 6}, {}), 0, 0));
  EXPECT_TRUE(allClose(outputs[1], ref::slice(x, {0, 5, 0}, {2, 8, 6}, {}), 0, 0));
  EXPECT_TRUE(allClose(outputs[2], ref::slice(x, {0, 0, 0}, {2, 13, 3}, {}), 0, 0));
  EXPECT_TRUE(allClose(outputs[3], ref::slice(x, {0, 0, 3}, {2, 13, 3}, {}), 0, 0));
}

TEST(Indices, UpdateSliceAtARunTimeOffset) {
  // A 2-entry update into an 11-entry cache along axis 2, at the first, a
  // middle and the last offset where it fits (an offset past them fails the
  // call: IndexCheckTest).
  std::vector<int64_t> cs{1, 3, 11, 5}, us{1, 3, 2, 5};
  ref::Array cache = random(cs, 112), update = random(us, 113);
  std::string types = type(cs) + ", " + type(us) + ", tensor<i64>";
  auto artifact = compile(function(
      "%c: " + type(cs) + ", %u: " + type(us) + ", %p: tensor<i64>",
      "umc.update_slice %c, %u at %p axis = 2 : (" + types + ") -> " + type(cs),
      type(cs)));
  for (int64_t at : {0, 4, 9}) {
    SCOPED_TRACE(at);
    auto outputs = run(artifact, {toTensor(cache), toTensor(update),
                                  toTensor({}, {at}, DType::i64)});
    ASSERT_EQ(outputs.size(), 1u);
    // The cache with rows at .. at + 1 of axis 2 replaced.
    ref::Array expected = cache;
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t i = 0; i < 2; ++i)
        for (int64_t e = 0; e < 5; ++e)
          expected.data[(h * 11 + at + i) * 5 + e] =
              update.data[(h * 2 + i) * 5 + e];
    EXPECT_TRUE(allClose(outputs[0], expected, 0, 0));
  }
}

TEST(Sampling, MatchesTheReferenceForEachSetting) {
  // 3 rows of 53 logits with a tie; 40 draws per setting at counters 0..39.
  std::vector<int64_t> shape{3, 53};
  ref::Array logits = random(shape, 114, -3.0, 3.0);
  logits.data[5] = logits.data[9] = 2.9375; // exactly representable
  std::string types = type(shape) +
                      ", tensor<i64>, tensor<i64>, tensor<f32>, tensor<i64>, "
                      "tensor<f32>";
  auto artifact = compile(function(
      "%l: " + type(shape) +
          ", %seed: tensor<i64>, %step: tensor<i64>, %t: tensor<f32>, %k: "
          "tensor<i64>, %p: tensor<f32>",
      "umc.sample %l seed %seed counter %step temperature %t top_k %k top_p "
      "%p : (" + types + ") -> " + type({3}, "i32"),
      type({3}, "i32")));
  using Setting = ref::SampleSettings;
  for (Setting setting : {Setting{1.0, 0, 1.0}, Setting{0.7, 5, 1.0},
                          Setting{1.3, 0, 0.8}, Setting{1.0, 10, 0.5},
                          Setting{0.0, 0, 1.0}, Setting{2.0, 1, 1.0},
                          Setting{1.0, 53, 0.999}}) {
    SCOPED_TRACE("temperature " + std::to_string(setting.temperature) +
                 " top_k " + std::to_string(setting.topK) + " top_p " +
                 std::to_string(setting.topP));
    for (int64_t counter = 0; counter < 40; ++counter) {
      auto outputs = run(
          artifact,
          {toTensor(logits), scalarInt(1234, DType::i64),
           scalarInt(counter, DType::i64), scalarF32(setting.temperature),
           scalarInt(setting.topK, DType::i64), scalarF32(setting.topP)});
      ASSERT_EQ(outputs.size(), 1u);
      std::vector<int64_t> expected =
          ref::sample(logits, 1234, counter, setting);
      ref::Array want = ref::Array::zeros({3});
      for (int i = 0; i < 3; ++i)
        want.data[i] = static_cast<double>(expected[i]);
      ASSERT_TRUE(allClose(outputs[0], want, 0, 0)) << "counter " << counter;
    }
  }
  // One thread draws what two threads drew.
  std::vector<rt::Tensor> inputs{
      toTensor(logits), scalarInt(99, DType::i64), scalarInt(7, DType::i64),
      scalarF32(1.0), scalarInt(0, DType::i64), scalarF32(0.9)};
  EXPECT_TRUE(allClose(run(artifact, inputs, {}, 1)[0],
                       toArray(run(artifact, inputs, {}, 2)[0]), 0, 0));
}
