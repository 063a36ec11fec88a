//===- LineChart.cpp - line charts drawn into an image --------------------===//
//
// Layout: the tick labels are made first, so that the margins fit them; the
// plot area is what is left. Drawing order: grid, series, frame and ticks,
// text, legend. Every pixel write is bounds-checked, so tiny images and
// long labels are cut off instead of written out of bounds.
//
//===----------------------------------------------------------------------===//
#include "umc/Tooling/LineChart.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace umc::rt {

namespace {

struct Rgb {
  uint8_t r, g, b;
};
constexpr Rgb kWhite{255, 255, 255}, kBlack{0, 0, 0}, kGrid{225, 225, 225},
    kLegendBorder{160, 160, 160};

/// 5x7 glyphs, one byte per row from the top, bit 4 the leftmost column.
/// Lower-case letters use the capitals.
struct Glyph {
  char c;
  uint8_t rows[7];
};
constexpr Glyph kFont[] = {
    {' ', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}},
    {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}},
    {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}},
    {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}},
    {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}},
    {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}},
    {',', {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}},
    {'=', {0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}},
};
/// What a character without a glyph shows.
constexpr uint8_t kBox[7] = {0x00, 0x1F, 0x11, 0x11, 0x11, 0x1F, 0x00};

const uint8_t *glyphFor(char c) {
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Glyph &g : kFont)
    if (g.c == c)
      return g.rows;
  return kBox;
}

/// Glyphs are 5 pixels wide plus 1 of spacing, 7 high; all times `scale`.
int64_t textWidth(const std::string &text, int64_t scale = 1) {
  return text.empty() ? 0 : (int64_t(text.size()) * 6 - 1) * scale;
}

struct Rect {
  int64_t x0, y0, x1, y1; // inclusive
};

struct Canvas {
  Image &image;

  void set(int64_t x, int64_t y, Rgb c) {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height)
      return;
    uint8_t *p = &image.pixels[(y * image.width + x) * 3];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
  void fill(Rect r, Rgb c) {
    for (int64_t y = r.y0; y <= r.y1; ++y)
      for (int64_t x = r.x0; x <= r.x1; ++x)
        set(x, y, c);
  }
  /// `text` with its top-left corner at (x, y); `vertical` turns it a
  /// quarter to the left (reading upwards), (x, y) then its bottom-left.
  void text(int64_t x, int64_t y, const std::string &text, Rgb c,
            int64_t scale = 1, bool vertical = false) {
    for (size_t i = 0; i < text.size(); ++i) {
      const uint8_t *rows = glyphFor(text[i]);
      for (int64_t row = 0; row < 7; ++row)
        for (int64_t col = 0; col < 5; ++col) {
          if (!(rows[row] & (0x10 >> col)))
            continue;
          int64_t u = (int64_t(i) * 6 + col) * scale, v = row * scale;
          fill(vertical
                   ? Rect{x + v, y - u - scale + 1, x + v + scale - 1, y - u}
                   : Rect{x + u, y + v, x + u + scale - 1, y + v + scale - 1},
               c);
        }
    }
  }
  /// Bresenham with a 2x2 brush, kept inside `clip`.
  void line(int64_t x0, int64_t y0, int64_t x1, int64_t y1, Rgb c, Rect clip) {
    int64_t dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
    int64_t sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
    while (true) {
      fill({std::max(x0, clip.x0), std::max(y0, clip.y0),
            std::min(x0 + 1, clip.x1), std::min(y0 + 1, clip.y1)},
           c);
      if (x0 == x1 && y0 == y1)
        return;
      int64_t e2 = 2 * err;
      if (e2 >= dy)
        err += dy, x0 += sx;
      if (e2 <= dx)
        err += dx, y0 += sy;
    }
  }
};

/// "%g" with the exponent's '+' and leading zeros dropped: 1e-05 -> 1e-5.
std::string formatNumber(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  std::string s = buffer;
  size_t e = s.find('e');
  if (e == std::string::npos)
    return s;
  std::string mantissa = s.substr(0, e + 1), exponent = s.substr(e + 1);
  if (exponent[0] == '-')
    mantissa += '-';
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  return mantissa + (exponent.empty() ? "0" : exponent);
}

/// An axis in plotted units (log10 of the value on a log axis).
struct Axis {
  double lo, hi;
  std::vector<double> ticks;
  bool log = false;

  std::string label(double t) const {
    return formatNumber(log ? std::pow(10.0, t) : t);
  }
  /// Where `t` lies from lo (0) to hi (1), clamped; 0 where a range too
  /// wide for a double makes it NaN.
  double fraction(double t) const {
    double f = (t - lo) / (hi - lo);
    return f >= 0 ? std::min(f, 1.0) : 0;
  }
};

/// [lo, hi] widened to multiples of a step of 1, 2 or 5 x 10^k giving about
/// `target` intervals, with a tick at each multiple. A range narrower than
/// 1e-9 of its values is one value v, widened to v +- 10%.
Axis linearAxis(double lo, double hi, int64_t target) {
  if (!(hi - lo > 1e-9 * std::max(std::abs(lo), std::abs(hi)))) {
    double d = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= d, hi = lo + 2 * d;
  }
  double raw = (hi - lo) / double(std::max<int64_t>(target, 1));
  double p = std::pow(10.0, std::floor(std::log10(raw))), m = raw / p;
  double step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  if (!std::isfinite(step) || step <= 0)
    return {lo, hi, {}};
  double first = std::floor(lo / step + 1e-9),
         last = std::ceil(hi / step - 1e-9);
  Axis axis{first * step, last * step, {}};
  for (double i = first; i <= last && axis.ticks.size() < 50; ++i)
    axis.ticks.push_back(i * step);
  return axis;
}

/// A value of 1, 2 or 5 x 10^k near 10^t, as log10: the largest not above
/// (up = false) or the smallest not below (up = true).
double niceLog(double t, bool up) {
  static const double kMantissas[] = {1, 2, 5, 10};
  double k = std::floor(t), best = up ? k + 1 : k;
  for (double m : kMantissas) {
    double candidate = k + std::log10(m);
    if (up ? candidate >= t - 1e-9 && candidate < best
           : candidate <= t + 1e-9 && candidate > best)
      best = candidate;
  }
  return best;
}

/// A log axis from 10^lo to 10^hi (lo, hi in decades): ticks at 1, 2 and
/// 5 x 10^k over a few decades, at powers of ten over more.
Axis logAxis(double lo, double hi) {
  if (!(hi > lo))
    lo -= 0.5, hi += 0.5;
  Axis axis{niceLog(lo, false), niceLog(hi, true), {}, true};
  double decades = axis.hi - axis.lo;
  double every = decades <= 3 ? 1 : std::ceil(decades / 6);
  for (double k = std::floor(axis.lo); k <= axis.hi && axis.ticks.size() < 50;
       k += every)
    for (double m : {1.0, 2.0, 5.0}) {
      double t = k + std::log10(m);
      if ((m == 1 || decades <= 3) && t >= axis.lo - 1e-9 &&
          t <= axis.hi + 1e-9)
        axis.ticks.push_back(t);
    }
  return axis;
}

} // namespace

Image renderLineChart(const std::vector<ChartSeries> &series,
                      const ChartOptions &options) {
  Image image;
  image.width = std::max<int64_t>(options.width, 1);
  image.height = std::max<int64_t>(options.height, 1);
  image.channels = 3;
  image.pixels.assign(image.width * image.height * 3, 255);
  Canvas canvas{image};

  // The points drawn, in plotted units; a NaN pair marks a skipped one.
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<std::pair<double, double>>> points(series.size());
  double inf = std::numeric_limits<double>::infinity();
  double xLo = inf, xHi = -inf, yLo = inf, yHi = -inf;
  for (size_t s = 0; s < series.size(); ++s) {
    const ChartSeries &line = series[s];
    for (size_t i = 0; i < std::min(line.x.size(), line.y.size()); ++i) {
      double x = line.x[i], y = line.y[i];
      if (options.logY)
        y = y > 0 ? std::log10(y) : kNaN;
      if (!std::isfinite(x) || !std::isfinite(y)) {
        points[s].emplace_back(kNaN, kNaN);
        continue;
      }
      points[s].emplace_back(x, y);
      xLo = std::min(xLo, x), xHi = std::max(xHi, x);
      yLo = std::min(yLo, y), yHi = std::max(yHi, y);
    }
  }
  if (xLo > xHi)
    xLo = 0, xHi = 1, yLo = 0, yHi = 1;

  // Axes and margins.
  Axis xAxis = linearAxis(xLo, xHi, std::max<int64_t>(image.width / 100, 2));
  Axis yAxis =
      options.logY
          ? logAxis(yLo, yHi)
          : linearAxis(yLo, yHi, std::max<int64_t>(image.height / 60, 2));
  int64_t yTickWidth = 0;
  for (double t : yAxis.ticks)
    yTickWidth = std::max(yTickWidth, textWidth(yAxis.label(t)));
  Rect plot{8 + (options.yLabel.empty() ? 0 : 13) + yTickWidth + 6,
            options.title.empty() ? 12 : 34, image.width - 1 - 20,
            image.height - 1 - (options.xLabel.empty() ? 20 : 33)};
  plot.x1 = std::max(plot.x1, plot.x0), plot.y1 = std::max(plot.y1, plot.y0);
  auto px = [&](double x) {
    return plot.x0 +
           std::llround(xAxis.fraction(x) * double(plot.x1 - plot.x0));
  };
  auto py = [&](double y) {
    return plot.y1 -
           std::llround(yAxis.fraction(y) * double(plot.y1 - plot.y0));
  };

  for (double t : xAxis.ticks)
    canvas.fill({px(t), plot.y0, px(t), plot.y1}, kGrid);
  for (double t : yAxis.ticks)
    canvas.fill({plot.x0, py(t), plot.x1, py(t)}, kGrid);

  for (size_t s = 0; s < series.size(); ++s) {
    Rgb c{series[s].r, series[s].g, series[s].b};
    bool havePrevious = false;
    int64_t x0 = 0, y0 = 0;
    for (auto [x, y] : points[s]) {
      if (std::isnan(x)) {
        havePrevious = false;
        continue;
      }
      int64_t x1 = px(x), y1 = py(y);
      if (havePrevious)
        canvas.line(x0, y0, x1, y1, c, plot);
      else
        canvas.line(x1, y1, x1, y1, c, plot);
      x0 = x1, y0 = y1, havePrevious = true;
    }
  }

  // Frame, ticks and their labels.
  canvas.fill({plot.x0 - 1, plot.y0 - 1, plot.x1 + 1, plot.y0 - 1}, kBlack);
  canvas.fill({plot.x0 - 1, plot.y1 + 1, plot.x1 + 1, plot.y1 + 1}, kBlack);
  canvas.fill({plot.x0 - 1, plot.y0 - 1, plot.x0 - 1, plot.y1 + 1}, kBlack);
  canvas.fill({plot.x1 + 1, plot.y0 - 1, plot.x1 + 1, plot.y1 + 1}, kBlack);
  for (double t : xAxis.ticks) {
    std::string label = xAxis.label(t);
    canvas.fill({px(t), plot.y1 + 2, px(t), plot.y1 + 5}, kBlack);
    canvas.text(px(t) - textWidth(label) / 2, plot.y1 + 8, label, kBlack);
  }
  for (double t : yAxis.ticks) {
    std::string label = yAxis.label(t);
    canvas.fill({plot.x0 - 5, py(t), plot.x0 - 2, py(t)}, kBlack);
    canvas.text(plot.x0 - 8 - textWidth(label), py(t) - 3, label, kBlack);
  }

  // Title, axis labels, legend.
  canvas.text((image.width - textWidth(options.title, 2)) / 2, 8, options.title,
              kBlack, 2);
  canvas.text((plot.x0 + plot.x1 - textWidth(options.xLabel)) / 2, plot.y1 + 21,
              options.xLabel, kBlack);
  canvas.text(6, (plot.y0 + plot.y1 + textWidth(options.yLabel)) / 2,
              options.yLabel, kBlack, 1, /*vertical=*/true);
  std::vector<const ChartSeries *> named;
  int64_t nameWidth = 0;
  for (const ChartSeries &line : series)
    if (!line.name.empty()) {
      named.push_back(&line);
      nameWidth = std::max(nameWidth, textWidth(line.name));
    }
  if (!named.empty()) {
    Rect box{plot.x1 - 6 - (34 + nameWidth), plot.y0 + 6, plot.x1 - 6,
             plot.y0 + 6 + 6 + 11 * int64_t(named.size())};
    canvas.fill(box, kLegendBorder);
    canvas.fill({box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1}, kWhite);
    for (size_t i = 0; i < named.size(); ++i) {
      int64_t y = box.y0 + 8 + 11 * int64_t(i);
      Rgb c{named[i]->r, named[i]->g, named[i]->b};
      canvas.line(box.x0 + 6, y, box.x0 + 22, y, c, box);
      canvas.text(box.x0 + 28, y - 3, named[i]->name, kBlack);
    }
  }
  return image;
}

} // namespace umc::rt
