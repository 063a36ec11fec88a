//===- LineChartTest.cpp - line charts drawn into an image ----------------===//
//
// The series are found in the image by their colour (nothing else is drawn
// in it): where their pixels lie against each other and against the black
// frame of the plot area tells whether the points were placed where their
// values say.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "umc/Tooling/LineChart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

using namespace umc::rt;
using umc::test::tempPath;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

ChartSeries line(std::vector<double> x, std::vector<double> y, uint8_t r = 200,
                 uint8_t g = 30, uint8_t b = 30, std::string name = "") {
  return {std::move(name), r, g, b, std::move(x), std::move(y)};
}

bool isColour(const Image &image, int64_t x, int64_t y, uint8_t r, uint8_t g,
              uint8_t b) {
  const uint8_t *p = &image.pixels[(y * image.width + x) * 3];
  return p[0] == r && p[1] == g && p[2] == b;
}

/// The pixels of one colour: how many, and their bounding box.
struct Found {
  int64_t count = 0, x0 = INT64_MAX, y0 = INT64_MAX, x1 = -1, y1 = -1;
  std::vector<std::pair<int64_t, int64_t>> at;
};

Found find(const Image &image, uint8_t r, uint8_t g, uint8_t b) {
  Found found;
  for (int64_t y = 0; y < image.height; ++y)
    for (int64_t x = 0; x < image.width; ++x)
      if (isColour(image, x, y, r, g, b)) {
        ++found.count;
        found.x0 = std::min(found.x0, x), found.x1 = std::max(found.x1, x);
        found.y0 = std::min(found.y0, y), found.y1 = std::max(found.y1, y);
        found.at.emplace_back(x, y);
      }
  return found;
}

/// The series' pixels run from the lower-left to the upper-right corner of
/// their box, every one within 3 pixels of the diagonal, and the box fills
/// most of the image, framed by the black axes.
void expectRisingDiagonal(const Image &image, const Found &found) {
  ASSERT_GT(found.count, 0);
  EXPECT_GT(found.x1 - found.x0, image.width * 6 / 10);
  EXPECT_GT(found.y1 - found.y0, image.height * 6 / 10);
  double w = double(found.x1 - found.x0), h = double(found.y1 - found.y0);
  int64_t off = 0;
  for (auto [x, y] : found.at) {
    double expected = double(found.y1) - double(x - found.x0) * h / w;
    off += std::abs(double(y) - expected) > 3;
  }
  EXPECT_EQ(off, 0) << "of " << found.count << " pixels off the diagonal";
  EXPECT_TRUE(isColour(image, found.x0 - 1, (found.y0 + found.y1) / 2, 0, 0, 0))
      << "no y axis left of the series";
  EXPECT_TRUE(isColour(image, (found.x0 + found.x1) / 2, found.y1 + 1, 0, 0, 0))
      << "no x axis under the series";
}

TEST(LineChartTest, HasTheRequestedSize) {
  ChartOptions options;
  options.width = 320, options.height = 200;
  Image image = renderLineChart({line({0, 1}, {0, 1})}, options);
  EXPECT_EQ(image.width, 320);
  EXPECT_EQ(image.height, 200);
  EXPECT_EQ(image.channels, 3);
  EXPECT_EQ(image.pixels.size(), size_t(320 * 200 * 3));
  EXPECT_TRUE(isColour(image, 0, 0, 255, 255, 255));
  EXPECT_TRUE(isColour(image, 319, 199, 255, 255, 255));

  for (int64_t size : {-5, 0, 1, 7, 40}) {
    options.width = options.height = size;
    options.title = options.xLabel = options.yLabel = "a long label here";
    image = renderLineChart({line({0, 1}, {0, 1}, 1, 2, 3, "name")}, options);
    EXPECT_EQ(image.width, std::max<int64_t>(size, 1));
    EXPECT_EQ(image.pixels.size(), size_t(image.width * image.height * 3));
  }
}

TEST(LineChartTest, RisingLineGoesFromLowerLeftToUpperRight) {
  ChartOptions options;
  options.title = "Loss", options.xLabel = "step", options.yLabel = "loss";
  std::vector<double> x;
  for (int i = 0; i <= 10; ++i)
    x.push_back(i);
  Image image = renderLineChart({line(x, x)}, options);
  Found found = find(image, 200, 30, 30);
  expectRisingDiagonal(image, found);
  // Inside the image, not in its margins.
  EXPECT_GT(found.x0, 20);
  EXPECT_GT(found.y0, 20);
  EXPECT_LT(found.x1, image.width - 10);
  EXPECT_LT(found.y1, image.height - 20);
}

TEST(LineChartTest, SeriesShareTheAxes) {
  // A flat line at 5 between 0 and 10 runs through the middle of the rising
  // line's box, from its left edge to its right.
  Image image = renderLineChart(
      {line({0, 10}, {0, 10}), line({0, 5, 10}, {5, 5, 5}, 20, 40, 220)}, {});
  Found rising = find(image, 200, 30, 30), flat = find(image, 20, 40, 220);
  ASSERT_GT(rising.count, 0);
  ASSERT_GT(flat.count, 0);
  EXPECT_NEAR(flat.x0, rising.x0, 1);
  EXPECT_NEAR(flat.x1, rising.x1, 1);
  EXPECT_NEAR((flat.y0 + flat.y1) / 2, (rising.y0 + rising.y1) / 2, 2);
  EXPECT_LE(flat.y1 - flat.y0, 2);
}

TEST(LineChartTest, NonFinitePointsBreakTheLine) {
  for (double bad : {kNaN, kInf, -kInf}) {
    Image image =
        renderLineChart({line({0, 1, 2, 3, 4}, {1, 2, bad, 4, 5})}, {});
    Found found = find(image, 200, 30, 30);
    ASSERT_GT(found.count, 0);
    // x = 2 is not drawn, so nothing lies strictly between x = 1 and x = 3.
    int64_t w = found.x1 - found.x0, left = 0, gap = 0, right = 0;
    for (auto [x, y] : found.at) {
      double f = double(x - found.x0) / double(w);
      left += f<0.3, gap += f> 0.3 && f<0.7, right += f> 0.7;
    }
    EXPECT_GT(left, 0);
    EXPECT_EQ(gap, 0);
    EXPECT_GT(right, 0);
  }
  // A NaN x too; and an isolated point still shows.
  Image image = renderLineChart({line({0, kNaN, 2}, {0, 1, 2})}, {});
  Found found = find(image, 200, 30, 30);
  EXPECT_GT(found.count, 0);
  EXPECT_LE(found.count, 8);
}

TEST(LineChartTest, NoPointsGivesAxesOnly) {
  for (const std::vector<ChartSeries> &series :
       {std::vector<ChartSeries>{}, std::vector<ChartSeries>{line({}, {})},
        std::vector<ChartSeries>{line({kNaN, 1}, {1, kNaN})},
        std::vector<ChartSeries>{line({1, 2, 3}, {})}}) {
    ChartOptions options;
    options.title = "Empty";
    Image image = renderLineChart(series, options);
    EXPECT_EQ(image.width, 800);
    EXPECT_EQ(image.height, 480);
    EXPECT_EQ(image.channels, 3);
    EXPECT_EQ(find(image, 200, 30, 30).count, 0);
    // The axes (frame, ticks, labels: all that is black) of [0, 1] x [0, 1].
    Image unit = renderLineChart({line({0, 1}, {0, 1})}, options);
    EXPECT_GT(find(image, 0, 0, 0).count, 1000) << "no axes";
    EXPECT_EQ(find(image, 0, 0, 0).count, find(unit, 0, 0, 0).count);
  }
}

TEST(LineChartTest, LogYDrawsPowersEvenlyAndSkipsNonPositive) {
  // 1, 10, 100 lie on a straight line on a log axis (not on a linear one);
  // -1 and 0 are skipped and do not stretch the x axis.
  ChartOptions options;
  options.logY = true;
  Image image =
      renderLineChart({line({0, 1, 2, 3, 4}, {-1, 0, 1, 10, 100})}, options);
  expectRisingDiagonal(image, find(image, 200, 30, 30));

  options.logY = false;
  image = renderLineChart({line({2, 3, 4}, {1, 10, 100})}, options);
  Found linear = find(image, 200, 30, 30);
  ASSERT_GT(linear.count, 0);
  // On a linear axis x = 3 (the middle) is near the bottom.
  int64_t mid = (linear.x0 + linear.x1) / 2;
  for (auto [x, y] : linear.at)
    if (x == mid)
      EXPECT_GT(y, (linear.y0 + linear.y1) / 2);

  options.logY = true;
  image = renderLineChart({line({0, 1}, {0, -3})}, options);
  EXPECT_EQ(find(image, 200, 30, 30).count, 0);
  EXPECT_GT(find(image, 0, 0, 0).count, 1000);
}

TEST(LineChartTest, DegenerateRangesStayDrawable) {
  // A range within rounding of one value is that value, +- 10%: a flat line.
  Image constant = renderLineChart({line({0, 1}, {1, 1})}, {});
  Image nearly = renderLineChart({line({0, 1}, {1, 1 + 1e-12})}, {});
  Found flat = find(nearly, 200, 30, 30), level = find(constant, 200, 30, 30);
  ASSERT_GT(flat.count, 0);
  ASSERT_GT(level.count, 0);
  EXPECT_LE(flat.y1 - flat.y0, 2); // 1 may round to either side of a pixel
  EXPECT_NEAR(flat.y0, level.y0, 1);
  EXPECT_NEAR(flat.y0, (constant.height - 1) / 2, 20) << "not mid-height";
  // Ranges wider than a double holds: the points still land in the image.
  for (bool logY : {false, true}) {
    ChartOptions options;
    options.logY = logY;
    Image wide = renderLineChart(
        {line({-1e308, 1e308, 0}, {1e308, -1e308, 4.9e-324})}, options);
    EXPECT_GT(find(wide, 200, 30, 30).count, 0);
  }
}

TEST(LineChartTest, LegendShowsNamedSeries) {
  // A line along the bottom; the legend, with a sample of its colour and its
  // name, goes in the upper part.
  auto render = [](std::string name) {
    return renderLineChart({line({0, 10}, {0, 0}, 200, 30, 30, std::move(name)),
                            line({0, 10}, {10, 10}, 20, 40, 220)},
                           {});
  };
  Image plain = render(""), named = render("train loss");
  Found inPlain = find(plain, 200, 30, 30), inNamed = find(named, 200, 30, 30);
  ASSERT_GT(inPlain.count, 0);
  EXPECT_LT(inNamed.y0, inPlain.y0 - 100);
  EXPECT_GT(find(named, 0, 0, 0).count, find(plain, 0, 0, 0).count + 50);
}

TEST(LineChartTest, TextUsesTheBuiltInFont) {
  auto withTitle = [](std::string title) {
    ChartOptions options;
    options.title = std::move(title);
    return renderLineChart({}, options);
  };
  // Any title makes room for itself; spaces draw nothing.
  Image blank = withTitle(" ");
  EXPECT_EQ(withTitle("    ").pixels, blank.pixels);
  EXPECT_EQ(withTitle("loss").pixels, withTitle("LOSS").pixels);
  EXPECT_NE(withTitle("LOSS").pixels, withTitle("LOST").pixels);
  // Characters without a glyph show as the same box.
  Image box = withTitle("?");
  EXPECT_NE(box.pixels, blank.pixels);
  EXPECT_EQ(withTitle("#").pixels, box.pixels);
  EXPECT_NE(withTitle("0").pixels, box.pixels);
}

TEST(LineChartTest, WritesAsPng) {
  ChartOptions options;
  options.width = 200, options.height = 120;
  options.title = "Loss (x/y = 1e-3 +- 5%)";
  Image image = renderLineChart(
      {line({0, 1, 2}, {3, 1, 2}, 10, 20, 30, "a"), line({0, 2}, {1, 1})},
      options);
  std::string path = tempPath("chart.png");
  ASSERT_TRUE(writePng(path, image).isOk());
  Result<Image> back = readPng(path, 3);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  EXPECT_EQ(back->width, 200);
  EXPECT_EQ(back->height, 120);
  EXPECT_EQ(back->pixels, image.pixels);
  std::remove(path.c_str());
}

} // namespace
