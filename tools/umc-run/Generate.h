//===- Generate.h - umc-run generate: text and images ----------*- C++ -*-===//
//
// The generic drivers: they run any artifact through the entry points whose
// roles they need (docs/artifact-format.md, "Roles"), knowing nothing of
// the model behind them. Text streams token by token (text.prefill, or
// text.prefill_image with --image, then text.decode per token); images are denoised a step at a time
// (image.noise, then image.denoise per step), showing progress, and written
// as PNG.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLS_UMC_RUN_GENERATE_H
#define UMC_TOOLS_UMC_RUN_GENERATE_H

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Program.h"
#include "umc/Runtime/Tensor.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace umc::run {

struct GenerateOptions {
  std::string artifact;
  std::string prompt;
  uint64_t seed = 0;
  std::string params;
  bool initParams = false;
  uint64_t initSeed = 0;
  std::string device = "cpu";
  unsigned threads = 0;
  // Text.
  int64_t maxNewTokens = 32;
  double temperature = 1.0;
  int64_t topK = 0;
  double topP = 1.0;
  std::vector<std::string> stop;
  std::string image;                 // --image: a PNG to caption
  // Images: an image model, or --output on a model that has both.
  std::string output;
  int64_t steps = 20;
  std::string sampler;               // empty: the model's first
  std::optional<double> cfgScale;    // empty: 4 where the model has CFG
  int64_t numImages = 0;             // 0: one call's worth
  int64_t scale = 0;                 // 0: at least 64 pixels high
  /// The flags given that only one kind of model takes, for messages.
  std::vector<std::string> textFlags, imageFlags;
};

/// Runs the generation; returns the process exit status (0, or 1 after an
/// error printed on stderr).
int generate(const GenerateOptions &options);

// Shared by the text and image drivers.
int generateText(const GenerateOptions &options,
                 std::shared_ptr<const rt::Artifact> artifact);
int generateImages(const GenerateOptions &options,
                   std::shared_ptr<const rt::Artifact> artifact);
/// Prints "umc-run: error: <message>" on stderr; returns 1.
int fail(const std::string &message);
/// 0.9, 1.5, -1: a flag's value as the user wrote it.
std::string number(double v);
/// The program on the device, with its parameters loaded (a warning names
/// the file's tensors the model does not have).
rt::Result<std::unique_ptr<rt::Program>>
openProgram(const GenerateOptions &options,
            std::shared_ptr<const rt::Artifact> artifact);

} // namespace umc::run

#endif // UMC_TOOLS_UMC_RUN_GENERATE_H
