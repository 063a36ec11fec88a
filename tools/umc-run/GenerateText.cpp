//===- GenerateText.cpp - umc-run generate for text models ----------------===//
//
// The text driver: it tokenizes with the artifact's tokenizer, calls
// text.prefill (or text.prefill_image with --image) once and text.decode
// per token, and streams each token as the model draws it.
//
//===----------------------------------------------------------------------===//
#include "Generate.h"

#include "umc/Tooling/Png.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace umc::rt;

namespace umc::run {
namespace {

/// The entry point with `role`, checked against the role's signature:
/// (tokens i32[1, S], position i32[], seed i64[], temperature f32[],
///  top_k i32[], top_p f32[]) -> (token i32[1]).
Result<const Function *> roleFunction(const Module &module,
                                      const std::string &role) {
  for (const Function &fn : module.functions) {
    if (fn.role != role)
      continue;
    auto scalar = [](DType t) { return TensorType{t, {}, 0}; };
    bool ok = fn.inputs.size() == 6 && fn.outputs.size() == 1 &&
              fn.inputs[0].dtype == DType::i32 &&
              fn.inputs[0].shape.size() == 2 && fn.inputs[0].shape[0] == 1 &&
              fn.inputs[1] == scalar(DType::i32) &&
              fn.inputs[2] == scalar(DType::i64) &&
              fn.inputs[3] == scalar(DType::f32) &&
              fn.inputs[4] == scalar(DType::i32) &&
              fn.inputs[5] == scalar(DType::f32) &&
              fn.outputs[0].dtype == DType::i32 &&
              fn.outputs[0].shape == std::vector<int64_t>{1};
    if (!ok)
      return Status::error("entry point '" + fn.name + "' has role '" + role +
                           "' but takes (" + fn.signature() +
                           "); the role takes (i32[1, S], i32[], i64[], "
                           "f32[], i32[], f32[]) and returns i32[1]");
    return &fn;
  }
  return Status::error("the artifact has no entry point with role '" + role +
                       "', so it is not a text model umc-run generate can "
                       "run (docs/artifact-format.md lists the roles)");
}

/// The entry point with role text.prefill_image, checked against its
/// signature: (image f32[1, C, H, W], tokens i32[1, S], length i32[],
/// seed, temperature, top_k, top_p) -> (token i32[1], its position i32[]).
Result<const Function *> imagePrefillFunction(const Module &module) {
  for (const Function &fn : module.functions) {
    if (fn.role != "text.prefill_image")
      continue;
    auto scalar = [](DType t) { return TensorType{t, {}, 0}; };
    const std::vector<TensorType> &in = fn.inputs;
    bool ok = in.size() == 7 && in[0].dtype == DType::f32 &&
              in[0].shape.size() == 4 && in[0].shape[0] == 1 &&
              (in[0].shape[1] == 1 || in[0].shape[1] == 3) &&
              in[1].dtype == DType::i32 && in[1].shape.size() == 2 &&
              in[1].shape[0] == 1 && in[2] == scalar(DType::i32) &&
              in[3] == scalar(DType::i64) && in[4] == scalar(DType::f32) &&
              in[5] == scalar(DType::i32) && in[6] == scalar(DType::f32) &&
              fn.outputs.size() == 2 && fn.outputs[0].dtype == DType::i32 &&
              fn.outputs[0].shape == std::vector<int64_t>{1} &&
              fn.outputs[1] == scalar(DType::i32);
    if (!ok)
      return Status::error(
          "entry point '" + fn.name +
          "' has role 'text.prefill_image' but takes (" + fn.signature() +
          "); the role takes (f32[1, C, H, W], i32[1, S], i32[], i64[], "
          "f32[], i32[], f32[]) and returns (i32[1], i32[])");
    return &fn;
  }
  return Status::error("--image: the model has no entry point with role "
                       "'text.prefill_image', so it does not read images");
}

/// The image of --image as the model's input [1, C, H, W] in [-1, 1].
Result<Tensor> readImageInput(const std::string &path,
                              const TensorType &type) {
  int64_t channels = type.shape[1], height = type.shape[2],
          width = type.shape[3];
  Result<Image> image = readPng(path, channels);
  if (!image.isOk())
    return Status::error("--image " + image.status().message());
  if (image->width != width || image->height != height)
    return Status::error("--image " + path + " is " +
                         std::to_string(image->width) + "x" +
                         std::to_string(image->height) +
                         " pixels, but the model reads " +
                         std::to_string(width) + "x" +
                         std::to_string(height) + " images");
  Tensor tensor = Tensor::zeros(DType::f32, type.shape);
  floatsFromImage(*image, tensor.data<float>());
  return tensor;
}

Tensor scalarI32(int64_t v) { return Tensor::scalar(DType::i32, static_cast<double>(v)); }

} // namespace

int generateText(const GenerateOptions &opts,
                 std::shared_ptr<const Artifact> artifact) {
  if (opts.topP <= 0.0 || opts.topP > 1.0)
    return fail("--top-p must be in (0, 1], got " + number(opts.topP));
  if (opts.temperature < 0.0)
    return fail("--temperature must be >= 0 (0 is greedy), got " +
                number(opts.temperature));
  if (opts.topK < 0)
    return fail("--top-k must be >= 0 (0 keeps every token), got " +
                std::to_string(opts.topK));
  if (opts.maxNewTokens < 1)
    return fail("--max-new-tokens must be >= 1, got " +
                std::to_string(opts.maxNewTokens));

  const Module &module = artifact->module();
  if (module.tokenizer != "bytes")
    return fail(module.tokenizer.empty()
                    ? "the artifact has no tokenizer: it is not a text model"
                    : "unknown tokenizer '" + module.tokenizer + "'");
  bool withImage = !opts.image.empty();
  auto imagePrefill = imagePrefillFunction(module);
  auto prefill =
      withImage ? imagePrefill : roleFunction(module, "text.prefill");
  bool hasTextPrefill =
      std::any_of(module.functions.begin(), module.functions.end(),
                  [](const Function &fn) { return fn.role == "text.prefill"; });
  if (!withImage && !hasTextPrefill && imagePrefill.isOk())
    return fail("the model writes text about an image (role "
                "text.prefill_image) and has no text-only prefill: give "
                "--image");
  if (!prefill.isOk())
    return fail(prefill.status().message());
  auto decode = roleFunction(module, "text.decode");
  if (!decode.isOk())
    return fail(decode.status().message());
  const Function &first = **prefill;

  // Byte-level: one token per UTF-8 byte of the prompt.
  std::vector<int64_t> prompt(opts.prompt.begin(), opts.prompt.end());
  for (int64_t &token : prompt)
    token = static_cast<unsigned char>(token);
  int64_t bucket = first.inputs[withImage ? 1 : 0].shape[1];
  int64_t context = static_cast<int64_t>((*decode)->context);
  // With an image the prompt may be empty: the caption follows the image.
  if (prompt.empty() && !withImage)
    return fail("--prompt is empty; the model needs at least one token");
  if (static_cast<int64_t>(prompt.size()) > bucket)
    return fail("--prompt is " + std::to_string(prompt.size()) +
                " tokens (UTF-8 bytes) but the model's prefill takes at most " +
                std::to_string(bucket));
  // Where the text goes on: after the prompt, or where the image prefill
  // says (after the image's tokens and the prompt).
  int64_t maxNewTokens = opts.maxNewTokens;
  auto checkRoom = [&](int64_t position) -> Status {
    int64_t room = context - position;
    if (context > 0 && maxNewTokens > room)
      return Status::error(
          "--max-new-tokens " + std::to_string(maxNewTokens) +
          " does not fit: the model's context is " + std::to_string(context) +
          " positions and the " + (withImage ? "image and prompt take " : "prompt takes ") +
          std::to_string(position) + ", so at most " + std::to_string(room) +
          " new tokens fit");
    return Status::ok();
  };
  if (!withImage) {
    Status room = checkRoom(static_cast<int64_t>(prompt.size()));
    if (!room.isOk())
      return fail(room.message());
  }
  std::vector<Tensor> prefillInputs;
  if (withImage) {
    Result<Tensor> image = readImageInput(opts.image, first.inputs[0]);
    if (!image.isOk())
      return fail(image.status().message());
    prefillInputs.push_back(std::move(image.value()));
  }

  auto program = openProgram(opts, artifact);
  if (!program.isOk())
    return fail(program.status().message());

  Tensor seed = Tensor::zeros(DType::i64, {});
  seed.data<int64_t>()[0] = static_cast<int64_t>(opts.seed);
  Tensor temperature = Tensor::scalar(DType::f32, opts.temperature);
  Tensor topP = Tensor::scalar(DType::f32, opts.topP);
  Tensor topK = scalarI32(opts.topK);

  Tensor tokens = Tensor::zeros(DType::i32, {1, bucket});
  for (size_t i = 0; i < prompt.size(); ++i)
    tokens.data<int32_t>()[i] = static_cast<int32_t>(prompt[i]);
  for (Tensor input :
       {tokens, scalarI32(prompt.size()), seed, temperature, topK, topP})
    prefillInputs.push_back(std::move(input));

  std::fputs(opts.prompt.c_str(), stdout);
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  std::string generated;
  std::vector<Tensor> next;
  Status status = (*program)->callInto(first, prefillInputs, next);
  int64_t position = static_cast<int64_t>(prompt.size());
  if (status.isOk() && withImage) {
    position = next[1].data<int32_t>()[0];
    // Without --max-new-tokens, as many as fit.
    bool maxGiven = std::find(opts.textFlags.begin(), opts.textFlags.end(),
                              "--max-new-tokens") != opts.textFlags.end();
    if (!maxGiven && context > 0)
      maxNewTokens = std::min(maxNewTokens, context - position);
    status = checkRoom(position);
  }
  int64_t count = 0;
  while (status.isOk()) {
    int32_t token = next[0].data<int32_t>()[0];
    // Byte 0 (NUL) ends a text: no text holds it, and models trained on
    // padded captions write it after the last byte.
    if (token == 0)
      break;
    char byte = static_cast<char>(token);
    std::fputc(byte, stdout);
    std::fflush(stdout);
    generated.push_back(byte);
    ++count;
    bool stopped = false;
    for (const std::string &stop : opts.stop)
      stopped |= !stop.empty() && generated.size() >= stop.size() &&
                 generated.compare(generated.size() - stop.size(), stop.size(),
                                   stop) == 0;
    if (stopped || count >= maxNewTokens)
      break;
    Tensor current = Tensor::zeros(DType::i32, {1, 1});
    current.data<int32_t>()[0] = token;
    status = (*program)->callInto(
        **decode,
        {current, scalarI32(position), seed, temperature, topK, topP}, next);
    ++position;
  }
  std::fputc('\n', stdout);
  std::fflush(stdout); // before the summary on stderr, also in a pipe
  if (!status.isOk())
    return fail(status.message());
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  std::fprintf(stderr, "umc-run: %lld new tokens in %.3f s (%.1f tokens/s)\n",
               static_cast<long long>(count), seconds, count / seconds);
  return 0;
}

} // namespace umc::run
