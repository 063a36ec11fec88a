//===- Profile.cpp - per-kernel times of a program ------------------------===//
#include "umc/Runtime/Profile.h"

#include <algorithm>
#include <cstdio>

namespace umc::rt {
namespace {

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2)
    return upper;
  return (upper + *std::max_element(values.begin(), values.begin() + mid)) / 2;
}

double sum(const std::vector<double> &values) {
  double total = 0;
  for (double v : values)
    total += v;
  return total;
}

/// bytes (or flops) per millisecond as giga-per-second.
double gigaPerSecond(uint64_t count, double ms) {
  return ms > 0 ? static_cast<double>(count) / (ms * 1e6) : 0;
}

/// "12.34", or "-" for a rate that does not apply.
std::string rate(double value) {
  if (value <= 0)
    return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

} // namespace

void Profile::recordKernel(uint32_t kernel, double ms) {
  kernelMs_[kernel].push_back(ms);
}

void Profile::recordCopy(uint64_t bytes, double ms) {
  copyMs_.push_back(ms);
  copyBytes_ += 2 * bytes;
}

void Profile::clear() {
  kernelMs_.clear();
  copyMs_.clear();
  copyBytes_ = 0;
}

std::vector<Profile::Row> Profile::summarize(const Module &module) const {
  std::vector<Row> rows;
  for (const auto &[index, times] : kernelMs_) {
    const Kernel &kernel = module.kernels[index];
    Row row;
    row.name = kernel.name;
    for (const SourceOp &op : kernel.sourceOps)
      row.sourceOps.push_back(op.name + " at " + op.location);
    row.calls = static_cast<int64_t>(times.size());
    row.totalMs = sum(times);
    row.medianMs = median(times);
    row.bytesRead = kernel.bytesRead;
    row.bytesWritten = kernel.bytesWritten;
    row.flopsPerCall = kernel.flops;
    row.gbPerSecond =
        gigaPerSecond(row.bytesRead + row.bytesWritten, row.medianMs);
    row.gflopPerSecond = gigaPerSecond(row.flopsPerCall, row.medianMs);
    rows.push_back(std::move(row));
  }
  if (!copyMs_.empty()) {
    Row row;
    row.name = "copies";
    row.sourceOps.push_back("buffers the host program copies (outputs, "
                            "loop-carried values, state)");
    row.calls = static_cast<int64_t>(copyMs_.size());
    row.totalMs = sum(copyMs_);
    row.medianMs = median(copyMs_);
    row.bytesRead = row.bytesWritten = copyBytes_ / 2 / copyMs_.size();
    row.gbPerSecond = gigaPerSecond(copyBytes_, row.totalMs);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
    return a.totalMs > b.totalMs;
  });
  return rows;
}

std::string Profile::format(const Module &module) const {
  std::vector<Row> rows = summarize(module);
  double total = 0;
  for (const Row &row : rows)
    total += row.totalMs;
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "%-40s %6s %10s %10s %6s %12s %14s %9s %9s\n", "kernel",
                "calls", "total ms", "median ms", "%", "read B/call",
                "written B/call", "GB/s", "GFLOP/s");
  out += line;
  for (const Row &row : rows) {
    std::snprintf(line, sizeof line,
                  "%-40s %6lld %10.3f %10.4f %6.1f %12llu %14llu %9s %9s\n",
                  row.name.c_str(), static_cast<long long>(row.calls),
                  row.totalMs, row.medianMs,
                  total > 0 ? 100 * row.totalMs / total : 0.0,
                  static_cast<unsigned long long>(row.bytesRead),
                  static_cast<unsigned long long>(row.bytesWritten),
                  rate(row.gbPerSecond).c_str(),
                  rate(row.gflopPerSecond).c_str());
    out += line;
    for (const std::string &op : row.sourceOps)
      out += "    " + op + "\n";
  }
  std::snprintf(line, sizeof line, "%-40s %6s %10.3f\n", "total", "", total);
  out += line;
  return out;
}

} // namespace umc::rt
