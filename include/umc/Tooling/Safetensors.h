//===- Safetensors.h - .safetensors weight files ----------------*- C++ -*-===//
//
// Reads and writes the safetensors format that model weights are usually
// shipped in: an 8-byte little-endian header length N, N bytes of JSON that
// give each tensor's dtype, shape and byte range, then the data buffer.
// Supported dtypes: F32, F16, BF16, I8, I32, I64. Part of the tooling library,
// not the core runtime. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TOOLING_SAFETENSORS_H
#define UMC_TOOLING_SAFETENSORS_H

#include "umc/Runtime/Module.h"
#include "umc/Runtime/Status.h"
#include "umc/Runtime/TensorFile.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace umc::rt {

/// Parses the bytes of a whole .safetensors file. Rejects malformed headers,
/// unsupported dtypes and tensors whose byte ranges do not tile the data
/// buffer exactly; messages name the offending tensor.
Result<TensorFile> parseSafetensors(const uint8_t *data, size_t size);

/// The largest .safetensors file readSafetensors reads: 64 GiB, an unsharded
/// checkpoint of 16 billion f32 parameters (published models are split into
/// shards of a few GB). The whole file is read into memory, so without a
/// limit a huge or endless file would exhaust it.
constexpr uint64_t kMaxSafetensorsFileBytes = uint64_t(64) << 30;

/// Reads and parses a .safetensors file; every error message names the path.
/// Refuses what is not a regular file and files over `maxBytes`.
Result<TensorFile> readSafetensors(const std::string &path,
                                   uint64_t maxBytes = kMaxSafetensorsFileBytes);

/// The bytes of a .safetensors file holding `file`: tensors sorted by name
/// and stored back to back in that order, the header compact JSON with sorted
/// keys, padded with spaces to a multiple of 8 bytes, and "__metadata__" only
/// when there is metadata. Returns an empty vector when `file` cannot be
/// written (a tensor named "__metadata__", a tensor whose byte count does not
/// match its shape, or a name or metadata string that is not valid UTF-8, which
/// JSON cannot hold); writeSafetensors says why.
std::vector<uint8_t> serializeSafetensors(const TensorFile &file);

/// Writes `file` to `path` as serializeSafetensors lays it out, with
/// writeFileAtomically: a failed write leaves a file already at `path` as it
/// was.
Status writeSafetensors(const std::string &path, const TensorFile &file);

/// The parameters of `module` from the safetensors file at `path` (none when
/// empty), checked and completed by prepareParams (Runtime/Params.h); the
/// names of tensors the model does not have, dropped, go to `unused`.
Result<TensorFile> loadParams(const Module &module, const std::string &path,
                              bool initMissing, uint64_t seed,
                              std::vector<std::string> *unused = nullptr);

} // namespace umc::rt

#endif // UMC_TOOLING_SAFETENSORS_H
