//===- Harness.h - compile, run and compare in end-to-end tests -*- C++ -*-===//
//
// The tests compile MLIR with the real umc-compile (a subprocess, as users
// run it), load the artifact with the runtime library, and compare with the
// independent reference in Reference.h.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TEST_E2E_HARNESS_H
#define UMC_TEST_E2E_HARNESS_H

#include "Reference.h"

#include "umc/Runtime/Artifact.h"
#include "umc/Runtime/Device.h"
#include "umc/Runtime/Tensor.h"
#include "umc/Runtime/TensorFile.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace umc::e2e {

/// A fresh directory for this test's files.
std::string testDirectory();

/// Runs a shell command; returns its exit status and puts its combined
/// output in `output`.
int runCommand(const std::string &command, std::string &output);

/// Compiles `mlir` (a module) with umc-compile and extra `flags`; fails the
/// test on error.
std::shared_ptr<const rt::Artifact> compile(const std::string &mlir,
                                            const std::string &flags = "");

/// A CPU device with `threads` threads.
std::shared_ptr<rt::Device> cpuDevice(unsigned threads);

/// The grid of kernel `kernel` in the artifact's (CPU) executable.
int64_t workgroupsOf(const rt::Artifact &artifact, uint32_t kernel);

/// Runs the artifact's only function on CPU with `threads` threads.
std::vector<rt::Tensor> run(const std::shared_ptr<const rt::Artifact> &artifact,
                            const std::vector<rt::Tensor> &inputs,
                            rt::TensorFile params = {}, unsigned threads = 2);

/// Uniform values in [lo, hi), reproducible from `seed`, each exactly
/// representable in f32.
ref::Array random(std::vector<int64_t> shape, uint64_t seed, double lo = -1.0,
                  double hi = 1.0);

rt::Tensor toTensor(const ref::Array &array, rt::DType dtype = rt::DType::f32);
rt::Tensor toTensor(const std::vector<int64_t> &shape,
                    const std::vector<int64_t> &values, rt::DType dtype);
ref::Array toArray(const rt::Tensor &tensor);
/// Rank-0 tensors: an integer of `dtype` (i32 or i64), or an f32.
rt::Tensor scalarInt(int64_t value, rt::DType dtype = rt::DType::i32);
rt::Tensor scalarF32(double value);

/// "tensor<2x3xf32>" for shape {2, 3}.
std::string type(const std::vector<int64_t> &shape,
                 const std::string &element = "f32");
/// func.func @f(args) -> resultType { %r = <body> ; return %r }
std::string function(const std::string &args, const std::string &body,
                     const std::string &resultType);
/// The array rounded as a tensor of `dtype` holds it: what a kernel reads.
ref::Array rounded(const ref::Array &array, rt::DType dtype);

/// |actual - expected| <= atol + rtol * |expected| everywhere, same shape.
::testing::AssertionResult allClose(const rt::Tensor &actual,
                                    const ref::Array &expected, double atol,
                                    double rtol);

} // namespace umc::e2e

#endif // UMC_TEST_E2E_HARNESS_H
