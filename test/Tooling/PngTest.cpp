//===- PngTest.cpp - reading and writing PNG images -----------------------===//
//
// The file read is spelled out byte by byte (written by hand from the PNG
// specification with zlib, not by the writer under test); written files
// are checked field by field in their IHDR chunk and by reading them back.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/Png.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

using namespace umc::rt;

namespace {

/// A 3x2 8-bit grey+alpha PNG: row 0 (0, 255) (128, 255) (255, 0),
/// row 1 (200, 128) (10, 255) (255, 255) as (grey, alpha).
const std::vector<uint8_t> kGreyAlpha3x2 = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02,
    0x08, 0x04, 0x00, 0x00, 0x00, 0x37, 0x7d, 0xae, 0x91, 0x00, 0x00, 0x00,
    0x17, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0xf8, 0xdf, 0xf0,
    0xff, 0x3f, 0x03, 0xc3, 0x89, 0x06, 0xae, 0xff, 0xff, 0xff, 0x03, 0x00,
    0x31, 0xc1, 0x07, 0xcd, 0xfd, 0x4d, 0xd4, 0xea, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

class PngTest : public ::testing::Test {
protected:
  std::string path(const std::string &name) {
    return dir + "/" + name;
  }
  void SetUp() override {
    char pattern[] = "/tmp/umc-png-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir = pattern;
  }
  void TearDown() override {
    std::system(("rm -rf '" + dir + "'").c_str());
  }
  void writeBytes(const std::string &file, const std::vector<uint8_t> &bytes) {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<uint8_t> readBytes(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  std::string dir;
};

uint32_t bigEndian(const std::vector<uint8_t> &b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 |
         uint32_t(b[at + 2]) << 8 | b[at + 3];
}

TEST_F(PngTest, ReadsGreyWithAlphaCompositedOnBlack) {
  writeBytes(path("a.png"), kGreyAlpha3x2);
  Result<Image> image = readPng(path("a.png"), 1);
  ASSERT_TRUE(image.isOk()) << image.status().message();
  EXPECT_EQ(image->width, 3);
  EXPECT_EQ(image->height, 2);
  EXPECT_EQ(image->channels, 1);
  ASSERT_EQ(image->pixels.size(), 6u);
  // Opaque pixels as they are, a transparent one black, a half-transparent
  // one between black and its grey.
  EXPECT_EQ(image->pixels[0], 0);
  EXPECT_EQ(image->pixels[1], 128);
  EXPECT_EQ(image->pixels[2], 0);
  EXPECT_GT(image->pixels[3], 0);
  EXPECT_LT(image->pixels[3], 200);
  EXPECT_EQ(image->pixels[4], 10);
  EXPECT_EQ(image->pixels[5], 255);
}

TEST_F(PngTest, ReadsGreyAsRgbByCopying) {
  writeBytes(path("a.png"), kGreyAlpha3x2);
  Result<Image> image = readPng(path("a.png"), 3);
  ASSERT_TRUE(image.isOk()) << image.status().message();
  ASSERT_EQ(image->pixels.size(), 18u);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(image->pixels[3 + c], 128);
    EXPECT_EQ(image->pixels[12 + c], 10);
  }
}

TEST_F(PngTest, WritesWhatItIsGivenAndReadsItBack) {
  for (int64_t channels : {1, 3}) {
    Image image{5, 3, channels, {}};
    for (int64_t i = 0; i < 5 * 3 * channels; ++i)
      image.pixels.push_back(static_cast<uint8_t>(i * 17 % 256));
    std::string file = path("w" + std::to_string(channels) + ".png");
    ASSERT_TRUE(writePng(file, image).isOk());
    std::vector<uint8_t> bytes = readBytes(file);
    ASSERT_GT(bytes.size(), 33u);
    EXPECT_EQ(std::string(bytes.begin() + 12, bytes.begin() + 16), "IHDR");
    EXPECT_EQ(bigEndian(bytes, 16), 5u);
    EXPECT_EQ(bigEndian(bytes, 20), 3u);
    EXPECT_EQ(bytes[24], 8);                        // bit depth
    EXPECT_EQ(bytes[25], channels == 3 ? 2 : 0);    // RGB or grey
    Result<Image> back = readPng(file, channels);
    ASSERT_TRUE(back.isOk()) << back.status().message();
    EXPECT_EQ(back->pixels, image.pixels);
  }
}

TEST_F(PngTest, RefusesWhatIsNotAPng) {
  writeBytes(path("x.png"), {'n', 'o', 't', ' ', 'a', ' ', 'p', 'n', 'g'});
  Result<Image> image = readPng(path("x.png"), 1);
  ASSERT_FALSE(image.isOk());
  EXPECT_NE(image.status().message().find(path("x.png") + ": not a PNG"),
            std::string::npos)
      << image.status().message();
  EXPECT_FALSE(readPng(path("missing.png"), 1).isOk());
  EXPECT_FALSE(writePng(path("bad.png"), Image{2, 2, 2, {0, 0, 0, 0, 0, 0, 0, 0}}).isOk());
}

TEST(PngPixels, FloatsMapToBytesAndBack) {
  // [1, 1, 1, 5]: -1 is black, 1 white, out of range and NaN clamp.
  std::vector<float> v = {-1.0f, 1.0f, 0.0f, 7.0f, std::nanf("")};
  Image image = imageFromFloats(v.data(), 0, 1, 1, 5);
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{0, 255, 128, 255, 0}));
  std::vector<float> back(5);
  floatsFromImage(image, back.data());
  EXPECT_FLOAT_EQ(back[0], -1.0f);
  EXPECT_FLOAT_EQ(back[1], 1.0f);
  EXPECT_NEAR(back[2], 0.0f, 1.0f / 127.5f);
}

TEST(PngPixels, PlanesInterleaveAndTheBatchIndexSelects) {
  // [2, 3, 1, 2]: image 1's planes are R = (6, 7), G = (8, 9), B = (10, 11)
  // in units of 0.01.
  std::vector<float> v(12);
  for (int i = 0; i < 12; ++i)
    v[i] = i * 0.01f;
  Image image = imageFromFloats(v.data(), 1, 3, 1, 2);
  auto px = [](float f) { return static_cast<uint8_t>(std::lround((f + 1) * 127.5f)); };
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{px(.06f), px(.08f), px(.10f),
                                                 px(.07f), px(.09f), px(.11f)}));
}

TEST(PngPixels, UpscaleAndGrid) {
  Image a{2, 1, 1, {10, 20}}, b{2, 1, 1, {30, 40}}, c{2, 1, 1, {50, 60}};
  Image big = upscale(a, 2);
  EXPECT_EQ(big.width, 4);
  EXPECT_EQ(big.height, 2);
  EXPECT_EQ(big.pixels, (std::vector<uint8_t>{10, 10, 20, 20, 10, 10, 20, 20}));
  // Two columns, a gap of 1: row 0 is a | b, row 1 is c and black.
  Image sheet = grid({a, b, c}, 2, 1);
  EXPECT_EQ(sheet.width, 5);
  EXPECT_EQ(sheet.height, 3);
  EXPECT_EQ(sheet.pixels, (std::vector<uint8_t>{10, 20, 0, 30, 40,  //
                                                 0, 0, 0, 0, 0,     //
                                                 50, 60, 0, 0, 0}));
}

} // namespace
