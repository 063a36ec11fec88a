//===- NpyTest.cpp - reading and writing .npy files -----------------------===//
//
// Expected files are spelled out byte by byte from the npy format description
// (numpy's NEP 1), independent of the writer, so that a bug in the writer
// cannot hide behind the reader agreeing with it.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "umc/Tooling/Npy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace umc::rt;
using umc::test::tempPath;

namespace {

std::vector<uint8_t> bytesOf(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

/// An npy file of the given version with `header` stored as is (no padding:
/// readers must not rely on it) followed by `data`.
std::vector<uint8_t> npyFile(uint8_t major, std::string_view header,
                             const std::vector<uint8_t> &data = {}) {
  std::vector<uint8_t> file = bytesOf("\x93NUMPY");
  file.push_back(major);
  file.push_back(0);
  size_t lengthBytes = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthBytes; ++i)
    file.push_back(static_cast<uint8_t>(header.size() >> (8 * i)));
  file.insert(file.end(), header.begin(), header.end());
  file.insert(file.end(), data.begin(), data.end());
  return file;
}

std::string dictFor(std::string_view descr, std::string_view shape) {
  return "{'descr': '" + std::string(descr) +
         "', 'fortran_order': False, 'shape': " + std::string(shape) + ", }";
}

/// A tensor whose bytes differ from each other, so that a reader that drops
/// or reorders bytes is caught.
Tensor sample(DType dtype, std::vector<int64_t> shape) {
  Tensor t = Tensor::zeros(dtype, std::move(shape));
  for (size_t i = 0; i < t.bytes.size(); ++i)
    t.bytes[i] = static_cast<uint8_t>(i * 37 + 11);
  return t;
}

/// The message parseNpy rejects `file` with ("" and a test failure if it
/// accepts it).
std::string rejection(const std::vector<uint8_t> &file) {
  Result<Tensor> t = parseNpy(file.data(), file.size());
  EXPECT_FALSE(t.isOk()) << "parseNpy accepted the file";
  return t.status().message();
}

void expectSameTensor(const Tensor &actual, const Tensor &expected) {
  EXPECT_EQ(actual.dtype, expected.dtype);
  EXPECT_EQ(actual.shape, expected.shape);
  EXPECT_EQ(actual.bytes, expected.bytes);
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(Npy, RoundTripsEveryDTypeAndRank) {
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {1}, {5}, {0}, {2, 3, 4}, {3, 0, 2}, {1, 1, 1, 1, 7}};
  for (DType dtype :
       {DType::f32, DType::f16, DType::bf16, DType::i8, DType::i32,
        DType::i64}) {
    for (const std::vector<int64_t> &shape : shapes) {
      Tensor t = sample(dtype, shape);
      SCOPED_TRACE(t.describe());
      std::vector<uint8_t> file = serializeNpy(t);
      ASSERT_FALSE(file.empty());
      size_t headerEnd = 10 + (file[8] | file[9] << 8);
      EXPECT_EQ(headerEnd % 64, 0u) << "data must start 64-byte aligned";
      EXPECT_EQ(file[headerEnd - 1], '\n');
      EXPECT_EQ(file.size(), headerEnd + t.bytes.size());
      Result<Tensor> back = parseNpy(file.data(), file.size());
      ASSERT_TRUE(back.isOk()) << back.status().message();
      expectSameTensor(*back, t);
    }
  }
}

TEST(Npy, RoundTripsThroughAFile) {
  Tensor t = sample(DType::i64, {2, 3});
  std::string path = tempPath("t.npy");
  ASSERT_TRUE(writeNpy(path, t).isOk());
  Result<Tensor> back = readNpy(path);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameTensor(*back, t);
  std::remove(path.c_str());
}

TEST(Npy, FallsBackToVersion2ForHugeHeaders) {
  // 30000 dimensions of 1 need more than 1.0's 65535 header bytes.
  Tensor t = sample(DType::f32, std::vector<int64_t>(30000, 1));
  std::vector<uint8_t> file = serializeNpy(t);
  ASSERT_GT(file.size(), 12u);
  EXPECT_EQ(file[6], 2);
  EXPECT_EQ(file[7], 0);
  size_t headerEnd =
      12 + (file[8] | file[9] << 8 | file[10] << 16 | file[11] << 24);
  EXPECT_EQ(headerEnd % 64, 0u);
  Result<Tensor> back = parseNpy(file.data(), file.size());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameTensor(*back, t);
}

//===----------------------------------------------------------------------===//
// Exact bytes
//===----------------------------------------------------------------------===//

/// np.save(f, np.array([1, 2, 3], dtype='<f4')): the dict (57 characters), 20
/// spaces of room for the first dimension to grow to 21 digits, then spaces
/// up to the newline that ends the header on a 64-byte boundary:
/// 10 + 57 + 20 + 40 + 1 = 128, so the header length is 118 = 0x76.
TEST(Npy, WritesExactlyWhatNumpyWrites1D) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, "
                       "'shape': (3,), }" +
                       std::string(20 + 40, ' ') + "\n";
  ASSERT_EQ(header.size(), 118u);
  std::vector<uint8_t> expected = bytesOf(std::string_view("\x93NUMPY\x01\x00"
                                                           "\x76\x00",
                                                           10));
  expected.insert(expected.end(), header.begin(), header.end());
  for (uint8_t b : {0x00, 0x00, 0x80, 0x3f,  // 1.0f
                    0x00, 0x00, 0x00, 0x40,  // 2.0f
                    0x00, 0x00, 0x40, 0x40}) // 3.0f
    expected.push_back(b);

  Tensor t = Tensor::zeros(DType::f32, {3});
  float values[] = {1.0f, 2.0f, 3.0f};
  std::copy(values, values + 3, t.data<float>());
  EXPECT_EQ(serializeNpy(t), expected);

  Result<Tensor> back = parseNpy(expected.data(), expected.size());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameTensor(*back, t);
}

/// np.save(f, np.int8(-2)): a scalar has shape () and no growth padding;
/// 10 + 55 + 62 + 1 = 128.
TEST(Npy, WritesExactlyWhatNumpyWritesScalar) {
  std::string header = "{'descr': '|i1', 'fortran_order': False, "
                       "'shape': (), }" +
                       std::string(62, ' ') + "\n";
  ASSERT_EQ(header.size(), 118u);
  std::vector<uint8_t> expected =
      bytesOf(std::string_view("\x93NUMPY\x01\x00\x76\x00", 10));
  expected.insert(expected.end(), header.begin(), header.end());
  expected.push_back(0xfe);

  Tensor t = Tensor::zeros(DType::i8, {});
  t.bytes[0] = 0xfe;
  EXPECT_EQ(serializeNpy(t), expected);
}

TEST(Npy, WritesShapesAsPythonTuples) {
  Tensor t = sample(DType::i32, {2, 3});
  std::vector<uint8_t> file = serializeNpy(t);
  std::string text(file.begin(), file.end());
  EXPECT_CONTAINS(text, "{'descr': '<i4', 'fortran_order': False, "
                        "'shape': (2, 3), }");
}

//===----------------------------------------------------------------------===//
// Reading what other writers produce
//===----------------------------------------------------------------------===//

TEST(Npy, ReadsVersions2And3) {
  std::vector<uint8_t> data = {1, 0, 0, 0, 2, 0, 0, 0};
  for (uint8_t major : {2, 3}) {
    SCOPED_TRACE(major);
    std::vector<uint8_t> file = npyFile(major, dictFor("<i4", "(2,)"), data);
    Result<Tensor> t = parseNpy(file.data(), file.size());
    ASSERT_TRUE(t.isOk()) << t.status().message();
    EXPECT_EQ(t->dtype, DType::i32);
    EXPECT_EQ(t->shape, std::vector<int64_t>{2});
    EXPECT_EQ(t->bytes, data);
  }
}

TEST(Npy, ReadsEveryDescrSpelling) {
  struct Case {
    const char *descr;
    DType dtype;
  };
  for (Case c : {Case{"<f4", DType::f32},
                 {"=f4", DType::f32},
                 {"<f2", DType::f16},
                 {"=f2", DType::f16},
                 {"|i1", DType::i8},
                 {"<i1", DType::i8},
                 {"=i1", DType::i8},
                 {">i1", DType::i8},
                 {"<i4", DType::i32},
                 {"=i4", DType::i32},
                 {"<i8", DType::i64},
                 {"=i8", DType::i64}}) {
    SCOPED_TRACE(c.descr);
    std::vector<uint8_t> data(dtypeSize(c.dtype), 7);
    std::vector<uint8_t> file = npyFile(1, dictFor(c.descr, "()"), data);
    Result<Tensor> t = parseNpy(file.data(), file.size());
    ASSERT_TRUE(t.isOk()) << t.status().message();
    EXPECT_EQ(t->dtype, c.dtype);
    EXPECT_TRUE(t->shape.empty());
  }
}

TEST(Npy, ReadsAnyValidDictLayout) {
  // Other writers order keys differently, use double quotes, omit the
  // trailing comma and spread the literal over lines.
  std::vector<uint8_t> file =
      npyFile(1,
              "  {\"shape\": ( 2 , 1 ),\n\t\"fortran_order\": False,"
              " \"descr\": \"<i8\"}\n",
              std::vector<uint8_t>(16, 3));
  Result<Tensor> t = parseNpy(file.data(), file.size());
  ASSERT_TRUE(t.isOk()) << t.status().message();
  EXPECT_EQ(t->dtype, DType::i64);
  EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 1}));
}

//===----------------------------------------------------------------------===//
// Rejections
//===----------------------------------------------------------------------===//

TEST(Npy, RejectsWrongMagic) {
  std::vector<uint8_t> file = npyFile(1, dictFor("<f4", "()"), {0, 0, 0, 0});
  file[1] = 'n';
  EXPECT_CONTAINS(rejection(file), "not an npy file");
  EXPECT_CONTAINS(rejection(bytesOf("PK\x03\x04")), "not an npy file");
  EXPECT_CONTAINS(rejection({}), "not an npy file");
}

TEST(Npy, RejectsTruncatedPreamble) {
  EXPECT_CONTAINS(rejection(bytesOf("\x93NUMPY\x01")), "preamble");
  EXPECT_CONTAINS(
      rejection(bytesOf(std::string_view("\x93NUMPY\x02\x00\x10", 9))),
      "preamble");
}

TEST(Npy, RejectsUnsupportedVersions) {
  std::vector<uint8_t> file = npyFile(1, dictFor("<f4", "()"), {0, 0, 0, 0});
  file[6] = 4;
  EXPECT_CONTAINS(rejection(file), "unsupported npy format version 4.0; "
                                   "expected 1.0, 2.0 or 3.0");
  file[6] = 1;
  file[7] = 1;
  EXPECT_CONTAINS(rejection(file), "version 1.1");
  file[6] = 0;
  file[7] = 0;
  EXPECT_CONTAINS(rejection(file), "version 0.0");
}

TEST(Npy, RejectsHeaderLongerThanFile) {
  std::vector<uint8_t> file = npyFile(1, dictFor("<f4", "()"));
  file[8] = 0xff;
  EXPECT_CONTAINS(rejection(file), "header claims 255 bytes but the file has "
                                   "only 55 after the preamble");
}

TEST(Npy, RejectsHugeHeaderLength) {
  std::vector<uint8_t> file = npyFile(2, "{}");
  file[11] = 0x7f;
  EXPECT_CONTAINS(rejection(file), "header is 2130706434 bytes long");
}

TEST(Npy, RejectsHeadersThatAreNotDictLiterals) {
  struct Case {
    const char *header;
    const char *message;
  };
  for (Case c : {
           Case{"", "expected '{' at offset 0 (end of header)"},
           {"['descr']", "expected '{' at offset 0"},
           {"{'descr': '<f4'", "expected ',' or '}'"},
           {"{'descr' '<f4'}", "expected ':' at offset 9"},
           {"{'descr': '<f4}", "unterminated string"},
           {"{'descr': '<\\x66'}", "escape sequences"},
           {"{1: 2}", "keys must be strings"},
           {"{'shape': (1 2)}", "expected ',' or ')'"},
           {"{'shape': (-)}", "expected a digit"},
           {"{'shape': (99999999999999999999,)}", "does not fit in 64 bits"},
           {"{'descr': true}", "expected a string, integer, True, False"},
           {"{'descr': {}}", "expected a string, integer, True, False"},
           {"{} {}", "unexpected text after the closing '}'"},
           {"{'descr': \x01\xff}", "(near \"??}\")"},
       }) {
    SCOPED_TRACE(c.header);
    std::string message = rejection(npyFile(1, c.header));
    EXPECT_CONTAINS(message, "header is not a valid Python dict literal");
    EXPECT_CONTAINS(message, c.message);
  }
  // A NUL byte is not whitespace, even where only padding may follow.
  EXPECT_CONTAINS(rejection(npyFile(1, std::string_view("{}\n\0", 4))),
                  "unexpected text after the closing '}' at offset 3");
}

TEST(Npy, RejectsDeeplyNestedHeaders) {
  // A recursive parser must bound its depth, or this would overflow the stack.
  std::string header =
      "{'shape': " + std::string(100000, '(') + std::string(100000, ')') + "}";
  EXPECT_CONTAINS(rejection(npyFile(2, header)), "too deeply nested");
}

TEST(Npy, RejectsMissingKeys) {
  EXPECT_CONTAINS(
      rejection(npyFile(1, "{'descr': '<f4', 'fortran_order': False}")),
      "header has no 'shape' key");
  EXPECT_CONTAINS(rejection(npyFile(1, "{'fortran_order': False, "
                                       "'shape': ()}")),
                  "header has no 'descr' key");
  EXPECT_CONTAINS(rejection(npyFile(1, "{'descr': '<f4', 'shape': ()}")),
                  "header has no 'fortran_order' key");
}

TEST(Npy, RejectsExtraAndRepeatedKeys) {
  EXPECT_CONTAINS(rejection(npyFile(1, "{'descr': '<f4', 'fortran_order': "
                                       "False, 'shape': (), 'x': 1}")),
                  "unexpected key 'x'");
  EXPECT_CONTAINS(rejection(npyFile(1, "{'descr': '<f4', 'descr': '<f4'}")),
                  "key 'descr' twice");
}

TEST(Npy, RejectsFortranOrder) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
  EXPECT_CONTAINS(rejection(npyFile(1, header, std::vector<uint8_t>(16))),
                  "fortran_order is True; only C-order");
  EXPECT_CONTAINS(rejection(npyFile(1, "{'descr': '<f4', 'fortran_order': 0, "
                                       "'shape': ()}")),
                  "fortran_order must be True or False");
}

TEST(Npy, RejectsBigEndianData) {
  EXPECT_CONTAINS(rejection(npyFile(1, dictFor(">f4", "()"), {0, 0, 0, 0})),
                  "dtype '>f4' is big-endian; only little-endian data is "
                  "supported");
}

TEST(Npy, RejectsUnknownDTypes) {
  for (const char *descr :
       {"<f8", "<u2", "|b1", "<c8", "f4", "", "<i4x", "<V4", "|V1"}) {
    SCOPED_TRACE(descr);
    EXPECT_CONTAINS(rejection(npyFile(1, dictFor(descr, "()"), {0, 0, 0, 0})),
                    "unsupported dtype '" + std::string(descr) +
                        "'; expected one of <f4, <f2, <V2 (bfloat16, as "
                        "ml_dtypes saves it), |i1, <i4 and <i8");
  }
  EXPECT_CONTAINS(rejection(npyFile(1, "{'descr': [('x', '<f4')], "
                                       "'fortran_order': False, "
                                       "'shape': ()}")),
                  "structured dtypes are not supported");
}

TEST(Npy, RejectsBadShapes) {
  EXPECT_CONTAINS(rejection(npyFile(1, dictFor("<f4", "(2, -3)"))),
                  "shape (2, -3) has a negative dimension");
  for (const char *shape : {"[2, 3]", "(3)", "('a',)", "((1,),)", "True"}) {
    SCOPED_TRACE(shape);
    EXPECT_CONTAINS(rejection(npyFile(1, dictFor("<f4", shape))),
                    "shape must be a tuple of integers");
  }
}

TEST(Npy, RejectsShapesTooLargeToAddress) {
  EXPECT_CONTAINS(
      rejection(npyFile(1, dictFor("<i8", "(4294967296, 4294967296)"))),
      "shape (4294967296, 4294967296) of <i8 is too large");
}

TEST(Npy, RejectsShortData) {
  std::vector<uint8_t> file =
      npyFile(1, dictFor("<f4", "(2, 3)"), std::vector<uint8_t>(12));
  EXPECT_EQ(rejection(file), "data has 12 bytes, shape (2, 3) of <f4 needs 24");
}

TEST(Npy, RejectsTrailingBytes) {
  std::vector<uint8_t> file =
      npyFile(1, dictFor("<i4", "(3,)"), std::vector<uint8_t>(13));
  EXPECT_EQ(rejection(file), "data has 13 bytes, shape (3,) of <i4 needs 12");
}

TEST(Npy, ReadErrorsNameThePath) {
  std::string path = tempPath("short.npy");
  std::vector<uint8_t> file =
      npyFile(1, dictFor("<f4", "(2, 3)"), std::vector<uint8_t>(12));
  std::FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  Result<Tensor> t = readNpy(path);
  ASSERT_FALSE(t.isOk());
  EXPECT_EQ(t.status().message(),
            path + ": data has 12 bytes, shape (2, 3) of <f4 needs 24");
  std::remove(path.c_str());

  Result<Tensor> missing = readNpy(path);
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.status().message(),
            path + ": cannot open for reading: No such file or directory");

  Result<Tensor> directory = readNpy(::testing::TempDir());
  ASSERT_FALSE(directory.isOk());
  EXPECT_EQ(directory.status().message(),
            ::testing::TempDir() + ": is a directory, not an npy file");
}

/// /dev/zero would be read until memory runs out; a file over the limit is
/// refused before it is read.
TEST(Npy, ReadRefusesDevicesAndFilesOverTheLimit) {
  Result<Tensor> zero = readNpy("/dev/zero");
  ASSERT_FALSE(zero.isOk());
  EXPECT_EQ(zero.status().message(),
            "/dev/zero: is a character device, not an npy file");

  std::string path = tempPath("t.npy");
  ASSERT_TRUE(writeNpy(path, sample(DType::f32, {4})).isOk());
  EXPECT_TRUE(readNpy(path, 144).isOk());
  Result<Tensor> over = readNpy(path, 143);
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.status().message(),
            path + ": is 144 bytes, more than the 143 bytes allowed for an "
                   "npy file");
  std::remove(path.c_str());
}

//===----------------------------------------------------------------------===//
// bfloat16, as ml_dtypes saves it
//===----------------------------------------------------------------------===//

/// np.save(f, np.array([1.0, -2.0], dtype=ml_dtypes.bfloat16)), byte by byte:
/// ml_dtypes' bfloat16 is a numpy type of kind 'V', so its descr is '<V2'.
TEST(Npy, WritesBFloat16AsMlDtypesDoes) {
  Tensor t = Tensor::zeros(DType::bf16, {2});
  t.bytes = {0x80, 0x3f, 0x00, 0xc0}; // 1.0, -2.0
  std::string header =
      "{'descr': '<V2', 'fortran_order': False, 'shape': (2,), }";
  header.append(20, ' '); // np.save's room for the first dimension to grow
  while ((10 + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::vector<uint8_t> expected = npyFile(1, header, t.bytes);
  EXPECT_EQ(serializeNpy(t), expected);
}

TEST(Npy, ReadsTwoByteVoidsAndBFloat16AsBf16) {
  for (const char *descr : {"<V2", "|V2", "=V2", "bfloat16"}) {
    SCOPED_TRACE(descr);
    std::vector<uint8_t> file =
        npyFile(1, dictFor(descr, "(2,)"), {0x80, 0x3f, 0, 0xc0});
    Result<Tensor> t = parseNpy(file.data(), file.size());
    ASSERT_TRUE(t.isOk()) << t.status().message();
    EXPECT_EQ(t->dtype, DType::bf16);
    EXPECT_EQ(t->shape, (std::vector<int64_t>{2}));
    EXPECT_EQ(t->bytes, (std::vector<uint8_t>{0x80, 0x3f, 0, 0xc0}));
  }
  EXPECT_CONTAINS(rejection(npyFile(1, dictFor(">V2", "()"), {0, 0})),
                  "dtype '>V2' is big-endian bfloat16; only little-endian "
                  "data is supported");
}

//===----------------------------------------------------------------------===//
// Writing what npy cannot hold
//===----------------------------------------------------------------------===//

TEST(Npy, RefusesToWriteInconsistentTensors) {
  Tensor t = sample(DType::f32, {2, 3});
  t.bytes.pop_back();
  EXPECT_TRUE(serializeNpy(t).empty());
  Status s = writeNpy(tempPath("bad.npy"), t);
  EXPECT_CONTAINS(s.message(), "tensor f32[2, 3] holds 23 bytes of data, "
                               "which does not match its shape");
  t.shape = {-1, 3};
  EXPECT_CONTAINS(writeNpy(tempPath("bad.npy"), t).message(),
                  "has a negative dimension");
}

/// A tensor that cannot be written leaves the file already there alone.
TEST(Npy, RefusedWritesKeepTheOldFile) {
  std::string path = tempPath("keep.npy");
  Tensor old = sample(DType::i32, {3});
  ASSERT_TRUE(writeNpy(path, old).isOk());
  Tensor bad = sample(DType::f32, {2});
  bad.bytes.pop_back();
  EXPECT_FALSE(writeNpy(path, bad).isOk());
  Result<Tensor> back = readNpy(path);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  expectSameTensor(*back, old);
  std::remove(path.c_str());
}

TEST(Npy, WriteErrorsNameThePathAndCause) {
  std::string path = tempPath("no-such-dir") + "/t.npy";
  Status s = writeNpy(path, sample(DType::f32, {1}));
  EXPECT_EQ(s.message(),
            path + ": cannot create a temporary file in its directory: No "
                   "such file or directory");
}

//===----------------------------------------------------------------------===//
// Robustness
//===----------------------------------------------------------------------===//

/// Every prefix and every single-byte corruption of a valid file is either
/// read or rejected with a message; none may crash.
TEST(Npy, SurvivesTruncationAndCorruption) {
  std::vector<uint8_t> file = serializeNpy(sample(DType::i32, {2, 2}));
  for (size_t size = 0; size < file.size(); ++size) {
    Result<Tensor> t = parseNpy(file.data(), size);
    EXPECT_FALSE(t.isOk());
    EXPECT_FALSE(t.status().message().empty());
  }
  for (size_t i = 0; i < file.size(); ++i) {
    for (uint8_t value : {0x00, 0x27, 0x29, 0x2c, 0x7b, 0x7d, 0xff}) {
      std::vector<uint8_t> corrupt = file;
      corrupt[i] = value;
      Result<Tensor> t = parseNpy(corrupt.data(), corrupt.size());
      EXPECT_TRUE(t.isOk() || !t.status().message().empty());
    }
  }
}

} // namespace
