//===- SafetensorsTest.cpp - reading and writing .safetensors files -------===//
//
// Expected files are spelled out byte by byte from the format description,
// independent of the writer: an 8-byte little-endian header length, the JSON
// header, then the data buffer.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "umc/Tooling/Safetensors.h"

#include "umc/Runtime/Params.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace umc::rt;
using umc::test::tempPath;

namespace {

/// A safetensors file with `header` stored as is, its length taken from
/// `length` when given (to forge bad lengths), then `data`.
std::vector<uint8_t> stFile(std::string_view header,
                            const std::vector<uint8_t> &data = {},
                            std::optional<uint64_t> length = std::nullopt) {
  uint64_t n = length.value_or(header.size());
  std::vector<uint8_t> file;
  for (int i = 0; i < 8; ++i)
    file.push_back(static_cast<uint8_t>(n >> (8 * i)));
  file.insert(file.end(), header.begin(), header.end());
  file.insert(file.end(), data.begin(), data.end());
  return file;
}

/// A tensor whose bytes differ from each other, so that a reader that drops
/// or reorders bytes is caught.
Tensor sample(DType dtype, std::vector<int64_t> shape, uint8_t seed = 11) {
  Tensor t = Tensor::zeros(dtype, std::move(shape));
  for (size_t i = 0; i < t.bytes.size(); ++i)
    t.bytes[i] = static_cast<uint8_t>(i * 37 + seed);
  return t;
}

/// The message parseSafetensors rejects `file` with ("" and a test failure if
/// it accepts it).
std::string rejection(const std::vector<uint8_t> &file) {
  Result<TensorFile> f = parseSafetensors(file.data(), file.size());
  EXPECT_FALSE(f.isOk()) << "parseSafetensors accepted the file";
  return f.status().message();
}

/// The rejection of a file with `header` and `dataSize` zero bytes of data.
std::string headerRejection(std::string_view header, size_t dataSize = 0) {
  return rejection(stFile(header, std::vector<uint8_t>(dataSize)));
}

void expectSameFile(const TensorFile &actual, const TensorFile &expected) {
  EXPECT_EQ(actual.metadata, expected.metadata);
  ASSERT_EQ(actual.tensors.size(), expected.tensors.size());
  for (const auto &[name, tensor] : expected.tensors) {
    SCOPED_TRACE(name);
    auto it = actual.tensors.find(name);
    ASSERT_NE(it, actual.tensors.end());
    EXPECT_EQ(it->second.dtype, tensor.dtype);
    EXPECT_EQ(it->second.shape, tensor.shape);
    EXPECT_EQ(it->second.bytes, tensor.bytes);
  }
}

TensorFile roundTrip(const TensorFile &file) {
  std::vector<uint8_t> bytes = serializeSafetensors(file);
  EXPECT_FALSE(bytes.empty());
  Result<TensorFile> back = parseSafetensors(bytes.data(), bytes.size());
  EXPECT_TRUE(back.isOk()) << back.status().message();
  return back.isOk() ? *back : TensorFile();
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(Safetensors, RoundTripsEveryDTypeAndRank) {
  TensorFile file;
  const std::vector<std::vector<int64_t>> shapes = {{},  {1},       {5},
                                                    {0}, {2, 3, 4}, {3, 0, 2}};
  for (DType dtype :
       {DType::f32, DType::f16, DType::bf16, DType::i8, DType::i32, DType::i64})
    for (const std::vector<int64_t> &shape : shapes)
      file.tensors[describeType(dtype, shape)] =
          sample(dtype, shape, static_cast<uint8_t>(file.tensors.size()));
  file.metadata = {{"format", "pt"}, {"note", "\"quoted\" \\ \xc3\xa9"}};
  expectSameFile(roundTrip(file), file);
}

TEST(Safetensors, RoundTripsEmptyFiles) {
  TensorFile empty;
  std::vector<uint8_t> bytes = serializeSafetensors(empty);
  EXPECT_EQ(bytes, stFile("{}      "));
  expectSameFile(roundTrip(empty), empty);

  TensorFile metadataOnly;
  metadataOnly.metadata["k"] = "";
  expectSameFile(roundTrip(metadataOnly), metadataOnly);
}

TEST(Safetensors, RoundTripsThroughAFile) {
  TensorFile file;
  file.tensors["layer.0.weight"] = sample(DType::bf16, {4, 2});
  file.tensors["layer.0.bias"] = sample(DType::f32, {4});
  std::string path = tempPath("t.safetensors");
  ASSERT_TRUE(writeSafetensors(path, file).isOk());
  Result<TensorFile> back = readSafetensors(path);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameFile(*back, file);
  std::remove(path.c_str());
}

TEST(Safetensors, KeepsTheDataBufferAligned) {
  for (const char *name : {"a", "ab", "abc", "abcd", "abcdefgh"}) {
    TensorFile file;
    file.tensors[name] = sample(DType::i8, {3});
    std::vector<uint8_t> bytes = serializeSafetensors(file);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
      n = n << 8 | bytes[i];
    EXPECT_EQ(n % 8, 0u) << name;
    EXPECT_EQ(bytes.size(), 8 + n + 3);
  }
}

//===----------------------------------------------------------------------===//
// Exact bytes
//===----------------------------------------------------------------------===//

/// "a" is an F32 scalar 1.0, "b" an I8 vector {1, -2}. The header is compact
/// JSON with sorted keys, 105 bytes, padded with 7 spaces to 112 = 0x70; the
/// data follows in name order.
TEST(Safetensors, WritesExactBytes) {
  std::string header =
      R"({"a":{"data_offsets":[0,4],"dtype":"F32","shape":[]},)"
      R"("b":{"data_offsets":[4,6],"dtype":"I8","shape":[2]}})";
  ASSERT_EQ(header.size(), 105u);
  std::vector<uint8_t> expected = {0x70, 0, 0, 0, 0, 0, 0, 0};
  expected.insert(expected.end(), header.begin(), header.end());
  expected.insert(expected.end(), 7, ' ');
  for (uint8_t b : {0x00, 0x00, 0x80, 0x3f, 0x01, 0xfe})
    expected.push_back(b);

  TensorFile file;
  file.tensors["b"] = Tensor::zeros(DType::i8, {2});
  file.tensors["b"].bytes = {0x01, 0xfe};
  file.tensors["a"] = Tensor::zeros(DType::f32, {});
  *file.tensors["a"].data<float>() = 1.0f;
  EXPECT_EQ(serializeSafetensors(file), expected);

  Result<TensorFile> back = parseSafetensors(expected.data(), expected.size());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameFile(*back, file);
}

/// With metadata the header is 136 bytes, already a multiple of 8, so it gets
/// no padding; "__metadata__" sorts before lower-case names.
TEST(Safetensors, WritesExactBytesWithMetadata) {
  std::string header =
      R"({"__metadata__":{"format":"pt"},)"
      R"("a":{"data_offsets":[0,4],"dtype":"F32","shape":[]},)"
      R"("b":{"data_offsets":[4,6],"dtype":"I8","shape":[2]}})";
  ASSERT_EQ(header.size(), 136u);
  std::vector<uint8_t> expected = stFile(header, {0, 0, 0x80, 0x3f, 1, 0xfe});

  TensorFile file;
  file.tensors["a"] = Tensor::zeros(DType::f32, {});
  *file.tensors["a"].data<float>() = 1.0f;
  file.tensors["b"] = Tensor::zeros(DType::i8, {2});
  file.tensors["b"].bytes = {0x01, 0xfe};
  file.metadata["format"] = "pt";
  EXPECT_EQ(serializeSafetensors(file), expected);
}

//===----------------------------------------------------------------------===//
// Reading what other writers produce
//===----------------------------------------------------------------------===//

TEST(Safetensors, ReadsOtherKeyOrdersAndLayouts) {
  // The reference writer puts __metadata__ first, keys in the order dtype,
  // shape, data_offsets, and may store tensors out of name order.
  std::string header =
      R"({"__metadata__":{"format":"np"},)"
      R"("z":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},)"
      R"("a":{"dtype":"I64","shape":[1,1],"data_offsets":[4,12],"x":0}}  )";
  std::vector<uint8_t> data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::vector<uint8_t> file = stFile(header, data);
  Result<TensorFile> f = parseSafetensors(file.data(), file.size());
  ASSERT_TRUE(f.isOk()) << f.status().message();
  EXPECT_EQ(f->metadata.at("format"), "np");
  EXPECT_EQ(f->tensors.at("z").dtype, DType::bf16);
  EXPECT_EQ(f->tensors.at("z").bytes, (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(f->tensors.at("a").dtype, DType::i64);
  EXPECT_EQ(f->tensors.at("a").shape, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(f->tensors.at("a").bytes,
            (std::vector<uint8_t>{5, 6, 7, 8, 9, 10, 11, 12}));
}

//===----------------------------------------------------------------------===//
// Rejections: the frame
//===----------------------------------------------------------------------===//

TEST(Safetensors, RejectsFilesShorterThanTheLength) {
  EXPECT_CONTAINS(rejection({1, 2, 3}), "file has 3 bytes, too few for the "
                                        "8-byte header length");
  EXPECT_CONTAINS(rejection({}), "file has 0 bytes");
}

TEST(Safetensors, RejectsImplausibleHeaderLengths) {
  EXPECT_CONTAINS(rejection(stFile("{}", {}, 1)),
                  "header length 1 is implausible; expected 2 to 100000000");
  EXPECT_CONTAINS(rejection(stFile("{}", {}, 100'000'001)),
                  "header length 100000001 is implausible");
  EXPECT_CONTAINS(rejection(stFile("{}", {}, ~uint64_t{0})),
                  "header length 18446744073709551615 is implausible");
}

TEST(Safetensors, RejectsHeaderLengthPastTheEnd) {
  EXPECT_CONTAINS(rejection(stFile("{}", {}, 3)),
                  "header length 3 runs past the end of the 10-byte file");
}

TEST(Safetensors, RejectsInvalidJson) {
  for (const char *header :
       {"{\"a\":", "{a:1}", "{\"a\":1,}", "{\"\xff\":1}", "{} {}"}) {
    SCOPED_TRACE(header);
    std::string message = headerRejection(header);
    EXPECT_CONTAINS(message, "header is not valid JSON: parse error");
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
  }
  EXPECT_CONTAINS(headerRejection(std::string_view("{}\0 ", 4)),
                  "header is not valid JSON: it contains a NUL byte at offset "
                  "2");
}

TEST(Safetensors, RejectsHeadersThatAreNotObjects) {
  EXPECT_CONTAINS(headerRejection("[1, 2]"),
                  "header must be a JSON object, got [1,2]");
  EXPECT_CONTAINS(headerRejection("\"{}\""), "header must be a JSON object");
}

TEST(Safetensors, SurvivesDeeplyNestedJson) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  EXPECT_CONTAINS(headerRejection(deep),
                  "header must be a JSON object, got a nested array");
  EXPECT_CONTAINS(headerRejection("{\"t\":" + deep + "}"),
                  "tensor 't': expected an object with dtype, shape and "
                  "data_offsets, got a nested array");
}

//===----------------------------------------------------------------------===//
// Rejections: tensor entries
//===----------------------------------------------------------------------===//

TEST(Safetensors, RejectsEntriesThatAreNotObjects) {
  EXPECT_CONTAINS(headerRejection(R"({"w":[1]})"),
                  "tensor 'w': expected an object with dtype, shape and "
                  "data_offsets, got [1]");
}

TEST(Safetensors, RejectsMissingFields) {
  EXPECT_CONTAINS(
      headerRejection(R"({"w":{"shape":[],"data_offsets":[0,4]}})", 4),
      "tensor 'w': missing 'dtype'");
  EXPECT_CONTAINS(
      headerRejection(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", 4),
      "tensor 'w': missing 'shape'");
  EXPECT_CONTAINS(headerRejection(R"({"w":{"dtype":"F32","shape":[]}})", 4),
                  "tensor 'w': missing 'data_offsets'");
}

TEST(Safetensors, RejectsUnsupportedDTypesByName) {
  for (const char *dtype : {"F64", "U8", "BOOL", "f32", "F8_E4M3"}) {
    SCOPED_TRACE(dtype);
    std::string header = std::string(R"({"w":{"dtype":")") + dtype +
                         R"(","shape":[],"data_offsets":[0,0]}})";
    EXPECT_CONTAINS(headerRejection(header),
                    std::string("tensor 'w': dtype \"") + dtype +
                        "\" is not supported; expected F32, F16, BF16, I8, "
                        "I32 or I64");
  }
  EXPECT_CONTAINS(
      headerRejection(R"({"w":{"dtype":4,"shape":[],"data_offsets":[0,4]}})",
                      4),
      "tensor 'w': dtype must be a string such as \"F32\", got 4");
}

TEST(Safetensors, RejectsBadShapes) {
  for (const char *shape : {"[2,-1]", "[2.0]", "2", "[\"2\"]", "[[2]]", "null",
                            "[18446744073709551616]"}) {
    SCOPED_TRACE(shape);
    std::string header = std::string(R"({"w":{"dtype":"I8","shape":)") + shape +
                         R"(,"data_offsets":[0,2]}})";
    EXPECT_CONTAINS(headerRejection(header, 2),
                    "tensor 'w': shape must be an array of non-negative "
                    "integers, got ");
  }
  EXPECT_CONTAINS(headerRejection(R"({"w":{"dtype":"I8",)"
                                  R"("shape":[9223372036854775808],)"
                                  R"("data_offsets":[0,2]}})",
                                  2),
                  "tensor 'w': shape [9223372036854775808] is too large");
  EXPECT_CONTAINS(headerRejection(R"({"w":{"dtype":"I64",)"
                                  R"("shape":[4294967296,4294967296],)"
                                  R"("data_offsets":[0,2]}})",
                                  2),
                  "tensor 'w': shape [4294967296, 4294967296] of I64 is too "
                  "large");
}

TEST(Safetensors, RejectsBadDataOffsets) {
  for (const char *offsets :
       {"[0]", "[0,4,8]", "[-1,4]", "[0,4.0]", "{}", "\"0,4\""}) {
    SCOPED_TRACE(offsets);
    std::string header =
        std::string(R"({"w":{"dtype":"F32","shape":[],"data_offsets":)") +
        offsets + "}}";
    EXPECT_CONTAINS(headerRejection(header, 4),
                    "tensor 'w': data_offsets must be [begin, end] with "
                    "non-negative integers, got ");
  }
}

TEST(Safetensors, RejectsOffsetsThatEndBeforeTheyBegin) {
  EXPECT_CONTAINS(
      headerRejection(
          R"({"w":{"dtype":"I8","shape":[0],"data_offsets":[4,0]}})", 4),
      "tensor 'w': data_offsets [4,0] end before they begin");
}

TEST(Safetensors, RejectsOffsetsPastTheBuffer) {
  EXPECT_CONTAINS(
      headerRejection(
          R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 6),
      "tensor 'w': data_offsets [0,8] run past the end of the 6-byte data "
      "buffer");
}

TEST(Safetensors, RejectsSizeMismatch) {
  EXPECT_CONTAINS(
      headerRejection(
          R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 20),
      "tensor 'w': data_offsets [0,20] hold 20 bytes, shape [2, 3] of F32 "
      "needs 24");
}

//===----------------------------------------------------------------------===//
// Rejections: layout and metadata
//===----------------------------------------------------------------------===//

TEST(Safetensors, RejectsGaps) {
  EXPECT_CONTAINS(
      headerRejection(R"({"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]},)"
                      R"("b":{"dtype":"I8","shape":[2],"data_offsets":[4,6]}})",
                      6),
      "tensor 'b': starts at byte 4 of the data buffer, leaving bytes [2, 4) "
      "unused; tensors must be stored back to back");
  EXPECT_CONTAINS(
      headerRejection(
          R"({"a":{"dtype":"I8","shape":[2],"data_offsets":[1,3]}})", 3),
      "leaving bytes [0, 1) unused");
}

TEST(Safetensors, RejectsOverlaps) {
  EXPECT_CONTAINS(
      headerRejection(R"({"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]},)"
                      R"("b":{"dtype":"I8","shape":[2],"data_offsets":[2,4]}})",
                      4),
      "tensor 'b': its bytes [2, 4) overlap tensor 'a'");
}

TEST(Safetensors, RejectsUnusedTrailingData) {
  EXPECT_CONTAINS(
      headerRejection(
          R"({"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}})", 5),
      "data buffer has 5 bytes but the tensors use only 2");
  EXPECT_CONTAINS(headerRejection("{}", 1),
                  "data buffer has 1 bytes but the tensors use only 0");
}

TEST(Safetensors, RejectsBadMetadata) {
  EXPECT_CONTAINS(headerRejection(R"({"__metadata__":["a"]})"),
                  "__metadata__ must be an object of strings, got [\"a\"]");
  EXPECT_CONTAINS(headerRejection(R"({"__metadata__":{"a":"b","n":1}})"),
                  "__metadata__ entry 'n' must be a string, got 1");
  EXPECT_CONTAINS(headerRejection(R"({"__metadata__":{"a":{"b":"c"}}})"),
                  "__metadata__ entry 'a' must be a string, got "
                  "{\"b\":\"c\"}");
}

TEST(Safetensors, ReadErrorsNameThePath) {
  std::string path = tempPath("bad.safetensors");
  std::vector<uint8_t> file = stFile("[]");
  std::FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  Result<TensorFile> bad = readSafetensors(path);
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message(),
            path + ": header must be a JSON object, got []");
  std::remove(path.c_str());

  Result<TensorFile> missing = readSafetensors(path);
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.status().message(),
            path + ": cannot open for reading: No such file or directory");

  Result<TensorFile> directory = readSafetensors(::testing::TempDir());
  ASSERT_FALSE(directory.isOk());
  EXPECT_EQ(directory.status().message(),
            ::testing::TempDir() + ": is a directory, not a safetensors file");
}

/// /dev/zero would be read until memory runs out; a file over the limit is
/// refused before it is read.
TEST(Safetensors, ReadRefusesDevicesAndFilesOverTheLimit) {
  Result<TensorFile> zero = readSafetensors("/dev/zero");
  ASSERT_FALSE(zero.isOk());
  EXPECT_EQ(zero.status().message(),
            "/dev/zero: is a character device, not a safetensors file");

  std::string path = tempPath("t.safetensors");
  TensorFile file;
  file.tensors["w"] = sample(DType::f32, {4});
  ASSERT_TRUE(writeSafetensors(path, file).isOk());
  uint64_t size = serializeSafetensors(file).size();
  EXPECT_TRUE(readSafetensors(path, size).isOk());
  Result<TensorFile> over = readSafetensors(path, size - 1);
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.status().message(),
            path + ": is " + std::to_string(size) + " bytes, more than the " +
                std::to_string(size - 1) +
                " bytes allowed for a safetensors file");
  std::remove(path.c_str());
}

//===----------------------------------------------------------------------===//
// Writing what safetensors cannot hold
//===----------------------------------------------------------------------===//

TEST(Safetensors, RefusesTensorsNamedLikeTheMetadata) {
  TensorFile file;
  file.tensors["__metadata__"] = sample(DType::f32, {1});
  EXPECT_TRUE(serializeSafetensors(file).empty());
  std::string path = tempPath("meta.safetensors");
  EXPECT_EQ(writeSafetensors(path, file).message(),
            path + ": a tensor cannot be named __metadata__; that key holds "
                   "the metadata");
}

TEST(Safetensors, RefusesInconsistentTensors) {
  TensorFile file;
  file.tensors["w"] = sample(DType::bf16, {2, 2});
  file.tensors["w"].bytes.push_back(0);
  EXPECT_TRUE(serializeSafetensors(file).empty());
  EXPECT_CONTAINS(writeSafetensors(tempPath("w.safetensors"), file).message(),
                  "tensor 'w': bf16[2, 2] holds 9 bytes of data, which does "
                  "not match its shape");
  file.tensors["w"].shape = {-2, -2};
  file.tensors["w"].bytes.pop_back();
  EXPECT_CONTAINS(writeSafetensors(tempPath("w.safetensors"), file).message(),
                  "which does not match its shape");
}

TEST(Safetensors, RefusesInvalidUtf8) {
  TensorFile file;
  file.tensors["bad\xff"] = sample(DType::i8, {1});
  EXPECT_TRUE(serializeSafetensors(file).empty());
  EXPECT_CONTAINS(writeSafetensors(tempPath("u.safetensors"), file).message(),
                  "is not valid UTF-8");
  file.tensors.clear();
  file.metadata["k"] = "\xc3";
  EXPECT_TRUE(serializeSafetensors(file).empty());
  EXPECT_CONTAINS(writeSafetensors(tempPath("u.safetensors"), file).message(),
                  "metadata entry 'k' is not valid UTF-8");
}

/// A file that cannot be written leaves the file already there alone.
TEST(Safetensors, RefusedWritesKeepTheOldFile) {
  std::string path = tempPath("keep.safetensors");
  TensorFile old;
  old.tensors["w"] = sample(DType::f32, {3});
  ASSERT_TRUE(writeSafetensors(path, old).isOk());
  TensorFile bad;
  bad.tensors["__metadata__"] = sample(DType::f32, {1});
  EXPECT_FALSE(writeSafetensors(path, bad).isOk());
  Result<TensorFile> back = readSafetensors(path);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameFile(*back, old);
  std::remove(path.c_str());
}

TEST(Safetensors, WriteErrorsNameThePathAndCause) {
  std::string path = tempPath("no-such-dir") + "/t.safetensors";
  Status s = writeSafetensors(path, TensorFile());
  EXPECT_EQ(s.message(),
            path + ": cannot create a temporary file in its directory: No "
                   "such file or directory");
}

//===----------------------------------------------------------------------===//
// Robustness
//===----------------------------------------------------------------------===//

/// Every prefix and every single-byte corruption of a valid file is either
/// read or rejected with a message; none may crash or throw.
TEST(Safetensors, SurvivesTruncationAndCorruption) {
  TensorFile valid;
  valid.tensors["a"] = sample(DType::f16, {2, 2});
  valid.tensors["b"] = sample(DType::i32, {1});
  valid.metadata["m"] = "v";
  std::vector<uint8_t> file = serializeSafetensors(valid);
  for (size_t size = 0; size < file.size(); ++size) {
    Result<TensorFile> f = parseSafetensors(file.data(), size);
    EXPECT_FALSE(f.isOk());
    EXPECT_FALSE(f.status().message().empty());
  }
  for (size_t i = 0; i < file.size(); ++i) {
    for (uint8_t value : {0x00, 0x22, 0x2c, 0x5b, 0x5d, 0x7b, 0x7d, 0xff}) {
      std::vector<uint8_t> corrupt = file;
      corrupt[i] = value;
      Result<TensorFile> f = parseSafetensors(corrupt.data(), corrupt.size());
      EXPECT_TRUE(f.isOk() || !f.status().message().empty());
    }
  }
}

//===----------------------------------------------------------------------===//
// Parameters against a model (Runtime/Params.h)
//===----------------------------------------------------------------------===//

/// A module with one parameter, w: f32[2].
Module oneParamModule() {
  Module module;
  ParamSpec w;
  w.name = "w";
  w.type.dtype = DType::f32;
  w.type.shape = {2};
  w.type.bytes = 8;
  module.params.push_back(w);
  return module;
}

TEST(Params, ExtraTensorsAreDroppedAndNamed) {
  Module module = oneParamModule();
  TensorFile params;
  params.tensors["w"] = Tensor::zeros(DType::f32, {2});
  params.tensors["z.extra"] = Tensor::zeros(DType::i32, {3});
  params.tensors["a.extra"] = Tensor::zeros(DType::f32, {1});
  std::vector<std::string> unused;
  Status s = prepareParams(module, params, "w.safetensors",
                           /*initMissing=*/false, 0, &unused);
  ASSERT_TRUE(s.isOk()) << s.message();
  EXPECT_EQ(unused, (std::vector<std::string>{"a.extra", "z.extra"}));
  ASSERT_EQ(params.tensors.size(), 1u);
  EXPECT_EQ(params.tensors.begin()->first, "w");
  EXPECT_EQ(unusedParamsWarning(unused, "w.safetensors"),
            "2 tensors in w.safetensors are not in the model and ignored: "
            "a.extra, z.extra");
}

TEST(Params, MissingAndMistypedStayErrorsAndListTheExtras) {
  Module module = oneParamModule();
  TensorFile missing;
  missing.tensors["W"] = Tensor::zeros(DType::f32, {2});
  Status s = prepareParams(module, missing, "w.safetensors", false, 0);
  ASSERT_FALSE(s.isOk());
  EXPECT_CONTAINS(s.message(), "missing: w (f32[2])");
  // The extra name is a hint: here it is the same tensor, misspelled.
  EXPECT_CONTAINS(s.message(), "not in the model: W");

  TensorFile mistyped;
  mistyped.tensors["w"] = Tensor::zeros(DType::f32, {3});
  s = prepareParams(module, mistyped, "w.safetensors", false, 0);
  ASSERT_FALSE(s.isOk());
  EXPECT_CONTAINS(s.message(),
                  "wrong type: w is f32[3], the model needs f32[2]");
}

TEST(Params, TheWarningShowsTenNamesThenACount) {
  std::vector<std::string> names;
  for (char c = 'a'; c <= 'l'; ++c)
    names.push_back(std::string(1, c));
  EXPECT_EQ(unusedParamsWarning(names, "ckpt.safetensors"),
            "12 tensors in ckpt.safetensors are not in the model and "
            "ignored: a, b, c, d, e, f, g, h, i, j and 2 more");
  EXPECT_EQ(unusedParamsWarning({"x"}, "f"),
            "1 tensor in f is not in the model and ignored: x");
}

} // namespace
