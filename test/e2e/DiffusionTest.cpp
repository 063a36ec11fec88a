//===- DiffusionTest.cpp - the diffusion ops, compiled and run ------------===//
//
// timestep_embed, modulate, gated_add, patch_embed, unpatchify and
// diffusion_step (each sampler, with and without classifier-free guidance)
// against Reference.cpp, on shapes no tile divides.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

using namespace umc;
using namespace umc::e2e;
using rt::DType;

TEST(Diffusion, TimestepEmbedOfRealTimes) {
  ref::Array t = ref::Array::zeros({5});
  t.data = {0.0, 0.25, 0.999, 17.5, 999.0};
  auto artifact = compile(function(
      "%t: tensor<5xf32>",
      "umc.timestep_embed %t dim = 38 : (tensor<5xf32>) -> tensor<5x38xf32>",
      "tensor<5x38xf32>"));
  auto outputs = run(artifact, {toTensor(t)});
  ASSERT_EQ(outputs.size(), 1u);
  // t * f up to 999 rad in f32: allow the argument's rounding.
  EXPECT_TRUE(allClose(outputs[0], ref::timestepEmbed(t, 38, 10000.0), 2e-4, 0));
}

TEST(Diffusion, ModulateBroadcastsOverTheSequence) {
  std::vector<int64_t> xs{3, 7, 37}, ps{3, 37};
  ref::Array x = random(xs, 120), shift = random(ps, 121),
             scale = random(ps, 122);
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %s: " + type(ps) + ", %c: " + type(ps),
      "umc.modulate %x shift %s scale %c : (" + type(xs) + ", " + type(ps) +
          ", " + type(ps) + ") -> " + type(xs),
      type(xs)));
  auto outputs = run(artifact, {toTensor(x), toTensor(shift), toTensor(scale)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::modulate(x, shift, scale), 1e-6, 1e-5));
}

TEST(Diffusion, EachSamplerWithAndWithoutGuidance) {
  std::vector<int64_t> shape{2, 3, 5, 7};
  std::string t = type(shape);
  ref::Array x = random(shape, 123), cond = random(shape, 124),
             uncond = random(shape, 125), first = random(shape, 126);
  struct Case {
    const char *name;
    ref::Sampler sampler;
    double time, next;
  };
  for (Case c : {Case{"flow_euler", ref::Sampler::flowEuler, 0.75, 0.5},
                 Case{"flow_heun", ref::Sampler::flowHeun, 0.3, 0.1},
                 Case{"ddim", ref::Sampler::ddim, 0.4, 0.7}}) {
    for (bool guided : {false, true}) {
      SCOPED_TRACE(std::string(c.name) + (guided ? " guided" : ""));
      bool heun = c.sampler == ref::Sampler::flowHeun;
      std::string args = "%x: " + t + ", %p: " + t;
      std::string body = "umc.diffusion_step %x, %p";
      std::string types = t + ", " + t;
      std::vector<rt::Tensor> inputs{toTensor(x), toTensor(cond)};
      if (guided) {
        args += ", %u: " + t + ", %w: tensor<f32>";
        body += " uncond %u guidance %w";
        types += ", " + t + ", tensor<f32>";
        inputs.push_back(toTensor(uncond));
        inputs.push_back(scalarF32(4.5));
      }
      if (heun) {
        args += ", %v1: " + t;
        body += " first %v1";
        types += ", " + t;
        inputs.push_back(toTensor(first));
      }
      args += ", %t: tensor<f32>, %n: tensor<f32>";
      body += std::string(" at %t to %n sampler = ") + c.name + " : (" + types +
              ", tensor<f32>, tensor<f32>) -> " + t;
      inputs.push_back(scalarF32(c.time));
      inputs.push_back(scalarF32(c.next));
      auto artifact = compile(function(args, body, t));
      auto outputs = run(artifact, inputs);
      ASSERT_EQ(outputs.size(), 1u);
      ref::Array expected = ref::diffusionStep(
          x, cond, guided ? &uncond : nullptr, 4.5, heun ? &first : nullptr,
          c.time, c.next, c.sampler);
      EXPECT_TRUE(allClose(outputs[0], expected, 1e-5, 1e-5));
    }
  }
}

TEST(Diffusion, RandomNormalIsPhiloxBoxMuller) {
  std::vector<int64_t> shape{3, 5, 7};
  auto artifact = compile(function(
      "%s: tensor<i64>, %c: tensor<i64>",
      "umc.random_normal seed %s counter %c : (tensor<i64>, tensor<i64>) -> " +
          type(shape),
      type(shape)));
  for (int64_t counter : {0, 1, 41}) {
    SCOPED_TRACE(counter);
    std::vector<rt::Tensor> inputs{scalarInt(2026, DType::i64),
                                   scalarInt(counter, DType::i64)};
    auto outputs = run(artifact, inputs);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0], ref::randomNormal(shape, 2026, counter),
                         1e-4, 1e-4));
    EXPECT_TRUE(allClose(run(artifact, inputs, {}, 1)[0],
                         toArray(outputs[0]), 0, 0));
  }
}

TEST(Diffusion, RandomNormalHasUnitMoments) {
  std::vector<int64_t> shape{100, 201};
  auto artifact = compile(function(
      "%s: tensor<i64>, %c: tensor<i64>",
      "umc.random_normal seed %s counter %c : (tensor<i64>, tensor<i64>) -> " +
          type(shape),
      type(shape)));
  auto outputs = run(artifact, {scalarInt(7, DType::i64),
                                scalarInt(0, DType::i64)});
  ASSERT_EQ(outputs.size(), 1u);
  ref::Array x = toArray(outputs[0]);
  double sum = 0, squares = 0;
  for (double v : x.data) {
    sum += v;
    squares += v * v;
  }
  double n = static_cast<double>(x.data.size());
  // 20100 samples: the mean's standard error is 0.007, the variance's 0.01.
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(squares / n - (sum / n) * (sum / n), 1.0, 0.05);
}

TEST(Diffusion, GatedAddBroadcastsTheGateOverTheSequence) {
  std::vector<int64_t> xs{3, 7, 37}, gs{3, 37};
  ref::Array x = random(xs, 130), branch = random(xs, 131),
             gate = random(gs, 132);
  auto artifact = compile(function(
      "%x: " + type(xs) + ", %y: " + type(xs) + ", %g: " + type(gs),
      "umc.gated_add %x, %y gate %g : (" + type(xs) + ", " + type(xs) + ", " +
          type(gs) + ") -> " + type(xs),
      type(xs)));
  auto outputs =
      run(artifact, {toTensor(x), toTensor(branch), toTensor(gate)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(allClose(outputs[0], ref::gatedAdd(x, branch, gate), 1e-6, 1e-5));
}

/// patch_embed on an image whose patch grid (3 x 5) and width (37) no tile
/// divides, with and without positions, against a stride-P convolution.
TEST(Diffusion, PatchEmbedIsAStridedConvolution) {
  std::vector<int64_t> xs{2, 3, 9, 15}, ws{37, 3, 3, 3}, bs{37}, ps{15, 37},
      out{2, 15, 37};
  ref::Array x = random(xs, 140), w = random(ws, 141), b = random(bs, 142),
             pos = random(ps, 143);
  for (bool withPositions : {false, true}) {
    std::string args = "%x: " + type(xs) + ", %w: " + type(ws) +
                       ", %b: " + type(bs);
    std::string types = type(xs) + ", " + type(ws) + ", " + type(bs);
    if (withPositions) {
      args += ", %p: " + type(ps);
      types += ", " + type(ps);
    }
    auto artifact = compile(function(
        args,
        "umc.patch_embed %x, %w, %b " +
            std::string(withPositions ? "positions %p " : "") +
            "patch_size = 3 : (" + types + ") -> " + type(out),
        type(out)));
    std::vector<rt::Tensor> inputs = {toTensor(x), toTensor(w), toTensor(b)};
    if (withPositions)
      inputs.push_back(toTensor(pos));
    auto outputs = run(artifact, inputs);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0],
                         ref::patchEmbed(x, w, b, withPositions ? &pos : nullptr, 3),
                         1e-5, 1e-5))
        << (withPositions ? "with" : "without") << " positions";
  }
}

/// unpatchify in both feature orders (exact: it only moves elements).
TEST(Diffusion, UnpatchifyInBothOrders) {
  std::vector<int64_t> xs{2, 15, 27}, image{2, 3, 9, 15};
  ref::Array x = random(xs, 150);
  for (bool channelsLast : {false, true}) {
    auto artifact = compile(function(
        "%x: " + type(xs),
        "umc.unpatchify %x patch_size = 3" +
            std::string(channelsLast ? " channels_last" : "") + " : (" +
            type(xs) + ") -> " + type(image),
        type(image)));
    auto outputs = run(artifact, {toTensor(x)}, {}, 2);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_TRUE(allClose(outputs[0], ref::unpatchify(x, 3, image, channelsLast),
                         0, 0))
        << (channelsLast ? "channels last" : "channels first");
  }
}
