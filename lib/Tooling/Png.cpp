//===- Png.cpp - PNG images in and out ------------------------------------===//
//
// libpng's simplified API (png_image): it converts any colour type and bit
// depth to the format asked for, and reports errors in png_image::message
// instead of longjmp-ing through our frames.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/Png.h"

#include "umc/Runtime/FileIO.h"

#include <png.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace umc::rt {

namespace {

/// Large enough for any image a model here takes or makes; a bigger file is
/// refused before it is read.
constexpr uint64_t kMaxPngFileBytes = uint64_t(256) << 20;

png_uint_32 formatFor(int64_t channels) {
  return channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
}

} // namespace

Status writePng(const std::string &path, const Image &image) {
  if ((image.channels != 1 && image.channels != 3) || image.width < 1 ||
      image.height < 1 ||
      image.pixels.size() !=
          static_cast<size_t>(image.width * image.height * image.channels))
    return Status::error(path + ": cannot write a " +
                         std::to_string(image.width) + "x" +
                         std::to_string(image.height) + " image of " +
                         std::to_string(image.channels) +
                         " channels as PNG (1 or 3 channels, pixels to match)");
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = formatFor(image.channels);
  png_alloc_size_t size = 0;
  // The first call measures, the second writes.
  if (!png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(),
                                 0, nullptr))
    return Status::error(path + ": PNG encoding failed: " + png.message);
  std::vector<uint8_t> bytes(size);
  if (!png_image_write_to_memory(&png, bytes.data(), &size, 0,
                                 image.pixels.data(), 0, nullptr))
    return Status::error(path + ": PNG encoding failed: " + png.message);
  return writeFileAtomically(path, bytes.data(), size);
}

Result<Image> readPng(const std::string &path, int64_t channels) {
  assert(channels == 1 || channels == 3);
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, kMaxPngFileBytes, "a PNG image");
  if (!bytes.isOk())
    return bytes.status();
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, bytes->data(), bytes->size()))
    return Status::error(path + ": not a PNG image we can read: " +
                         png.message);
  png.format = formatFor(channels);
  Image image;
  image.width = png.width;
  image.height = png.height;
  image.channels = channels;
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  // Alpha composited on black.
  png_color black = {0, 0, 0};
  if (!png_image_finish_read(&png, &black, image.pixels.data(), 0, nullptr)) {
    png_image_free(&png);
    return Status::error(path + ": PNG decoding failed: " + png.message);
  }
  return image;
}

Image imageFromFloats(const float *batch, int64_t index, int64_t channels,
                      int64_t height, int64_t width) {
  Image image{width, height, channels, {}};
  image.pixels.resize(width * height * channels);
  const float *planes = batch + index * channels * height * width;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < height * width; ++i) {
      float v = planes[c * height * width + i];
      // NaN becomes 0 (black), like every value below -1.
      float pixel = std::isnan(v) ? 0.0f : std::round((v + 1.0f) * 127.5f);
      image.pixels[i * channels + c] =
          static_cast<uint8_t>(std::clamp(pixel, 0.0f, 255.0f));
    }
  return image;
}

void floatsFromImage(const Image &image, float *out) {
  int64_t plane = image.width * image.height;
  for (int64_t c = 0; c < image.channels; ++c)
    for (int64_t i = 0; i < plane; ++i)
      out[c * plane + i] = image.pixels[i * image.channels + c] / 127.5f - 1.0f;
}

Image upscale(const Image &image, int64_t factor) {
  Image big{image.width * factor, image.height * factor, image.channels, {}};
  big.pixels.resize(big.width * big.height * big.channels);
  for (int64_t y = 0; y < big.height; ++y)
    for (int64_t x = 0; x < big.width; ++x)
      std::memcpy(&big.pixels[(y * big.width + x) * big.channels],
                  &image.pixels[((y / factor) * image.width + x / factor) *
                                image.channels],
                  image.channels);
  return big;
}

Image grid(const std::vector<Image> &images, int64_t columns, int64_t gap) {
  assert(!images.empty() && columns >= 1);
  const Image &first = images.front();
  int64_t count = static_cast<int64_t>(images.size());
  columns = std::min(columns, count);
  int64_t rows = (count + columns - 1) / columns;
  Image sheet{columns * first.width + (columns - 1) * gap,
              rows * first.height + (rows - 1) * gap, first.channels, {}};
  sheet.pixels.assign(sheet.width * sheet.height * sheet.channels, 0);
  for (int64_t i = 0; i < count; ++i) {
    const Image &image = images[i];
    assert(image.width == first.width && image.height == first.height &&
           image.channels == first.channels);
    int64_t left = (i % columns) * (first.width + gap);
    int64_t top = (i / columns) * (first.height + gap);
    for (int64_t y = 0; y < image.height; ++y)
      std::memcpy(
          &sheet.pixels[((top + y) * sheet.width + left) * sheet.channels],
          &image.pixels[y * image.width * image.channels],
          image.width * image.channels);
  }
  return sheet;
}

} // namespace umc::rt
