//===- Dataset.h - training examples from a safetensors file ----*- C++ -*-===//
//
// A data set is a set of named arrays whose first dimension counts the same N
// examples (images [N, 1, 8, 8], labels [N], ...). Training reads it as an
// endless stream of examples made of successive epochs, each epoch a shuffled
// order of 0..N-1 drawn from (seed, epoch), and cuts the stream into batches
// of B consecutive examples; a batch may span two epochs. Batch k is a pure
// function of (seed, k, B, N), so a run resumed at step k sees exactly the
// batches an uninterrupted run would, on every platform: the shuffle uses its
// own generator (splitmix64) and Fisher-Yates, not the standard library's
// distributions, whose results differ between implementations.
// Part of the tooling library, not the core runtime. No MLIR or LLVM headers
// here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_DATASET_H
#define UMC_TOOLING_DATASET_H

#include "umc/Runtime/Status.h"
#include "umc/Runtime/Tensor.h"
#include "umc/Runtime/TensorFile.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace umc::rt {

/// The order of the examples 0..n-1 in epoch `epoch` of the stream that
/// `seed` draws. The generator is splitmix64 started at
/// mix(mix(seed) ^ epoch), where mix is splitmix64's output function; the
/// order is a Fisher-Yates shuffle of 0..n-1 that, for i = n-1 down to 1,
/// swaps i with j = next() % (i + 1), redrawing values below 2^64 mod (i + 1)
/// so that j is unbiased. O(n) time; n >= 0.
std::vector<int64_t> epochPermutation(uint64_t seed, uint64_t epoch, int64_t n);

/// The examples of batch `step` in the stream of `n` examples that `seed`
/// draws: stream positions [step * batchSize, (step + 1) * batchSize), where
/// position p is example epochPermutation(seed, p / n, n)[p % n]. Fails for
/// n < 1, batchSize < 1, step < 0, or positions past 2^63. O(n) time per
/// epoch the batch touches.
Result<std::vector<int64_t>> batchIndices(int64_t step, int64_t batchSize,
                                          uint64_t seed, int64_t n);

/// The epochs the stream has gone through before batch `step`: step *
/// batchSize / n, fractional (2.5 is halfway through the third epoch). For
/// progress display.
double epochsBefore(int64_t step, int64_t batchSize, int64_t n);

/// The type of one example of an array: its dtype and its shape without the
/// first dimension (f32[1, 8, 8] for images f32[N, 1, 8, 8], i32[] for
/// labels i32[N]).
struct ExampleType {
  DType dtype;
  std::vector<int64_t> shape;

  std::string describe() const { return describeType(dtype, shape); }
};

/// Named arrays of N >= 1 examples each, as a safetensors file holds them.
class Dataset {
public:
  /// Reads the safetensors file at `path`; see fromTensors for what it must
  /// hold. Every error message names the path.
  static Result<Dataset> open(const std::string &path);

  /// The data set of `file`'s tensors, which must be at least one, none a
  /// scalar, all with the same first dimension N >= 1. `source` names them in
  /// messages (a path, "the training inputs").
  static Result<Dataset> fromTensors(TensorFile file, std::string source);

  /// The arrays' names, sorted.
  std::vector<std::string> names() const;
  /// N, the number of examples.
  int64_t size() const { return size_; }
  /// What the file's "__metadata__" says (source, credit, ...).
  const std::map<std::string, std::string> &metadata() const {
    return metadata_;
  }
  /// The type of one example of array `name`; fails for an unknown name.
  Result<ExampleType> exampleType(const std::string &name) const;

  /// The rows `indices` of array `name`, in that order: a tensor of shape
  /// [indices.size(), ...]. Fails for an unknown name or an index outside
  /// [0, N).
  Result<Tensor> gather(const std::string &name,
                        const std::vector<int64_t> &indices) const;

  /// batchIndices for this data set's N.
  Result<std::vector<int64_t>> batchIndices(int64_t step, int64_t batchSize,
                                            uint64_t seed) const {
    return umc::rt::batchIndices(step, batchSize, seed, size_);
  }
  /// epochsBefore for this data set's N.
  double epochsBefore(int64_t step, int64_t batchSize) const {
    return umc::rt::epochsBefore(step, batchSize, size_);
  }

  /// Batch `step` of the arrays `names`, in that order: each gathered at the
  /// same batchIndices.
  Result<std::vector<Tensor>>
  batch(int64_t step, int64_t batchSize, uint64_t seed,
        const std::vector<std::string> &names) const;

private:
  Dataset() = default;
  /// The array `name`, or an error naming the arrays there are.
  Result<const Tensor *> find(const std::string &name) const;

  std::string source_;
  std::map<std::string, Tensor> arrays_;
  std::map<std::string, std::string> metadata_;
  int64_t size_ = 0;
};

} // namespace umc::rt

#endif // UMC_TOOLING_DATASET_H
