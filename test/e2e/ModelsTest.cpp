//===- ModelsTest.cpp - the models in models/, compiled and run -----------===//
//
// Each model is compiled from its shipped source by the build (umc-compile,
// test/e2e/CMakeLists.txt). The LLaMA-style language
// model checks the KV-cache path against full recomputation: decoding the
// tokens one at a time (each step attends to the cache and appends to it)
// and prefilling them at once must give the logits `forward` computes
// without any cache. The parameters are random and large enough that the
// logits differ clearly from token to token. The DiT-style flow model's
// network is checked against a reference written from its description
// with Reference.cpp's ops, and its sampling steps against
// ref::diffusionStep on that reference's velocities. The LLaVA-style
// captioner's greedy tokens are the argmax of a reference built the same
// way.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Runtime/Program.h"


using namespace umc;
using namespace umc::e2e;

namespace {

/// Uniform random parameters: weights in [-0.3, 0.3), norm scales around 1.
rt::TensorFile randomParams(const rt::Module &module, uint64_t seed) {
  rt::TensorFile params;
  for (const rt::ParamSpec &spec : module.params) {
    bool scale = spec.type.shape.size() == 1;
    ref::Array values = random(spec.type.shape, seed++, scale ? 0.5 : -0.3,
                               scale ? 1.5 : 0.3);
    params.tensors[spec.name] = toTensor(values, spec.type.dtype);
  }
  return params;
}

/// A model of models/ compiled by the build, with random parameters.
class CompiledModel : public ::testing::Test {
protected:
  CompiledModel(const char *path, uint64_t seed) : path(path), seed(seed) {}

  void SetUp() override {
    auto loaded = rt::Artifact::load(path);
    ASSERT_TRUE(loaded.isOk()) << loaded.status().message();
    artifact = loaded.value();
    params = randomParams(artifact->module(), seed);
  }

  std::unique_ptr<rt::Program> load(unsigned threads = 2) {
    auto program = rt::Program::create(artifact, cpuDevice(threads));
    EXPECT_TRUE(program.isOk()) << program.status().message();
    if (!program.isOk())
      return nullptr;
    program.value()->setParams(params);
    return std::move(program.value());
  }

  rt::Tensor call(rt::Program &program, const std::string &name,
                  const std::vector<rt::Tensor> &inputs) {
    auto fn = artifact->function(name);
    EXPECT_TRUE(fn.isOk()) << fn.status().message();
    auto outputs = program.call(**fn, inputs);
    EXPECT_TRUE(outputs.isOk()) << outputs.status().message();
    return outputs.isOk() ? outputs.value().front() : rt::Tensor();
  }

  const char *path;
  uint64_t seed;
  std::shared_ptr<const rt::Artifact> artifact;
  rt::TensorFile params;
};

class LlamaLm : public CompiledModel {
protected:
  LlamaLm() : CompiledModel(UMC_LLAMA_ARTIFACT, 7) {}
};

const std::vector<int64_t> kTokens{72, 101, 108, 108, 111, 44, 32, 119,
                                   111, 114, 108, 100, 33, 10, 0, 255};

rt::Tensor scalar(int64_t v) { return scalarInt(v, rt::DType::i32); }

/// Row `row` of logits [1, S, V] as [1, 1, V].
ref::Array logitsRow(const ref::Array &logits, int64_t row) {
  return ref::slice(logits, {0, row, 0}, {1, 1, logits.shape[2]}, {});
}

} // namespace

TEST_F(LlamaLm, KvCacheDecodingMatchesFullRecomputation) {
  auto full = load();
  ASSERT_TRUE(full);
  ref::Array expected = toArray(
      call(*full, "forward", {toTensor({1, 16}, kTokens, rt::DType::i32)}));
  ASSERT_EQ(expected.shape, (std::vector<int64_t>{1, 16, 256}));

  auto cached = load();
  ASSERT_TRUE(cached);
  for (int64_t i = 0; i < 16; ++i) {
    SCOPED_TRACE("decode step " + std::to_string(i));
    rt::Tensor step = call(*cached, "decode_step",
                           {toTensor({1, 1}, {kTokens[i]}, rt::DType::i32),
                            scalar(i)});
    EXPECT_TRUE(allClose(step, logitsRow(expected, i), 1e-4, 1e-4));
  }

  // The logits differ from token to token: the comparison can fail.
  ref::Array first = logitsRow(expected, 0), second = logitsRow(expected, 1);
  double difference = 0;
  for (size_t j = 0; j < first.data.size(); ++j)
    difference = std::max(difference, std::abs(first.data[j] - second.data[j]));
  EXPECT_GT(difference, 0.1);
}

TEST_F(LlamaLm, PrefillMatchesForwardAndContinuesLikeDecoding) {
  auto full = load();
  ASSERT_TRUE(full);
  rt::Tensor tokens = toTensor({1, 16}, kTokens, rt::DType::i32);
  ref::Array expected = toArray(call(*full, "forward", {tokens}));

  auto prefilled = load();
  ASSERT_TRUE(prefilled);
  EXPECT_TRUE(allClose(call(*prefilled, "prefill", {tokens, scalar(0)}),
                       expected, 1e-4, 1e-4));

  // Token 17 after a prefill sees the same cache as after 16 decode steps.
  auto stepped = load();
  ASSERT_TRUE(stepped);
  for (int64_t i = 0; i < 16; ++i)
    call(*stepped, "decode_step",
         {toTensor({1, 1}, {kTokens[i]}, rt::DType::i32), scalar(i)});
  rt::Tensor next = toTensor({1, 1}, {65}, rt::DType::i32);
  ref::Array afterSteps =
      toArray(call(*stepped, "decode_step", {next, scalar(16)}));
  EXPECT_TRUE(allClose(call(*prefilled, "decode_step", {next, scalar(16)}),
                       afterSteps, 1e-4, 1e-4));
}

TEST_F(LlamaLm, SameLogitsOnOneAndTwoThreads) {
  auto one = load(1), two = load(2);
  ASSERT_TRUE(one && two);
  for (int64_t i = 0; i < 4; ++i) {
    rt::Tensor token = toTensor({1, 1}, {kTokens[i]}, rt::DType::i32);
    ref::Array a = toArray(call(*one, "decode_step", {token, scalar(i)}));
    EXPECT_TRUE(allClose(call(*two, "decode_step", {token, scalar(i)}), a, 0, 0));
  }
}

TEST_F(LlamaLm, GenerateTextLoopDrawsWhatADriverLoopDraws) {
  // generate_text runs prefill, then 48 x (sample, decode) inside the
  // artifact. A driver loop here does the same with prefill, decode_step
  // and the reference sampler; the tokens must agree.
  const int64_t length = 5, steps = 48;
  rt::Tensor prompt = toTensor({1, 16}, kTokens, rt::DType::i32);
  using Setting = ref::SampleSettings;
  for (Setting setting : {Setting{0.0, 0, 1.0}, Setting{0.9, 20, 0.9}}) {
    SCOPED_TRACE("temperature " + std::to_string(setting.temperature));
    auto looped = load();
    ASSERT_TRUE(looped);
    auto fn = artifact->function("generate_text");
    ASSERT_TRUE(fn.isOk());
    auto outputs = looped->call(
        **fn, {prompt, scalar(length), scalarInt(5, rt::DType::i64),
               scalarF32(setting.temperature),
               scalarInt(setting.topK, rt::DType::i32),
               scalarF32(setting.topP)});
    ASSERT_TRUE(outputs.isOk()) << outputs.status().message();
    ref::Array drawn = toArray(outputs.value().front());
    ASSERT_EQ(drawn.shape, (std::vector<int64_t>{1, steps}));

    auto driven = load();
    ASSERT_TRUE(driven);
    ref::Array logits = toArray(call(*driven, "prefill", {prompt, scalar(0)}));
    ref::Array row = ref::slice(logits, {0, length - 1, 0}, {1, 1, 256}, {});
    row.shape = {1, 256};
    for (int64_t i = 0; i < steps; ++i) {
      int64_t position = length + i;
      int64_t token = ref::sample(row, 5, position, setting)[0];
      ASSERT_EQ(drawn.data[i], static_cast<double>(token)) << "step " << i;
      row = toArray(call(*driven, "decode_step",
                         {toTensor({1, 1}, {token}, rt::DType::i32),
                          scalar(position)}));
      row.shape = {1, 256};
    }
  }
}

//===----------------------------------------------------------------------===//
// models/dit_flow.mlir
//===----------------------------------------------------------------------===//

namespace {

/// The DiT-style network of models/dit_flow.mlir, from its description:
/// patch embedding with positions; c = MLP(timestep features of 1000 t) +
/// the mean embedding of the caption's bytes (the null embedding when it
/// is empty); blocks of adaLN-Zero-modulated attention and MLP; an adaLN
/// final layer back to patches, in DiT's (i, j, c) order.
ref::Array ditVelocity(const rt::TensorFile &params, const ref::Array &images,
                       const std::vector<double> &times,
                       const std::vector<std::vector<int64_t>> &captions) {
  auto p = [&](const std::string &name) {
    return toArray(params.tensors.at(name));
  };
  const int64_t batch = images.shape[0], width = 64, heads = 4, depth = 3;
  ref::Array x = ref::patchEmbed(images, p("x_embedder.proj.weight"),
                                 p("x_embedder.proj.bias"), nullptr, 2);
  x = ref::add(x, p("pos_embed"));
  const int64_t tokens = x.shape[1];

  ref::Array t = ref::Array::zeros({batch});
  for (int64_t b = 0; b < batch; ++b)
    t.data[b] = 1000.0 * times[b];
  ref::Array w1 = p("t_embedder.mlp.0.weight"), b1 = p("t_embedder.mlp.0.bias"),
             w2 = p("t_embedder.mlp.2.weight"), b2 = p("t_embedder.mlp.2.bias");
  ref::Array c = ref::linear(
      ref::silu(ref::linear(ref::timestepEmbed(t, 256, 10000.0), w1, &b1)), w2,
      &b2);
  ref::Array table = p("y_embedder.embedding_table.weight"),
             null = p("y_embedder.null_embedding");
  for (int64_t b = 0; b < batch; ++b) {
    const std::vector<int64_t> &caption = captions[b];
    for (int64_t d = 0; d < width; ++d) {
      double y = null.data[d];
      if (!caption.empty()) {
        y = 0;
        for (int64_t id : caption)
          y += table.data[id * width + d];
        y /= static_cast<double>(caption.size());
      }
      c.data[b * width + d] += y;
    }
  }
  ref::Array sc = ref::silu(c);

  // Row block `index` of width D of the adaLN output.
  auto chunk = [&](const ref::Array &rows, int64_t index) {
    return ref::slice(rows, {0, index * width}, {batch, width}, {});
  };
  auto toHeads = [&](const ref::Array &v) {
    return ref::transpose(
        ref::reshape(v, {batch, tokens, heads, width / heads}), {0, 2, 1, 3});
  };
  auto norm = [](const ref::Array &v) {
    return ref::layerNorm(v, nullptr, nullptr, 1e-6);
  };
  for (int64_t i = 0; i < depth; ++i) {
    std::string k = "blocks." + std::to_string(i) + ".";
    auto lin = [&](const ref::Array &v, const std::string &name) {
      ref::Array w = p(k + name + ".weight"), bias = p(k + name + ".bias");
      return ref::linear(v, w, &bias);
    };
    ref::Array ada = lin(sc, "adaLN_modulation.1");
    ref::Array qkv = lin(ref::modulate(norm(x), chunk(ada, 0), chunk(ada, 1)),
                         "attn.qkv");
    auto part = [&](int64_t j) {
      return toHeads(
          ref::slice(qkv, {0, 0, j * width}, {batch, tokens, width}, {}));
    };
    ref::Mask full;
    full.kind = ref::MaskKind::full;
    ref::Array o = ref::attention(part(0), part(1), part(2), full,
                                  std::nullopt, nullptr, nullptr, 0);
    o = ref::reshape(ref::transpose(o, {0, 2, 1, 3}), {batch, tokens, width});
    x = ref::gatedAdd(x, lin(o, "attn.proj"), chunk(ada, 2));
    ref::Array m2 = ref::modulate(norm(x), chunk(ada, 3), chunk(ada, 4));
    ref::Array h = lin(ref::gelu(lin(m2, "mlp.fc1"), /*tanhApproximation=*/true),
                       "mlp.fc2");
    x = ref::gatedAdd(x, h, chunk(ada, 5));
  }
  ref::Array fW = p("final_layer.adaLN_modulation.1.weight"),
             fB = p("final_layer.adaLN_modulation.1.bias");
  ref::Array fada = ref::linear(sc, fW, &fB);
  ref::Array fm = ref::modulate(norm(x), chunk(fada, 0), chunk(fada, 1));
  ref::Array lW = p("final_layer.linear.weight"),
             lB = p("final_layer.linear.bias");
  return ref::unpatchify(ref::linear(fm, lW, &lB), 2, images.shape,
                         /*channelsLast=*/true);
}

class DitFlow : public CompiledModel {
protected:
  static constexpr int64_t kImages = 4, kCaption = 16;

  DitFlow() : CompiledModel(UMC_DIT_ARTIFACT, 11) {}

  /// Four captions of different lengths, one empty (unconditional) and one
  /// as long as the model takes.
  static std::vector<std::vector<int64_t>> captions() {
    return {{'7'}, {'a', ' ', '3'}, {}, std::vector<int64_t>(kCaption, 'x')};
  }

  static rt::Tensor tokensOf(const std::vector<std::vector<int64_t>> &caps) {
    std::vector<int64_t> ids(caps.size() * kCaption, 0);
    for (size_t b = 0; b < caps.size(); ++b)
      std::copy(caps[b].begin(), caps[b].end(), ids.begin() + b * kCaption);
    return toTensor({static_cast<int64_t>(caps.size()), kCaption}, ids,
                    rt::DType::i32);
  }

  static rt::Tensor lengthsOf(const std::vector<std::vector<int64_t>> &caps) {
    std::vector<int64_t> lengths;
    for (const auto &caption : caps)
      lengths.push_back(static_cast<int64_t>(caption.size()));
    return toTensor({static_cast<int64_t>(caps.size())}, lengths,
                    rt::DType::i32);
  }

  /// The conditional and unconditional velocities of `images` at `t` (the
  /// same images with empty captions), from the reference network.
  std::pair<ref::Array, ref::Array> guidedPair(const ref::Array &images,
                                               double t) const {
    std::vector<std::vector<int64_t>> caps = captions();
    caps.resize(2 * kImages);
    ref::Array v = ditVelocity(params, ref::concat({images, images}, 0),
                               std::vector<double>(2 * kImages, t), caps);
    return {ref::slice(v, {0, 0, 0, 0}, images.shape, {}),
            ref::slice(v, {kImages, 0, 0, 0}, images.shape, {})};
  }
};

} // namespace

TEST_F(DitFlow, VelocityMatchesTheReferenceNetwork) {
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array images = random({8, 1, 8, 8}, 300);
  ref::Array t = ref::Array::zeros({8});
  t.data = {1.0, 0.9, 0.5, 0.25, 0.0, 0.75, 0.1, 0.6};
  std::vector<std::vector<int64_t>> caps = captions();
  for (std::vector<int64_t> more :
       {std::vector<int64_t>{'0'}, std::vector<int64_t>{},
        std::vector<int64_t>{'d', 'i', 'g', 'i', 't'},
        std::vector<int64_t>{'9', '9'}})
    caps.push_back(more);
  rt::Tensor v = call(*program, "velocity",
                      {toTensor(images), toTensor(t), tokensOf(caps),
                       lengthsOf(caps)});
  // The timestep features take cos and sin of up to 1000 radians, which f32
  // rounds to about 6e-5 before the network amplifies it.
  EXPECT_TRUE(allClose(v, ditVelocity(params, images, t.data, caps), 1e-3,
                       1e-3));
}

TEST_F(DitFlow, EulerAndHeunStepsAreTheGuidedFlowUpdates) {
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array x = random({kImages, 1, 8, 8}, 301);
  const int64_t step = 3, steps = 7;
  const double w = 2.5, t = 1.0 - 3.0 / 7.0, next = 1.0 - 4.0 / 7.0;
  std::vector<rt::Tensor> inputs = {
      toTensor(x), scalarInt(step, rt::DType::i32),
      scalarInt(steps, rt::DType::i32), tokensOf(captions()),
      lengthsOf(captions()), scalarF32(w)};

  auto [vc, vu] = guidedPair(x, t);
  ref::Array euler = ref::diffusionStep(x, vc, &vu, w, nullptr, t, next,
                                        ref::Sampler::flowEuler);
  EXPECT_TRUE(allClose(call(*program, "denoise_euler", inputs), euler, 2e-4,
                       2e-4));

  // Heun: the guided velocity at the start, the Euler predictor, the
  // guided velocity there at the next time; diffusionStep averages them.
  ref::Array scale = ref::Array::zeros({});
  scale.data = {w};
  ref::Array guided = ref::add(vu, ref::mul(scale, ref::sub(vc, vu)));
  ref::Array predictor = ref::diffusionStep(x, guided, nullptr, 0, nullptr, t,
                                            next, ref::Sampler::flowEuler);
  auto [wc, wu] = guidedPair(predictor, next);
  ref::Array heun = ref::diffusionStep(x, wc, &wu, w, &guided, t, next,
                                       ref::Sampler::flowHeun);
  EXPECT_TRUE(allClose(call(*program, "denoise_heun", inputs), heun, 2e-4,
                       2e-4));
}

TEST_F(DitFlow, GenerateImageLoopIsTheDriverLoopOnAnyThreadCount) {
  // generate_image runs the noise and the Euler steps inside the artifact;
  // the driver (umc-run generate) calls init_noise and denoise_euler.
  const int64_t steps = 3;
  rt::Tensor tokens = tokensOf(captions()), lengths = lengthsOf(captions());
  rt::Tensor seed = scalarInt(42, rt::DType::i64), w = scalarF32(3.0);
  auto one = load(1), two = load(2);
  ASSERT_TRUE(one && two);
  std::vector<rt::Tensor> inputs = {tokens, lengths, seed,
                                    scalarInt(steps, rt::DType::i32), w};
  rt::Tensor looped = call(*one, "generate_image", inputs);
  EXPECT_TRUE(allClose(call(*two, "generate_image", inputs), toArray(looped),
                       0, 0))
      << "one thread and two differ";

  rt::Tensor x = call(*two, "init_noise", {seed, scalarInt(0, rt::DType::i64)});
  EXPECT_TRUE(allClose(x, ref::randomNormal({kImages, 1, 8, 8}, 42, 0), 1e-5,
                       1e-5));
  for (int64_t s = 0; s < steps; ++s)
    x = call(*two, "denoise_euler",
             {x, scalarInt(s, rt::DType::i32),
              scalarInt(steps, rt::DType::i32), tokens, lengths, w});
  EXPECT_TRUE(allClose(looped, toArray(x), 1e-5, 1e-5));
}

//===----------------------------------------------------------------------===//
// models/llava_caption.mlir
//===----------------------------------------------------------------------===//

namespace {

/// The LLaVA-style captioner of models/llava_caption.mlir from its
/// description: the image's patch embedding (with positions) through the
/// GELU projector, then the prompt's byte embeddings, then `text` tokens,
/// through the LLaMA blocks (RMSNorm, rotate-half RoPE, GQA 4/2, causal,
/// SwiGLU) at positions 0.., and the logits of every position.
ref::Array llavaLogits(const rt::TensorFile &params, const ref::Array &image,
                       const std::vector<int64_t> &text) {
  auto p = [&](const std::string &name) {
    return toArray(params.tensors.at(name));
  };
  const int64_t width = 64, heads = 4, kvHeads = 2, headDim = 16;
  ref::Array patches = ref::patchEmbed(image, p("vision_tower.patch_embed.weight"),
                                       p("vision_tower.patch_embed.bias"),
                                       nullptr, 2);
  patches = ref::add(patches, p("vision_tower.position_embedding.weight"));
  ref::Array w1 = p("multi_modal_projector.linear_1.weight"),
             b1 = p("multi_modal_projector.linear_1.bias"),
             w2 = p("multi_modal_projector.linear_2.weight"),
             b2 = p("multi_modal_projector.linear_2.bias");
  ref::Array visual = ref::linear(
      ref::gelu(ref::linear(patches, w1, &b1), /*tanhApproximation=*/false),
      w2, &b2);
  const int64_t length = visual.shape[1] + static_cast<int64_t>(text.size());
  ref::Array x = ref::concat(
      {visual, ref::embedding({1, static_cast<int64_t>(text.size())}, text,
                              p("language_model.model.embed_tokens.weight"))},
      1);
  std::vector<int64_t> positions(length);
  for (int64_t i = 0; i < length; ++i)
    positions[i] = i;
  auto toHeads = [&](const ref::Array &v, int64_t n) {
    return ref::transpose(ref::reshape(v, {1, length, n, headDim}),
                          {0, 2, 1, 3});
  };
  for (int64_t l = 0; l < 2; ++l) {
    std::string k = "language_model.model.layers." + std::to_string(l) + ".";
    auto w = [&](const std::string &name) { return p(k + name + ".weight"); };
    ref::Array attnNorm = w("input_layernorm"), mlpNorm =
                                                    w("post_attention_layernorm");
    ref::Array n = ref::rmsNorm(x, &attnNorm, 1e-6);
    ref::Array q = ref::rope(toHeads(ref::linear(n, w("self_attn.q_proj"), nullptr), heads),
                             positions, 1e4);
    ref::Array kk = ref::rope(toHeads(ref::linear(n, w("self_attn.k_proj"), nullptr), kvHeads),
                              positions, 1e4);
    ref::Array v = toHeads(ref::linear(n, w("self_attn.v_proj"), nullptr), kvHeads);
    ref::Array o = ref::attention(q, kk, v, ref::Mask{}, std::nullopt, nullptr,
                                  nullptr, 0);
    o = ref::reshape(ref::transpose(o, {0, 2, 1, 3}), {1, length, width});
    x = ref::add(x, ref::linear(o, w("self_attn.o_proj"), nullptr));
    ref::Array m = ref::rmsNorm(x, &mlpNorm, 1e-6);
    ref::Array gated =
        ref::mul(ref::silu(ref::linear(m, w("mlp.gate_proj"), nullptr)),
                 ref::linear(m, w("mlp.up_proj"), nullptr));
    x = ref::add(x, ref::linear(gated, w("mlp.down_proj"), nullptr));
  }
  ref::Array norm = p("language_model.model.norm.weight");
  return ref::linear(ref::rmsNorm(x, &norm, 1e-6),
                     p("language_model.lm_head.weight"), nullptr);
}

/// The most likely token of row `row` of logits [1, S, V].
int64_t argmaxOfRow(const ref::Array &logits, int64_t row) {
  int64_t vocab = logits.shape[2], best = 0;
  for (int64_t i = 1; i < vocab; ++i)
    if (logits.data[row * vocab + i] > logits.data[row * vocab + best])
      best = i;
  return best;
}

class LlavaCaption : public CompiledModel {
protected:
  LlavaCaption() : CompiledModel(UMC_LLAVA_ARTIFACT, 13) {}
};

} // namespace

TEST_F(LlavaCaption, GreedyCaptionIsTheReferenceModelsArgmax) {
  // Greedy, for two prompts (empty: the caption follows the image; "ab"):
  // the prefill's token is the reference's argmax after the last real
  // token, and each decoded token the argmax of the sequence so far.
  ref::Array image = random({1, 1, 8, 8}, 400, -1.0, 1.0);
  std::vector<rt::Tensor> sampling = {scalarInt(1, rt::DType::i64),
                                      scalarF32(0.0),
                                      scalarInt(0, rt::DType::i32),
                                      scalarF32(1.0)};
  auto prefill = artifact->function("caption_prefill");
  ASSERT_TRUE(prefill.isOk());
  for (std::vector<int64_t> text :
       {std::vector<int64_t>{}, std::vector<int64_t>{'a', 'b'}}) {
    SCOPED_TRACE("prompt of " + std::to_string(text.size()) + " bytes");
    auto program = load();
    ASSERT_TRUE(program);
    std::vector<int64_t> prompt(16, 0);
    std::copy(text.begin(), text.end(), prompt.begin());
    std::vector<rt::Tensor> inputs = {
        toTensor(image), toTensor({1, 16}, prompt, rt::DType::i32),
        scalarInt(static_cast<int64_t>(text.size()), rt::DType::i32)};
    inputs.insert(inputs.end(), sampling.begin(), sampling.end());
    auto outputs = program->call(**prefill, inputs);
    ASSERT_TRUE(outputs.isOk()) << outputs.status().message();
    ASSERT_EQ(outputs->size(), 2u);
    int64_t token = (*outputs)[0].data<int32_t>()[0];
    int64_t position = (*outputs)[1].data<int32_t>()[0];
    EXPECT_EQ(position, 16 + static_cast<int64_t>(text.size()));
    for (int64_t i = 0; i < 6; ++i) {
      ref::Array logits = llavaLogits(params, image, text);
      ASSERT_EQ(token, argmaxOfRow(logits, position - 1)) << "token " << i;
      text.push_back(token);
      std::vector<rt::Tensor> step = {
          toTensor({1, 1}, {token}, rt::DType::i32),
          scalarInt(position, rt::DType::i32)};
      step.insert(step.end(), sampling.begin(), sampling.end());
      token = call(*program, "decode_sample", step).data<int32_t>()[0];
      ++position;
    }
  }
}
