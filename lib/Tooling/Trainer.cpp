//===- Trainer.cpp - running a compiled training step ---------------------===//
#include "umc/Tooling/Trainer.h"

#include "umc/Tooling/Safetensors.h"

#include <cmath>
#include <cstdio>

namespace umc::rt {

namespace {

constexpr const char *kFormat = "umc-train-checkpoint";
constexpr const char *kOptimizerPrefix = "optimizer/";
constexpr const char *kLossesName = "train/losses";
constexpr const char *kEvalName = "train/eval";
constexpr const char *kStepSuffix = "_train_step";

/// A value as it is written into a checkpoint: exact, so that a resumed
/// run compares equal.
std::string exact(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

/// The value of a scalar output, or NaN for a tensor.
double scalarValue(const Tensor &t) {
  return t.numElements() == 1 ? t.elementAsDouble(0) : std::nan("");
}

bool isFloat(DType dtype) {
  return dtype == DType::f32 || dtype == DType::f16 || dtype == DType::bf16;
}

/// The run's configuration as checkpoint metadata; a resume must match it.
std::map<std::string, std::string> configMetadata(const TrainConfig &config,
                                                  const std::string &function,
                                                  int64_t batch,
                                                  int64_t examples) {
  std::map<std::string, std::string> m;
  m["function"] = function;
  m["steps"] = std::to_string(config.steps);
  m["seed"] = std::to_string(config.seed);
  m["batch"] = std::to_string(batch);
  m["data.examples"] = std::to_string(examples);
  for (const auto &[name, value] : config.hyper.byName(config.steps))
    if (name != "total_steps")
      m["hyper." + name] = exact(value);
  return m;
}

} // namespace

std::map<std::string, double>
Hyperparameters::byName(int64_t totalSteps) const {
  return {{"lr", lr},
          {"warmup_steps", warmupSteps},
          {"total_steps", static_cast<double>(totalSteps)},
          {"min_lr_ratio", minLrRatio},
          {"beta1", beta1},
          {"beta2", beta2},
          {"eps", eps},
          {"weight_decay", weightDecay},
          {"clip_norm", clipNorm}};
}

Result<std::vector<Trainer::Feed>> Trainer::bind(const Function &fn,
                                                 const Dataset &data,
                                                 bool isStep, int64_t &batch) {
  std::map<std::string, double> hyper = Hyperparameters().byName(0);
  std::vector<Feed> feeds;
  std::string problems;
  for (size_t i = 0; i < fn.inputs.size(); ++i) {
    const TensorType &type = fn.inputs[i];
    const std::string &name = fn.inputNames[i];
    std::string at = "\n  input " + std::to_string(i) +
                     (name.empty() ? "" : " '" + name + "'") + " (" +
                     type.describe() + ")";
    if (name.empty()) {
      problems += at + " has no name (umc.input), so nothing can feed it";
      feeds.push_back({Feed::Data, name});
      continue;
    }
    if (name == "step" || name == "seed") {
      if (!type.shape.empty() ||
          (type.dtype != DType::i64 && type.dtype != DType::i32))
        problems += at + " must be a scalar i64 or i32";
      feeds.push_back({name == "step" ? Feed::Step : Feed::Seed, name});
      continue;
    }
    if (isStep && hyper.count(name)) {
      if (!type.shape.empty() || !isFloat(type.dtype))
        problems += at + " is a hyper-parameter and must be a float scalar";
      feeds.push_back({Feed::Hyper, name});
      continue;
    }
    feeds.push_back({Feed::Data, name});
    auto example = data.exampleType(name);
    if (!example.isOk()) {
      problems += at + ": " + example.status().message();
      continue;
    }
    if (type.shape.empty()) {
      problems += at + " is a scalar; a data set's array gives a batch";
      continue;
    }
    if (batch == 0)
      batch = type.shape[0];
    std::vector<int64_t> expected = {batch};
    expected.insert(expected.end(), example->shape.begin(),
                    example->shape.end());
    if (type.dtype != example->dtype || type.shape != expected)
      problems += at + " does not fit the data's '" + name + "' (" +
                  example->describe() + " per example, so " +
                  describeType(example->dtype, expected) + " per batch of " +
                  std::to_string(batch) + ")";
  }
  if (!problems.empty())
    return Status::error("the data does not fit '" + fn.name + "':" + problems);
  if (batch == 0)
    return Status::error("'" + fn.name + "' reads no array of the data");
  return feeds;
}

Result<std::unique_ptr<Trainer>>
Trainer::create(std::shared_ptr<const Artifact> artifact,
                std::shared_ptr<Device> device, TrainConfig config,
                Dataset data, std::unique_ptr<Dataset> evalData,
                TensorFile params) {
  std::unique_ptr<Trainer> t(new Trainer());
  const Module &module = artifact->module();
  if (config.function.empty()) {
    std::vector<std::string> steps;
    for (const Function &fn : module.functions)
      if (fn.role == "train.step")
        steps.push_back(fn.name);
    if (steps.empty())
      return Status::error(artifact->name() +
                           " has no training step (role train.step); "
                           "compile the model with 'umc-compile --train'");
    if (steps.size() > 1) {
      std::string list;
      for (const std::string &s : steps)
        list += (list.empty() ? "" : ", ") + s;
      return Status::error(artifact->name() + " has several training steps (" +
                           list + "); choose one with --function");
    }
    config.function = steps.front();
  }
  auto stepFn = artifact->function(config.function);
  if (!stepFn.isOk())
    return stepFn.status();
  t->stepFn_ = *stepFn;
  if (t->stepFn_->role != "train.step")
    return Status::error("'" + config.function + "' is not a training step " +
                         "(role train.step)");
  if (t->stepFn_->outputs.size() < 3)
    return Status::error("'" + config.function +
                         "' returns fewer than the loss, the gradient norm "
                         "and the learning rate");
  if (config.steps < 1)
    return Status::error("--steps must be at least 1");

  auto feeds = bind(*t->stepFn_, data, /*isStep=*/true, t->batch_);
  if (!feeds.isOk())
    return feeds.status().withContext(artifact->name());
  t->stepFeeds_ = std::move(*feeds);

  const std::string &name = config.function;
  if (evalData) {
    std::string lossName =
        name.size() > std::string(kStepSuffix).size()
            ? name.substr(0, name.size() - std::string(kStepSuffix).size())
            : name;
    auto evalFn = artifact->function(lossName);
    if (!evalFn.isOk())
      return Status::error("evaluation runs the loss function '" + lossName +
                           "', which " + artifact->name() + " does not have");
    t->evalFn_ = *evalFn;
    int64_t evalBatch = t->batch_;
    auto evalFeeds = bind(*t->evalFn_, *evalData, /*isStep=*/false, evalBatch);
    if (!evalFeeds.isOk())
      return evalFeeds.status().withContext("evaluation data");
    t->evalFeeds_ = std::move(*evalFeeds);
  }

  auto program = Program::create(artifact, std::move(device));
  if (!program.isOk())
    return program.status();
  t->program_ = std::move(*program);
  t->program_->setParams(std::move(params));
  t->artifact_ = std::move(artifact);
  t->config_ = std::move(config);
  t->hyper_ = t->config_.hyper.byName(t->config_.steps);
  t->data_ = std::make_unique<Dataset>(std::move(data));
  t->evalData_ = std::move(evalData);
  return t;
}

Status Trainer::fill(const Function &fn, const std::vector<Feed> &feeds,
                     const Dataset &data, const std::vector<int64_t> &indices,
                     int64_t step, uint64_t seed,
                     std::vector<Tensor> &inputs) const {
  inputs.resize(feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) {
    DType dtype = fn.inputs[i].dtype;
    switch (feeds[i].kind) {
    case Feed::Step:
      inputs[i] = Tensor::scalar(dtype, static_cast<double>(step));
      break;
    case Feed::Seed:
      inputs[i] = Tensor::scalar(dtype, static_cast<double>(seed));
      break;
    case Feed::Hyper:
      inputs[i] = Tensor::scalar(dtype, hyper_.at(feeds[i].name));
      break;
    case Feed::Data: {
      auto rows = data.gather(feeds[i].name, indices);
      if (!rows.isOk())
        return rows.status();
      inputs[i] = std::move(*rows);
      break;
    }
    }
  }
  return Status::ok();
}

Result<StepResult> Trainer::step() {
  auto indices = data_->batchIndices(stepsDone_, batch_, config_.seed);
  if (!indices.isOk())
    return indices.status();
  UMC_RETURN_IF_ERROR(fill(*stepFn_, stepFeeds_, *data_, *indices, stepsDone_,
                           config_.seed, inputs_));
  UMC_RETURN_IF_ERROR(program_->callInto(*stepFn_, inputs_, outputs_));
  StepResult result;
  size_t n = outputs_.size();
  result.loss = scalarValue(outputs_[0]);
  for (size_t i = 1; i + 2 < n; ++i)
    result.metrics.push_back(scalarValue(outputs_[i]));
  result.gradNorm = scalarValue(outputs_[n - 2]);
  result.lr = scalarValue(outputs_[n - 1]);
  losses_.push_back(static_cast<float>(result.loss));
  ++stepsDone_;
  return result;
}

Result<EvalResult> Trainer::evaluate() {
  if (!hasEval())
    return Status::error("no evaluation data");
  int64_t n = evalData_->size();
  int64_t batches = (n + batch_ - 1) / batch_;
  EvalResult result;
  std::vector<Tensor> inputs, outputs;
  for (int64_t k = 0; k < batches; ++k) {
    std::vector<int64_t> indices(batch_);
    for (int64_t i = 0; i < batch_; ++i)
      indices[i] = (k * batch_ + i) % n;
    // Evaluation draws its own noise: seed + 1, batch k as the step.
    UMC_RETURN_IF_ERROR(fill(*evalFn_, evalFeeds_, *evalData_, indices, k,
                             config_.seed + 1, inputs));
    UMC_RETURN_IF_ERROR(program_->callInto(*evalFn_, inputs, outputs));
    double weight = static_cast<double>(std::min(batch_, n - k * batch_)) / n;
    result.loss += weight * scalarValue(outputs[0]);
    result.metrics.resize(outputs.size() - 1);
    for (size_t i = 1; i < outputs.size(); ++i)
      result.metrics[i - 1] += weight * scalarValue(outputs[i]);
  }
  return result;
}

TensorFile Trainer::checkpoint() const {
  TensorFile file;
  for (const auto &[name, tensor] : program_->params().tensors)
    file.tensors[name] = tensor;
  for (const StateSpec &state : artifact_->module().states) {
    auto value = program_->readState(state.name);
    if (value.isOk())
      file.tensors[kOptimizerPrefix + state.name] = std::move(*value);
  }
  Tensor losses = Tensor::zeros(DType::f32, {stepsDone_});
  std::copy(losses_.begin(), losses_.end(), losses.data<float>());
  file.tensors[kLossesName] = std::move(losses);
  Tensor evals =
      Tensor::zeros(DType::f32, {static_cast<int64_t>(evalLosses_.size()), 2});
  for (size_t i = 0; i < evalLosses_.size(); ++i) {
    evals.data<float>()[2 * i] = static_cast<float>(evalLosses_[i].first);
    evals.data<float>()[2 * i + 1] = evalLosses_[i].second;
  }
  file.tensors[kEvalName] = std::move(evals);
  file.metadata = configMetadata(config_, stepFn_->name, batch_, data_->size());
  file.metadata["format"] = kFormat;
  file.metadata["step"] = std::to_string(stepsDone_);
  return file;
}

Status Trainer::save(const std::string &path) const {
  return writeSafetensors(path, checkpoint());
}

Status Trainer::resume(const std::string &path) {
  auto file = readSafetensors(path);
  if (!file.isOk())
    return file.status();
  auto &meta = file->metadata;
  if (meta["format"] != kFormat)
    return Status::error(path +
                         " is not a training checkpoint of umc-run "
                         "train (its metadata has no format '" +
                         std::string(kFormat) + "')");
  // Every difference, in one message.
  std::string problems;
  for (const auto &[key, value] :
       configMetadata(config_, stepFn_->name, batch_, data_->size())) {
    std::string saved = meta.count(key) ? meta[key] : "(none)";
    if (saved != value)
      problems +=
          "\n  " + key + ": " + saved + " in the checkpoint, " + value + " now";
  }
  if (!problems.empty())
    return Status::error(path +
                         " was saved by a run with another configuration; "
                         "resume with the same one, or start a new run:" +
                         problems);
  const Module &module = artifact_->module();
  TensorFile params;
  for (const ParamSpec &spec : module.params) {
    auto it = file->tensors.find(spec.name);
    if (it == file->tensors.end())
      problems += "\n  parameter '" + spec.name + "' (" + spec.type.describe() +
                  ") is missing";
    else if (it->second.dtype != spec.type.dtype ||
             it->second.shape != spec.type.shape)
      problems += "\n  parameter '" + spec.name + "' is " +
                  it->second.describe() + " there, " + spec.type.describe() +
                  " in the model";
    else
      params.tensors[spec.name] = it->second;
  }
  std::vector<std::pair<std::string, const Tensor *>> states;
  for (const StateSpec &state : module.states) {
    auto it = file->tensors.find(kOptimizerPrefix + state.name);
    if (it == file->tensors.end() || it->second.dtype != state.type.dtype ||
        it->second.shape != state.type.shape)
      problems += "\n  state '" + state.name + "' (" + state.type.describe() +
                  ") is missing or of another type";
    else
      states.push_back({state.name, &it->second});
  }
  int64_t step = -1;
  try {
    step = std::stoll(meta["step"]);
  } catch (...) {
  }
  auto losses = file->tensors.find(kLossesName);
  auto evals = file->tensors.find(kEvalName);
  if (step < 0 || step > config_.steps || losses == file->tensors.end() ||
      losses->second.dtype != DType::f32 ||
      losses->second.shape != std::vector<int64_t>{step} ||
      evals == file->tensors.end() || evals->second.dtype != DType::f32 ||
      evals->second.shape.size() != 2 || evals->second.shape[1] != 2)
    problems += "\n  its step count or loss history is damaged";
  if (!problems.empty())
    return Status::error(path + " does not fit " + artifact_->name() +
                         " (a checkpoint of another model?):" + problems);

  for (const auto &[name, value] : states)
    UMC_RETURN_IF_ERROR(program_->writeState(name, *value));
  program_->setParams(std::move(params));
  stepsDone_ = step;
  const float *l = losses->second.data<float>();
  losses_.assign(l, l + step);
  evalLosses_.clear();
  const float *e = evals->second.data<float>();
  for (int64_t i = 0; i < evals->second.shape[0]; ++i)
    evalLosses_.push_back({static_cast<int64_t>(e[2 * i]), e[2 * i + 1]});
  return Status::ok();
}

} // namespace umc::rt
