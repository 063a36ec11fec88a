//===- Npy.h - numpy .npy files ---------------------------------*- C++ -*-===//
//
// Reads and writes single tensors in numpy's .npy format, so that inputs and
// reference outputs can be exchanged with numpy (np.load / np.save). Only the
// dtypes of the runtime are supported: <f4, <f2, |i1, <i4, <i8, and bf16 as
// ml_dtypes saves it: numpy has no bfloat16, and np.save of an
// ml_dtypes.bfloat16 array writes the descr '<V2' (2-byte void). bf16 is
// written that way; '<V2', '|V2' and 'bfloat16' are read as bf16. In Python:
//   np.save("x.npy", a.astype(ml_dtypes.bfloat16))
//   b = np.load("y.npy").view(ml_dtypes.bfloat16)
// Part of the tooling library, not the core runtime. No MLIR or LLVM headers
// here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_NPY_H
#define UMC_TOOLING_NPY_H

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

/// The largest .npy file readNpy reads: 16 GiB, four billion f32 elements,
/// far beyond any one input of a model. The whole file is read into memory,
/// so without a limit a huge or endless file would exhaust it.
constexpr uint64_t kMaxNpyFileBytes = uint64_t(16) << 30;

/// Reads and parses a .npy file; every error message names the path. Refuses
/// what is not a regular file and files over `maxBytes`.
Result<Tensor> readNpy(const std::string &path,
                       uint64_t maxBytes = kMaxNpyFileBytes);

/// The bytes of a .npy file holding `tensor`, laid out as np.save does
/// (format 1.0, or 2.0 for a header too long for 1.0; bf16 as '<V2'). Returns
/// an empty vector for a tensor that cannot be written: one whose byte count
/// does not match its shape. writeNpy says why.
std::vector<uint8_t> serializeNpy(const Tensor &tensor);

/// Writes `tensor` to `path` as serializeNpy lays it out, with
/// writeFileAtomically: a failed write leaves a file already at `path` as it
/// was. Fails for an inconsistent tensor, and when the file cannot be
/// written.
Status writeNpy(const std::string &path, const Tensor &tensor);

} // namespace umc::rt

#endif // UMC_TOOLING_NPY_H
