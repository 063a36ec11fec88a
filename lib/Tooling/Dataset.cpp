//===- Dataset.cpp - training examples from a safetensors file ------------===//
//
// The arrays are held whole in memory (the data sets of issue 10 are a few
// hundred kilobytes); a batch copies its rows out of them.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/Dataset.h"

#include "umc/Tooling/Safetensors.h"

#include <cstring>
#include <utility>

namespace umc::rt {
namespace {

//===----------------------------------------------------------------------===//
// The shuffled stream
//===----------------------------------------------------------------------===//

/// splitmix64's output function (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", 2014): a bijection of 64-bit values that
/// scatters nearby inputs.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// splitmix64: a Weyl sequence put through `mix`. Small, fast, and the same
/// numbers everywhere, unlike std::mt19937 fed to std:: distributions.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t state) : state_(state) {}
  uint64_t next() { return mix(state_ += 0x9E3779B97F4A7C15ull); }

  /// Uniform in [0, bound), bound >= 1. Plain `next() % bound` would favour
  /// small values; the lowest 2^64 mod bound draws are rejected so that every
  /// residue has the same number of draws behind it.
  uint64_t below(uint64_t bound) {
    uint64_t threshold = (0 - bound) % bound;
    for (;;)
      if (uint64_t r = next(); r >= threshold)
        return r % bound;
  }

private:
  uint64_t state_;
};

} // namespace

std::vector<int64_t> epochPermutation(uint64_t seed, uint64_t epoch,
                                      int64_t n) {
  std::vector<int64_t> order(n > 0 ? n : 0);
  for (int64_t i = 0; i < n; ++i)
    order[i] = i;
  SplitMix64 rng(mix(mix(seed) ^ epoch));
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order[i], order[rng.below(static_cast<uint64_t>(i) + 1)]);
  return order;
}

Result<std::vector<int64_t>> batchIndices(int64_t step, int64_t batchSize,
                                          uint64_t seed, int64_t n) {
  if (n < 1)
    return Status::error("a data set of " + std::to_string(n) +
                         " examples has no batches");
  if (batchSize < 1 || step < 0)
    return Status::error("batch " + std::to_string(step) + " of size " +
                         std::to_string(batchSize) +
                         ": the step must be >= 0 and the size >= 1");
  int64_t begin, end;
  if (__builtin_mul_overflow(step, batchSize, &begin) ||
      __builtin_add_overflow(begin, batchSize, &end))
    return Status::error("batch " + std::to_string(step) + " of size " +
                         std::to_string(batchSize) +
                         " lies past 2^63 examples into the stream");
  std::vector<int64_t> indices;
  indices.reserve(batchSize);
  // Only the epochs the batch touches are drawn: one, or more when it
  // crosses an epoch boundary (several when batchSize > n).
  for (int64_t position = begin; position < end;) {
    int64_t epoch = position / n;
    std::vector<int64_t> order = epochPermutation(seed, epoch, n);
    for (int64_t i = position % n; i < n && position < end; ++i, ++position)
      indices.push_back(order[i]);
  }
  return indices;
}

double epochsBefore(int64_t step, int64_t batchSize, int64_t n) {
  // In long double, step * batchSize cannot overflow and stays exact far
  // past any step a run reaches.
  return static_cast<double>(static_cast<long double>(step) * batchSize / n);
}

//===----------------------------------------------------------------------===//
// Dataset
//===----------------------------------------------------------------------===//

Result<Dataset> Dataset::open(const std::string &path) {
  Result<TensorFile> file = readSafetensors(path);
  if (!file.isOk())
    return file.status();
  return fromTensors(std::move(*file), path);
}

Result<Dataset> Dataset::fromTensors(TensorFile file, std::string source) {
  if (file.tensors.empty())
    return Status::error(source + ": holds no arrays; a data set needs at "
                                  "least one");
  for (const auto &[name, tensor] : file.tensors) {
    if (tensor.shape.empty())
      return Status::error(source + ": array '" + name + "' is a scalar (" +
                           tensor.describe() +
                           "); every array needs a first dimension that "
                           "counts the examples");
    // gather copies rows by byte offsets: in-memory tensors may lie.
    if (tensor.bytes.size() !=
        static_cast<size_t>(tensor.numElements()) * dtypeSize(tensor.dtype))
      return Status::error(source + ": array '" + name + "' (" +
                           tensor.describe() + ") holds " +
                           std::to_string(tensor.bytes.size()) +
                           " bytes, which does not match its shape");
  }
  int64_t n = file.tensors.begin()->second.shape[0];
  bool same = true;
  for (const auto &[name, tensor] : file.tensors)
    same = same && tensor.shape[0] == n;
  if (!same) {
    std::string dims;
    for (const auto &[name, tensor] : file.tensors)
      dims += (dims.empty() ? "" : ", ") + name + " has " +
              std::to_string(tensor.shape[0]) + " (" + tensor.describe() + ")";
    return Status::error(source +
                         ": the arrays must share their first dimension, "
                         "the number of examples, but " +
                         dims);
  }
  if (n < 1)
    return Status::error(source + ": the arrays hold no examples (their "
                                  "first dimension is 0)");
  Dataset dataset;
  dataset.source_ = std::move(source);
  dataset.arrays_ = std::move(file.tensors);
  dataset.metadata_ = std::move(file.metadata);
  dataset.size_ = n;
  return dataset;
}

std::vector<std::string> Dataset::names() const {
  std::vector<std::string> names;
  for (const auto &[name, tensor] : arrays_)
    names.push_back(name);
  return names;
}

Result<const Tensor *> Dataset::find(const std::string &name) const {
  auto it = arrays_.find(name);
  if (it != arrays_.end())
    return &it->second;
  std::string known;
  for (const auto &[other, tensor] : arrays_)
    known += (known.empty() ? "" : ", ") + other;
  return Status::error(source_ + ": no array '" + name + "'; it has " + known);
}

Result<ExampleType> Dataset::exampleType(const std::string &name) const {
  Result<const Tensor *> array = find(name);
  if (!array.isOk())
    return array.status();
  const Tensor &tensor = **array;
  return ExampleType{
      tensor.dtype,
      std::vector<int64_t>(tensor.shape.begin() + 1, tensor.shape.end())};
}

Result<Tensor> Dataset::gather(const std::string &name,
                               const std::vector<int64_t> &indices) const {
  Result<const Tensor *> array = find(name);
  if (!array.isOk())
    return array.status();
  const Tensor &tensor = **array;
  for (int64_t index : indices)
    if (index < 0 || index >= size_)
      return Status::error(source_ + ": example " + std::to_string(index) +
                           " of array '" + name + "' is outside [0, " +
                           std::to_string(size_) + ")");
  std::vector<int64_t> shape = tensor.shape;
  shape[0] = static_cast<int64_t>(indices.size());
  Tensor rows = Tensor::zeros(tensor.dtype, std::move(shape));
  size_t rowBytes = tensor.bytes.size() / static_cast<size_t>(size_);
  for (size_t i = 0; rowBytes && i < indices.size(); ++i)
    std::memcpy(rows.bytes.data() + i * rowBytes,
                tensor.bytes.data() + indices[i] * rowBytes, rowBytes);
  return rows;
}

Result<std::vector<Tensor>>
Dataset::batch(int64_t step, int64_t batchSize, uint64_t seed,
               const std::vector<std::string> &names) const {
  Result<std::vector<int64_t>> indices = batchIndices(step, batchSize, seed);
  if (!indices.isOk())
    return indices.status().withContext(source_);
  std::vector<Tensor> tensors;
  for (const std::string &name : names) {
    Result<Tensor> rows = gather(name, *indices);
    if (!rows.isOk())
      return rows.status();
    tensors.push_back(std::move(*rows));
  }
  return tensors;
}

} // namespace umc::rt
