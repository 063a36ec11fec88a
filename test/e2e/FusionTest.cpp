//===- FusionTest.cpp - fused and unfused kernels vs the reference --------===//
//
// Each program is compiled twice, with umc-fuse (the default) and with
// --fusion=false, and both are compared with Reference.cpp on awkward shapes
// (rows and columns that no vector width or tile divides). The fused build
// must also really be fused: fewer kernels, each naming all its source ops.
// Tolerances as in OpsTest.cpp: 1e-5 absolute + 1e-4 relative, wider where a
// norm of large values or a GEMM comes first.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

using namespace umc;
using namespace umc::e2e;

namespace {

size_t kernelCount(const std::shared_ptr<const rt::Artifact> &artifact) {
  return artifact ? artifact->module().kernels.size() : 0;
}

size_t sourceOpCount(const std::shared_ptr<const rt::Artifact> &artifact,
                     size_t kernel) {
  return artifact->module().kernels[kernel].sourceOps.size();
}

/// Runs `mlir` fused and unfused on `inputs`; checks every output of both
/// against `expected`, and that fusion leaves `fusedKernels` kernels.
void checkFusedAndUnfused(const std::string &mlir,
                          const std::vector<rt::Tensor> &inputs,
                          const std::vector<ref::Array> &expected,
                          size_t fusedKernels, size_t unfusedKernels,
                          double atol, double rtol) {
  for (bool fused : {true, false}) {
    SCOPED_TRACE(fused ? "fused" : "unfused");
    auto artifact = compile(mlir, fused ? "" : "--fusion=false");
    ASSERT_TRUE(artifact);
    EXPECT_EQ(kernelCount(artifact), fused ? fusedKernels : unfusedKernels);
    auto outputs = run(artifact, inputs);
    ASSERT_EQ(outputs.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_TRUE(allClose(outputs[i], expected[i], atol, rtol)) << "output " << i;
  }
}

} // namespace

TEST(Fusion, LayerNormThenGeluOnAwkwardRows) {
  std::vector<int64_t> xs{333, 1001}, vs{1001};
  ref::Array x = random(xs, 1, -3, 3), g = random(vs, 2), b = random(vs, 3);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %g: " + type(vs) + ", %b: " +
      type(vs) + ") -> " + type(xs) + " {\n"
      "  %n = umc.layer_norm %x scale %g bias %b : (" + type(xs) + ", " +
      type(vs) + ", " + type(vs) + ") -> " + type(xs) + "\n"
      "  %y = umc.gelu %n : " + type(xs) + "\n"
      "  return %y : " + type(xs) + "\n}\n";
  checkFusedAndUnfused(mlir, {toTensor(x), toTensor(g), toTensor(b)},
                       {ref::gelu(ref::layerNorm(x, &g, &b, 1e-5), false)}, 1,
                       2, 1e-5, 1e-4);
  auto fused = compile(mlir);
  ASSERT_TRUE(fused);
  EXPECT_EQ(sourceOpCount(fused, 0), 2u);
  EXPECT_GT(workgroupsOf(*fused, 0), 1);
}

TEST(Fusion, GeluThenLayerNorm) {
  std::vector<int64_t> xs{7, 13, 67};
  ref::Array x = random(xs, 4, -2, 2);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ") -> " + type(xs) + " {\n"
      "  %a = umc.gelu %x approximate = tanh : " + type(xs) + "\n"
      "  %n = umc.layer_norm %a : (" + type(xs) + ") -> " + type(xs) + "\n"
      "  return %n : " + type(xs) + "\n}\n";
  checkFusedAndUnfused(mlir, {toTensor(x)},
                       {ref::layerNorm(ref::gelu(x, true), nullptr, nullptr, 1e-5)},
                       1, 2, 1e-4, 1e-4);
}

TEST(Fusion, GroupNormThenSilu) {
  std::vector<int64_t> xs{2, 12, 7, 5}, vs{12};
  ref::Array x = random(xs, 5, -2, 3), g = random(vs, 6), b = random(vs, 7);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %g: " + type(vs) + ", %b: " +
      type(vs) + ") -> " + type(xs) + " {\n"
      "  %n = umc.group_norm %x scale %g bias %b groups = 4 : (" + type(xs) +
      ", " + type(vs) + ", " + type(vs) + ") -> " + type(xs) + "\n"
      "  %y = umc.silu %n : " + type(xs) + "\n"
      "  return %y : " + type(xs) + "\n}\n";
  checkFusedAndUnfused(mlir, {toTensor(x), toTensor(g), toTensor(b)},
                       {ref::silu(ref::groupNorm(x, &g, &b, 4, 1e-5))}, 1, 2,
                       1e-5, 1e-4);
}

TEST(Fusion, GatedRmsNorm) {
  std::vector<int64_t> xs{5, 9, 45}, vs{45};
  ref::Array x = random(xs, 8, -3, 3), z = random(xs, 9, -3, 3),
             g = random(vs, 10);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %z: " + type(xs) + ", %g: " +
      type(vs) + ") -> " + type(xs) + " {\n"
      "  %n = umc.rms_norm %x scale %g : (" + type(xs) + ", " + type(vs) +
      ") -> " + type(xs) + "\n"
      "  %a = umc.silu %n : " + type(xs) + "\n"
      "  %y = umc.mul %a, %z : (" + type(xs) + ", " + type(xs) + ") -> " +
      type(xs) + "\n"
      "  return %y : " + type(xs) + "\n}\n";
  checkFusedAndUnfused(mlir, {toTensor(x), toTensor(z), toTensor(g)},
                       {ref::mul(ref::silu(ref::rmsNorm(x, &g, 1e-6)), z)}, 1,
                       3, 1e-5, 1e-4);
}

TEST(Fusion, ResidualAddAndLayerNormWriteBoth) {
  // The sum is returned as well as normalized: one kernel writes both.
  std::vector<int64_t> xs{3, 77, 129}, vs{129};
  ref::Array x = random(xs, 11, -2, 2), d = random(xs, 12, -2, 2),
             g = random(vs, 13), b = random(vs, 14);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %d: " + type(xs) + ", %g: " +
      type(vs) + ", %b: " + type(vs) + ") -> (" + type(xs) + ", " + type(xs) +
      ") {\n"
      "  %h = umc.add %x, %d : (" + type(xs) + ", " + type(xs) + ") -> " +
      type(xs) + "\n"
      "  %n = umc.layer_norm %h scale %g bias %b : (" + type(xs) + ", " +
      type(vs) + ", " + type(vs) + ") -> " + type(xs) + "\n"
      "  return %h, %n : " + type(xs) + ", " + type(xs) + "\n}\n";
  ref::Array h = ref::add(x, d);
  checkFusedAndUnfused(mlir,
                       {toTensor(x), toTensor(d), toTensor(g), toTensor(b)},
                       {h, ref::layerNorm(h, &g, &b, 1e-5)}, 1, 2, 1e-5, 1e-4);
}

TEST(Fusion, GemmEpilogueBiasGeluResidual) {
  std::vector<int64_t> xs{3, 37, 45}, ws{53, 45}, bs{53}, out{3, 37, 53};
  ref::Array x = random(xs, 15), w = random(ws, 16, -0.2, 0.2),
             b = random(bs, 17), r = random(out, 18);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %w: " + type(ws) + ", %b: " +
      type(bs) + ", %r: " + type(out) + ") -> " + type(out) + " {\n"
      "  %y = umc.linear %x, %w, %b : (" + type(xs) + ", " + type(ws) + ", " +
      type(bs) + ") -> " + type(out) + "\n"
      "  %a = umc.gelu %y : " + type(out) + "\n"
      "  %s = umc.add %a, %r : (" + type(out) + ", " + type(out) + ") -> " +
      type(out) + "\n"
      "  return %s : " + type(out) + "\n}\n";
  checkFusedAndUnfused(
      mlir, {toTensor(x), toTensor(w), toTensor(b), toTensor(r)},
      {ref::add(ref::gelu(ref::linear(x, w, &b), false), r)}, 1, 3, 1e-5,
      1e-4);
}

TEST(Fusion, ElementwiseChainAfterSoftmax) {
  std::vector<int64_t> xs{6, 31}, vs{31};
  ref::Array x = random(xs, 19, -4, 4), s = random(vs, 20);
  std::string mlir =
      "func.func @f(%x: " + type(xs) + ", %s: " + type(vs) + ") -> " +
      type(xs) + " {\n"
      "  %p = umc.softmax %x : " + type(xs) + "\n"
      "  %e = umc.tanh %p : " + type(xs) + "\n"
      "  %m = umc.mul %e, %s : (" + type(xs) + ", " + type(vs) + ") -> " +
      type(xs) + "\n"
      "  %d = umc.sub %m, %x : (" + type(xs) + ", " + type(xs) + ") -> " +
      type(xs) + "\n"
      "  return %d : " + type(xs) + "\n}\n";
  checkFusedAndUnfused(
      mlir, {toTensor(x), toTensor(s)},
      {ref::sub(ref::mul(ref::tanh(ref::softmax(x, -1)), s), x)}, 1, 4, 1e-5,
      1e-4);
}
