//===- Profile.h - per-kernel times of a program ----------------*- C++ -*-===//
//
// `umc-run call --profile` and the benchmarks ask a Program to record the
// time of every command, then print one row per kernel: what it computes
// (its source ops and their locations), how often it ran, total and median
// time, the bytes it moves and the rate it achieved.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_PROFILE_H
#define UMC_RUNTIME_PROFILE_H

#include "umc/Runtime/Module.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace umc::rt {

class Profile {
public:
  /// One run of kernel `kernel` (an index into Module::kernels).
  void recordKernel(uint32_t kernel, double ms);
  /// One copy of `bytes` bytes.
  void recordCopy(uint64_t bytes, double ms);
  void clear();

  /// One kernel (or all of the host program's copies) over every call.
  struct Row {
    std::string name;                   // the kernel's name, or "copies"
    std::vector<std::string> sourceOps; // "umc.gelu at model.mlir:4:8"
    int64_t calls = 0;
    double totalMs = 0, medianMs = 0;
    uint64_t bytesRead = 0, bytesWritten = 0; // per call
    uint64_t flopsPerCall = 0;
    /// Rates at the median time; 0 when the kernel moves or computes none.
    double gbPerSecond = 0, gflopPerSecond = 0;
  };

  /// Rows for the kernels of `module` that ran, the slowest first.
  std::vector<Row> summarize(const Module &module) const;

  /// The rows as a table for people.
  std::string format(const Module &module) const;

private:
  std::map<uint32_t, std::vector<double>> kernelMs_;
  std::vector<double> copyMs_;
  uint64_t copyBytes_ = 0;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_PROFILE_H
