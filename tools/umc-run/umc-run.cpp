//===- umc-run.cpp - run compiled umc artifacts ---------------------------===//
//
// A thin command line over lib/Runtime. It links no MLIR and no LLVM: it is
// what deployment machines get.
//
//   umc-run call ART --function=F --input=@x.npy --input=3:i32 --output=@y.npy
//   umc-run generate ART --prompt "seven"
//   umc-run train ART --data train.safetensors --steps 1000
//   umc-run inspect ART
//   umc-run --list-devices
//
//===----------------------------------------------------------------------===//
#include "Generate.h"
#include "Train.h"

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Half.h"
#include "umc/Runtime/Params.h"
#include "umc/Runtime/Program.h"
#include "umc/Tooling/Npy.h"
#include "umc/Tooling/Safetensors.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <string_view>

using namespace umc::rt;

namespace {

/// More than the hardware threads of nearly any machine (two of today's
/// largest x86 sockets have 768); beyond those, workers only contend, and a
/// count the OS cannot start would abort in the thread pool instead of
/// being an error.
constexpr unsigned kMaxThreads = 1024;

/// A number at least (or, `strict`, above) zero. CLI11's own
/// NonNegativeNumber says "not in range 0.000000 to" the largest double,
/// all 309 digits of it.
CLI::Validator numberFrom0(bool strict) {
  return CLI::Validator(
      [strict](std::string &text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value))
          return "'" + text + "' is not a number";
        if (strict ? value > 0 : value >= 0)
          return "";
        return "must be " + std::string(strict ? "above 0" : "0 or more") +
               ", got " + text;
      },
      strict ? "NUMBER > 0" : "NUMBER >= 0");
}

struct CallOptions {
  std::string artifact;
  std::string function;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::string params;
  bool initParams = false;
  uint64_t seed = 0;
  std::string saveParams;
  std::string device = "cpu";
  unsigned threads = 0;
  int repeat = 0;
  bool profile = false;
};

int fail(const Status &status) {
  std::fprintf(stderr, "umc-run: error: %s\n", status.message().c_str());
  return 1;
}

int usageError(const std::string &message) {
  std::fprintf(stderr, "umc-run: %s\nRun 'umc-run --help' for usage.\n",
               message.c_str());
  return 2;
}

/// CLI11 takes "--input=" for "--input" without a value and would consume
/// the next argument as its value, so that the error (if any) names the
/// wrong text. An empty value is refused here, before CLI11 sees it.
std::optional<std::string> findEmptyValue(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--")
      break;
    if (arg.size() > 3 && arg.substr(0, 2) == "--" &&
        arg.find('=') == arg.size() - 1)
      return std::string(arg);
  }
  return std::nullopt;
}

/// "@file.npy" or a scalar "VALUE:DTYPE" such as "3:i32" or "0.5:f32".
Result<Tensor> parseInput(const std::string &text) {
  if (!text.empty() && text[0] == '@')
    return readNpy(text.substr(1));
  size_t colon = text.rfind(':');
  if (colon == std::string::npos)
    return Status::error("input '" + text +
                         "' is neither @file.npy nor VALUE:DTYPE (e.g. 3:i32)");
  std::string value = text.substr(0, colon);
  std::optional<DType> dtype = parseDType(text.substr(colon + 1));
  if (!dtype)
    return Status::error("input '" + text + "': unknown dtype '" +
                         text.substr(colon + 1) +
                         "' (f32, f16, bf16, i8, i32, i64)");
  Tensor t = Tensor::zeros(*dtype, {});
  char *end = nullptr;
  errno = 0;
  bool isFloat = *dtype == DType::f32 || *dtype == DType::f16 ||
                 *dtype == DType::bf16;
  double f = isFloat ? std::strtod(value.c_str(), &end) : 0.0;
  long long i = isFloat ? 0 : std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno == ERANGE)
    return Status::error("input '" + text + "': '" + value +
                         "' does not parse as " + dtypeName(*dtype));
  switch (*dtype) {
  case DType::f32:
    *t.data<float>() = static_cast<float>(f);
    break;
  case DType::f16:
    *t.data<uint16_t>() = floatToHalf(static_cast<float>(f));
    break;
  case DType::bf16:
    *t.data<uint16_t>() = floatToBf16(static_cast<float>(f));
    break;
  case DType::i8:
    *t.data<int8_t>() = static_cast<int8_t>(i);
    break;
  case DType::i32:
    *t.data<int32_t>() = static_cast<int32_t>(i);
    break;
  case DType::i64:
    *t.data<int64_t>() = static_cast<int64_t>(i);
    break;
  }
  return t;
}

/// numpy has no bfloat16, so an f32 .npy is what most users have for a bf16
/// input: it is rounded to nearest even, as torch's .to(torch.bfloat16)
/// does. Anything else must match the function's type exactly.
bool roundsToBf16(const Tensor &given, const TensorType &expected) {
  return given.dtype == DType::f32 && expected.dtype == DType::bf16 &&
         given.shape == expected.shape &&
         given.bytes.size() == static_cast<size_t>(given.numElements()) * 4;
}

Tensor toBf16(const Tensor &t) {
  Tensor out = Tensor::zeros(DType::bf16, t.shape);
  for (int64_t i = 0; i < t.numElements(); ++i)
    out.data<uint16_t>()[i] = floatToBf16(t.data<float>()[i]);
  return out;
}

/// A few values and the range, for outputs not written to a file.
void printSummary(const std::string &label, const Tensor &t) {
  int64_t n = t.numElements();
  std::printf("%s: %s\n  [", label.c_str(), t.describe().c_str());
  for (int64_t i = 0; i < std::min<int64_t>(n, 8); ++i)
    std::printf("%s%.6g", i ? ", " : "", t.elementAsDouble(i));
  std::printf("%s]", n > 8 ? ", ..." : "");
  if (n > 0) {
    double lo = t.elementAsDouble(0), hi = lo, sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      double v = t.elementAsDouble(i);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    std::printf("  min %.6g  max %.6g  mean %.6g", lo, hi, sum / n);
  }
  std::printf("\n");
}

int runCall(const CallOptions &opts) {
  auto artifact = Artifact::load(opts.artifact);
  if (!artifact.isOk())
    return fail(artifact.status());
  auto function = opts.function.empty()
                      ? (*artifact)->defaultFunction()
                      : (*artifact)->function(opts.function);
  if (!function.isOk())
    return fail(function.status());
  const Function &fn = **function;
  size_t numOutputs = fn.outputs.size();
  if (opts.outputs.size() > numOutputs)
    return fail(Status::error(
        std::to_string(opts.outputs.size()) + " --output files for '" +
        fn.name + "', which has " + std::to_string(numOutputs) +
        " outputs"));
  for (const std::string &out : opts.outputs)
    if (out.size() < 2 || out[0] != '@')
      return fail(Status::error("--output='" + out +
                                "' must name a file as @file.npy"));

  std::vector<Tensor> inputs;
  for (const std::string &text : opts.inputs) {
    auto input = parseInput(text);
    if (!input.isOk())
      return fail(input.status());
    if (inputs.size() < fn.inputs.size() &&
        roundsToBf16(*input, fn.inputs[inputs.size()])) {
      std::fprintf(stderr, "umc-run: note: input %zu is f32, rounded to the "
                           "bf16 the function takes\n", inputs.size());
      *input = toBf16(*input);
    }
    inputs.push_back(std::move(input.value()));
  }
  if (Status s = checkInputs(fn, inputs); !s.isOk())
    return fail(s);

  auto device = openDevice(opts.device, opts.threads);
  if (!device.isOk())
    return fail(device.status());

  std::vector<std::string> unusedParams;
  auto params = loadParams((*artifact)->module(), opts.params, opts.initParams,
                           opts.seed, &unusedParams);
  if (!params.isOk())
    return fail(params.status());
  if (!unusedParams.empty())
    std::fprintf(stderr, "umc-run: warning: %s\n",
                 unusedParamsWarning(unusedParams, opts.params).c_str());
  if (!opts.saveParams.empty()) {
    Status saved = writeSafetensors(opts.saveParams, *params);
    if (!saved.isOk())
      return fail(saved);
  }

  auto program = Program::create(*artifact, *device);
  if (!program.isOk())
    return fail(program.status());
  (*program)->setParams(std::move(params.value()));

  // The first call allocates the outputs; --repeat calls reuse them, so
  // that they time the kernels and not the allocator.
  std::vector<Tensor> outputs;
  Profile profile;
  if (opts.profile)
    (*program)->enableProfiling(&profile);
  if (Status s = (*program)->callInto(fn, inputs, outputs); !s.isOk())
    return fail(s);
  if (opts.repeat > 0) {
    // The profile describes the timed calls when there are some.
    profile.clear();
    std::vector<double> millis;
    for (int r = 0; r < opts.repeat; ++r) {
      auto start = std::chrono::steady_clock::now();
      Status again = (*program)->callInto(fn, inputs, outputs);
      auto stop = std::chrono::steady_clock::now();
      if (!again.isOk())
        return fail(again);
      millis.push_back(
          std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(millis.begin(), millis.end());
    std::fprintf(stderr, "umc-run: %s: median %.4f ms, min %.4f ms over %d runs\n",
                 fn.name.c_str(), millis[millis.size() / 2],
                 millis.front(), opts.repeat);
  }
  if (opts.profile)
    std::fprintf(stderr, "umc-run: profile of %s (%s):\n%s",
                 fn.name.c_str(),
                 opts.repeat > 0 ? "the timed calls" : "one call",
                 profile.format((*artifact)->module()).c_str());

  for (size_t i = 0; i < outputs.size(); ++i) {
    if (i < opts.outputs.size()) {
      Status written = writeNpy(opts.outputs[i].substr(1), outputs[i]);
      if (!written.isOk())
        return fail(written);
      std::fprintf(stderr, "umc-run: wrote output %zu, %s, to %s\n", i,
                   outputs[i].describe().c_str(),
                   opts.outputs[i].substr(1).c_str());
    } else {
      printSummary("output " + std::to_string(i), outputs[i]);
    }
  }
  return 0;
}

int runInspect(const std::string &path) {
  auto artifact = Artifact::load(path);
  if (!artifact.isOk())
    return fail(artifact.status());
  std::fputs(describeArtifact(**artifact).c_str(), stdout);
  return 0;
}

int listAllDevices() {
  for (const DeviceInfo &device : listDevices())
    std::printf("%-8s %s\n", device.id.c_str(), device.description.c_str());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"umc-run: run compiled umc artifacts (.umcb)"};
  app.require_subcommand(0, 1);
  bool listDevicesFlag = false;
  app.add_flag("--list-devices", listDevicesFlag,
               "List the devices of this machine and exit");

  CallOptions call;
  CLI::App *callCmd = app.add_subcommand(
      "call", "Run one function of an artifact on inputs from the command line");
  callCmd->add_option("artifact", call.artifact, "The .umcb file")->required();
  callCmd->add_option("--function", call.function,
                      "The function to run (default: the only one)");
  callCmd->add_option(
      "--input", call.inputs,
      "An input, in order: @file.npy, or a scalar such as 3:i32 or 0.5:f32 "
      "(repeat for each input). A bf16 input takes a bfloat16 .npy as "
      "ml_dtypes saves it (descr '<V2'), or an f32 .npy, rounded to nearest "
      "even (with a note on stderr)");
  callCmd->add_option(
      "--output", call.outputs,
      "Where to write an output, in order: @file.npy (outputs without one are "
      "summarized on stdout). A bf16 output is written as ml_dtypes saves "
      "bfloat16 (descr '<V2'): np.load(f).view(ml_dtypes.bfloat16)");
  callCmd->add_option("--params", call.params,
                      "Parameters from a .safetensors file (tensors the "
                      "model does not have are ignored, with a warning that "
                      "names them)");
  callCmd->add_flag("--init-params", call.initParams,
                    "Initialize parameters missing from --params from their "
                    "spec (see 'inspect')");
  callCmd->add_option("--seed", call.seed,
                      "Seed for --init-params (default 0)");
  callCmd->add_option("--save-params", call.saveParams,
                      "Write the parameters used to a .safetensors file");
  callCmd->add_option("--device", call.device,
                      "Where to run: cpu or cuda:N (default cpu; no fallback)");
  callCmd
      ->add_option("--threads", call.threads,
                   "CPU threads (default: one per hardware thread)")
      ->check(CLI::Range(0u, kMaxThreads));
  callCmd
      ->add_option("--repeat", call.repeat,
                   "Time the call this many more times and report the "
                   "median on stderr (state the function updates is "
                   "updated by every call; outputs are the last call's)")
      ->check(CLI::Range(0, std::numeric_limits<int>::max()));
  callCmd->add_flag("--profile", call.profile,
                    "Print each kernel's source ops, calls, total and median "
                    "time, bytes moved and GB/s or GFLOP/s (on stderr; over "
                    "the --repeat calls when given)");

  umc::run::GenerateOptions generate;
  CLI::App *generateCmd = app.add_subcommand(
      "generate",
      "Generate with a model's sampling entry points: text from a prompt "
      "(roles text.prefill, or text.prefill_image with --image, and "
      "text.decode), streaming each token as it is drawn; or images from a caption (roles image.noise and "
      "image.denoise), showing progress, written as PNG");
  generateCmd->add_option("artifact", generate.artifact, "The .umcb file")
      ->required();
  generateCmd->add_option("--prompt", generate.prompt,
                          "The text to continue, or the caption of the "
                          "images (empty: unconditional images)");
  generateCmd->add_option("--seed", generate.seed,
                          "Seed of the sampler (default 0); the same seed "
                          "gives the same output on any thread count");
  // Text.
  CLI::Option *maxNewTokens = generateCmd->add_option(
      "--max-new-tokens", generate.maxNewTokens,
      "Text: how many tokens to generate at most (default 32; the prompt and "
      "these must fit the context)");
  CLI::Option *temperature = generateCmd->add_option(
      "--temperature", generate.temperature,
      "Text: divides the logits before sampling (default 1; 0 is greedy: "
      "always the most likely token)");
  CLI::Option *topK = generateCmd->add_option(
      "--top-k", generate.topK,
      "Text: sample among the k most likely tokens only (default 0: all)");
  CLI::Option *topP = generateCmd->add_option(
      "--top-p", generate.topP,
      "Text: sample among the smallest set of most likely tokens whose "
      "probability reaches p, in (0, 1] (default 1: all)");
  CLI::Option *image = generateCmd->add_option(
      "--image", generate.image,
      "Text: a PNG image the text is about (image to text), for models "
      "with the role text.prefill_image; it must have the model's size");
  CLI::Option *stop =
      generateCmd
          ->add_option("--stop", generate.stop,
                       "Text: stop once the generated text ends with this "
                       "string (repeat for several)")
          ->allow_extra_args(false);
  // Images.
  generateCmd->add_option(
      "--output", generate.output,
      "Images: the PNG to write, all images in a grid (default images.png); "
      "a name with %d writes one file per image, %d its number. Makes "
      "images with a model that does both");
  CLI::Option *steps = generateCmd->add_option(
      "--steps", generate.steps,
      "Images: denoising steps from noise to image (default 20)");
  CLI::Option *sampler = generateCmd->add_option(
      "--sampler", generate.sampler,
      "Images: flow_euler, flow_heun or ddim, among those the model has "
      "(default: its first)");
  CLI::Option *cfgScale = generateCmd->add_option(
      "--cfg-scale", generate.cfgScale,
      "Images: classifier-free guidance scale w in v_u + w (v_c - v_u) "
      "(default 4; 1 is no guidance), for models with an unconditional "
      "path");
  CLI::Option *numImages = generateCmd->add_option(
      "--num-images", generate.numImages,
      "Images: how many (default: one call's batch), from successive noise");
  CLI::Option *scale = generateCmd->add_option(
      "--scale", generate.scale,
      "Images: each pixel becomes a K x K block in the PNG (default: the "
      "smallest K that makes an image 64 pixels high or more)");
  generateCmd->add_option("--params", generate.params,
                          "Parameters from a .safetensors file");
  generateCmd->add_flag("--init-params", generate.initParams,
                        "Initialize parameters missing from --params from "
                        "their spec (random output, for trying a model out)");
  generateCmd->add_option("--init-seed", generate.initSeed,
                          "Seed for --init-params (default 0)");
  generateCmd->add_option("--device", generate.device,
                          "Where to run: cpu or cuda:N (default cpu)");
  generateCmd
      ->add_option("--threads", generate.threads,
                   "CPU threads (default: one per hardware thread)")
      ->check(CLI::Range(0u, kMaxThreads));

  umc::run::TrainOptions train;
  umc::rt::Hyperparameters &hyper = train.config.hyper;
  CLI::App *trainCmd = app.add_subcommand(
      "train",
      "Train a model with its compiled training step (umc-compile --train): "
      "batches of a safetensors data set, progress, evaluation, atomic "
      "checkpoints, exact --resume and a loss-curve PNG");
  trainCmd->add_option("artifact", train.artifact, "The .umcb file")
      ->required();
  trainCmd
      ->add_option("--data", train.data,
                   "Training data: a .safetensors file of arrays with the "
                   "same first dimension, fed to the step's inputs of the "
                   "same names (umc.input)")
      ->required();
  trainCmd->add_option("--eval-data", train.evalData,
                       "Held-out data for evaluation with the loss function "
                       "(same arrays)");
  trainCmd->add_option("--steps", train.config.steps,
                       "Optimizer steps in the run (default 1000); also "
                       "the end of the cosine schedule")
      ->check(numberFrom0(true));
  trainCmd->add_option("--batch", train.batch,
                       "Examples per step; must be the size the step was "
                       "compiled for (default: that size)");
  trainCmd->add_option("--lr", hyper.lr, "Peak learning rate (default 0.001)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--warmup-steps", hyper.warmupSteps,
                       "Steps of linear warm-up to --lr (default 0)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--min-lr-ratio", hyper.minLrRatio,
                       "The cosine decays to lr times this at --steps "
                       "(default 0.1; 1 keeps the rate constant)")
      ->check(CLI::Range(0.0, 1.0));
  trainCmd->add_option("--beta1", hyper.beta1, "AdamW beta1 (default 0.9)")
      ->check(CLI::Range(0.0, 1.0));
  trainCmd->add_option("--beta2", hyper.beta2, "AdamW beta2 (default 0.999)")
      ->check(CLI::Range(0.0, 1.0));
  trainCmd->add_option("--eps", hyper.eps, "AdamW epsilon (default 1e-8)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--weight-decay", hyper.weightDecay,
                       "AdamW decoupled weight decay (default 0.01)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--clip-norm", hyper.clipNorm,
                       "Clip the global gradient norm to this (default 1; "
                       "0 turns clipping off)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--seed", train.config.seed,
                       "Seed of the parameters' initialization, the data's "
                       "shuffle and the step's noise (default 0)");
  trainCmd->add_option("--params", train.params,
                       "Initial parameters from a .safetensors file "
                       "(default: initialized from their specs with --seed)");
  trainCmd->add_option("--checkpoint", train.checkpoint,
                       "Where the checkpoint goes (default: the artifact's "
                       "name with .ckpt.safetensors); it holds the "
                       "parameters, so 'generate --params' takes it");
  trainCmd->add_flag("--resume", train.resume,
                     "Continue the run saved in --checkpoint, exactly as "
                     "if it had not stopped (same data and flags)");
  trainCmd->add_flag("--overwrite", train.overwrite,
                     "Start a new run even if --checkpoint exists");
  trainCmd->add_option("--eval-every", train.evalEvery,
                       "Evaluate every K steps (default: at the end only)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--save-every", train.saveEvery,
                       "Save a checkpoint every K steps (default: at the "
                       "end only)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--stop-at", train.stopAt,
                       "Stop and save after this step, to continue later "
                       "with --resume (default: run all --steps)")
      ->check(numberFrom0(false));
  trainCmd->add_option("--curve", train.curve,
                       "The loss-curve PNG (default: the checkpoint's name "
                       "with .loss.png)");
  trainCmd->add_option("--function", train.config.function,
                       "The training step to run (default: the only one)");
  trainCmd->add_option("--device", train.device,
                       "Where to run: cpu or cuda:N (default cpu)");
  trainCmd
      ->add_option("--threads", train.threads,
                   "CPU threads (default: one per hardware thread)")
      ->check(CLI::Range(0u, kMaxThreads));

  std::string inspectPath;
  CLI::App *inspectCmd = app.add_subcommand(
      "inspect", "Describe an artifact (functions, parameters, kernels, "
                 "provenance) without loading its code");
  inspectCmd->add_option("artifact", inspectPath, "The .umcb file")->required();

  if (std::optional<std::string> empty = findEmptyValue(argc, argv))
    return usageError(*empty + " has an empty value");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    return usageError(e.what());
  }

  if (listDevicesFlag)
    return listAllDevices();
  if (callCmd->parsed())
    return runCall(call);
  if (generateCmd->parsed()) {
    for (CLI::Option *flag :
         {maxNewTokens, temperature, topK, topP, stop, image})
      if (flag->count())
        generate.textFlags.push_back(flag->get_name());
    for (CLI::Option *flag : {steps, sampler, cfgScale, numImages, scale})
      if (flag->count())
        generate.imageFlags.push_back(flag->get_name());
    return umc::run::generate(generate);
  }
  if (trainCmd->parsed())
    return umc::run::train(train);
  if (inspectCmd->parsed())
    return runInspect(inspectPath);
  std::fputs(app.help().c_str(), stderr);
  return 2;
}
