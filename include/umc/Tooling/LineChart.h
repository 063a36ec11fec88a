//===- LineChart.h - line charts drawn into an image ------------*- C++ -*-===//
//
// What umc-run train draws at the end of training: the loss curve (and
// whatever else the caller passes, e.g. a smoothed copy as a second series)
// as a line chart in an RGB Image, to be written with writePng. Axes with
// "nice" ticks (1, 2, 5 x 10^k), a title, axis labels and a legend; text in
// a built-in 5x7 bitmap font (letters show as capitals). No smoothing, no
// antialiasing: the points given are drawn as they are. Part of the tooling
// library, not the core runtime. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_LINECHART_H
#define UMC_TOOLING_LINECHART_H

#include "umc/Tooling/Png.h"

#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// One line: the points (x[i], y[i]) for i < min(x.size(), y.size()), in
/// the order given, in colour (r, g, b). An empty name leaves it out of the
/// legend.
struct ChartSeries {
  std::string name;
  uint8_t r = 0, g = 0, b = 0;
  std::vector<double> x, y;
};

struct ChartOptions {
  int64_t width = 800, height = 480;
  std::string title, xLabel, yLabel;
  /// A logarithmic y axis; points with y <= 0 are then skipped.
  bool logY = false;
};

/// A width x height RGB image (sizes below 1 count as 1): the series as
/// 2-pixel lines on white, on axes whose ranges cover every point drawn.
/// A point that is skipped (x or y not finite, or y <= 0 with logY) breaks
/// its line; a point with no drawn neighbour shows as a dot. With no point
/// to draw (no series, or all empty) the chart has axes only.
Image renderLineChart(const std::vector<ChartSeries> &series,
                      const ChartOptions &options);

} // namespace umc::rt

#endif // UMC_TOOLING_LINECHART_H
