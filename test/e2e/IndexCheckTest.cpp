//===- IndexCheckTest.cpp - out-of-range ids fail the call ----------------===//
//
// An umc.embedding id outside [0, V) is a runtime error (the op's own
// documentation), not a silent read of a clamped row: the kernel still
// clamps it, so that it never reads outside the table, but the runtime
// checks the ids before the dispatch and fails the call with the id, where
// it is, and the op's location in the model. An umc.update_slice offset at
// which the update does not fit (a KV-cache append past the cache's end) is
// one too. Compiled with umc-compile and run by the runtime library and by
// umc-run.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Runtime/Program.h"
#include "umc/Tooling/Npy.h"
#include "umc/Tooling/Safetensors.h"

using namespace umc;
using namespace umc::e2e;

namespace {

// The embedding is at line 2, column 8 of the model file.
const char *kModel =
    R"mlir(func.func @embed(%ids: tensor<2x4xi32>, %table: tensor<16x8xf32> {umc.param = "table"}) -> tensor<2x4x8xf32> {
  %e = umc.embedding %ids, %table : (tensor<2x4xi32>, tensor<16x8xf32>) -> tensor<2x4x8xf32>
  return %e : tensor<2x4x8xf32>
}
)mlir";

// The ids come from another kernel (i64, computed at run time): the check
// reads them after that kernel has run. --fusion=false keeps them apart.
const char *kComputedIds =
    R"mlir(func.func @shifted(%ids: tensor<3xi64>, %shift: tensor<i64>, %table: tensor<5x2xf32> {umc.param = "table"}) -> tensor<3x2xf32> {
  %s = umc.add %ids, %shift : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  %e = umc.embedding %s, %table : (tensor<3xi64>, tensor<5x2xf32>) -> tensor<3x2xf32>
  return %e : tensor<3x2xf32>
}
)mlir";

// A KV-cache append: 2 rows at a run-time position of a 7-row cache.
const char *kAppend =
    R"mlir(func.func @append(%cache: tensor<3x7x5xf32>, %kv: tensor<3x2x5xf32>, %pos: tensor<i32>) -> tensor<3x7x5xf32> {
  %c = umc.update_slice %cache, %kv at %pos axis = 1 : (tensor<3x7x5xf32>, tensor<3x2x5xf32>, tensor<i32>) -> tensor<3x7x5xf32>
  return %c : tensor<3x7x5xf32>
}
)mlir";

rt::TensorFile tableParams(std::vector<int64_t> shape) {
  rt::TensorFile params;
  params.tensors["table"] = toTensor(random(shape, 7));
  return params;
}

/// The status of one call of the artifact's only function.
rt::Status callWith(const std::shared_ptr<const rt::Artifact> &artifact,
                    const std::vector<rt::Tensor> &inputs,
                    rt::TensorFile params) {
  auto program = rt::Program::create(artifact, cpuDevice(2));
  if (!program.isOk())
    return program.status();
  (*program)->setParams(std::move(params));
  auto function = artifact->defaultFunction();
  if (!function.isOk())
    return function.status();
  auto outputs = (*program)->call(**function, inputs);
  return outputs.isOk() ? rt::Status::ok() : outputs.status();
}

TEST(IndexCheck, TheArtifactRecordsTheCheck) {
  auto artifact = compile(kModel);
  ASSERT_TRUE(artifact);
  const std::vector<rt::Kernel> &kernels = artifact->module().kernels;
  ASSERT_EQ(kernels.size(), 1u);
  ASSERT_EQ(kernels[0].indexChecks.size(), 1u);
  const rt::IndexCheck &check = kernels[0].indexChecks[0];
  EXPECT_EQ(check.binding, 0u);
  EXPECT_EQ(check.bound, 16);
  EXPECT_EQ(check.op, "umc.embedding");
  EXPECT_EQ(check.location, testDirectory() + "/model.mlir:2:8");
}

TEST(IndexCheck, IdsInRangeRunAsBefore) {
  auto artifact = compile(kModel);
  ASSERT_TRUE(artifact);
  rt::TensorFile params = tableParams({16, 8});
  ref::Array table = toArray(params.tensors["table"]);
  std::vector<int64_t> ids = {0, 15, 3, 3, 7, 1, 14, 0};
  std::vector<rt::Tensor> out =
      run(artifact, {toTensor({2, 4}, ids, rt::DType::i32)}, params);
  ASSERT_EQ(out.size(), 1u);
  ref::Array expected = ref::Array::zeros({2, 4, 8});
  for (size_t i = 0; i < ids.size(); ++i)
    for (int64_t d = 0; d < 8; ++d)
      expected.data[i * 8 + d] = table.data[ids[i] * 8 + d];
  EXPECT_TRUE(allClose(out[0], expected, 0, 0));
}

TEST(IndexCheck, AnIdPastTheTableFailsTheCall) {
  auto artifact = compile(kModel);
  ASSERT_TRUE(artifact);
  rt::Status s = callWith(
      artifact,
      {toTensor({2, 4}, {0, 1, 2, 3, 4, 5, 70000, 16}, rt::DType::i32)},
      tableParams({16, 8}));
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.message(),
            "function 'embed', instruction 0 (dispatch): embedding id 70000 "
            "at index [1, 2] is outside the table's 16 rows (" +
                testDirectory() + "/model.mlir:2:8)");
}

TEST(IndexCheck, ANegativeIdFailsTheCall) {
  auto artifact = compile(kModel);
  ASSERT_TRUE(artifact);
  rt::Status s = callWith(
      artifact, {toTensor({2, 4}, {-1, 0, 0, 0, 0, 0, 0, 0}, rt::DType::i32)},
      tableParams({16, 8}));
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("embedding id -1 at index [0, 0] is outside the "
                             "table's 16 rows"),
            std::string::npos)
      << s.message();
}

TEST(IndexCheck, IdsAKernelComputedAreCheckedToo) {
  auto artifact = compile(kComputedIds, "--fusion=false");
  ASSERT_TRUE(artifact);
  rt::Tensor ids = toTensor({3}, {0, 2, 4}, rt::DType::i64);
  EXPECT_TRUE(callWith(artifact, {ids, toTensor({}, {0}, rt::DType::i64)},
                       tableParams({5, 2}))
                  .isOk());
  rt::Status s = callWith(artifact, {ids, toTensor({}, {1}, rt::DType::i64)},
                          tableParams({5, 2}));
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("embedding id 5 at index [2] is outside the "
                             "table's 5 rows (" +
                             testDirectory() + "/model.mlir:3:8)"),
            std::string::npos)
      << s.message();
}

/// umc-run prints the message and exits non-zero, as a user sees it.
TEST(IndexCheck, UmcRunReportsTheBadId) {
  auto artifact = compile(kModel);
  ASSERT_TRUE(artifact);
  std::string dir = testDirectory();
  ASSERT_TRUE(rt::writeNpy(dir + "/ids.npy",
                           toTensor({2, 4}, {0, 1, 2, 3, 4, 5, 6, 32000},
                                    rt::DType::i32))
                  .isOk());
  ASSERT_TRUE(
      rt::writeSafetensors(dir + "/params.safetensors", tableParams({16, 8}))
          .isOk());
  std::string output;
  int status = runCommand(std::string(UMC_RUN) + " call " + dir +
                              "/model.umcb --input=@" + dir + "/ids.npy" +
                              " --params=" + dir + "/params.safetensors",
                          output);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(output, "umc-run: error: function 'embed', instruction 0 "
                    "(dispatch): embedding id 32000 at index [1, 3] is "
                    "outside the table's 16 rows (" +
                        dir + "/model.mlir:2:8)\n");
}

TEST(IndexCheck, AnAppendPastTheCacheFailsInsteadOfOverwritingItsEnd) {
  auto artifact = compile(kAppend);
  ASSERT_TRUE(artifact);
  ref::Array cache = random({3, 7, 5}, 31), kv = random({3, 2, 5}, 32);
  // The last offset at which 2 rows fit in 7 works, as the reference says.
  std::vector<rt::Tensor> out =
      run(artifact, {toTensor(cache), toTensor(kv), toTensor({}, {5}, rt::DType::i32)});
  ASSERT_EQ(out.size(), 1u);
  ref::Array expected = cache;
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t r = 0; r < 2; ++r)
      for (int64_t d = 0; d < 5; ++d)
        expected.data[(b * 7 + 5 + r) * 5 + d] = kv.data[(b * 2 + r) * 5 + d];
  EXPECT_TRUE(allClose(out[0], expected, 0, 0));
  for (int64_t pos : {6, 7, -1}) {
    rt::Status s = callWith(artifact,
                            {toTensor(cache), toTensor(kv),
                             toTensor({}, {pos}, rt::DType::i32)},
                            rt::TensorFile());
    ASSERT_FALSE(s.isOk()) << "offset " << pos;
    EXPECT_EQ(s.message(),
              "function 'append', instruction 0 (dispatch): update_slice "
              "offset " +
                  std::to_string(pos) +
                  " is outside [0, 5], where 2 along axis 1 fit in 7 (" +
                  testDirectory() + "/model.mlir:2:8)");
  }
}

} // namespace
