//===- umc-bench.cpp - time umc artifacts; STREAM-style copy bandwidth ----===//
//
// Two modes, each printing one JSON line on stdout for bench/bench.py:
//
//   umc-bench time ART --input=@x.npy ... --params=w.safetensors --threads=2
//       [--function=F] [--warmup=2] [--reps=20] [--max-seconds=10]
//       [--output=@y.npy] [--case=NAME]
//     Loads the artifact, parameters and inputs once, calls the function
//     `warmup` times (the first call's result goes to --output), then times
//     calls one by one: at most `reps` of them, and no more once
//     `max-seconds` of timed calls have passed and at least 3 were timed.
//     Each time is one Program::callInto, wall clock: kernels and the thread
//     pool's dispatch. Outputs and scratch are reused from call to call, as
//     a server would.
//
//   umc-bench stream [--threads=2] [--mib=M] [--reps=10]
//     STREAM's Copy kernel, dst[i] = src[i] over f32 arrays of M MiB each
//     (default: 4x the last-level cache, at least 64 MiB), split over the
//     same ThreadPool umc's programs use. Bytes counted per copy: 2 * M MiB
//     (one read, one write, as STREAM counts; the write-allocate read is not
//     counted). The first repetition is not timed; the best and the median
//     of the rest are reported in GB/s (10^9 bytes per second).
//
// Links the runtime and its tooling only, like umc-run: no MLIR, no LLVM.
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Params.h"
#include "umc/Runtime/Program.h"
#include "umc/Runtime/ThreadPool.h"
#include "umc/Tooling/Npy.h"
#include "umc/Tooling/Safetensors.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace umc::rt;
using Clock = std::chrono::steady_clock;

namespace {

int fail(const Status &status) {
  std::fprintf(stderr, "umc-bench: error: %s\n", status.message().c_str());
  return 1;
}

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

/// JSON string literal (names and paths only: quotes and backslashes).
std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

unsigned resolveThreads(unsigned threads) {
  return threads ? threads : std::max(1u, std::thread::hardware_concurrency());
}

//===----------------------------------------------------------------------===//
// time
//===----------------------------------------------------------------------===//

struct TimeOptions {
  std::string artifact, function, params, output, caseName;
  std::vector<std::string> inputs;
  unsigned threads = 0;
  int warmup = 2, reps = 20;
  double maxSeconds = 10;
};

std::string stripAt(const std::string &s) {
  return !s.empty() && s[0] == '@' ? s.substr(1) : s;
}

int runTime(const TimeOptions &opts) {
  auto artifact = Artifact::load(opts.artifact);
  if (!artifact.isOk())
    return fail(artifact.status());
  auto function = opts.function.empty() ? (*artifact)->defaultFunction()
                                        : (*artifact)->function(opts.function);
  if (!function.isOk())
    return fail(function.status());
  const Function &fn = **function;

  std::vector<Tensor> inputs;
  for (const std::string &path : opts.inputs) {
    auto input = readNpy(stripAt(path));
    if (!input.isOk())
      return fail(input.status());
    inputs.push_back(std::move(input.value()));
  }
  if (Status s = checkInputs(fn, inputs); !s.isOk())
    return fail(s);

  std::vector<std::string> unusedParams;
  auto params = loadParams((*artifact)->module(), opts.params,
                           /*initMissing=*/false, /*seed=*/0, &unusedParams);
  if (!params.isOk())
    return fail(params.status());
  if (!unusedParams.empty())
    std::fprintf(stderr, "umc-bench: warning: %s\n",
                 unusedParamsWarning(unusedParams, opts.params).c_str());

  unsigned threads = resolveThreads(opts.threads);
  auto device = openDevice("cpu", threads);
  if (!device.isOk())
    return fail(device.status());
  auto program = Program::create(*artifact, *device);
  if (!program.isOk())
    return fail(program.status());
  (*program)->setParams(std::move(params.value()));

  std::vector<double> warmupMs;
  std::vector<Tensor> outputs;
  for (int w = 0; w < std::max(1, opts.warmup); ++w) {
    Clock::time_point start = Clock::now();
    Status called = (*program)->callInto(fn, inputs, outputs);
    warmupMs.push_back(millisSince(start));
    if (!called.isOk())
      return fail(called);
    if (w == 0 && !opts.output.empty()) {
      if (outputs.empty())
        return fail(Status::error("--output given, but '" +
                                  fn.name + "' has no outputs"));
      if (Status s = writeNpy(stripAt(opts.output), outputs.front());
          !s.isOk())
        return fail(s);
    }
  }

  std::vector<double> ms;
  Clock::time_point begin = Clock::now();
  while (static_cast<int>(ms.size()) < std::max(1, opts.reps)) {
    Clock::time_point start = Clock::now();
    Status called = (*program)->callInto(fn, inputs, outputs);
    ms.push_back(millisSince(start));
    if (!called.isOk())
      return fail(called);
    if (ms.size() >= 3 && millisSince(begin) >= opts.maxSeconds * 1000)
      break;
  }

  std::printf("{\"tool\": \"umc-bench\", \"mode\": \"time\", \"case\": %s, "
              "\"function\": %s, \"threads\": %u, \"warmup\": %zu, "
              "\"first_ms\": %.4f, \"reps\": %zu, \"median_ms\": %.4f, "
              "\"min_ms\": %.4f, \"max_ms\": %.4f}\n",
              quoted(opts.caseName).c_str(), quoted(fn.name).c_str(),
              threads, warmupMs.size(), warmupMs.front(), ms.size(),
              median(ms), *std::min_element(ms.begin(), ms.end()),
              *std::max_element(ms.begin(), ms.end()));
  return 0;
}

//===----------------------------------------------------------------------===//
// stream
//===----------------------------------------------------------------------===//

struct StreamOptions {
  unsigned threads = 0;
  double mib = 0;
  int reps = 10;
};

/// The last-level cache in bytes, 0 when unknown. Sysfs first: under a
/// hypervisor glibc's sysconf(_SC_LEVEL3_CACHE_SIZE) may report the host's
/// total over all dies (320 MiB where sysfs and lscpu say 32 MiB).
uint64_t lastLevelCacheBytes() {
  uint64_t best = 0;
  int bestLevel = 0;
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    std::ifstream levelIn(dir + "/level"), sizeIn(dir + "/size");
    int level = 0;
    std::string text;
    if (!(levelIn >> level) || !(sizeIn >> text) || text.empty())
      continue;
    uint64_t value = std::strtoull(text.c_str(), nullptr, 10);
    char unit = text.back();
    value = unit == 'K' ? value << 10 : unit == 'M' ? value << 20 : value;
    if (level > bestLevel || (level == bestLevel && value > best)) {
      bestLevel = level;
      best = value;
    }
  }
  if (best)
    return best;
  long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  return l3 > 0 ? static_cast<uint64_t>(l3) : 0;
}

// A plain loop with ordinary stores, as STREAM's Copy: keep the compiler from
// turning it into a memcpy call, whose large-block path may switch to
// non-temporal stores that no umc kernel uses.
#if defined(__clang__)
__attribute__((no_builtin("memcpy")))
#endif
void copyRange(float *__restrict dst, const float *__restrict src, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    dst[i] = src[i];
}

int runStream(const StreamOptions &opts) {
  unsigned threads = resolveThreads(opts.threads);
  uint64_t llc = lastLevelCacheBytes();
  double mib = opts.mib > 0
                   ? opts.mib
                   : std::max<double>(64, 4.0 * static_cast<double>(llc) /
                                              (1 << 20));
  int64_t n = static_cast<int64_t>(mib * (1 << 20) / sizeof(float));
  n = std::max<int64_t>(n / 1024 * 1024, 1024);
  auto *src = static_cast<float *>(std::aligned_alloc(64, n * sizeof(float)));
  auto *dst = static_cast<float *>(std::aligned_alloc(64, n * sizeof(float)));
  if (!src || !dst)
    return fail(Status::error("cannot allocate 2 x " + std::to_string(mib) +
                              " MiB"));

  ThreadPool pool(threads);
  // Blocks of 64 KiB of floats handed out as umc hands out workgroups: a few
  // chunks per thread, claimed dynamically.
  const int64_t block = 16384;
  int64_t blocks = (n + block - 1) / block;
  int64_t chunk = std::max<int64_t>(1, blocks / (4 * pool.size()));
  auto forBlocks = [&](auto body) {
    pool.parallelFor(blocks, chunk, [&](int64_t first, int64_t last) {
      int64_t begin = first * block, end = std::min(n, last * block);
      body(begin, end);
    });
  };
  // First touch from the pool, as the copy will touch them.
  forBlocks([&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      src[i] = static_cast<float>(i & 1023);
      dst[i] = 0.0f;
    }
  });

  std::vector<double> gbps;
  double bytes = 2.0 * static_cast<double>(n) * sizeof(float);
  for (int r = 0; r < std::max(2, opts.reps); ++r) {
    Clock::time_point start = Clock::now();
    forBlocks([&](int64_t begin, int64_t end) {
      copyRange(dst + begin, src + begin, end - begin);
    });
    double seconds = millisSince(start) / 1000;
    if (r > 0)
      gbps.push_back(bytes / seconds / 1e9);
  }
  // Use the result so the copies cannot be dropped.
  volatile float sink = dst[n - 1] + dst[n / 2];
  (void)sink;
  std::free(src);
  std::free(dst);

  std::printf("{\"tool\": \"umc-bench\", \"mode\": \"stream\", \"kernel\": "
              "\"copy\", \"threads\": %u, \"array_mib\": %.1f, "
              "\"llc_mib\": %.1f, \"bytes_per_copy\": %.0f, "
              "\"bytes_counted\": \"read+write\", \"reps\": %zu, "
              "\"best_gbps\": %.3f, \"median_gbps\": %.3f}\n",
              threads, n * sizeof(float) / double(1 << 20),
              llc / double(1 << 20), bytes, gbps.size(),
              *std::max_element(gbps.begin(), gbps.end()), median(gbps));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"umc-bench: time umc artifacts; STREAM-style copy bandwidth"};
  app.require_subcommand(1);

  TimeOptions time;
  CLI::App *timeCmd =
      app.add_subcommand("time", "Time calls of an artifact's function");
  timeCmd->add_option("artifact", time.artifact, "The .umcb file")->required();
  timeCmd->add_option("--function", time.function,
                      "The function (default: the only one)");
  timeCmd->add_option("--input", time.inputs,
                      "An input .npy file, in order (repeat for each input)");
  timeCmd->add_option("--params", time.params,
                      "Parameters from a .safetensors file");
  timeCmd->add_option("--output", time.output,
                      "Write the first output of the first call here (.npy)");
  timeCmd->add_option("--threads", time.threads,
                      "CPU threads (default: one per hardware thread)");
  timeCmd->add_option("--warmup", time.warmup, "Untimed calls (default 2)");
  timeCmd->add_option("--reps", time.reps, "Timed calls at most (default 20)");
  timeCmd->add_option("--max-seconds", time.maxSeconds,
                      "Stop timing after this long, once 3 calls are timed "
                      "(default 10)");
  timeCmd->add_option("--case", time.caseName,
                      "A name to echo in the JSON line");

  StreamOptions stream;
  CLI::App *streamCmd = app.add_subcommand(
      "stream", "STREAM-style copy bandwidth over the runtime's thread pool");
  streamCmd->add_option("--threads", stream.threads,
                        "Threads (default: one per hardware thread)");
  streamCmd->add_option("--mib", stream.mib,
                        "MiB per array (default: 4x the last-level cache, at "
                        "least 64)");
  streamCmd->add_option("--reps", stream.reps,
                        "Copies; the first is not timed (default 10)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    std::fprintf(stderr, "umc-bench: %s\nRun 'umc-bench --help' for usage.\n",
                 e.what());
    return 2;
  }
  if (timeCmd->parsed())
    return runTime(time);
  return runStream(stream);
}
