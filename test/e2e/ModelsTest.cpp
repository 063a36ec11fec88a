//===- ModelsTest.cpp - the models in models/, compiled and run -----------===//
//
// Each model is compiled from its shipped source by the build (umc-compile,
// test/e2e/CMakeLists.txt). The LLaMA-style language
// model checks the KV-cache path against full recomputation: decoding the
// tokens one at a time (each step attends to the cache and appends to it)
// and prefilling them at once must give the logits `forward` computes
// without any cache. The parameters are random and large enough that the
// logits differ clearly from token to token.
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

class LlamaLm : public ::testing::Test {
protected:
  void SetUp() override {
    auto loaded = rt::Artifact::load(UMC_LLAMA_ARTIFACT);
    ASSERT_TRUE(loaded.isOk()) << loaded.status().message();
    artifact = loaded.value();
    params = randomParams(artifact->module(), 7);
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

  std::shared_ptr<const rt::Artifact> artifact;
  rt::TensorFile params;
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
