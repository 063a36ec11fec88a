//===- Harness.cpp - compile, run and compare in end-to-end tests ---------===//
#include "Harness.h"

#include "umc/Runtime/CpuDevice.h"
#include "umc/Runtime/Half.h"
#include "umc/Runtime/Params.h"
#include "umc/Runtime/Program.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>

namespace umc::e2e {

std::string testDirectory() {
  const ::testing::TestInfo *info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = ::testing::TempDir() + "umc-e2e-" +
                    info->test_suite_name() + "-" + info->name();
  mkdir(dir.c_str(), 0755);
  return dir;
}

int runCommand(const std::string &command, std::string &output) {
  std::string log = testDirectory() + "/command.log";
  int status = std::system((command + " > " + log + " 2>&1").c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  output = text.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::shared_ptr<const rt::Artifact> compile(const std::string &mlir,
                                            const std::string &flags) {
  std::string dir = testDirectory();
  std::string source = dir + "/model.mlir", artifact = dir + "/model.umcb";
  std::ofstream(source) << mlir;
  // scripts/replay.sh collects every model the tests compile.
  if (const char *replay = std::getenv("UMC_REPLAY_DIR")) {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    static int serial = 0;
    std::ofstream(std::string(replay) + "/" + info->test_suite_name() + "." +
                  info->name() + "." + std::to_string(serial++) + ".mlir")
        << mlir;
  }
  std::string output;
  int status = runCommand(std::string(UMC_COMPILE) + " " + source + " -o " +
                              artifact + " " + flags,
                          output);
  EXPECT_EQ(status, 0) << "umc-compile failed:\n" << output;
  if (status != 0)
    return nullptr;
  auto loaded = rt::Artifact::load(artifact);
  EXPECT_TRUE(loaded.isOk()) << loaded.status().message();
  return loaded.isOk() ? loaded.value() : nullptr;
}

std::shared_ptr<rt::Device> cpuDevice(unsigned threads) {
  return std::make_shared<rt::CpuDevice>(threads);
}

int64_t workgroupsOf(const rt::Artifact &artifact, uint32_t kernel) {
  for (const rt::Executable &exe : artifact.module().executables)
    for (const rt::EntryPoint &entry : exe.entryPoints)
      if (entry.kernel == kernel)
        return entry.workgroups;
  ADD_FAILURE() << "no executable has kernel " << kernel;
  return 0;
}

std::vector<rt::Tensor> run(const std::shared_ptr<const rt::Artifact> &artifact,
                            const std::vector<rt::Tensor> &inputs,
                            rt::TensorFile params, unsigned threads) {
  if (!artifact)
    return {};
  auto program = rt::Program::create(artifact, cpuDevice(threads));
  EXPECT_TRUE(program.isOk()) << program.status().message();
  if (!program.isOk())
    return {};
  rt::Status prepared = rt::prepareParams(artifact->module(), params, "the test",
                                      /*initMissing=*/false, 0);
  EXPECT_TRUE(prepared.isOk()) << prepared.message();
  (*program)->setParams(std::move(params));
  auto function = artifact->defaultFunction();
  EXPECT_TRUE(function.isOk()) << function.status().message();
  auto outputs = (*program)->call(**function, inputs);
  EXPECT_TRUE(outputs.isOk()) << outputs.status().message();
  return outputs.isOk() ? outputs.value() : std::vector<rt::Tensor>{};
}

ref::Array random(std::vector<int64_t> shape, uint64_t seed, double lo,
                  double hi) {
  ref::Array a = ref::Array::zeros(std::move(shape));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  // Rounded to f32 so that the reference sees exactly what the kernels see.
  for (double &v : a.data)
    v = static_cast<float>(dist(rng));
  return a;
}

rt::Tensor toTensor(const ref::Array &array, rt::DType dtype) {
  rt::Tensor t = rt::Tensor::zeros(dtype, array.shape);
  for (size_t i = 0; i < array.data.size(); ++i) {
    float f = static_cast<float>(array.data[i]);
    switch (dtype) {
    case rt::DType::f32:
      t.data<float>()[i] = f;
      break;
    case rt::DType::bf16:
      t.data<uint16_t>()[i] = rt::floatToBf16(f);
      break;
    case rt::DType::f16:
      t.data<uint16_t>()[i] = rt::floatToHalf(f);
      break;
    default:
      ADD_FAILURE() << "toTensor: use the integer overload";
    }
  }
  return t;
}

rt::Tensor toTensor(const std::vector<int64_t> &shape,
                    const std::vector<int64_t> &values, rt::DType dtype) {
  rt::Tensor t = rt::Tensor::zeros(dtype, shape);
  for (size_t i = 0; i < values.size(); ++i) {
    if (dtype == rt::DType::i32)
      t.data<int32_t>()[i] = static_cast<int32_t>(values[i]);
    else
      t.data<int64_t>()[i] = values[i];
  }
  return t;
}

ref::Array toArray(const rt::Tensor &t) {
  ref::Array a = ref::Array::zeros(t.shape);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    switch (t.dtype) {
    case rt::DType::f32:
      a.data[i] = t.data<float>()[i];
      break;
    case rt::DType::bf16:
      a.data[i] = rt::bf16ToFloat(t.data<uint16_t>()[i]);
      break;
    case rt::DType::f16:
      a.data[i] = rt::halfToFloat(t.data<uint16_t>()[i]);
      break;
    case rt::DType::i8:
      a.data[i] = t.data<int8_t>()[i];
      break;
    case rt::DType::i32:
      a.data[i] = t.data<int32_t>()[i];
      break;
    case rt::DType::i64:
      a.data[i] = static_cast<double>(t.data<int64_t>()[i]);
      break;
    }
  }
  return a;
}

::testing::AssertionResult allClose(const rt::Tensor &actual,
                                    const ref::Array &expected, double atol,
                                    double rtol) {
  if (actual.shape != expected.shape)
    return ::testing::AssertionFailure()
           << "shape " << actual.describe() << " differs from the reference";
  ref::Array got = toArray(actual);
  size_t bad = 0, worst = 0;
  double worstExcess = 0;
  for (size_t i = 0; i < got.data.size(); ++i) {
    double limit = atol + rtol * std::fabs(expected.data[i]);
    double error = std::fabs(got.data[i] - expected.data[i]);
    // Equal values match (infinities too); NaN never does.
    if (got.data[i] != expected.data[i] && !(error <= limit)) {
      ++bad;
      if (!(error - limit <= worstExcess)) {
        worstExcess = error - limit;
        worst = i;
      }
    }
  }
  if (bad == 0)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << bad << " of " << got.data.size() << " elements out of tolerance "
         << "(atol " << atol << ", rtol " << rtol << "); worst at flat index "
         << worst << ": got " << got.data[worst] << ", expected "
         << expected.data[worst];
}

std::string type(const std::vector<int64_t> &shape, const std::string &element) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + element + ">";
}

std::string function(const std::string &args, const std::string &body,
                     const std::string &resultType) {
  return "func.func @f(" + args + ") -> " + resultType + " {\n  %r = " + body +
         "\n  return %r : " + resultType + "\n}\n";
}

rt::Tensor scalarInt(int64_t value, rt::DType dtype) {
  return toTensor({}, {value}, dtype);
}

rt::Tensor scalarF32(double value) {
  ref::Array a = ref::Array::zeros({});
  a.data[0] = value;
  return toTensor(a);
}

ref::Array rounded(const ref::Array &array, rt::DType dtype) {
  return toArray(toTensor(array, dtype));
}

} // namespace umc::e2e
