//===- GenerateImage.cpp - umc-run generate for image models --------------===//
//
// The image driver: noise from image.noise, then one image.denoise call per
// step (the entry whose sampler --sampler names), with progress on stderr,
// and the images written as PNG, one file or a grid. The schedule of times
// is the model's own: the driver passes only the step and the step count.
//
//===----------------------------------------------------------------------===//
#include "Generate.h"

#include "umc/Tooling/Png.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <unistd.h>

using namespace umc::rt;

namespace umc::run {
namespace {

/// The samplers umc.diffusion_step has; a --sampler outside them is a typo,
/// not a model without it.
const char *const kSamplers[] = {"flow_euler", "flow_heun", "ddim"};

/// What the image.noise and image.denoise entries share: N images of
/// C x H x W, captions of up to L tokens.
struct ImageSignature {
  int64_t batch = 0, channels = 0, height = 0, width = 0, captionLength = 0;
};

bool isScalar(const TensorType &type, DType dtype) {
  return type.dtype == dtype && type.shape.empty();
}

bool isImageBatch(const TensorType &type) {
  return type.dtype == DType::f32 && type.shape.size() == 4 &&
         (type.shape[1] == 1 || type.shape[1] == 3);
}

/// image.noise: (seed i64[], counter i64[]) -> f32[N, C, H, W].
Result<const Function *> noiseFunction(const Module &module) {
  for (const Function &fn : module.functions) {
    if (fn.role != "image.noise")
      continue;
    if (fn.inputs.size() != 2 || !isScalar(fn.inputs[0], DType::i64) ||
        !isScalar(fn.inputs[1], DType::i64) || fn.outputs.size() != 1 ||
        !isImageBatch(fn.outputs[0]))
      return Status::error("entry point '" + fn.name +
                           "' has role 'image.noise' but takes (" +
                           fn.signature() +
                           "); the role takes (i64[], i64[]) and returns "
                           "f32[N, C, H, W] with C = 1 or 3");
    return &fn;
  }
  return Status::error("the artifact has no entry point with role "
                       "'image.noise', which starts an image from a seed");
}

/// image.denoise: (images f32[N, C, H, W], step i32[], steps i32[],
/// tokens i32[N, L], lengths i32[N] [, guidance f32[]]) -> images.
Status checkDenoise(const Function &fn, const TensorType &images) {
  const std::vector<TensorType> &in = fn.inputs;
  bool ok = (in.size() == 5 || in.size() == 6) && in[0] == images &&
            isScalar(in[1], DType::i32) && isScalar(in[2], DType::i32) &&
            in[3].dtype == DType::i32 && in[3].shape.size() == 2 &&
            in[3].shape[0] == images.shape[0] &&
            in[4].dtype == DType::i32 &&
            in[4].shape == std::vector<int64_t>{images.shape[0]} &&
            (in.size() == 5 || isScalar(in[5], DType::f32)) &&
            fn.outputs.size() == 1 && fn.outputs[0] == images;
  if (ok)
    return Status::ok();
  return Status::error(
      "entry point '" + fn.name + "' has role 'image.denoise' but takes (" +
      fn.signature() + "); with image.noise's " + images.describe() +
      " the role takes (images, i32[] step, i32[] steps, i32[N, L] tokens, "
      "i32[N] lengths[, f32[] guidance]) and returns the images");
}

/// The image.denoise entry for `sampler` (empty: the first one).
Result<const Function *> denoiseFunction(const Module &module,
                                         const std::string &sampler,
                                         const TensorType &images) {
  std::string available;
  for (const Function &fn : module.functions) {
    if (fn.role != "image.denoise")
      continue;
    UMC_RETURN_IF_ERROR(checkDenoise(fn, images));
    if (sampler.empty() || fn.sampler == sampler)
      return &fn;
    available += (available.empty() ? "" : ", ") + fn.sampler + " (" +
                 fn.name + ")";
  }
  if (available.empty())
    return Status::error("the artifact has no entry point with role "
                         "'image.denoise', which takes one sampling step");
  return Status::error("--sampler " + sampler +
                       ": the model has no image.denoise entry for it; it "
                       "has " + available);
}

/// --num-images 9 -> 3 columns; 4 -> 2; 5 -> 3.
int64_t columnsFor(int64_t count) {
  int64_t columns = 1;
  while (columns * columns < count)
    ++columns;
  return columns;
}

/// "images-%d.png" -> "images-3.png".
std::string numbered(const std::string &pattern, int64_t index) {
  std::string path = pattern;
  path.replace(path.find("%d"), 2, std::to_string(index));
  return path;
}

} // namespace

int generateImages(const GenerateOptions &opts,
                   std::shared_ptr<const Artifact> artifact) {
  if (!opts.sampler.empty() &&
      std::find(std::begin(kSamplers), std::end(kSamplers), opts.sampler) ==
          std::end(kSamplers))
    return fail("unknown --sampler '" + opts.sampler +
                "'; the samplers are flow_euler, flow_heun and ddim");
  if (opts.steps < 1)
    return fail("--steps must be >= 1, got " + std::to_string(opts.steps));
  if (opts.numImages < 0)
    return fail("--num-images must be >= 1, got " +
                std::to_string(opts.numImages));
  if (opts.scale < 0)
    return fail("--scale must be >= 1, got " + std::to_string(opts.scale));
  if (opts.cfgScale && !std::isfinite(*opts.cfgScale))
    return fail("--cfg-scale must be a finite number, got " +
                number(*opts.cfgScale));

  const Module &module = artifact->module();
  auto noise = noiseFunction(module);
  if (!noise.isOk())
    return fail(noise.status().message());
  const TensorType &images = (*noise)->outputs[0];
  auto denoise = denoiseFunction(module, opts.sampler, images);
  if (!denoise.isOk())
    return fail(denoise.status().message());
  const Function &step = **denoise;
  bool guided = step.inputs.size() == 6;
  if (opts.cfgScale && !guided)
    return fail("--cfg-scale: the model has no unconditional path (its "
                "image.denoise entry '" + step.name +
                "' takes no guidance scale)");
  double cfgScale = opts.cfgScale.value_or(4.0);

  int64_t batch = images.shape[0], channels = images.shape[1],
          height = images.shape[2], width = images.shape[3];
  int64_t captionLength = step.inputs[3].shape[1];
  if (module.tokenizer != "bytes" && !opts.prompt.empty())
    return fail("--prompt: the model has no tokenizer, so it takes no caption");
  if (static_cast<int64_t>(opts.prompt.size()) > captionLength)
    return fail("--prompt is " + std::to_string(opts.prompt.size()) +
                " tokens (UTF-8 bytes) but the model's captions take at "
                "most " + std::to_string(captionLength));
  int64_t count = opts.numImages ? opts.numImages : batch;
  int64_t scale = opts.scale ? opts.scale : (63 + height) / height;
  // PNG allows 2^31 - 1 pixels a side; far less already exhausts memory.
  constexpr int64_t kMaxSide = 16384;
  if (std::max(width, height) > kMaxSide / scale)
    return fail("--scale " + std::to_string(scale) + " would make " +
                std::to_string(width) + "x" + std::to_string(height) +
                " images " + std::to_string(width * scale) + "x" +
                std::to_string(height * scale) + " pixels; at most " +
                std::to_string(kMaxSide) + " a side");
  std::string output = opts.output.empty() ? "images.png" : opts.output;

  auto program = openProgram(opts, artifact);
  if (!program.isOk())
    return fail(program.status().message());

  // Every image of a call gets the prompt.
  Tensor tokens = Tensor::zeros(DType::i32, {batch, captionLength});
  Tensor lengths = Tensor::zeros(DType::i32, {batch});
  for (int64_t b = 0; b < batch; ++b) {
    for (size_t i = 0; i < opts.prompt.size(); ++i)
      tokens.data<int32_t>()[b * captionLength + i] =
          static_cast<unsigned char>(opts.prompt[i]);
    lengths.data<int32_t>()[b] = static_cast<int32_t>(opts.prompt.size());
  }

  int64_t calls = (count + batch - 1) / batch;
  bool interactive = isatty(fileno(stderr));
  std::vector<Image> made;
  auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  for (int64_t call = 0; call < calls; ++call) {
    // The noise counter is the call, so each batch starts from its own noise
    // and the same seed gives the same images.
    std::vector<Tensor> latents;
    Status status = (*program)->callInto(
        **noise,
        {Tensor::scalar(DType::i64, static_cast<double>(opts.seed)),
         Tensor::scalar(DType::i64, static_cast<double>(call))},
        latents);
    for (int64_t s = 0; status.isOk() && s < opts.steps; ++s) {
      std::vector<Tensor> inputs = {latents[0],
                                    Tensor::scalar(DType::i32, static_cast<double>(s)),
                                    Tensor::scalar(DType::i32,
                                           static_cast<double>(opts.steps)),
                                    tokens, lengths};
      if (guided)
        inputs.push_back(Tensor::scalar(DType::f32, cfgScale));
      std::vector<Tensor> next;
      status = (*program)->callInto(step, inputs, next);
      latents = std::move(next);
      // On a terminal the line is redrawn every step; in a log, one line
      // per batch.
      bool last = s + 1 == opts.steps;
      if (!interactive && !last)
        continue;
      double elapsed = seconds();
      int64_t done = call * opts.steps + s + 1, total = calls * opts.steps;
      std::fprintf(stderr,
                   "%sumc-run: step %lld/%lld of batch %lld/%lld, %.1f s, "
                   "%.1f steps/s, about %.0f s left%s",
                   interactive ? "\r" : "", static_cast<long long>(s + 1),
                   static_cast<long long>(opts.steps),
                   static_cast<long long>(call + 1),
                   static_cast<long long>(calls), elapsed, done / elapsed,
                   elapsed / done * (total - done), interactive ? "" : "\n");
      std::fflush(stderr);
    }
    if (!status.isOk()) {
      if (interactive)
        std::fputc('\n', stderr);
      return fail(status.message());
    }
    for (int64_t b = 0; b < batch && static_cast<int64_t>(made.size()) < count;
         ++b)
      made.push_back(upscale(imageFromFloats(latents[0].data<float>(), b,
                                             channels, height, width),
                             scale));
  }
  if (interactive)
    std::fputc('\n', stderr);

  std::string wrote = output;
  if (output.find("%d") != std::string::npos) {
    for (size_t i = 0; i < made.size(); ++i) {
      Status s = writePng(numbered(output, static_cast<int64_t>(i)), made[i]);
      if (!s.isOk())
        return fail(s.message());
    }
    wrote = numbered(output, 0) +
            (made.size() > 1
                 ? " to " + numbered(output, static_cast<int64_t>(made.size()) - 1)
                 : "");
  } else {
    Status s = writePng(output, grid(made, columnsFor(count), scale));
    if (!s.isOk())
      return fail(s.message());
  }
  std::fprintf(stderr,
               "umc-run: %lld image%s of %lldx%lld, %lld %s steps%s in %.2f "
               "s; wrote %s\n",
               static_cast<long long>(count), count == 1 ? "" : "s",
               static_cast<long long>(width), static_cast<long long>(height),
               static_cast<long long>(opts.steps), step.sampler.c_str(),
               guided ? (", guidance " + number(cfgScale)).c_str() : "",
               seconds(), wrote.c_str());
  return 0;
}

} // namespace umc::run
