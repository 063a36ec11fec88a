//===- HostProgramTest.cpp - programs that loop and keep state ------------===//
//
// Host programs with control flow and state, compiled with umc-compile and
// run by the runtime's interpreter: a loop whose trip count is an input, a
// while loop that stops on a value a kernel computed, a branch, state kept
// across calls, and a large state updated in place without a copy. The
// expected values are computed here, in plain C++.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Runtime/Program.h"

#include <cmath>

using namespace umc;
using namespace umc::e2e;

namespace {

const char *kModel = R"mlir(
module {
  ml_program.global private mutable @total(dense<0.0> : tensor<5xf32>) : tensor<5xf32>

  // x * 2^n: a loop whose trip count is the input n.
  func.func @repeat(%x: tensor<5xf32>, %n: tensor<i64>) -> tensor<5xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %nv = tensor.extract %n[] : tensor<i64>
    %ni = arith.index_cast %nv : i64 to index
    %r = scf.for %i = %c0 to %ni step %c1 iter_args(%a = %x) -> (tensor<5xf32>) {
      %y = umc.add %a, %a : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
      scf.yield %y : tensor<5xf32>
    }
    return %r : tensor<5xf32>
  }

  // Squares x and adds one until its first element exceeds the limit; also
  // returns how many steps that took.
  func.func @grow(%x: tensor<5xf32>, %limit: tensor<f32>) -> (tensor<5xf32>, tensor<i64>) {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0 : i64
    %one = arith.constant 1 : i64
    %l = tensor.extract %limit[] : tensor<f32>
    %r:2 = scf.while (%v = %x, %k = %zero) : (tensor<5xf32>, i64) -> (tensor<5xf32>, i64) {
      %e = tensor.extract %v[%c0] : tensor<5xf32>
      %go = arith.cmpf ole, %e, %l : f32
      scf.condition(%go) %v, %k : tensor<5xf32>, i64
    } do {
    ^bb0(%v: tensor<5xf32>, %k: i64):
      %sq = umc.mul %v, %v : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
      %ones = arith.constant dense<1.0> : tensor<5xf32>
      %y = umc.add %sq, %ones : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
      %k1 = arith.addi %k, %one : i64
      scf.yield %y, %k1 : tensor<5xf32>, i64
    }
    %steps = tensor.from_elements %r#1 : tensor<i64>
    return %r#0, %steps : tensor<5xf32>, tensor<i64>
  }

  // exp(x) when the flag is set, else x filled with the scalar v.
  func.func @choose(%x: tensor<5xf32>, %flag: tensor<i32>, %v: tensor<f32>) -> tensor<5xf32> {
    %f = tensor.extract %flag[] : tensor<i32>
    %zero = arith.constant 0 : i32
    %c = arith.cmpi ne, %f, %zero : i32
    %s = tensor.extract %v[] : tensor<f32>
    %r = scf.if %c -> (tensor<5xf32>) {
      %e = umc.exp %x : tensor<5xf32>
      scf.yield %e : tensor<5xf32>
    } else {
      %splat = tensor.splat %s : tensor<5xf32>
      scf.yield %splat : tensor<5xf32>
    }
    return %r : tensor<5xf32>
  }

  // Adds x to the state and returns the running sum.
  func.func @accumulate(%x: tensor<5xf32>) -> tensor<5xf32> {
    %a = ml_program.global_load @total : tensor<5xf32>
    %b = umc.add %a, %x : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
    ml_program.global_store @total = %b : tensor<5xf32>
    return %b : tensor<5xf32>
  }
}
)mlir";

std::vector<double> values(const rt::Tensor &t) { return toArray(t).data; }

class HostProgram : public ::testing::Test {
protected:
  /// Compiled once, by whichever test runs first (compile() needs a test).
  void SetUp() override {
    static std::shared_ptr<const rt::Artifact> compiled = compile(kModel);
    artifact = &compiled;
  }

  /// A fresh program (fresh state) on `threads` threads.
  std::unique_ptr<rt::Program> load(unsigned threads = 2) {
    auto program = rt::Program::create(*artifact, cpuDevice(threads));
    EXPECT_TRUE(program.isOk()) << program.status().message();
    return program.isOk() ? std::move(program.value()) : nullptr;
  }

  std::vector<rt::Tensor> call(rt::Program &program, const std::string &name,
                               const std::vector<rt::Tensor> &inputs) {
    auto fn = (*artifact)->function(name);
    EXPECT_TRUE(fn.isOk()) << fn.status().message();
    auto outputs = program.call(**fn, inputs);
    EXPECT_TRUE(outputs.isOk()) << outputs.status().message();
    return outputs.isOk() ? outputs.value() : std::vector<rt::Tensor>{};
  }

  const std::shared_ptr<const rt::Artifact> *artifact = nullptr;
};

rt::Tensor scalarI64(int64_t v) { return scalarInt(v, rt::DType::i64); }
rt::Tensor scalarI32(int64_t v) { return scalarInt(v, rt::DType::i32); }

} // namespace

TEST_F(HostProgram, LoopTripCountIsAnInput) {
  ASSERT_TRUE(*artifact);
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array x = random({5}, 1);
  // A negative count runs no iteration, as scf.for does.
  for (int64_t n : {0, 1, 7, -3}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    auto out = call(*program, "repeat", {toTensor(x), scalarI64(n)});
    ASSERT_EQ(out.size(), 1u);
    ref::Array expected = x;
    for (double &v : expected.data)
      v *= std::ldexp(1.0, static_cast<int>(std::max<int64_t>(n, 0)));
    EXPECT_TRUE(allClose(out[0], expected, 0, 0));
  }
}

TEST_F(HostProgram, WhileStopsOnAValueAKernelComputed) {
  ASSERT_TRUE(*artifact);
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array x = random({5}, 2, 0.5, 1.0);
  for (double limit : {0.25, 3.0, 1000.0}) {
    SCOPED_TRACE("limit = " + std::to_string(limit));
    auto out = call(*program, "grow", {toTensor(x), scalarF32(limit)});
    ASSERT_EQ(out.size(), 2u);
    // The same recurrence in float, as the kernels compute it.
    std::vector<float> v(x.data.begin(), x.data.end());
    int64_t steps = 0;
    while (v[0] <= static_cast<float>(limit)) {
      for (float &e : v)
        e = e * e + 1.0f;
      ++steps;
    }
    ref::Array expected = ref::Array::zeros({5});
    for (size_t i = 0; i < v.size(); ++i)
      expected.data[i] = v[i];
    EXPECT_TRUE(allClose(out[0], expected, 0, 0));
    EXPECT_EQ(values(out[1]), std::vector<double>{double(steps)});
  }
}

TEST_F(HostProgram, BranchOnAnInput) {
  ASSERT_TRUE(*artifact);
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array x = random({5}, 3);
  auto taken = call(*program, "choose", {toTensor(x), scalarI32(1), scalarF32(2.5)});
  ASSERT_EQ(taken.size(), 1u);
  ref::Array e = x;
  for (double &v : e.data)
    v = std::exp(v);
  EXPECT_TRUE(allClose(taken[0], e, 1e-6, 1e-6));
  auto other = call(*program, "choose", {toTensor(x), scalarI32(0), scalarF32(2.5)});
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(values(other[0]), std::vector<double>(5, 2.5));
}

TEST_F(HostProgram, StatePersistsAcrossCalls) {
  ASSERT_TRUE(*artifact);
  auto program = load();
  ASSERT_TRUE(program);
  ref::Array x = random({5}, 4);
  for (int calls = 1; calls <= 3; ++calls) {
    auto out = call(*program, "accumulate", {toTensor(x)});
    ASSERT_EQ(out.size(), 1u);
    ref::Array expected = x;
    for (double &v : expected.data)
      v = static_cast<float>(v * calls);
    EXPECT_TRUE(allClose(out[0], expected, 1e-6, 0)) << calls << " calls";
    auto state = program->readState("total");
    ASSERT_TRUE(state.isOk()) << state.status().message();
    EXPECT_EQ(values(*state), values(out[0]));
  }
  // Another program of the same artifact starts from zero.
  auto fresh = load();
  ASSERT_TRUE(fresh);
  auto state = fresh->readState("total");
  ASSERT_TRUE(state.isOk());
  EXPECT_EQ(values(*state), std::vector<double>(5, 0.0));
  EXPECT_FALSE(fresh->readState("nope").isOk());
}

/// A module with f32 state @`name` of `n` elements and `update(%x)`, which
/// stores `%n` as computed by `body` from the loaded state `%s` and `%x`.
static std::string stateUpdate(const std::string &name, int64_t n,
                               const std::string &body) {
  std::string type = "tensor<" + std::to_string(n) + "xf32>";
  return "ml_program.global private mutable @" + name + "(dense<0.0> : " +
         type + ") : " + type + "\n" + "func.func @update(%x: " + type +
         ") {\n" + "  %s = ml_program.global_load @" + name + " : " + type +
         "\n" + body + "  ml_program.global_store @" + name + " = %n : " +
         type + "\n  return\n}\n";
}

// 16 MB of state, read and rewritten by an elementwise kernel in place: the
// profile shows the one kernel and no copy.
TEST(HostProgramState, LargeStateUpdatedInPlace) {
  const int64_t n = 4 << 20;
  std::string type = "tensor<" + std::to_string(n) + "xf32>";
  auto artifact = compile(stateUpdate(
      "big", n, "  %n = umc.add %s, %x : (" + type + ", " + type + ") -> " +
                    type + "\n"));
  ASSERT_TRUE(artifact);
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk()) << program.status().message();
  rt::Profile profile;
  (*program)->enableProfiling(&profile);
  ref::Array x = random({n}, 5);
  rt::Tensor input = toTensor(x);
  auto fn = artifact->defaultFunction();
  ASSERT_TRUE(fn.isOk());
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE((*program)->call(**fn, {input}).isOk());

  std::vector<rt::Profile::Row> rows = profile.summarize(artifact->module());
  ASSERT_EQ(rows.size(), 1u) << profile.format(artifact->module());
  EXPECT_EQ(rows[0].name, "update_k0_add");
  EXPECT_EQ(rows[0].calls, 3);

  auto state = (*program)->readState("big");
  ASSERT_TRUE(state.isOk());
  ref::Array expected = x;
  for (double &v : expected.data) {
    float f = static_cast<float>(v);
    v = (f + f) + f;
  }
  EXPECT_TRUE(allClose(*state, expected, 0, 0));
}

// A state updated in place by a chain of two elementwise ops (a parameter
// update's shape): the first op must not write its result over the state
// before the second has read it.
TEST(HostProgramState, StateUpdatedInPlaceByAChain) {
  const int64_t n = 1 << 16;
  std::string type = "tensor<" + std::to_string(n) + "xf32>";
  std::string binary = "(" + type + ", " + type + ") -> " + type + "\n";
  auto artifact = compile(stateUpdate("acc", n,
                                      "  %m = umc.mul %x, %x : " + binary +
                                          "  %n = umc.add %s, %m : " + binary));
  ASSERT_TRUE(artifact);
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk()) << program.status().message();
  ref::Array x = random({n}, 7);
  auto fn = artifact->defaultFunction();
  ASSERT_TRUE(fn.isOk());
  // Three calls: 3 x^2 (a state overwritten early gives 2 x^2).
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE((*program)->call(**fn, {toTensor(x)}).isOk());
  auto state = (*program)->readState("acc");
  ASSERT_TRUE(state.isOk());
  ref::Array expected = x;
  for (double &v : expected.data) {
    float f = static_cast<float>(v);
    v = (f * f + f * f) + f * f;
  }
  EXPECT_TRUE(allClose(*state, expected, 0, 0));
}

// The same results on one thread and on five: workgroups are independent.
TEST_F(HostProgram, ThreadCountDoesNotChangeResults) {
  ASSERT_TRUE(*artifact);
  ref::Array x = random({5}, 6, 0.5, 1.0);
  auto one = load(1), five = load(5);
  ASSERT_TRUE(one && five);
  auto a = call(*one, "grow", {toTensor(x), scalarF32(50)});
  auto b = call(*five, "grow", {toTensor(x), scalarF32(50)});
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(a[0].bytes, b[0].bytes);
  EXPECT_EQ(a[1].bytes, b[1].bytes);
}

// A linear's weight packed when the parameters are set (umc-cpu-pack-weights):
// the result follows the parameters, including when they are set again
// between calls, and a missing one is named.
TEST(HostProgramParams, PackedWeightsFollowTheParameters) {
  auto artifact = compile(R"mlir(
func.func @f(%x: tensor<40x24xf32>,
             %w: tensor<48x24xf32> {umc.param = "fc.weight"},
             %b: tensor<48xf32> {umc.param = "fc.bias"}) -> tensor<40x48xf32> {
  %y = umc.linear %x, %w, %b : (tensor<40x24xf32>, tensor<48x24xf32>, tensor<48xf32>) -> tensor<40x48xf32>
  return %y : tensor<40x48xf32>
}
)mlir");
  ASSERT_TRUE(artifact);
  auto fn = artifact->function("f");
  ASSERT_TRUE(fn.isOk());
  // Otherwise this would not test packing at all.
  ASSERT_TRUE(artifact->function("umc_derive_params").isOk())
      << "the weight was not packed";
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk()) << program.status().message();
  ref::Array x = random({40, 24}, 1), b = random({48}, 2);
  rt::Tensor input = toTensor(x);

  auto missing = (*program)->call(**fn, {input});
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().message().find("fc.weight"), std::string::npos)
      << missing.status().message();

  for (uint64_t seed : {3, 4}) {
    ref::Array w = random({48, 24}, seed);
    rt::TensorFile params;
    params.tensors["fc.weight"] = toTensor(w);
    params.tensors["fc.bias"] = toTensor(b);
    (*program)->setParams(std::move(params));
    for (int call = 0; call < 2; ++call) {
      auto out = (*program)->call(**fn, {input});
      ASSERT_TRUE(out.isOk()) << out.status().message();
      EXPECT_TRUE(allClose((*out)[0], ref::linear(x, w, &b), 1e-5, 1e-5))
          << "parameters " << seed << ", call " << call;
    }
  }
}

// A packed weight whose width the column tiles do not divide (1376 columns
// in tiles of 160: the last holds 96): every tile, the last included,
// reads its blocks of the packed weight.
TEST(HostProgramParams, PackedWeightOfAWidthTheTilesDoNotDivide) {
  auto artifact = compile(R"mlir(
func.func @f(%x: tensor<40x24xf32>,
             %w: tensor<1376x24xf32> {umc.param = "fc.weight"}) -> tensor<40x1376xf32> {
  %y = umc.linear %x, %w : (tensor<40x24xf32>, tensor<1376x24xf32>) -> tensor<40x1376xf32>
  return %y : tensor<40x1376xf32>
}
)mlir");
  ASSERT_TRUE(artifact);
  ASSERT_TRUE(artifact->function("umc_derive_params").isOk())
      << "the weight was not packed";
  auto fn = artifact->function("f");
  ASSERT_TRUE(fn.isOk());
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk()) << program.status().message();
  ref::Array x = random({40, 24}, 5), w = random({1376, 24}, 6);
  rt::TensorFile params;
  params.tensors["fc.weight"] = toTensor(w);
  (*program)->setParams(std::move(params));
  auto out = (*program)->call(**fn, {toTensor(x)});
  ASSERT_TRUE(out.isOk()) << out.status().message();
  EXPECT_TRUE(allClose((*out)[0], ref::linear(x, w, nullptr), 1e-5, 1e-5));
}
