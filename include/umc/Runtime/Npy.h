//===- Npy.h - numpy .npy files ---------------------------------*- C++ -*-===//
//
// Reads and writes single tensors in numpy's .npy format, so that inputs and
// reference outputs can be exchanged with numpy (np.load / np.save). Only the
// dtypes of the runtime are supported: <f4, <f2, |i1, <i4, <i8. numpy has no
// bfloat16, so bf16 tensors go to safetensors instead. No MLIR or LLVM
// headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_NPY_H
#define UMC_RUNTIME_NPY_H

#include "umc/Runtime/Status.h"
#include "umc/Runtime/Tensor.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// Parses the bytes of a whole .npy file (format version 1.0, 2.0 or 3.0).
/// Rejects Fortran order, big-endian and unsupported dtypes, malformed
/// headers and data whose size does not match the shape.
Result<Tensor> parseNpy(const uint8_t *data, size_t size);

/// Reads and parses a .npy file; every error message names the path.
Result<Tensor> readNpy(const std::string &path);

/// The bytes of a .npy file holding `tensor`, laid out as np.save does
/// (format 1.0, or 2.0 for a header too long for 1.0). Returns an empty vector
/// for a tensor that cannot be written: a bf16 one, or one whose byte count
/// does not match its shape. writeNpy says why.
std::vector<uint8_t> serializeNpy(const Tensor &tensor);

/// Writes `tensor` to `path` as serializeNpy lays it out. Fails for bf16
/// ("npy has no bfloat16 type; use safetensors"), for an inconsistent tensor,
/// and when the file cannot be written.
Status writeNpy(const std::string &path, const Tensor &tensor);

} // namespace umc::rt

#endif // UMC_RUNTIME_NPY_H
