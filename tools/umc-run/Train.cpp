//===- Train.cpp - umc-run train ------------------------------------------===//
#include "Train.h"

#include "Generate.h"

#include "umc/Runtime/Devices.h"
#include "umc/Runtime/Params.h"
#include "umc/Tooling/LineChart.h"
#include "umc/Tooling/Png.h"
#include "umc/Tooling/Safetensors.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace umc::rt;

namespace umc::run {

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string withoutSuffix(const std::string &path, const std::string &suffix) {
  if (path.size() > suffix.size() &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
    return path.substr(0, path.size() - suffix.size());
  return path;
}

std::string duration(double seconds) {
  char text[32];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.0fs", seconds);
  else if (seconds < 3600)
    std::snprintf(text, sizeof text, "%dm%02ds", int(seconds) / 60,
                  int(seconds) % 60);
  else
    std::snprintf(text, sizeof text, "%dh%02dm", int(seconds) / 3600,
                  int(seconds) / 60 % 60);
  return text;
}

std::string metricsText(const std::vector<double> &metrics) {
  std::string text;
  for (size_t i = 0; i < metrics.size(); ++i) {
    char value[32];
    std::snprintf(value, sizeof value, " metric%zu %.4g", i + 1, metrics[i]);
    text += value;
  }
  return text;
}

/// The raw losses, their moving average and the evaluations.
Status writeCurve(const std::string &path, const Trainer &trainer) {
  ChartSeries raw{"train loss", 170, 200, 235, {}, {}};
  ChartSeries smooth{"train loss (moving average)", 30, 90, 180, {}, {}};
  const std::vector<float> &losses = trainer.losses();
  size_t window = std::max<size_t>(1, losses.size() / 50);
  double sum = 0;
  for (size_t i = 0; i < losses.size(); ++i) {
    raw.x.push_back(static_cast<double>(i + 1));
    raw.y.push_back(losses[i]);
    sum += losses[i];
    if (i >= window)
      sum -= losses[i - window];
    smooth.x.push_back(static_cast<double>(i + 1));
    smooth.y.push_back(sum / std::min(i + 1, window));
  }
  ChartSeries eval{"eval loss", 220, 90, 30, {}, {}};
  for (const auto &[step, loss] : trainer.evalLosses()) {
    eval.x.push_back(static_cast<double>(step));
    eval.y.push_back(loss);
  }
  ChartOptions options;
  options.title = trainer.stepFunction().name;
  options.xLabel = "step";
  options.yLabel = "loss";
  options.logY = true;
  return writePng(path, renderLineChart({raw, smooth, eval}, options));
}

} // namespace

int train(TrainOptions opts) {
  auto artifact = Artifact::load(opts.artifact);
  if (!artifact.isOk())
    return fail(artifact.status().message());
  if (opts.checkpoint.empty())
    opts.checkpoint =
        withoutSuffix(opts.artifact, ".umcb") + ".ckpt.safetensors";
  if (opts.curve.empty()) {
    // run.ckpt -> run.loss.png; the checkpoint's directory, its stem.
    size_t slash = opts.checkpoint.rfind('/');
    size_t dot = opts.checkpoint.rfind('.');
    bool hasExtension = dot != std::string::npos &&
                        (slash == std::string::npos || dot > slash + 1);
    opts.curve =
        (hasExtension ? opts.checkpoint.substr(0, dot) : opts.checkpoint) +
        ".loss.png";
  }
  if (opts.resume && !exists(opts.checkpoint))
    return fail("--resume: there is no checkpoint " + opts.checkpoint +
                " to continue (name it with --checkpoint)");
  if (!opts.resume && !opts.overwrite && exists(opts.checkpoint))
    return fail(opts.checkpoint + " exists: continue that run with --resume, "
                                  "or replace it with --overwrite");

  auto data = Dataset::open(opts.data);
  if (!data.isOk())
    return fail(data.status().message());
  std::unique_ptr<Dataset> evalData;
  if (!opts.evalData.empty()) {
    auto opened = Dataset::open(opts.evalData);
    if (!opened.isOk())
      return fail(opened.status().message());
    evalData = std::make_unique<Dataset>(std::move(*opened));
  }
  auto device = openDevice(opts.device, opts.threads);
  if (!device.isOk())
    return fail(device.status().message());
  std::vector<std::string> unused;
  auto params = loadParams((*artifact)->module(), opts.params,
                           /*initMissing=*/true, opts.config.seed, &unused);
  if (!params.isOk())
    return fail(params.status().message());
  if (!unused.empty())
    std::fprintf(stderr, "umc-run: warning: %s\n",
                 unusedParamsWarning(unused, opts.params).c_str());

  auto created =
      Trainer::create(*artifact, *device, opts.config, std::move(*data),
                      std::move(evalData), std::move(*params));
  if (!created.isOk())
    return fail(created.status().message());
  Trainer &trainer = **created;
  if (opts.batch != 0 && opts.batch != trainer.batchSize())
    return fail("--batch " + std::to_string(opts.batch) + ": '" +
                trainer.stepFunction().name + "' was compiled for batches of " +
                std::to_string(trainer.batchSize()) +
                " (shapes are static); recompile the model for another size");
  if (opts.resume) {
    if (Status s = trainer.resume(opts.checkpoint); !s.isOk())
      return fail(s.message());
    std::fprintf(stderr, "umc-run: resuming %s at step %lld\n",
                 opts.checkpoint.c_str(),
                 static_cast<long long>(trainer.stepsDone()));
  }

  const int64_t total = opts.config.steps;
  const int64_t batch = trainer.batchSize();
  std::fprintf(stderr,
               "umc-run: training %s: %lld steps of %lld examples from %s "
               "(%lld examples), lr %s\n",
               trainer.stepFunction().name.c_str(),
               static_cast<long long>(total), static_cast<long long>(batch),
               opts.data.c_str(), static_cast<long long>(trainer.data().size()),
               number(opts.config.hyper.lr).c_str());
  bool interactive = ::isatty(STDERR_FILENO);
  int64_t reportEvery = interactive ? 1 : std::max<int64_t>(1, total / 20);
  auto start = std::chrono::steady_clock::now();
  int64_t firstStep = trainer.stepsDone();
  int64_t lastSaved = trainer.stepsDone();
  double recent = 0;
  auto evaluate = [&]() -> bool {
    auto result = trainer.evaluate();
    if (!result.isOk()) {
      fail(result.status().message());
      return false;
    }
    trainer.recordEval(trainer.stepsDone(), result->loss);
    std::fprintf(stderr, "%sumc-run: eval at step %lld: loss %.4f%s\n",
                 interactive ? "\n" : "",
                 static_cast<long long>(trainer.stepsDone()), result->loss,
                 metricsText(result->metrics).c_str());
    return true;
  };
  auto save = [&]() -> bool {
    if (Status s = trainer.save(opts.checkpoint); !s.isOk()) {
      fail(s.message());
      return false;
    }
    lastSaved = trainer.stepsDone();
    return true;
  };

  const int64_t last = opts.stopAt > 0 ? std::min(opts.stopAt, total) : total;
  while (trainer.stepsDone() < last) {
    auto result = trainer.step();
    if (!result.isOk()) {
      if (interactive)
        std::fputc('\n', stderr);
      return fail(result.status().message());
    }
    int64_t done = trainer.stepsDone();
    if (!std::isfinite(result->loss)) {
      if (interactive)
        std::fputc('\n', stderr);
      std::string kept = exists(opts.checkpoint)
                             ? "the last good checkpoint, " + opts.checkpoint +
                                   " (step " + std::to_string(lastSaved) +
                                   "), is kept"
                             : "nothing was saved";
      return fail("step " + std::to_string(done) + ": the loss is " +
                  (std::isnan(result->loss) ? "NaN" : "infinite") +
                  " (gradient norm " + number(result->gradNorm) +
                  ", learning rate " + number(result->lr) +
                  "); training stopped and " + kept +
                  ". A lower --lr or a --clip-norm may help");
    }
    recent = done == firstStep + 1 ? result->loss
                                   : 0.95 * recent + 0.05 * result->loss;
    if (done % reportEvery == 0 || done == last) {
      double elapsed = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      double perStep = elapsed / (done - firstStep);
      std::fprintf(
          stderr,
          "%sumc-run: step %lld/%lld  loss %.4f (avg %.4f)%s  lr %.3g  "
          "|g| %.3g  epoch %.1f  %.0f ex/s  %s left%s",
          interactive ? "\r" : "", static_cast<long long>(done),
          static_cast<long long>(total), result->loss, recent,
          metricsText(result->metrics).c_str(), result->lr, result->gradNorm,
          trainer.data().epochsBefore(done, batch), batch / perStep,
          duration(perStep * (total - done)).c_str(),
          interactive ? "\x1b[K" : "\n");
      std::fflush(stderr);
    }
    if (trainer.hasEval() && opts.evalEvery > 0 && done % opts.evalEvery == 0 &&
        done != last && !evaluate())
      return 1;
    if (opts.saveEvery > 0 && done % opts.saveEvery == 0 && done != last &&
        !save())
      return 1;
  }
  if (interactive)
    std::fputc('\n', stderr);
  if (trainer.hasEval() && !evaluate())
    return 1;
  if (!save())
    return 1;
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::fprintf(stderr, "umc-run: %lld steps in %s; saved %s\n",
               static_cast<long long>(last - firstStep),
               duration(elapsed).c_str(), opts.checkpoint.c_str());
  if (Status s = writeCurve(opts.curve, trainer); !s.isOk())
    return fail(s.message());
  std::fprintf(stderr, "umc-run: loss curve in %s\n", opts.curve.c_str());
  return 0;
}

} // namespace umc::run
