//===- Trainer.h - running a compiled training step -------------*- C++ -*-===//
//
// What `umc-run train` does, as a library: it feeds an artifact's training
// step (role "train.step", made by `umc-compile --train`) batches of a data
// set, draws nothing itself (the step's randomness comes from its "seed" and
// "step" inputs), evaluates the loss function on held-out data, and saves
// and resumes checkpoints. A run is a pure function of the artifact, the
// initial parameters, the data, the seed and the hyper-parameters, so a run
// resumed from a checkpoint continues bitwise as the uninterrupted run
// would. Part of the tooling library, not the core runtime. No MLIR or LLVM
// headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_TRAINER_H
#define UMC_TOOLING_TRAINER_H

#include "umc/Runtime/Program.h"
#include "umc/Tooling/Dataset.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace umc::rt {

/// The hyper-parameters a training step takes as inputs, by the names of
/// those inputs (umc-train-step's description in Passes.td).
struct Hyperparameters {
  double lr = 1e-3;
  double warmupSteps = 0;
  double minLrRatio = 0.1;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weightDecay = 0.01;
  double clipNorm = 1.0;

  /// By input name; `total_steps` is the run's length.
  std::map<std::string, double> byName(int64_t totalSteps) const;
};

struct TrainConfig {
  /// The train.step entry point; empty: the artifact's only one.
  std::string function;
  int64_t steps = 1000;
  uint64_t seed = 0;
  Hyperparameters hyper;
};

/// What one step reports.
struct StepResult {
  double loss = 0;
  /// The loss function's other results (scalars only; empty otherwise).
  std::vector<double> metrics;
  double gradNorm = 0;
  double lr = 0;
};

/// An evaluation over a whole held-out data set.
struct EvalResult {
  double loss = 0;
  std::vector<double> metrics;
};

class Trainer {
public:
  /// Binds the step's inputs to `data`'s arrays by name (every mismatch in
  /// one message) and, with `evalData`, the loss function's too. The
  /// parameters start as `params` (already checked with prepareParams).
  static Result<std::unique_ptr<Trainer>>
  create(std::shared_ptr<const Artifact> artifact,
         std::shared_ptr<Device> device, TrainConfig config, Dataset data,
         std::unique_ptr<Dataset> evalData, TensorFile params);

  /// Runs step `step()` and advances. The parameters change even when the
  /// loss is not finite; the caller stops then and keeps its last good
  /// checkpoint.
  Result<StepResult> step();

  /// The loss function's mean over the held-out set, in batches of the
  /// step's size (the last completed with the set's first examples, which
  /// count for the examples it adds). Needs eval data.
  Result<EvalResult> evaluate();

  /// Saves parameters, optimizer state, the losses so far and the run's
  /// configuration to `path`, atomically (a failed or killed save leaves
  /// the file that was there).
  Status save(const std::string &path) const;

  /// Continues the run saved at `path`: the same model, data size and
  /// configuration, or an error that lists every difference; nothing is
  /// changed on an error.
  Status resume(const std::string &path);

  int64_t stepsDone() const { return stepsDone_; }
  int64_t batchSize() const { return batch_; }
  const TrainConfig &config() const { return config_; }
  const Function &stepFunction() const { return *stepFn_; }
  const Dataset &data() const { return *data_; }
  bool hasEval() const { return evalFn_ && evalData_; }
  /// The loss of every step so far, and each evaluation's (step, loss).
  const std::vector<float> &losses() const { return losses_; }
  const std::vector<std::pair<int64_t, float>> &evalLosses() const {
    return evalLosses_;
  }
  void recordEval(int64_t step, double loss) {
    evalLosses_.push_back({step, static_cast<float>(loss)});
  }
  const Program &program() const { return *program_; }

private:
  Trainer() = default;
  /// How one input of a function is fed.
  struct Feed {
    enum Kind { Data, Step, Seed, Hyper } kind;
    std::string name;
  };
  static Result<std::vector<Feed>> bind(const Function &fn, const Dataset &data,
                                        bool isStep, int64_t &batch);
  Status fill(const Function &fn, const std::vector<Feed> &feeds,
              const Dataset &data, const std::vector<int64_t> &indices,
              int64_t step, uint64_t seed, std::vector<Tensor> &inputs) const;
  TensorFile checkpoint() const;

  std::shared_ptr<const Artifact> artifact_;
  std::unique_ptr<Program> program_;
  TrainConfig config_;
  std::unique_ptr<Dataset> data_;
  std::unique_ptr<Dataset> evalData_;
  const Function *stepFn_ = nullptr;
  const Function *evalFn_ = nullptr;
  std::vector<Feed> stepFeeds_, evalFeeds_;
  std::map<std::string, double> hyper_;
  int64_t batch_ = 0;
  int64_t stepsDone_ = 0;
  std::vector<Tensor> inputs_, outputs_;
  std::vector<float> losses_;
  std::vector<std::pair<int64_t, float>> evalLosses_;
};

} // namespace umc::rt

#endif // UMC_TOOLING_TRAINER_H
