//===- BlockTest.cpp - the shipped transformer block through the tools ----===//
//
// models/tiny_block.mlir (pre-norm: layer_norm -> attention with a causal mask
// -> residual -> layer_norm -> linear -> gelu -> linear -> residual) compiled
// with umc-compile and run with `umc-run call`, as a user runs them: weights in
// a safetensors file, inputs and outputs in .npy files. The result is compared
// with the independent reference in Reference.cpp.
//
// Tolerance: 1e-4 absolute + 1e-4 relative. The block chains two layer norms,
// five GEMMs of depth up to 256 and a softmax in f32; the reference runs in
// double.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Tooling/Npy.h"
#include "umc/Tooling/Safetensors.h"

#include <fstream>
#include <iterator>

using namespace umc;
using namespace umc::e2e;

namespace {

constexpr int64_t kBatch = 2, kSeq = 16, kDim = 64, kHeads = 4, kMlp = 256;

/// Random weights in PyTorch layouts, seeded per tensor.
ref::BlockParams randomBlockParams() {
  ref::BlockParams p;
  double w = 1.0 / 8; // about 1/sqrt(dim): keeps activations O(1)
  p.ln1Weight = random({kDim}, 101, 0.5, 1.5);
  p.ln1Bias = random({kDim}, 102, -0.1, 0.1);
  p.wq = random({kDim, kDim}, 103, -w, w);
  p.wk = random({kDim, kDim}, 104, -w, w);
  p.wv = random({kDim, kDim}, 105, -w, w);
  p.wo = random({kDim, kDim}, 106, -w, w);
  p.bo = random({kDim}, 107, -0.1, 0.1);
  p.ln2Weight = random({kDim}, 108, 0.5, 1.5);
  p.ln2Bias = random({kDim}, 109, -0.1, 0.1);
  p.w1 = random({kMlp, kDim}, 110, -w, w);
  p.b1 = random({kMlp}, 111, -0.1, 0.1);
  p.w2 = random({kDim, kMlp}, 112, -w / 2, w / 2);
  p.b2 = random({kDim}, 113, -0.1, 0.1);
  p.heads = kHeads;
  return p;
}

/// The same weights under the names models/tiny_block.mlir gives them.
rt::TensorFile safetensorsOf(const ref::BlockParams &p) {
  rt::TensorFile file;
  auto put = [&](const char *name, const ref::Array &a) {
    file.tensors.emplace(name, toTensor(a));
  };
  put("ln1.weight", p.ln1Weight);
  put("ln1.bias", p.ln1Bias);
  put("attn.q_proj.weight", p.wq);
  put("attn.k_proj.weight", p.wk);
  put("attn.v_proj.weight", p.wv);
  put("attn.o_proj.weight", p.wo);
  put("attn.o_proj.bias", p.bo);
  put("ln2.weight", p.ln2Weight);
  put("ln2.bias", p.ln2Bias);
  put("mlp.fc1.weight", p.w1);
  put("mlp.fc1.bias", p.b1);
  put("mlp.fc2.weight", p.w2);
  put("mlp.fc2.bias", p.b2);
  return file;
}

/// Compiles models/tiny_block.mlir into `artifact` with umc-compile.
void compileTinyBlock(const std::string &artifact,
                      const std::string &flags = "") {
  std::string output;
  ASSERT_EQ(runCommand(std::string(UMC_COMPILE) + " " + UMC_SOURCE_DIR +
                           "/models/tiny_block.mlir -o " + artifact + " " +
                           flags,
                       output),
            0)
      << output;
}

/// Writes positions first, first + 1, ... (one per token) as i32 to `path`.
std::vector<int64_t> writePositions(const std::string &path, int64_t first) {
  std::vector<int64_t> positions(kSeq);
  for (int64_t i = 0; i < kSeq; ++i)
    positions[i] = first + i;
  EXPECT_TRUE(
      rt::writeNpy(path, toTensor({kSeq}, positions, rt::DType::i32)).isOk());
  return positions;
}

/// Compiles the block with `flags`, runs it with umc-run on random weights
/// and inputs, and compares with the reference.
void checkAgainstTheReference(const std::string &flags) {
  std::string dir = testDirectory();
  std::string artifact = dir + "/block.umcb", weights = dir + "/w.safetensors",
              x = dir + "/x.npy", positions = dir + "/pos.npy",
              y = dir + "/y.npy";

  ASSERT_NO_FATAL_FAILURE(compileTinyBlock(artifact, flags));

  ref::BlockParams params = randomBlockParams();
  ASSERT_TRUE(rt::writeSafetensors(weights, safetensorsOf(params)).isOk());
  ref::Array input = random({kBatch, kSeq, kDim}, 100, -2.0, 2.0);
  ASSERT_TRUE(rt::writeNpy(x, toTensor(input)).isOk());
  // Positions 5..20: a continuation, so rope sees positions past the length.
  std::vector<int64_t> pos = writePositions(positions, 5);

  std::string output;
  ASSERT_EQ(runCommand(std::string(UMC_RUN) + " call " + artifact +
                           " --function=block --input=@" + x + " --input=@" +
                           positions + " --params=" + weights +
                           " --output=@" + y + " --threads=2",
                       output),
            0)
      << output;
  auto result = rt::readNpy(y);
  ASSERT_TRUE(result.isOk()) << result.status().message();
  EXPECT_TRUE(allClose(*result, ref::transformerBlock(input, pos, params),
                       1e-4, 1e-4));
}

} // namespace

TEST(TransformerBlock, CompiledAndRunByTheToolsMatchesTheReference) {
  checkAgainstTheReference("");
}

// Every memory access of every kernel checked at run time: none is out of
// bounds, and the checks change no result.
TEST(TransformerBlock, WithRuntimeVerificationMatchesTheReference) {
  checkAgainstTheReference("--runtime-verification");
}

TEST(TransformerBlock, ThreadCountDoesNotChangeTheResult) {
  // Workgroups are independent, so any split over threads gives the same
  // bits.
  std::string dir = testDirectory();
  std::string artifact = dir + "/block.umcb", x = dir + "/x.npy",
              pos = dir + "/pos.npy";
  ASSERT_NO_FATAL_FAILURE(compileTinyBlock(artifact));
  ASSERT_TRUE(
      rt::writeNpy(x, toTensor(random({kBatch, kSeq, kDim}, 7))).isOk());
  writePositions(pos, 0);
  std::string output;
  std::vector<std::string> results;
  for (int threads : {1, 2, 5}) {
    std::string y = dir + "/y" + std::to_string(threads) + ".npy";
    ASSERT_EQ(runCommand(std::string(UMC_RUN) + " call " + artifact +
                             " --input=@" + x + " --input=@" + pos +
                             " --init-params --seed=3 --output=@" + y +
                             " --threads=" + std::to_string(threads),
                         output),
              0)
        << output;
    std::ifstream in(y, std::ios::binary);
    results.emplace_back(std::istreambuf_iterator<char>(in),
                         std::istreambuf_iterator<char>());
  }
  EXPECT_FALSE(results[0].empty());
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}
