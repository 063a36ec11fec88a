//===- Png.h - PNG images in and out ----------------------------*- C++ -*-===//
//
// What umc-run generate writes (the images a model draws, one file or a
// grid) and reads (--image, an image to caption), through Debian's libpng.
// Pixels are 8-bit grey or RGB; tensors hold them as floats in [-1, 1], the
// range image models are trained on. Part of the tooling library, not the
// core runtime. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_PNG_H
#define UMC_TOOLING_PNG_H

#include "umc/Runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// An 8-bit image, rows top to bottom, channels interleaved (1: grey,
/// 3: RGB).
struct Image {
  int64_t width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;
};

/// Writes `image` as a PNG with writeFileAtomically (a failed write leaves a
/// file already at `path` as it was).
Status writePng(const std::string &path, const Image &image);

/// Reads a PNG of any colour type and depth as `channels` (1 or 3) 8-bit
/// channels: colour becomes grey by luminance, grey becomes RGB by copying,
/// alpha is composited on black.
Result<Image> readPng(const std::string &path, int64_t channels);

/// Image `index` of a batch [N, C, H, W] of floats in [-1, 1] (C = 1 or 3):
/// pixel = round((v + 1) * 127.5), clamped to [0, 255].
Image imageFromFloats(const float *batch, int64_t index, int64_t channels,
                      int64_t height, int64_t width);

/// The inverse: `image` (its channels matching C) into `out` [C, H, W] in
/// [-1, 1].
void floatsFromImage(const Image &image, float *out);

/// Each pixel repeated `factor` times in both directions (nearest
/// neighbour), so that tiny images can be seen.
Image upscale(const Image &image, int64_t factor);

/// The images side by side, `columns` per row, `gap` pixels of black
/// between them; all must have the same size and channels.
Image grid(const std::vector<Image> &images, int64_t columns, int64_t gap);

} // namespace umc::rt

#endif // UMC_TOOLING_PNG_H
