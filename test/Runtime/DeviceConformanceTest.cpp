//===- DeviceConformanceTest.cpp - what every Device must do --------------===//
//
// One suite, run on every device this runtime has (IREE's hal/cts is the
// model): memory, transfers, copies, fills, timers, executables and
// dispatches, with the results checked by plain C++. A new device joins by
// adding one line to kDevices below and a target to the artifact the build
// compiles for the suite (test/Runtime/CMakeLists.txt).
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/CpuDevice.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

using namespace umc::rt;

namespace {

struct DeviceCase {
  std::string name;
  std::function<std::shared_ptr<Device>()> create;
};

const DeviceCase kDevices[] = {
    {"Cpu1Thread", [] { return std::make_shared<CpuDevice>(1); }},
    {"Cpu3Threads", [] { return std::make_shared<CpuDevice>(3); }},
};

class DeviceConformance : public ::testing::TestWithParam<DeviceCase> {
protected:
  void SetUp() override { device = GetParam().create(); }

  /// Device memory holding `values`.
  void *upload(const std::vector<float> &values) {
    auto memory = device->allocate(values.size() * sizeof(float));
    EXPECT_TRUE(memory.isOk()) << memory.status().message();
    if (!memory.isOk())
      return nullptr;
    owned.push_back(*memory);
    EXPECT_TRUE(device->upload(values.data(), *memory,
                               values.size() * sizeof(float))
                    .isOk());
    return *memory;
  }

  std::vector<float> download(const void *memory, size_t count) {
    std::vector<float> values(count);
    EXPECT_TRUE(device->synchronize().isOk());
    EXPECT_TRUE(
        device->download(memory, values.data(), count * sizeof(float)).isOk());
    return values;
  }

  void TearDown() override {
    for (void *memory : owned)
      device->release(memory);
  }

  /// The conformance artifact (the build's, or $UMC_CONFORMANCE_ARTIFACT
  /// where the suite runs apart from the build) and the executable in it
  /// this device runs.
  const Executable *executable(std::shared_ptr<const Artifact> &artifact) {
    const char *path = std::getenv("UMC_CONFORMANCE_ARTIFACT");
    auto loaded = Artifact::load(path ? path : UMC_CONFORMANCE_ARTIFACT);
    EXPECT_TRUE(loaded.isOk()) << loaded.status().message();
    if (!loaded.isOk())
      return nullptr;
    artifact = *loaded;
    for (const Executable &exe : artifact->module().executables)
      if (device->supports(exe).isOk())
        return &exe;
    ADD_FAILURE() << "no executable of the conformance artifact runs on "
                  << device->name();
    return nullptr;
  }

  static uint32_t kernelIndex(const Artifact &artifact, const std::string &name) {
    const std::vector<Kernel> &kernels = artifact.module().kernels;
    for (uint32_t k = 0; k < kernels.size(); ++k)
      if (kernels[k].name.find(name) == 0)
        return k;
    ADD_FAILURE() << "no kernel " << name;
    return 0;
  }

  std::shared_ptr<Device> device;
  std::vector<void *> owned;
};

std::vector<float> iota(size_t n, float scale) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = scale * static_cast<float>(i % 97) - 3.0f;
  return v;
}

TEST_P(DeviceConformance, HasAName) { EXPECT_FALSE(device->name().empty()); }

TEST_P(DeviceConformance, UploadThenDownloadGivesTheBytesBack) {
  std::vector<float> values = iota(1000, 0.5f);
  void *memory = upload(values);
  ASSERT_TRUE(memory);
  EXPECT_EQ(download(memory, values.size()), values);
}

TEST_P(DeviceConformance, AllocationsAreAlignedAndDistinct) {
  std::vector<void *> blocks;
  for (uint64_t bytes : {1u, 7u, 64u, 1000u, 1u << 20}) {
    auto memory = device->allocate(bytes);
    ASSERT_TRUE(memory.isOk()) << memory.status().message();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(*memory) % 64, 0u) << bytes;
    blocks.push_back(*memory);
  }
  for (size_t i = 0; i < blocks.size(); ++i)
    for (size_t j = i + 1; j < blocks.size(); ++j)
      EXPECT_NE(blocks[i], blocks[j]);
  for (void *memory : blocks)
    device->release(memory);
}

TEST_P(DeviceConformance, AbsurdAllocationIsAnErrorNotACrash) {
  auto memory = device->allocate(uint64_t(1) << 62);
  EXPECT_FALSE(memory.isOk());
  EXPECT_NE(memory.status().message().find("cannot allocate"),
            std::string::npos)
      << memory.status().message();
}

TEST_P(DeviceConformance, CopyMovesBytesBetweenBuffers) {
  std::vector<float> values = iota(513, 1.0f);
  void *from = upload(values);
  void *to = upload(std::vector<float>(513, 0.0f));
  ASSERT_TRUE(from && to);
  ASSERT_TRUE(device->copy(from, to, 513 * sizeof(float)).isOk());
  EXPECT_EQ(download(to, 513), values);
}

TEST_P(DeviceConformance, FillRepeatsPatternsOfEveryElementSize) {
  for (size_t patternBytes : {1u, 2u, 4u, 8u}) {
    SCOPED_TRACE(std::to_string(patternBytes) + "-byte pattern");
    std::vector<float> zeros(64, 0.0f);
    void *memory = upload(zeros);
    ASSERT_TRUE(memory);
    uint8_t pattern[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    ASSERT_TRUE(device->fill(memory, 256, pattern, patternBytes).isOk());
    std::vector<float> back = download(memory, 64);
    const auto *bytes = reinterpret_cast<const uint8_t *>(back.data());
    for (size_t i = 0; i < 256; ++i)
      ASSERT_EQ(bytes[i], pattern[i % patternBytes]) << "byte " << i;
  }
}

TEST_P(DeviceConformance, TimerMeasuresForwards) {
  std::unique_ptr<Timer> timer = device->startTimer();
  ASSERT_TRUE(timer);
  auto first = timer->elapsedMs();
  auto second = timer->elapsedMs();
  ASSERT_TRUE(first.isOk() && second.isOk());
  EXPECT_GE(*first, 0.0);
  EXPECT_GE(*second, *first);
}

TEST_P(DeviceConformance, RefusesExecutablesOfOtherTargets) {
  Executable foreign;
  foreign.target = "no-such-target";
  foreign.format = "nothing";
  Status supported = device->supports(foreign);
  EXPECT_FALSE(supported.isOk());
  EXPECT_FALSE(device->load(foreign, {}).isOk());
}

TEST_P(DeviceConformance, DispatchRunsAKernelOverItsGrid) {
  std::shared_ptr<const Artifact> artifact;
  const Executable *exe = executable(artifact);
  ASSERT_TRUE(exe);
  auto loaded = device->load(*exe, artifact->module().kernels);
  ASSERT_TRUE(loaded.isOk()) << loaded.status().message();

  std::vector<float> x = iota(1003, 0.25f), y = iota(1003, -1.5f);
  void *bindings[] = {upload(x), upload(y),
                      upload(std::vector<float>(1003, 0.0f))};
  ASSERT_TRUE(bindings[0] && bindings[1] && bindings[2]);
  ASSERT_TRUE(device
                  ->dispatch(**loaded, kernelIndex(*artifact, "add_"), bindings)
                  .isOk());
  std::vector<float> sum = download(bindings[2], 1003);
  for (size_t i = 0; i < sum.size(); ++i)
    ASSERT_EQ(sum[i], x[i] + y[i]) << i;
}

TEST_P(DeviceConformance, DispatchCoversEveryWorkgroup) {
  std::shared_ptr<const Artifact> artifact;
  const Executable *exe = executable(artifact);
  ASSERT_TRUE(exe);
  uint32_t kernel = kernelIndex(*artifact, "exp_");
  int64_t grid = 0;
  for (const EntryPoint &entry : exe->entryPoints)
    if (entry.kernel == kernel)
      grid = entry.workgroups;
  EXPECT_GT(grid, 1) << "the exp kernel should span several workgroups";
  auto loaded = device->load(*exe, artifact->module().kernels);
  ASSERT_TRUE(loaded.isOk()) << loaded.status().message();

  std::vector<float> x = iota(64 * 1024, 0.01f);
  void *bindings[] = {upload(x),
                      upload(std::vector<float>(64 * 1024, -1.0f))};
  ASSERT_TRUE(bindings[0] && bindings[1]);
  ASSERT_TRUE(device->dispatch(**loaded, kernel, bindings).isOk());
  std::vector<float> e = download(bindings[1], x.size());
  for (size_t i = 0; i < e.size(); ++i)
    ASSERT_NEAR(e[i], std::exp(x[i]), 1e-6 * std::exp(x[i])) << i;
}

// A grid larger than the code was compiled for (a damaged artifact) is
// refused by the kernel itself, before any workgroup runs past the buffers.
TEST_P(DeviceConformance, KernelsRefuseAGridTheyWereNotCompiledFor) {
  std::shared_ptr<const Artifact> artifact;
  const Executable *exe = executable(artifact);
  ASSERT_TRUE(exe);
  Executable enlarged = *exe;
  for (EntryPoint &entry : enlarged.entryPoints)
    entry.workgroups *= 4;
  auto loaded = device->load(enlarged, artifact->module().kernels);
  ASSERT_TRUE(loaded.isOk()) << loaded.status().message();
  std::vector<float> x = iota(64 * 1024, 0.01f);
  void *bindings[] = {upload(x), upload(std::vector<float>(64 * 1024, 0.0f))};
  ASSERT_TRUE(bindings[0] && bindings[1]);
  Status s = device->dispatch(**loaded, kernelIndex(*artifact, "exp_"), bindings);
  EXPECT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("refused the workgroup range"), std::string::npos)
      << s.message();
}

INSTANTIATE_TEST_SUITE_P(
    Devices, DeviceConformance, ::testing::ValuesIn(kDevices),
    [](const ::testing::TestParamInfo<DeviceCase> &info) {
      return info.param.name;
    });

} // namespace
