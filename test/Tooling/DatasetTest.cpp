//===- DatasetTest.cpp - batches of examples from a safetensors file ------===//
//
// The data sets are written with writeSafetensors to the test's temporary
// directory and read back with Dataset::open, as training reads them.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "umc/Tooling/Dataset.h"

#include "umc/Tooling/Safetensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

using namespace umc::rt;
using umc::test::tempPath;

namespace {

/// f32 images [n, 2, 3] whose example i holds 100 * i + j at element j, and
/// i32 labels [n] holding 7 * i: every row says which example it is.
TensorFile examples(int64_t n) {
  TensorFile file;
  Tensor images = Tensor::zeros(DType::f32, {n, 2, 3});
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < 6; ++j)
      images.data<float>()[i * 6 + j] = static_cast<float>(100 * i + j);
  Tensor labels = Tensor::zeros(DType::i32, {n});
  for (int64_t i = 0; i < n; ++i)
    labels.data<int32_t>()[i] = static_cast<int32_t>(7 * i);
  file.tensors["images"] = std::move(images);
  file.tensors["labels"] = std::move(labels);
  file.metadata["credit"] = "made up by the test";
  return file;
}

/// `file` written to a temporary safetensors file and opened as a data set.
Dataset openWritten(const TensorFile &file) {
  std::string path = tempPath("data.safetensors");
  Status written = writeSafetensors(path, file);
  EXPECT_TRUE(written.isOk()) << written.message();
  Result<Dataset> dataset = Dataset::open(path);
  std::remove(path.c_str());
  if (dataset.isOk())
    return std::move(*dataset);
  // Fails the test, and goes on with a data set the callers can still use.
  ADD_FAILURE() << dataset.status().message();
  return std::move(*Dataset::fromTensors(examples(1), "a stand-in"));
}

/// The message Dataset::open rejects `file` with, once written.
std::string rejection(const TensorFile &file) {
  std::string path = tempPath("bad.safetensors");
  Status written = writeSafetensors(path, file);
  EXPECT_TRUE(written.isOk()) << written.message();
  Result<Dataset> dataset = Dataset::open(path);
  std::remove(path.c_str());
  EXPECT_FALSE(dataset.isOk()) << "Dataset::open accepted the file";
  EXPECT_CONTAINS(dataset.status().message(), path);
  return dataset.status().message();
}

std::vector<int64_t> indicesOf(const Dataset &dataset, int64_t step,
                               int64_t batchSize, uint64_t seed) {
  Result<std::vector<int64_t>> indices =
      dataset.batchIndices(step, batchSize, seed);
  EXPECT_TRUE(indices.isOk()) << indices.status().message();
  return indices.isOk() ? *indices : std::vector<int64_t>();
}

/// Expects `order` to hold each of 0..n-1 exactly once.
void expectPermutation(std::vector<int64_t> order, int64_t n) {
  std::sort(order.begin(), order.end());
  std::vector<int64_t> all(n);
  for (int64_t i = 0; i < n; ++i)
    all[i] = i;
  EXPECT_EQ(order, all);
}

//===----------------------------------------------------------------------===//
// Opening
//===----------------------------------------------------------------------===//

TEST(Dataset, OpensAFileOfArraysWithTheSameFirstDimension) {
  Dataset dataset = openWritten(examples(5));
  EXPECT_EQ(dataset.size(), 5);
  EXPECT_EQ(dataset.names(), (std::vector<std::string>{"images", "labels"}));
  EXPECT_EQ(dataset.metadata().at("credit"), "made up by the test");
  Result<ExampleType> image = dataset.exampleType("images");
  ASSERT_TRUE(image.isOk()) << image.status().message();
  EXPECT_EQ(image->describe(), "f32[2, 3]");
  Result<ExampleType> label = dataset.exampleType("labels");
  ASSERT_TRUE(label.isOk()) << label.status().message();
  EXPECT_EQ(label->dtype, DType::i32);
  EXPECT_TRUE(label->shape.empty());
  EXPECT_CONTAINS(dataset.exampleType("captions").status().message(),
                  "no array 'captions'; it has images, labels");
}

TEST(Dataset, RejectsArraysOfDifferentFirstDimensions) {
  TensorFile file = examples(5);
  file.tensors["captions"] = Tensor::zeros(DType::i32, {4, 8});
  EXPECT_CONTAINS(rejection(file),
                  "the arrays must share their first dimension, the number "
                  "of examples, but captions has 4 (i32[4, 8]), images has 5 "
                  "(f32[5, 2, 3]), labels has 5 (i32[5])");
}

TEST(Dataset, RejectsEmptyFilesScalarsAndZeroExamples) {
  EXPECT_CONTAINS(rejection(TensorFile()), "holds no arrays");

  TensorFile scalar = examples(5);
  scalar.tensors["scale"] = Tensor::zeros(DType::f32, {});
  EXPECT_CONTAINS(rejection(scalar), "array 'scale' is a scalar (f32[])");

  EXPECT_CONTAINS(rejection(examples(0)), "hold no examples");
}

TEST(Dataset, RejectsInMemoryTensorsWhoseBytesDoNotMatchTheirShape) {
  TensorFile file = examples(5);
  file.tensors["labels"].bytes.pop_back();
  Result<Dataset> dataset = Dataset::fromTensors(file, "the inputs");
  ASSERT_FALSE(dataset.isOk());
  EXPECT_CONTAINS(dataset.status().message(),
                  "the inputs: array 'labels' (i32[5]) holds 19 bytes");
}

TEST(Dataset, ReportsAMissingFile) {
  std::string path = tempPath("missing.safetensors");
  Result<Dataset> dataset = Dataset::open(path);
  ASSERT_FALSE(dataset.isOk());
  EXPECT_CONTAINS(dataset.status().message(), path);
}

//===----------------------------------------------------------------------===//
// The shuffled stream
//===----------------------------------------------------------------------===//

// Computed independently of this code, in Python from the definition in
// Dataset.h (mix is splitmix64's output function):
//   M = 2**64 - 1
//   def mix(z):
//       z = ((z ^ z >> 30) * 0xBF58476D1CE4E5B9) & M
//       z = ((z ^ z >> 27) * 0x94D049BB133111EB) & M
//       return z ^ z >> 31
//   def perm(seed, epoch, n):
//       s, o = mix(mix(seed) ^ epoch), list(range(n))
//       for i in range(n - 1, 0, -1):
//           while True:
//               s = (s + 0x9E3779B97F4A7C15) & M
//               r = mix(s)
//               if r >= 2**64 % (i + 1): break
//           j = r % (i + 1)
//           o[i], o[j] = o[j], o[i]
//       return o
TEST(DatasetStream, SeedOneGivesAKnownOrder) {
  EXPECT_EQ(epochPermutation(1, 0, 10),
            (std::vector<int64_t>{7, 4, 3, 8, 5, 9, 2, 0, 6, 1}));
  EXPECT_EQ(epochPermutation(1, 1, 10),
            (std::vector<int64_t>{2, 8, 1, 6, 4, 3, 0, 7, 9, 5}));
  EXPECT_EQ(epochPermutation(2, 0, 10),
            (std::vector<int64_t>{5, 3, 6, 0, 2, 9, 7, 1, 4, 8}));
}

TEST(DatasetStream, EveryExampleAppearsOncePerEpoch) {
  for (int64_t n : {1, 2, 7, 10, 1438}) {
    SCOPED_TRACE(n);
    for (uint64_t epoch = 0; epoch < 4; ++epoch)
      expectPermutation(epochPermutation(3, epoch, n), n);
  }
  // Batches that divide n cover each epoch exactly.
  Dataset dataset = openWritten(examples(12));
  for (int64_t epoch = 0; epoch < 3; ++epoch) {
    std::vector<int64_t> seen;
    for (int64_t step = 3 * epoch; step < 3 * epoch + 3; ++step)
      for (int64_t index : indicesOf(dataset, step, 4, 9))
        seen.push_back(index);
    expectPermutation(seen, 12);
  }
}

TEST(DatasetStream, SameSeedSameOrderOtherSeedOtherOrder) {
  Dataset dataset = openWritten(examples(50));
  for (int64_t step = 0; step < 5; ++step)
    EXPECT_EQ(indicesOf(dataset, step, 16, 42),
              indicesOf(dataset, step, 16, 42));
  EXPECT_NE(indicesOf(dataset, 0, 50, 42), indicesOf(dataset, 0, 50, 43));
  // Successive epochs are shuffled afresh, not repeated.
  EXPECT_NE(epochPermutation(42, 0, 50), epochPermutation(42, 1, 50));
}

TEST(DatasetStream, BatchesWrapAcrossEpochs) {
  // 10 examples in batches of 4: batch 2 takes the last 2 of epoch 0 and the
  // first 2 of epoch 1.
  Dataset dataset = openWritten(examples(10));
  std::vector<int64_t> epoch0 = epochPermutation(1, 0, 10);
  std::vector<int64_t> epoch1 = epochPermutation(1, 1, 10);
  EXPECT_EQ(indicesOf(dataset, 0, 4, 1), (std::vector<int64_t>{7, 4, 3, 8}));
  EXPECT_EQ(indicesOf(dataset, 2, 4, 1),
            (std::vector<int64_t>{epoch0[8], epoch0[9], epoch1[0], epoch1[1]}));
  EXPECT_EQ(indicesOf(dataset, 2, 4, 1), (std::vector<int64_t>{6, 1, 2, 8}));
  // A batch larger than the data set spans several epochs.
  std::vector<int64_t> big = indicesOf(dataset, 1, 25, 1);
  ASSERT_EQ(big.size(), 25u);
  std::vector<int64_t> epoch2 = epochPermutation(1, 2, 10);
  std::vector<int64_t> epoch3 = epochPermutation(1, 3, 10);
  EXPECT_EQ(std::vector<int64_t>(big.begin(), big.begin() + 5),
            std::vector<int64_t>(epoch2.begin() + 5, epoch2.end()));
  EXPECT_EQ(std::vector<int64_t>(big.begin() + 5, big.begin() + 15), epoch3);
  EXPECT_DOUBLE_EQ(dataset.epochsBefore(2, 4), 0.8);
  EXPECT_DOUBLE_EQ(dataset.epochsBefore(0, 4), 0.0);
}

TEST(DatasetStream, BatchKDirectlyEqualsBatchKOfAnUninterruptedRun) {
  // The stream cut into batches of 3, read from the start, against each
  // batch asked for on its own, as a resumed run asks.
  Dataset dataset = openWritten(examples(7));
  std::vector<int64_t> stream;
  for (uint64_t epoch = 0; epoch < 6; ++epoch)
    for (int64_t index : epochPermutation(5, epoch, 7))
      stream.push_back(index);
  for (int64_t step = 0; step < 14; ++step) {
    SCOPED_TRACE(step);
    EXPECT_EQ(indicesOf(dataset, step, 3, 5),
              std::vector<int64_t>(stream.begin() + 3 * step,
                                   stream.begin() + 3 * step + 3));
  }
}

TEST(DatasetStream, RejectsBadSteps) {
  EXPECT_CONTAINS(batchIndices(0, 0, 1, 10).status().message(),
                  "the step must be >= 0 and the size >= 1");
  EXPECT_CONTAINS(batchIndices(-1, 4, 1, 10).status().message(),
                  "the step must be >= 0");
  EXPECT_CONTAINS(batchIndices(INT64_MAX / 2, 4, 1, 10).status().message(),
                  "past 2^63");
  EXPECT_CONTAINS(batchIndices(0, 4, 1, 0).status().message(),
                  "0 examples has no batches");
}

//===----------------------------------------------------------------------===//
// Gathering rows
//===----------------------------------------------------------------------===//

TEST(DatasetGather, CopiesTheRowsOfF32AndI32Arrays) {
  Dataset dataset = openWritten(examples(6));
  Result<Tensor> images = dataset.gather("images", {4, 0, 4});
  ASSERT_TRUE(images.isOk()) << images.status().message();
  EXPECT_EQ(images->describe(), "f32[3, 2, 3]");
  // Rows 4, 0 and 4 again.
  std::vector<float> expected = {400, 401, 402, 403, 404, 405, //
                                 0,   1,   2,   3,   4,   5,   //
                                 400, 401, 402, 403, 404, 405};
  EXPECT_EQ(
      std::vector<float>(images->data<float>(), images->data<float>() + 18),
      expected);

  Result<Tensor> labels = dataset.gather("labels", {5, 1});
  ASSERT_TRUE(labels.isOk()) << labels.status().message();
  EXPECT_EQ(labels->describe(), "i32[2]");
  EXPECT_EQ(labels->data<int32_t>()[0], 35);
  EXPECT_EQ(labels->data<int32_t>()[1], 7);

  Result<Tensor> none = dataset.gather("labels", {});
  ASSERT_TRUE(none.isOk()) << none.status().message();
  EXPECT_EQ(none->describe(), "i32[0]");
}

TEST(DatasetGather, RejectsIndicesOutsideTheDataSet) {
  Dataset dataset = openWritten(examples(6));
  EXPECT_CONTAINS(dataset.gather("images", {0, 6}).status().message(),
                  "example 6 of array 'images' is outside [0, 6)");
  EXPECT_CONTAINS(dataset.gather("labels", {-1}).status().message(),
                  "example -1 of array 'labels' is outside [0, 6)");
}

TEST(DatasetGather, BatchGathersTheNamedArraysAtTheSameExamples) {
  Dataset dataset = openWritten(examples(10));
  Result<std::vector<Tensor>> batch =
      dataset.batch(2, 4, 1, {"labels", "images"});
  ASSERT_TRUE(batch.isOk()) << batch.status().message();
  ASSERT_EQ(batch->size(), 2u);
  const Tensor &labels = (*batch)[0], &images = (*batch)[1];
  EXPECT_EQ(labels.describe(), "i32[4]");
  EXPECT_EQ(images.describe(), "f32[4, 2, 3]");
  // Batch 2 of seed 1 is examples 6, 1, 2, 8 (BatchesWrapAcrossEpochs).
  std::vector<int64_t> examples = {6, 1, 2, 8};
  for (size_t i = 0; i < examples.size(); ++i) {
    EXPECT_EQ(labels.data<int32_t>()[i], 7 * examples[i]);
    EXPECT_EQ(images.data<float>()[i * 6 + 5], 100 * examples[i] + 5);
  }
  EXPECT_CONTAINS(
      dataset.batch(0, 4, 1, {"labels", "masks"}).status().message(),
      "no array 'masks'");
}

} // namespace
