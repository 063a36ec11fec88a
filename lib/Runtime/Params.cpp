//===- Params.cpp - parameters against the artifact's specs ---------------===//
#include "umc/Runtime/Params.h"

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Half.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace umc::rt {
namespace {

/// SplitMix64: small, fast, and the same on every platform (unlike the
/// standard library's distributions).
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in (0, 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) / 9007199254740992.0; }
};

uint64_t hashName(const std::string &name) {
  uint64_t h = 1469598103934665603ull; // FNV-1a
  for (unsigned char c : name)
    h = (h ^ c) * 1099511628211ull;
  return h;
}

void store(Tensor &t, int64_t i, double value) {
  switch (t.dtype) {
  case DType::f32:
    t.data<float>()[i] = static_cast<float>(value);
    break;
  case DType::f16:
    t.data<uint16_t>()[i] = floatToHalf(static_cast<float>(value));
    break;
  case DType::bf16:
    t.data<uint16_t>()[i] = floatToBf16(static_cast<float>(value));
    break;
  case DType::i8:
    t.data<int8_t>()[i] = static_cast<int8_t>(value);
    break;
  case DType::i32:
    t.data<int32_t>()[i] = static_cast<int32_t>(value);
    break;
  case DType::i64:
    t.data<int64_t>()[i] = static_cast<int64_t>(value);
    break;
  }
}

std::string joinNames(const std::vector<std::string> &names,
                      const std::string &separator = ", ") {
  std::string s;
  for (const std::string &n : names)
    s += (s.empty() ? "" : separator) + n;
  return s;
}

} // namespace

Tensor initialParam(const ParamSpec &spec, uint64_t seed) {
  Tensor t = Tensor::zeros(spec.type.dtype, spec.type.shape);
  int64_t n = t.numElements();
  if (spec.init == InitKind::Ones) {
    for (int64_t i = 0; i < n; ++i)
      store(t, i, 1.0);
  } else if (spec.init == InitKind::Normal) {
    SplitMix64 rng{seed ^ hashName(spec.name)};
    for (int64_t i = 0; i < n; ++i) {
      // Box-Muller: one normal sample per pair of uniforms.
      double radius = std::sqrt(-2.0 * std::log(rng.uniform()));
      double angle = 2.0 * M_PI * rng.uniform();
      store(t, i, spec.initStd * radius * std::cos(angle));
    }
  }
  return t;
}

Status prepareParams(const Module &module, TensorFile &params,
                     const std::string &source, bool initMissing,
                     uint64_t seed, std::vector<std::string> *unused) {
  std::vector<std::string> missing, wrongType, unknown;
  std::set<std::string> known;
  for (const ParamSpec &spec : module.params) {
    known.insert(spec.name);
    auto it = params.tensors.find(spec.name);
    if (it == params.tensors.end()) {
      if (initMissing)
        params.tensors[spec.name] = initialParam(spec, seed);
      else
        missing.push_back(spec.name + " (" + spec.type.describe() + ")");
      continue;
    }
    const Tensor &given = it->second;
    if (given.dtype != spec.type.dtype || given.shape != spec.type.shape ||
        given.bytes.size() != spec.type.bytes)
      wrongType.push_back(spec.name + " is " + given.describe() +
                          ", the model needs " + spec.type.describe());
  }
  // Tensors the model does not have are dropped, not refused (Params.h).
  for (auto it = params.tensors.begin(); it != params.tensors.end();) {
    if (known.count(it->first)) {
      ++it;
      continue;
    }
    unknown.push_back(it->first);
    it = params.tensors.erase(it);
  }
  if (unused)
    *unused = unknown;

  std::vector<std::string> problems;
  if (!missing.empty())
    problems.push_back("missing: " + joinNames(missing) +
                       " (give them in --params, or pass --init-params)");
  // Each wrong-type entry has a comma of its own.
  if (!wrongType.empty())
    problems.push_back("wrong type: " + joinNames(wrongType, "; "));
  if (problems.empty())
    return Status::ok();
  // Beside a missing name, an unused one is often the same tensor under
  // another name (a typo, a prefix): worth seeing in the same message.
  if (!unknown.empty())
    problems.push_back("not in the model: " + joinNames(unknown));
  std::string message = "parameters from " + source + " do not fit the model";
  for (const std::string &p : problems)
    message += "\n  " + p;
  return Status::error(message);
}

std::string unusedParamsWarning(const std::vector<std::string> &names,
                                const std::string &source) {
  // Enough to recognize what the file holds; a whole other model's names
  // would bury the rest of the output.
  constexpr size_t kShown = 10;
  std::vector<std::string> shown(
      names.begin(), names.begin() + std::min(names.size(), kShown));
  std::string list = joinNames(shown);
  if (names.size() > kShown)
    list += " and " + std::to_string(names.size() - kShown) + " more";
  return std::to_string(names.size()) +
         (names.size() == 1 ? " tensor in " : " tensors in ") + source +
         (names.size() == 1 ? " is" : " are") +
         " not in the model and ignored: " + list;
}

} // namespace umc::rt
