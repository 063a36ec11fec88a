//===- Generate.cpp - umc-run generate: which driver, and what they share -===//
#include "Generate.h"

#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Params.h"
#include "umc/Tooling/Safetensors.h"

#include <algorithm>
#include <cstdio>

using namespace umc::rt;

namespace umc::run {

int fail(const std::string &message) {
  std::fprintf(stderr, "umc-run: error: %s\n", message.c_str());
  return 1;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

Result<std::unique_ptr<Program>>
openProgram(const GenerateOptions &opts,
            std::shared_ptr<const Artifact> artifact) {
  auto device = openDevice(opts.device, opts.threads);
  if (!device.isOk())
    return device.status();
  std::vector<std::string> unused;
  auto params = loadParams(artifact->module(), opts.params, opts.initParams,
                           opts.initSeed, &unused);
  if (!params.isOk())
    return params.status();
  if (!unused.empty())
    std::fprintf(stderr, "umc-run: warning: %s\n",
                 unusedParamsWarning(unused, opts.params).c_str());
  auto program = Program::create(artifact, *device);
  if (!program.isOk())
    return program.status();
  (*program)->setParams(std::move(params.value()));
  return std::move(program.value());
}

namespace {

bool hasRole(const Module &module, const std::string &prefix) {
  return std::any_of(module.functions.begin(), module.functions.end(),
                     [&](const Function &fn) {
                       return fn.role.rfind(prefix, 0) == 0;
                     });
}

std::string joined(const std::vector<std::string> &flags) {
  std::string text;
  for (const std::string &flag : flags)
    text += (text.empty() ? "" : ", ") + flag;
  return text;
}

} // namespace

int generate(const GenerateOptions &opts) {
  auto artifact = Artifact::load(opts.artifact);
  if (!artifact.isOk())
    return fail(artifact.status().message());
  const Module &module = (*artifact)->module();
  bool text = hasRole(module, "text."), images = hasRole(module, "image.");
  if (!text && !images)
    return fail("the artifact has no entry point with a generation role "
                "(text.prefill and text.decode for text; image.noise and "
                "image.denoise for images), so umc-run generate cannot run it "
                "(docs/artifact-format.md lists the roles)");
  // A model with both makes images when asked for an --output.
  bool makeImages = images && (!text || !opts.output.empty());
  if (makeImages && !opts.textFlags.empty())
    return fail(joined(opts.textFlags) + " only appl" +
                (opts.textFlags.size() == 1 ? "ies" : "y") +
                " to text; this run makes images");
  if (!makeImages && !opts.imageFlags.empty())
    return fail(joined(opts.imageFlags) + " only appl" +
                (opts.imageFlags.size() == 1 ? "ies" : "y") + " to images; " +
                (images ? "give --output to make images with this model"
                        : "this artifact is a text model"));
  return makeImages ? generateImages(opts, *artifact)
                    : generateText(opts, *artifact);
}

} // namespace umc::run
