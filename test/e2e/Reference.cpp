//===- Reference.cpp - plain C++ reference of the umc ops -----------------===//
//
// Every function follows the formula of its op's description in UmcOps.td as
// literally as it can: one loop nest per formula, in double precision, so
// that a reader can check it against the description line by line.
//
//===----------------------------------------------------------------------===//
#include "Reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace umc::ref {
namespace {

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t dim : shape) {
    assert(dim >= 0 && "negative dimension");
    n *= dim;
  }
  return n;
}

/// The product of shape[begin, end): the row-major extent of a run of dims.
int64_t product(const std::vector<int64_t> &shape, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t d = begin; d < end; ++d)
    n *= shape[d];
  return n;
}

[[maybe_unused]] bool isWellFormed(const Array &a) {
  return static_cast<int64_t>(a.data.size()) == numElements(a.shape);
}

/// The multi-index of row-major position `flat` in `shape`.
std::vector<int64_t> unravel(int64_t flat, const std::vector<int64_t> &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

int64_t ravel(const std::vector<int64_t> &index,
              const std::vector<int64_t> &shape) {
  assert(index.size() == shape.size());
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + index[d];
  return flat;
}

/// The row-major position in an operand of shape `shape` that broadcasts to
/// `resultIndex`: dims align at the back, and a size-1 dim always reads 0.
int64_t broadcastOffset(const std::vector<int64_t> &resultIndex,
                        const std::vector<int64_t> &shape) {
  assert(shape.size() <= resultIndex.size());
  size_t lead = resultIndex.size() - shape.size();
  std::vector<int64_t> index(shape.size());
  for (size_t d = 0; d < shape.size(); ++d)
    index[d] = shape[d] == 1 ? 0 : resultIndex[lead + d];
  return ravel(index, shape);
}

/// NumPy's broadcast of two shapes; asserts that they are compatible.
std::vector<int64_t> broadcastShapes(const std::vector<int64_t> &a,
                                     const std::vector<int64_t> &b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> result(rank);
  for (size_t d = 0; d < rank; ++d) {
    // Counting from the back, a missing leading dim acts as size 1.
    int64_t da = d < a.size() ? a[a.size() - 1 - d] : 1;
    int64_t db = d < b.size() ? b[b.size() - 1 - d] : 1;
    assert((da == db || da == 1 || db == 1) && "shapes do not broadcast");
    result[rank - 1 - d] = da == 1 ? db : da;
  }
  return result;
}

int64_t normalizeAxis(int64_t axis, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  assert(axis >= -r && axis < r && "axis out of range");
  return axis < 0 ? axis + r : axis;
}

template <typename Fn>
Array broadcastBinary(const Array &a, const Array &b, Fn fn) {
  assert(isWellFormed(a) && isWellFormed(b));
  Array result = Array::zeros(broadcastShapes(a.shape, b.shape));
  for (int64_t i = 0; i < result.size(); ++i) {
    std::vector<int64_t> index = unravel(i, result.shape);
    result.data[i] = fn(a.data[broadcastOffset(index, a.shape)],
                        b.data[broadcastOffset(index, b.shape)]);
  }
  return result;
}

template <typename Fn> Array unary(const Array &x, Fn fn) {
  assert(isWellFormed(x));
  Array result = x;
  for (double &value : result.data)
    value = fn(value);
  return result;
}

/// Asserts that `param` is a 1-D tensor of `n` elements (a scale or bias).
void checkVector([[maybe_unused]] const Array &param,
                 [[maybe_unused]] int64_t n) {
  assert(param.shape.size() == 1 && param.shape[0] == n &&
         "parameter vector has the wrong shape");
  assert(isWellFormed(param));
}

} // namespace

Array Array::zeros(std::vector<int64_t> shape) {
  Array a;
  a.data.assign(numElements(shape), 0.0);
  a.shape = std::move(shape);
  return a;
}

int64_t Array::size() const { return numElements(shape); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

Array add(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) { return l + r; });
}

Array sub(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) { return l - r; });
}

Array mul(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) { return l * r; });
}

Array div(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) { return l / r; });
}

Array maximum(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) {
    return std::isnan(l) || std::isnan(r) ? NAN : std::max(l, r);
  });
}

Array minimum(const Array &a, const Array &b) {
  return broadcastBinary(a, b, [](double l, double r) {
    return std::isnan(l) || std::isnan(r) ? NAN : std::min(l, r);
  });
}

Array where(const Array &condition, const Array &a, const Array &b) {
  assert(isWellFormed(condition) && isWellFormed(a) && isWellFormed(b));
  Array result = Array::zeros(
      broadcastShapes(condition.shape, broadcastShapes(a.shape, b.shape)));
  for (int64_t i = 0; i < result.size(); ++i) {
    std::vector<int64_t> index = unravel(i, result.shape);
    bool take = condition.data[broadcastOffset(index, condition.shape)] != 0;
    result.data[i] = take ? a.data[broadcastOffset(index, a.shape)]
                          : b.data[broadcastOffset(index, b.shape)];
  }
  return result;
}

Array exp(const Array &x) {
  return unary(x, [](double v) { return std::exp(v); });
}

Array log(const Array &x) {
  return unary(x, [](double v) { return std::log(v); });
}

Array tanh(const Array &x) {
  return unary(x, [](double v) { return std::tanh(v); });
}

Array sin(const Array &x) {
  return unary(x, [](double v) { return std::sin(v); });
}

Array cos(const Array &x) {
  return unary(x, [](double v) { return std::cos(v); });
}

Array sqrt(const Array &x) {
  return unary(x, [](double v) { return std::sqrt(v); });
}

Array rsqrt(const Array &x) {
  return unary(x, [](double v) { return 1.0 / std::sqrt(v); });
}

Array sigmoid(const Array &x) {
  return unary(x, [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
}

Array neg(const Array &x) {
  return unary(x, [](double v) { return -v; });
}

Array gelu(const Array &x, bool tanhApproximation) {
  if (tanhApproximation) {
    // M_PI is POSIX, not standard C++17.
    const double pi = std::acos(-1.0);
    const double c = std::sqrt(2.0 / pi);
    return unary(x, [c](double v) {
      return 0.5 * v * (1.0 + std::tanh(c * (v + 0.044715 * v * v * v)));
    });
  }
  return unary(x, [](double v) {
    return v * 0.5 * (1.0 + std::erf(v / std::sqrt(2.0)));
  });
}

Array silu(const Array &x) {
  return unary(x, [](double v) { return v / (1.0 + std::exp(-v)); });
}

Array softmax(const Array &x, int64_t axis) {
  assert(isWellFormed(x));
  size_t ax = normalizeAxis(axis, x.shape.size());
  // View x as [outer, n, inner]; each (outer, inner) pair is one softmax.
  int64_t outer = product(x.shape, 0, ax);
  int64_t n = x.shape[ax];
  int64_t inner = product(x.shape, ax + 1, x.shape.size());
  Array result = Array::zeros(x.shape);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      auto at = [&](int64_t i) { return (o * n + i) * inner + in; };
      double m = -std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < n; ++i)
        m = std::max(m, x.data[at(i)]);
      double sum = 0.0;
      for (int64_t i = 0; i < n; ++i)
        sum += std::exp(x.data[at(i)] - m);
      for (int64_t i = 0; i < n; ++i)
        result.data[at(i)] = std::exp(x.data[at(i)] - m) / sum;
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Contractions and lookups
//===----------------------------------------------------------------------===//

Array linear(const Array &x, const Array &w, const Array *bias) {
  assert(isWellFormed(x) && isWellFormed(w));
  assert(!x.shape.empty() && w.shape.size() == 2);
  int64_t k = x.shape.back();
  int64_t n = w.shape[0];
  assert(w.shape[1] == k && "weight is not [N, K]");
  if (bias)
    checkVector(*bias, n);
  std::vector<int64_t> shape = x.shape;
  shape.back() = n;
  Array result = Array::zeros(shape);
  int64_t rows = product(x.shape, 0, x.shape.size() - 1);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = bias ? bias->data[j] : 0.0;
      for (int64_t i = 0; i < k; ++i)
        sum += x.data[r * k + i] * w.data[j * k + i];
      result.data[r * n + j] = sum;
    }
  }
  return result;
}

Array matmul(const Array &a, const Array &b) {
  assert(isWellFormed(a) && isWellFormed(b));
  assert(a.shape.size() >= 2 && b.shape.size() >= 2);
  size_t ra = a.shape.size(), rb = b.shape.size();
  int64_t m = a.shape[ra - 2], k = a.shape[ra - 1];
  int64_t n = b.shape[rb - 1];
  assert(b.shape[rb - 2] == k && "contraction dims differ");
  std::vector<int64_t> batchA(a.shape.begin(), a.shape.end() - 2);
  std::vector<int64_t> batchB(b.shape.begin(), b.shape.end() - 2);
  std::vector<int64_t> batch = broadcastShapes(batchA, batchB);
  std::vector<int64_t> shape = batch;
  shape.push_back(m);
  shape.push_back(n);
  Array result = Array::zeros(shape);
  for (int64_t bi = 0; bi < numElements(batch); ++bi) {
    std::vector<int64_t> index = unravel(bi, batch);
    // Offsets of the [M, K] and [K, N] matrices this batch entry reads.
    int64_t baseA = broadcastOffset(index, batchA) * m * k;
    int64_t baseB = broadcastOffset(index, batchB) * k * n;
    int64_t baseR = bi * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0.0;
        for (int64_t l = 0; l < k; ++l)
          sum += a.data[baseA + i * k + l] * b.data[baseB + l * n + j];
        result.data[baseR + i * n + j] = sum;
      }
    }
  }
  return result;
}

Array embedding(const std::vector<int64_t> &idsShape,
                const std::vector<int64_t> &ids, const Array &table) {
  assert(isWellFormed(table) && table.shape.size() == 2);
  assert(static_cast<int64_t>(ids.size()) == numElements(idsShape));
  [[maybe_unused]] int64_t vocab = table.shape[0];
  int64_t d = table.shape[1];
  std::vector<int64_t> shape = idsShape;
  shape.push_back(d);
  Array result = Array::zeros(shape);
  for (size_t i = 0; i < ids.size(); ++i) {
    assert(ids[i] >= 0 && ids[i] < vocab && "id outside the table");
    for (int64_t c = 0; c < d; ++c)
      result.data[i * d + c] = table.data[ids[i] * d + c];
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

Array layerNorm(const Array &x, const Array *scale, const Array *bias,
                double eps) {
  assert(isWellFormed(x) && !x.shape.empty());
  int64_t d = x.shape.back();
  if (scale)
    checkVector(*scale, d);
  if (bias)
    checkVector(*bias, d);
  int64_t rows = product(x.shape, 0, x.shape.size() - 1);
  Array result = Array::zeros(x.shape);
  for (int64_t r = 0; r < rows; ++r) {
    const double *row = &x.data[r * d];
    double mean = 0.0;
    for (int64_t i = 0; i < d; ++i)
      mean += row[i];
    mean /= d;
    double var = 0.0;
    for (int64_t i = 0; i < d; ++i)
      var += (row[i] - mean) * (row[i] - mean);
    var /= d;
    for (int64_t i = 0; i < d; ++i) {
      double y = (row[i] - mean) / std::sqrt(var + eps);
      y *= scale ? scale->data[i] : 1.0;
      y += bias ? bias->data[i] : 0.0;
      result.data[r * d + i] = y;
    }
  }
  return result;
}

Array rmsNorm(const Array &x, const Array *scale, double eps) {
  assert(isWellFormed(x) && !x.shape.empty());
  int64_t d = x.shape.back();
  if (scale)
    checkVector(*scale, d);
  int64_t rows = product(x.shape, 0, x.shape.size() - 1);
  Array result = Array::zeros(x.shape);
  for (int64_t r = 0; r < rows; ++r) {
    const double *row = &x.data[r * d];
    double meanSquare = 0.0;
    for (int64_t i = 0; i < d; ++i)
      meanSquare += row[i] * row[i];
    meanSquare /= d;
    for (int64_t i = 0; i < d; ++i)
      result.data[r * d + i] =
          row[i] / std::sqrt(meanSquare + eps) * (scale ? scale->data[i] : 1.0);
  }
  return result;
}

Array groupNorm(const Array &x, const Array *scale, const Array *bias,
                int64_t groups, double eps) {
  assert(isWellFormed(x) && x.shape.size() >= 2);
  int64_t n = x.shape[0], c = x.shape[1];
  assert(groups > 0 && c % groups == 0 && "channels do not split in groups");
  if (scale)
    checkVector(*scale, c);
  if (bias)
    checkVector(*bias, c);
  int64_t spatial = product(x.shape, 2, x.shape.size());
  int64_t perGroup = c / groups;
  // Row-major [N, C, spatial...] puts a group's channels, with all their
  // trailing elements, in one contiguous run of perGroup * spatial values.
  int64_t count = perGroup * spatial;
  Array result = Array::zeros(x.shape);
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t g = 0; g < groups; ++g) {
      int64_t base = (s * c + g * perGroup) * spatial;
      double mean = 0.0;
      for (int64_t i = 0; i < count; ++i)
        mean += x.data[base + i];
      mean /= count;
      double var = 0.0;
      for (int64_t i = 0; i < count; ++i)
        var += (x.data[base + i] - mean) * (x.data[base + i] - mean);
      var /= count;
      for (int64_t i = 0; i < count; ++i) {
        int64_t channel = g * perGroup + i / spatial;
        double y = (x.data[base + i] - mean) / std::sqrt(var + eps);
        y *= scale ? scale->data[channel] : 1.0;
        y += bias ? bias->data[channel] : 0.0;
        result.data[base + i] = y;
      }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Positions and attention
//===----------------------------------------------------------------------===//

Array rope(const Array &x, const std::vector<std::vector<int64_t>> &positions,
           double theta) {
  assert(isWellFormed(x) && x.shape.size() >= 3 && theta > 0.0);
  assert(static_cast<int64_t>(positions.size()) == x.shape[0]);
  size_t rank = x.shape.size();
  int64_t s = x.shape[rank - 2], d = x.shape[rank - 1];
  assert(d % 2 == 0 && "rope needs an even head dim");
  int64_t half = d / 2;
  Array result = Array::zeros(x.shape);
  // Rows of D run over [B, ..., S] in row-major order: row r is sample
  // r / (rows / B) at sequence index r % S.
  int64_t rows = product(x.shape, 0, rank - 1);
  int64_t rowsPerSample = rows / x.shape[0];
  for (int64_t r = 0; r < rows; ++r) {
    const std::vector<int64_t> &sample = positions[r / rowsPerSample];
    assert(static_cast<int64_t>(sample.size()) == s);
    double position = static_cast<double>(sample[r % s]);
    const double *in = &x.data[r * d];
    double *out = &result.data[r * d];
    for (int64_t i = 0; i < half; ++i) {
      double f = std::pow(theta, -2.0 * static_cast<double>(i) / d);
      double a = position * f;
      out[i] = in[i] * std::cos(a) - in[i + half] * std::sin(a);
      out[i + half] = in[i + half] * std::cos(a) + in[i] * std::sin(a);
    }
  }
  return result;
}

Array rope(const Array &x, const std::vector<int64_t> &positions,
           double theta) {
  assert(x.shape.size() >= 2);
  // Shared positions are per-sample positions that repeat, over a leading
  // unit dim.
  Array batched = x;
  batched.shape.insert(batched.shape.begin(), 1);
  Array result = rope(batched, std::vector<std::vector<int64_t>>{positions},
                      theta);
  result.shape.erase(result.shape.begin());
  return result;
}

bool maskVisible(const Mask &m, int64_t query, int64_t key, int64_t numQueries,
                 int64_t numKeys) {
  assert(numQueries <= numKeys && "queries are the last keys' positions");
  assert(query >= 0 && query < numQueries && key >= 0 && key < numKeys);
  return maskVisibleAt(m, query + numKeys - numQueries, key, numKeys);
}

bool maskVisibleAt(const Mask &m, int64_t p, int64_t key, int64_t numKeys) {
  int64_t j = key;
  switch (m.kind) {
  case MaskKind::causal:
    return j <= p;
  case MaskKind::full:
    return true;
  case MaskKind::omni:
    if (j <= p)
      return true;
    assert(m.spans.size() % 2 == 0 && "spans are [start, end) pairs");
    for (size_t i = 0; i < m.spans.size(); i += 2) {
      int64_t start = m.spans[i], end = m.spans[i + 1];
      if (start <= p && p < end && start <= j && j < end)
        return true;
    }
    return false;
  case MaskKind::sliding_window:
    return p - m.window < j && j <= p;
  case MaskKind::block_sparse: {
    assert(m.block > 0);
    int64_t blocks = (numKeys + m.block - 1) / m.block;
    assert(static_cast<int64_t>(m.layout.size()) == blocks * blocks &&
           "layout is not ceil(T / block) squared");
    // A query outside the keys' positions has no layout row.
    if (p < 0 || p / m.block >= blocks)
      return false;
    return m.layout[(p / m.block) * blocks + j / m.block] != 0;
  }
  }
  assert(false && "unknown mask kind");
  return false;
}

Array attention(const Array &q, const Array &k, const Array &v,
                const Mask &mask, std::optional<double> scale,
                const Array *qNormScale, const Array *kNormScale,
                double qkNormEps, const AttentionExtras &extras) {
  assert(isWellFormed(q) && isWellFormed(k) && isWellFormed(v));
  assert(q.shape.size() == 4 && k.shape.size() == 4 && v.shape.size() == 4);
  int64_t b = q.shape[0], h = q.shape[1], s = q.shape[2], d = q.shape[3];
  int64_t hkv = k.shape[1], t = k.shape[2], dv = v.shape[3];
  assert(k.shape[0] == b && k.shape[3] == d);
  assert(v.shape[0] == b && v.shape[1] == hkv && v.shape[2] == t);
  assert(hkv > 0 && h % hkv == 0 && "query heads are not a multiple");
  assert((qNormScale == nullptr) == (kNormScale == nullptr) &&
         "qk_norm takes both scales");
  if (extras.keyPadding)
    assert(extras.keyPadding->shape == (std::vector<int64_t>{b, t}));
  std::vector<int64_t> scoreShape{b, h, s, t};
  if (extras.bias)
    assert(broadcastShapes(extras.bias->shape, scoreShape) == scoreShape);

  // QK-norm is exactly rms_norm over D, applied before the scores.
  Array qn = qNormScale ? rmsNorm(q, qNormScale, qkNormEps) : q;
  Array kn = kNormScale ? rmsNorm(k, kNormScale, qkNormEps) : k;
  double factor = scale.value_or(1.0 / std::sqrt(static_cast<double>(d)));
  int64_t headsPerKv = h / hkv;

  // Whether query i of sample bi sees key j: the mask kind at the query's
  // position, only filled keys with an offset, only kept keys with padding.
  auto visible = [&](int64_t bi, int64_t i, int64_t j) {
    if (extras.keyPadding && extras.keyPadding->data[bi * t + j] == 0)
      return false;
    if (!extras.queryOffset)
      return maskVisible(mask, i, j, s, t);
    int64_t p = *extras.queryOffset + i;
    return j < *extras.queryOffset + s && maskVisibleAt(mask, p, j, t);
  };

  Array result = Array::zeros({b, h, s, dv});
  std::vector<double> weights(t);
  for (int64_t bi = 0; bi < b; ++bi) {
    for (int64_t hi = 0; hi < h; ++hi) {
      int64_t kvHead = hi / headsPerKv;
      const double *qHead = &qn.data[(bi * h + hi) * s * d];
      const double *kHead = &kn.data[(bi * hkv + kvHead) * t * d];
      const double *vHead = &v.data[(bi * hkv + kvHead) * t * dv];
      double *out = &result.data[(bi * h + hi) * s * dv];
      for (int64_t i = 0; i < s; ++i) {
        // Masked keys get weight exactly 0, which is what exp(-inf) gives.
        double maxScore = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < t; ++j) {
          if (!visible(bi, i, j))
            continue;
          double dot = 0.0;
          for (int64_t c = 0; c < d; ++c)
            dot += qHead[i * d + c] * kHead[j * d + c];
          weights[j] = factor * dot;
          if (extras.bias)
            weights[j] += extras.bias->data[broadcastOffset(
                {bi, hi, i, j}, extras.bias->shape)];
          maxScore = std::max(maxScore, weights[j]);
        }
        // A row that sees no key (or only -inf biases) stays zero.
        if (maxScore == -std::numeric_limits<double>::infinity())
          continue;
        double sum = 0.0;
        for (int64_t j = 0; j < t; ++j) {
          weights[j] =
              visible(bi, i, j) ? std::exp(weights[j] - maxScore) : 0.0;
          sum += weights[j];
        }
        for (int64_t c = 0; c < dv; ++c) {
          double acc = 0.0;
          for (int64_t j = 0; j < t; ++j)
            acc += weights[j] / sum * vHead[j * dv + c];
          out[i * dv + c] = acc;
        }
      }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

Array transpose(const Array &x, const std::vector<int64_t> &permutation) {
  assert(isWellFormed(x) && permutation.size() == x.shape.size());
  std::vector<int64_t> sorted = permutation;
  std::sort(sorted.begin(), sorted.end());
  for (size_t d = 0; d < sorted.size(); ++d)
    assert(sorted[d] == static_cast<int64_t>(d) && "not a permutation");
  std::vector<int64_t> shape(permutation.size());
  for (size_t j = 0; j < permutation.size(); ++j)
    shape[j] = x.shape[permutation[j]];
  Array result = Array::zeros(shape);
  for (int64_t i = 0; i < result.size(); ++i) {
    std::vector<int64_t> outIndex = unravel(i, shape);
    std::vector<int64_t> inIndex(shape.size());
    for (size_t j = 0; j < permutation.size(); ++j)
      inIndex[permutation[j]] = outIndex[j];
    result.data[i] = x.data[ravel(inIndex, x.shape)];
  }
  return result;
}

Array reshape(const Array &x, std::vector<int64_t> shape) {
  assert(isWellFormed(x));
  assert(numElements(shape) == x.size() && "reshape changes the count");
  Array result = x;
  result.shape = std::move(shape);
  return result;
}

Array concat(const std::vector<Array> &inputs, int64_t axis) {
  assert(!inputs.empty());
  const std::vector<int64_t> &first = inputs.front().shape;
  size_t ax = normalizeAxis(axis, first.size());
  std::vector<int64_t> shape = first;
  shape[ax] = 0;
  for (const Array &in : inputs) {
    assert(isWellFormed(in) && in.shape.size() == first.size());
    for (size_t d = 0; d < first.size(); ++d)
      assert((d == ax || in.shape[d] == first[d]) && "other dims differ");
    shape[ax] += in.shape[ax];
  }
  // View every input as [outer, n_k * inner]: the result interleaves these
  // contiguous runs, one per input, for each outer index.
  int64_t outer = product(first, 0, ax);
  int64_t inner = product(first, ax + 1, first.size());
  Array result = Array::zeros(shape);
  int64_t pos = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (const Array &in : inputs) {
      int64_t run = in.shape[ax] * inner;
      for (int64_t i = 0; i < run; ++i)
        result.data[pos++] = in.data[o * run + i];
    }
  }
  return result;
}

Array slice(const Array &x, const std::vector<int64_t> &offsets,
            const std::vector<int64_t> &sizes,
            const std::vector<int64_t> &strides) {
  assert(isWellFormed(x));
  size_t rank = x.shape.size();
  std::vector<int64_t> step =
      strides.empty() ? std::vector<int64_t>(rank, 1) : strides;
  assert(offsets.size() == rank && sizes.size() == rank && step.size() == rank);
  for (size_t d = 0; d < rank; ++d) {
    assert(offsets[d] >= 0 && sizes[d] >= 0 && step[d] >= 1);
    assert(
        (sizes[d] == 0 || offsets[d] + (sizes[d] - 1) * step[d] < x.shape[d]) &&
        "slice reads outside the input");
  }
  Array result = Array::zeros(sizes);
  for (int64_t i = 0; i < result.size(); ++i) {
    std::vector<int64_t> index = unravel(i, sizes);
    for (size_t d = 0; d < rank; ++d)
      index[d] = offsets[d] + index[d] * step[d];
    result.data[i] = x.data[ravel(index, x.shape)];
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Casts, reductions and indices
//===----------------------------------------------------------------------===//

namespace {

/// Rounds to a float of `mantissaBits` explicit bits and exponent range of
/// f32 (bf16) or f16, to nearest with ties to even, through frexp.
double roundToFloat(double v, int mantissaBits, int minExponent,
                    double largest) {
  if (std::isnan(v) || std::isinf(v) || v == 0.0)
    return v;
  int exponent;
  std::frexp(v, &exponent); // v = m * 2^exponent, 0.5 <= |m| < 1
  // Subnormals keep the precision of the smallest normal exponent.
  int e = std::max(exponent, minExponent);
  double quantum = std::ldexp(1.0, e - 1 - mantissaBits);
  double rounded = std::nearbyint(v / quantum) * quantum; // ties to even
  if (std::fabs(rounded) > largest)
    return std::copysign(INFINITY, v);
  return rounded;
}

double saturate(double v, double lo, double hi) {
  if (std::isnan(v))
    return 0.0;
  return std::min(std::max(std::trunc(v), lo), hi);
}

double wrapInteger(double v, int bits) {
  auto value = static_cast<int64_t>(v);
  if (bits == 64)
    return static_cast<double>(value);
  uint64_t mask = (uint64_t{1} << bits) - 1;
  uint64_t low = static_cast<uint64_t>(value) & mask;
  if (low >> (bits - 1))
    return static_cast<double>(static_cast<int64_t>(low) -
                               (int64_t{1} << bits));
  return static_cast<double>(low);
}

/// Visits each (outer, inner) pair of `shape` around `axis`, with the axis
/// length: x[outer, i, inner] is at (outer * n + i) * inner + in.
template <typename Fn>
Array reduceAxis(const Array &x, int64_t axis, bool keepDim, Fn fn) {
  assert(isWellFormed(x));
  size_t ax = normalizeAxis(axis, x.shape.size());
  int64_t outer = product(x.shape, 0, ax);
  int64_t n = x.shape[ax];
  int64_t inner = product(x.shape, ax + 1, x.shape.size());
  std::vector<int64_t> shape = x.shape;
  if (keepDim)
    shape[ax] = 1;
  else
    shape.erase(shape.begin() + ax);
  Array result = Array::zeros(shape);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t in = 0; in < inner; ++in) {
      std::vector<double> values;
      for (int64_t i = 0; i < n; ++i)
        values.push_back(x.data[(o * n + i) * inner + in]);
      result.data[o * inner + in] = fn(values);
    }
  return result;
}

} // namespace

Array cast(const Array &x, bool fromInteger, CastTo to) {
  if (fromInteger && (to == CastTo::i8 || to == CastTo::i32 || to == CastTo::i64)) {
    int bits = to == CastTo::i8 ? 8 : to == CastTo::i32 ? 32 : 64;
    return unary(x, [bits](double v) { return wrapInteger(v, bits); });
  }
  switch (to) {
  case CastTo::f32:
    return unary(x, [](double v) {
      return roundToFloat(v, 23, -125, 3.4028234663852886e38);
    });
  case CastTo::bf16:
    return unary(x, [](double v) {
      return roundToFloat(v, 7, -125, 3.3895313892515355e38);
    });
  case CastTo::f16:
    return unary(x, [](double v) { return roundToFloat(v, 10, -13, 65504.0); });
  case CastTo::i8:
    return unary(x, [](double v) { return saturate(v, -128, 127); });
  case CastTo::i32:
    return unary(x, [](double v) {
      return saturate(v, -2147483648.0, 2147483647.0);
    });
  case CastTo::i64:
    return unary(x, [](double v) {
      return saturate(v, -9223372036854775808.0, 9223372036854775807.0);
    });
  }
  return x;
}

Array sum(const Array &x, int64_t axis, bool keepDim) {
  return reduceAxis(x, axis, keepDim, [](const std::vector<double> &v) {
    double total = 0.0;
    for (double e : v)
      total += e;
    return total;
  });
}

Array mean(const Array &x, int64_t axis, bool keepDim) {
  return reduceAxis(x, axis, keepDim, [](const std::vector<double> &v) {
    double total = 0.0;
    for (double e : v)
      total += e;
    return total / static_cast<double>(v.size());
  });
}

Array max(const Array &x, int64_t axis, bool keepDim) {
  return reduceAxis(x, axis, keepDim, [](const std::vector<double> &v) {
    double best = -INFINITY;
    for (double e : v) {
      if (std::isnan(e))
        return e;
      best = std::max(best, e);
    }
    return best;
  });
}

Array argmax(const Array &x, int64_t axis, bool keepDim) {
  return reduceAxis(x, axis, keepDim, [](const std::vector<double> &v) {
    size_t best = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (std::isnan(v[i]))
        return static_cast<double>(i);
      if (v[i] > v[best])
        best = i;
    }
    return static_cast<double>(best);
  });
}

Array iota(const std::vector<int64_t> &shape, int64_t axis) {
  size_t ax = normalizeAxis(axis, shape.size());
  Array result = Array::zeros(shape);
  for (int64_t i = 0; i < result.size(); ++i)
    result.data[i] = static_cast<double>(unravel(i, shape)[ax]);
  return result;
}

//===----------------------------------------------------------------------===//
// Diffusion
//===----------------------------------------------------------------------===//

Array timestepEmbed(const Array &t, int64_t dim, double maxPeriod) {
  assert(t.shape.size() == 1 && dim % 2 == 0);
  int64_t batch = t.shape[0], half = dim / 2;
  Array result = Array::zeros({batch, dim});
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < half; ++i) {
      double f = std::pow(maxPeriod, -static_cast<double>(i) / half);
      result.data[b * dim + i] = std::cos(t.data[b] * f);
      result.data[b * dim + half + i] = std::sin(t.data[b] * f);
    }
  return result;
}

Array modulate(const Array &x, const Array &shift, const Array &scale) {
  assert(x.shape.size() == 3);
  int64_t batch = x.shape[0], seq = x.shape[1], d = x.shape[2];
  Array result = x;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t s = 0; s < seq; ++s)
      for (int64_t i = 0; i < d; ++i) {
        double &v = result.data[(b * seq + s) * d + i];
        v = v * (1 + scale.data[b * d + i]) + shift.data[b * d + i];
      }
  return result;
}

Array gatedAdd(const Array &x, const Array &branch, const Array &gate) {
  assert(x.shape.size() == 3 && branch.shape == x.shape);
  int64_t batch = x.shape[0], seq = x.shape[1], d = x.shape[2];
  Array result = x;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t s = 0; s < seq; ++s)
      for (int64_t i = 0; i < d; ++i)
        result.data[(b * seq + s) * d + i] +=
            gate.data[b * d + i] * branch.data[(b * seq + s) * d + i];
  return result;
}

Array diffusionStep(const Array &x, const Array &prediction,
                    const Array *uncond, double guidance, const Array *first,
                    double t, double next, Sampler sampler) {
  Array result = x;
  for (size_t i = 0; i < x.data.size(); ++i) {
    double p = prediction.data[i];
    if (uncond)
      p = uncond->data[i] + guidance * (p - uncond->data[i]);
    switch (sampler) {
    case Sampler::flowEuler:
      result.data[i] = x.data[i] + (next - t) * p;
      break;
    case Sampler::flowHeun:
      result.data[i] = x.data[i] + (next - t) * (first->data[i] + p) / 2;
      break;
    case Sampler::ddim: {
      double x0 = (x.data[i] - std::sqrt(1 - t) * p) / std::sqrt(t);
      result.data[i] = std::sqrt(next) * x0 + std::sqrt(1 - next) * p;
      break;
    }
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Sampling
//===----------------------------------------------------------------------===//

std::array<uint32_t, 4> philox4x32(uint64_t key, std::array<uint32_t, 4> c) {
  uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = uint64_t{0xD2511F53} * c[0];
    uint64_t p1 = uint64_t{0xCD9E8D57} * c[2];
    c = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<uint32_t>(p1),
         static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<uint32_t>(p0)};
    k0 += 0x9E3779B9;
    k1 += 0xBB67AE85;
  }
  return c;
}

Array randomNormal(const std::vector<int64_t> &shape, uint64_t seed,
                   uint64_t counter) {
  Array result = Array::zeros(shape);
  const double pi = std::acos(-1.0);
  for (int64_t i = 0; i < result.size(); ++i) {
    auto u = philox4x32(seed, {static_cast<uint32_t>(i),
                               static_cast<uint32_t>(uint64_t(i) >> 32),
                               static_cast<uint32_t>(counter),
                               static_cast<uint32_t>(counter >> 32)});
    double u1 = 1.0 - static_cast<double>(u[0] >> 8) / 16777216.0;
    double u2 = static_cast<double>(u[1] >> 8) / 16777216.0;
    result.data[i] = std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * pi * u2);
  }
  return result;
}

std::vector<int64_t> sample(const Array &logits, uint64_t seed,
                            uint64_t counter, const SampleSettings &settings) {
  assert(logits.shape.size() == 2);
  int64_t rows = logits.shape[0], vocab = logits.shape[1];
  std::vector<int64_t> tokens;
  for (int64_t b = 0; b < rows; ++b) {
    std::vector<double> x(logits.data.begin() + b * vocab,
                          logits.data.begin() + (b + 1) * vocab);
    int64_t argmax = std::max_element(x.begin(), x.end()) - x.begin();
    if (settings.temperature <= 0) {
      tokens.push_back(argmax);
      continue;
    }
    // The tokens by decreasing logit; ties keep index order.
    std::vector<int64_t> order(vocab);
    for (int64_t j = 0; j < vocab; ++j)
      order[j] = j;
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t c) { return x[a] > x[c]; });
    std::vector<bool> kept(vocab, true);
    if (settings.topK > 0 && settings.topK < vocab) {
      double kth = x[order[settings.topK - 1]];
      for (int64_t j = 0; j < vocab; ++j)
        kept[j] = x[j] >= kth;
    }
    std::vector<double> weight(vocab, 0.0);
    double total = 0;
    for (int64_t j = 0; j < vocab; ++j)
      if (kept[j])
        total += weight[j] = std::exp((x[j] - x[argmax]) / settings.temperature);
    if (settings.topP < 1) {
      // Walk down the sorted kept tokens until their mass reaches p; every
      // token tied with the last one taken stays too.
      double mass = 0, boundary = x[argmax];
      for (int64_t j : order) {
        if (!kept[j])
          continue;
        mass += weight[j];
        boundary = x[j];
        if (mass >= settings.topP * total)
          break;
      }
      for (int64_t j = 0; j < vocab; ++j)
        if (x[j] < boundary) {
          kept[j] = false;
          weight[j] = 0;
        }
    }
    double keptMass = 0;
    for (int64_t j = 0; j < vocab; ++j)
      keptMass += weight[j];
    uint32_t word = philox4x32(seed, {static_cast<uint32_t>(b), 0,
                                      static_cast<uint32_t>(counter),
                                      static_cast<uint32_t>(counter >> 32)})[0];
    double u = static_cast<double>(word >> 8) / 16777216.0;
    double target = u * keptMass, acc = 0;
    int64_t chosen = -1, lastKept = argmax;
    for (int64_t j = 0; j < vocab; ++j) {
      if (weight[j] <= 0)
        continue;
      acc += weight[j];
      lastKept = j;
      if (chosen < 0 && acc > target)
        chosen = j;
    }
    tokens.push_back(chosen >= 0 ? chosen : lastKept);
  }
  return tokens;
}

//===----------------------------------------------------------------------===//
// Images
//===----------------------------------------------------------------------===//

Array conv2d(const Array &x, const Array &w, const Array *bias,
             std::array<int64_t, 2> strides, std::array<int64_t, 2> padding,
             std::array<int64_t, 2> dilation, int64_t groups) {
  assert(isWellFormed(x) && isWellFormed(w));
  assert(x.shape.size() == 4 && w.shape.size() == 4);
  int64_t n = x.shape[0], c = x.shape[1], hIn = x.shape[2], wIn = x.shape[3];
  int64_t o = w.shape[0], cg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  assert(groups > 0 && c == cg * groups && o % groups == 0);
  if (bias)
    checkVector(*bias, o);
  int64_t sh = strides[0], sw = strides[1];
  int64_t ph = padding[0], pw = padding[1];
  int64_t dh = dilation[0], dw = dilation[1];
  assert(sh >= 1 && sw >= 1 && dh >= 1 && dw >= 1 && ph >= 0 && pw >= 0);
  int64_t spanH = hIn + 2 * ph - dh * (kh - 1) - 1;
  int64_t spanW = wIn + 2 * pw - dw * (kw - 1) - 1;
  assert(spanH >= 0 && spanW >= 0 && "kernel larger than padded input");
  int64_t ho = spanH / sh + 1, wo = spanW / sw + 1;
  int64_t outPerGroup = o / groups;

  Array result = Array::zeros({n, o, ho, wo});
  auto input = [&](int64_t ni, int64_t ci, int64_t y, int64_t xi) {
    // Reads outside the input are the zero padding.
    if (y < 0 || y >= hIn || xi < 0 || xi >= wIn)
      return 0.0;
    return x.data[((ni * c + ci) * hIn + y) * wIn + xi];
  };
  for (int64_t ni = 0; ni < n; ++ni) {
    for (int64_t oi = 0; oi < o; ++oi) {
      int64_t g = oi / outPerGroup;
      for (int64_t y = 0; y < ho; ++y) {
        for (int64_t xo = 0; xo < wo; ++xo) {
          double sum = bias ? bias->data[oi] : 0.0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j)
                sum += input(ni, g * cg + ci, y * sh - ph + i * dh,
                             xo * sw - pw + j * dw) *
                       w.data[((oi * cg + ci) * kh + i) * kw + j];
          result.data[((ni * o + oi) * ho + y) * wo + xo] = sum;
        }
      }
    }
  }
  return result;
}

Array patchify(const Array &x, int64_t patchSize) {
  assert(isWellFormed(x) && x.shape.size() == 4 && patchSize > 0);
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t p = patchSize;
  assert(h % p == 0 && w % p == 0 && "image does not split in patches");
  int64_t rows = h / p, cols = w / p;
  Array result = Array::zeros({n, rows * cols, c * p * p});
  for (int64_t ni = 0; ni < n; ++ni)
    for (int64_t py = 0; py < rows; ++py)
      for (int64_t px = 0; px < cols; ++px)
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t i = 0; i < p; ++i)
            for (int64_t j = 0; j < p; ++j)
              result.data[(ni * rows * cols + py * cols + px) * c * p * p +
                          (ci * p + i) * p + j] =
                  x.data[((ni * c + ci) * h + py * p + i) * w + px * p + j];
  return result;
}

Array patchEmbed(const Array &x, const Array &w, const Array &bias,
                 const Array *positions, int64_t patchSize) {
  assert(isWellFormed(x) && x.shape.size() == 4 && w.shape.size() == 4);
  Array conv = conv2d(x, w, &bias, {patchSize, patchSize}, {0, 0}, {1, 1}, 1);
  int64_t n = conv.shape[0], d = conv.shape[1];
  int64_t patches = conv.shape[2] * conv.shape[3];
  Array result = transpose(reshape(conv, {n, d, patches}), {0, 2, 1});
  if (positions)
    for (int64_t ni = 0; ni < n; ++ni)
      for (int64_t i = 0; i < patches * d; ++i)
        result.data[ni * patches * d + i] += positions->data[i];
  return result;
}

Array unpatchify(const Array &x, int64_t patchSize,
                 const std::vector<int64_t> &imageShape, bool channelsLast) {
  assert(isWellFormed(x) && x.shape.size() == 3 && imageShape.size() == 4);
  int64_t n = imageShape[0], c = imageShape[1], h = imageShape[2],
          w = imageShape[3], p = patchSize;
  int64_t cols = w / p, features = c * p * p;
  assert(x.shape[0] == n && x.shape[1] == (h / p) * cols &&
         x.shape[2] == features);
  Array result = Array::zeros(imageShape);
  for (int64_t ni = 0; ni < n; ++ni)
    for (int64_t ci = 0; ci < c; ++ci)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t xi = 0; xi < w; ++xi) {
          int64_t patch = (y / p) * cols + xi / p, i = y % p, j = xi % p;
          int64_t f = channelsLast ? (i * p + j) * c + ci : (ci * p + i) * p + j;
          result.data[((ni * c + ci) * h + y) * w + xi] =
              x.data[(ni * x.shape[1] + patch) * features + f];
        }
  return result;
}

//===----------------------------------------------------------------------===//
// The transformer block of models/tiny_block.mlir
//===----------------------------------------------------------------------===//

Array transformerBlock(const Array &x, const std::vector<int64_t> &positions,
                       const BlockParams &p) {
  // The defaults of the ops' attributes, which tiny_block.mlir leaves unset.
  const double layerNormEps = 1.0e-5;
  const double ropeTheta = 10000.0;
  const double qkNormEps = 1.0e-6;

  assert(x.shape.size() == 3 && p.heads > 0 && x.shape[2] % p.heads == 0);
  int64_t b = x.shape[0], s = x.shape[1], e = x.shape[2];
  int64_t headDim = e / p.heads;
  // [B, S, E] -> [B, S, heads, headDim] -> [B, heads, S, headDim].
  auto toHeads = [&](const Array &t) {
    return transpose(reshape(t, {b, s, p.heads, headDim}), {0, 2, 1, 3});
  };

  Array n1 = layerNorm(x, &p.ln1Weight, &p.ln1Bias, layerNormEps);
  Array q = rope(toHeads(linear(n1, p.wq, nullptr)), positions, ropeTheta);
  Array k = rope(toHeads(linear(n1, p.wk, nullptr)), positions, ropeTheta);
  Array v = toHeads(linear(n1, p.wv, nullptr));
  Array o =
      attention(q, k, v, Mask{}, std::nullopt, nullptr, nullptr, qkNormEps);
  Array merged = reshape(transpose(o, {0, 2, 1, 3}), {b, s, e});
  Array h = add(x, linear(merged, p.wo, &p.bo));

  Array n2 = layerNorm(h, &p.ln2Weight, &p.ln2Bias, layerNormEps);
  Array act = gelu(linear(n2, p.w1, &p.b1), /*tanhApproximation=*/false);
  return add(h, linear(act, p.w2, &p.b2));
}

} // namespace umc::ref

//===----------------------------------------------------------------------===//
// Routing, codebooks and discrete diffusion
//===----------------------------------------------------------------------===//

namespace umc::ref {

RouterResult router(const Array &logits, const RouterSettings &settings) {
  assert(isWellFormed(logits) && logits.shape.size() == 2);
  int64_t tokens = logits.shape[0], experts = logits.shape[1];
  int64_t k = settings.topK;
  assert(k >= 1 && k <= experts && settings.temperature > 0);
  RouterResult r;
  r.probs = Array::zeros({tokens, experts});
  // p[t, :] = softmax((logits[t, :] + g[t, :]) / temperature).
  for (int64_t t = 0; t < tokens; ++t) {
    std::vector<double> s(experts);
    for (int64_t e = 0; e < experts; ++e) {
      double g = 0;
      if (settings.gumbel) {
        uint64_t flat = static_cast<uint64_t>(t * experts + e);
        uint32_t word =
            philox4x32(settings.seed,
                       {static_cast<uint32_t>(flat),
                        static_cast<uint32_t>(flat >> 32),
                        static_cast<uint32_t>(settings.counter),
                        static_cast<uint32_t>(settings.counter >> 32)})[0];
        double u = ((word >> 9) + 0.5) / 8388608.0;
        g = -std::log(-std::log(u));
      }
      s[e] = (logits.data[t * experts + e] + g) / settings.temperature;
    }
    double m = *std::max_element(s.begin(), s.end()), sum = 0;
    for (int64_t e = 0; e < experts; ++e)
      sum += std::exp(s[e] - m);
    for (int64_t e = 0; e < experts; ++e)
      r.probs.data[t * experts + e] = std::exp(s[e] - m) / sum;
  }
  // Choices: experts by decreasing probability, ties in index order.
  std::vector<int64_t> choice(tokens * k);
  std::vector<double> chosen(tokens * k);
  for (int64_t t = 0; t < tokens; ++t) {
    std::vector<int64_t> order(experts);
    for (int64_t e = 0; e < experts; ++e)
      order[e] = e;
    const double *p = &r.probs.data[t * experts];
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return p[a] > p[b]; });
    double topSum = 0;
    for (int64_t i = 0; i < k; ++i)
      topSum += p[order[i]];
    for (int64_t i = 0; i < k; ++i) {
      choice[t * k + i] = order[i];
      chosen[t * k + i] =
          settings.renormalize ? p[order[i]] / topSum : p[order[i]];
    }
  }
  // Capacity: all first choices in token order, then all second choices...
  r.ids = choice;
  r.gates = Array::zeros({tokens, k});
  std::vector<int64_t> used(experts, 0);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t t = 0; t < tokens; ++t) {
      int64_t e = choice[t * k + i];
      if (settings.capacity && used[e] >= *settings.capacity) {
        r.ids[t * k + i] = -1;
        ++r.dropped;
        continue;
      }
      ++used[e];
      r.gates.data[t * k + i] = chosen[t * k + i];
    }
  // Switch load balance: E * sum_e f_e * P_e.
  for (int64_t e = 0; e < experts; ++e) {
    double f = 0, pMean = 0;
    for (int64_t t = 0; t < tokens; ++t) {
      f += choice[t * k] == e ? 1.0 / tokens : 0.0;
      pMean += r.probs.data[t * experts + e] / tokens;
    }
    r.balance += experts * f * pMean;
  }
  return r;
}

Array moe(const Array &x, const std::vector<int64_t> &ids, const Array &gates,
          const Array &w1, const Array &w2, const Array *w3) {
  assert(x.shape.size() == 2 && w1.shape.size() == 3 && w2.shape.size() == 3);
  int64_t tokens = x.shape[0], dim = x.shape[1];
  int64_t experts = w1.shape[0], hidden = w1.shape[1];
  int64_t k = gates.shape[1];
  assert(w1.shape[2] == dim && w2.shape[0] == experts && w2.shape[1] == dim &&
         w2.shape[2] == hidden);
  assert(static_cast<int64_t>(ids.size()) == tokens * k);
  const double sqrt2 = std::sqrt(2.0);
  Array y = Array::zeros({tokens, dim});
  for (int64_t t = 0; t < tokens; ++t)
    for (int64_t i = 0; i < k; ++i) {
      int64_t e = ids[t * k + i];
      if (e < 0 || e >= experts)
        continue;
      // h = act(w1[e] x) (times w3[e] x for SwiGLU), out = w2[e] h.
      std::vector<double> h(hidden);
      for (int64_t f = 0; f < hidden; ++f) {
        double a = 0, up = 0;
        for (int64_t d = 0; d < dim; ++d) {
          a += w1.data[(e * hidden + f) * dim + d] * x.data[t * dim + d];
          if (w3)
            up += w3->data[(e * hidden + f) * dim + d] * x.data[t * dim + d];
        }
        h[f] = w3 ? a / (1.0 + std::exp(-a)) * up
                  : a * 0.5 * (1.0 + std::erf(a / sqrt2));
      }
      for (int64_t d = 0; d < dim; ++d) {
        double out = 0;
        for (int64_t f = 0; f < hidden; ++f)
          out += w2.data[(e * dim + d) * hidden + f] * h[f];
        y.data[t * dim + d] += gates.data[t * k + i] * out;
      }
    }
  return y;
}

TaskRouterResult taskRouter(const Array &x, bool meanPool, const Array &w1,
                            const Array &b1, const Array &w2,
                            const Array &b2) {
  assert(x.shape.size() == 3);
  int64_t batch = x.shape[0], seq = x.shape[1], dim = x.shape[2];
  int64_t hidden = w1.shape[0], tasks = w2.shape[0];
  assert(w1.shape[1] == dim && w2.shape[1] == hidden);
  const double sqrt2 = std::sqrt(2.0);
  TaskRouterResult r;
  r.logits = Array::zeros({batch, tasks});
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<double> pooled(dim, 0.0);
    for (int64_t d = 0; d < dim; ++d) {
      if (!meanPool) {
        pooled[d] = x.data[(b * seq) * dim + d];
        continue;
      }
      for (int64_t s = 0; s < seq; ++s)
        pooled[d] += x.data[(b * seq + s) * dim + d];
      pooled[d] /= seq;
    }
    std::vector<double> h(hidden);
    for (int64_t j = 0; j < hidden; ++j) {
      double a = b1.data[j];
      for (int64_t d = 0; d < dim; ++d)
        a += w1.data[j * dim + d] * pooled[d];
      h[j] = a * 0.5 * (1.0 + std::erf(a / sqrt2));
    }
    int64_t best = 0;
    for (int64_t n = 0; n < tasks; ++n) {
      double a = b2.data[n];
      for (int64_t j = 0; j < hidden; ++j)
        a += w2.data[n * hidden + j] * h[j];
      r.logits.data[b * tasks + n] = a;
      if (a > r.logits.data[b * tasks + best])
        best = n;
    }
    r.task.push_back(best);
  }
  return r;
}

std::vector<int64_t> vqQuantize(const Array &z, const Array &codebook) {
  assert(isWellFormed(z) && !z.shape.empty() && codebook.shape.size() == 2);
  int64_t dim = z.shape.back(), codes = codebook.shape[0];
  assert(codebook.shape[1] == dim);
  std::vector<int64_t> ids;
  for (int64_t v = 0; v < z.size() / dim; ++v) {
    int64_t best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (int64_t c = 0; c < codes; ++c) {
      double distance = 0;
      for (int64_t d = 0; d < dim; ++d) {
        double diff = z.data[v * dim + d] - codebook.data[c * dim + d];
        distance += diff * diff;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    ids.push_back(best);
  }
  return ids;
}

std::vector<int64_t> unmask(const std::vector<int64_t> &tokens,
                            const Array &logits, int64_t maskId, uint64_t seed,
                            uint64_t counter, int64_t maskedAfter,
                            double temperature) {
  assert(logits.shape.size() == 3);
  int64_t batch = logits.shape[0], length = logits.shape[1];
  int64_t vocab = logits.shape[2];
  assert(static_cast<int64_t>(tokens.size()) == batch * length);
  assert(maskId >= 0 && maskId < vocab && vocab >= 2);
  std::vector<int64_t> result = tokens;
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<int64_t> masked;
    std::vector<int64_t> drawn(length);
    std::vector<double> confidence(length);
    for (int64_t n = 0; n < length; ++n) {
      if (tokens[b * length + n] != maskId)
        continue;
      masked.push_back(n);
      const double *x = &logits.data[(b * length + n) * vocab];
      // The largest allowed logit and its first index.
      int64_t argmax = -1;
      for (int64_t j = 0; j < vocab; ++j)
        if (j != maskId && (argmax < 0 || x[j] > x[argmax]))
          argmax = j;
      double max = x[argmax];
      double t = temperature > 0 ? temperature : 1.0;
      std::vector<double> w(vocab, 0.0);
      double total = 0, total1 = 0;
      for (int64_t j = 0; j < vocab; ++j)
        if (j != maskId) {
          total += w[j] = std::exp((x[j] - max) / t);
          total1 += std::exp(x[j] - max);
        }
      uint64_t flat = static_cast<uint64_t>(b * length + n);
      uint32_t word = philox4x32(seed, {static_cast<uint32_t>(flat),
                                        static_cast<uint32_t>(flat >> 32),
                                        static_cast<uint32_t>(counter),
                                        static_cast<uint32_t>(counter >> 32)})[0];
      double target = static_cast<double>(word >> 8) / 16777216.0 * total;
      int64_t chosen = -1, last = argmax;
      double acc = 0;
      for (int64_t j = 0; j < vocab; ++j) {
        if (w[j] <= 0)
          continue;
        acc += w[j];
        last = j;
        if (chosen < 0 && acc > target)
          chosen = j;
      }
      int64_t token = temperature <= 0 ? argmax : (chosen >= 0 ? chosen : last);
      drawn[n] = token;
      confidence[n] = std::exp(x[token] - max) / total1;
    }
    // Reveal the most confident masked positions; ties keep position order.
    std::stable_sort(masked.begin(), masked.end(), [&](int64_t a, int64_t c) {
      return confidence[a] > confidence[c];
    });
    int64_t count = static_cast<int64_t>(masked.size());
    int64_t stay = std::min(std::max<int64_t>(maskedAfter, 0), count);
    for (int64_t i = 0; i < count - stay; ++i)
      result[b * length + masked[i]] = drawn[masked[i]];
  }
  return result;
}

} // namespace umc::ref
