//===- GenerateText.h - umc-run generate for text models ------*- C++ -*-===//
//
// The generic text driver: it runs any artifact whose entry points carry
// the roles "text.prefill" and "text.decode" (docs/artifact-format.md),
// tokenizes with the artifact's tokenizer, and streams each token as the
// model draws it. It knows nothing of the model behind the roles.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLS_UMC_RUN_GENERATETEXT_H
#define UMC_TOOLS_UMC_RUN_GENERATETEXT_H

#include <cstdint>
#include <string>
#include <vector>

namespace umc::run {

struct GenerateOptions {
  std::string artifact;
  std::string prompt;
  int64_t maxNewTokens = 32;
  double temperature = 1.0;
  int64_t topK = 0;
  double topP = 1.0;
  uint64_t seed = 0;
  std::vector<std::string> stop;
  std::string params;
  bool initParams = false;
  uint64_t initSeed = 0;
  std::string device = "cpu";
  unsigned threads = 0;
};

/// Runs the generation; returns the process exit status (0, or 1 after an
/// error printed on stderr).
int generateText(const GenerateOptions &options);

} // namespace umc::run

#endif // UMC_TOOLS_UMC_RUN_GENERATETEXT_H
