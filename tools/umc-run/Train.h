//===- Train.h - umc-run train: training loop on the command line -*- C++ -*-=//
//
// The driver over umc::rt::Trainer (lib/Tooling/Trainer.cpp): progress on
// stderr, evaluation every K steps, checkpoints every K steps and at the
// end, a stop with a clear message on a non-finite loss, and the loss curve
// as a PNG.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLS_UMC_RUN_TRAIN_H
#define UMC_TOOLS_UMC_RUN_TRAIN_H

#include "umc/Tooling/Trainer.h"

#include <string>

namespace umc::run {

struct TrainOptions {
  std::string artifact;
  std::string data, evalData;
  rt::TrainConfig config;
  /// The batch size the caller asks for; 0: the one the step was compiled
  /// for (the only one it takes).
  int64_t batch = 0;
  std::string params; // initial parameters; empty: from their specs
  std::string checkpoint;
  std::string curve;
  bool resume = false;
  bool overwrite = false;
  int64_t evalEvery = 0;
  int64_t saveEvery = 0;
  /// Stop (and save) after this step, to continue later with --resume;
  /// 0: run to the end.
  int64_t stopAt = 0;
  std::string device = "cpu";
  unsigned threads = 0;
};

/// Runs the training; returns the process exit status.
int train(TrainOptions options);

} // namespace umc::run

#endif // UMC_TOOLS_UMC_RUN_TRAIN_H
