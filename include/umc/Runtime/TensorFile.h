//===- TensorFile.h - named tensors with metadata ---------------*- C++ -*-===//
//
// A set of named tensors, such as a model's parameters. The core runtime
// takes them from memory; reading and writing them as files (safetensors) is
// the tooling library's job. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_TENSORFILE_H
#define UMC_RUNTIME_TENSORFILE_H

#include "umc/Runtime/Tensor.h"

#include <map>
#include <string>

namespace umc::rt {

/// Named tensors and free-form metadata, as a .safetensors file holds them.
struct TensorFile {
  /// By name; "__metadata__" is reserved for the metadata below.
  std::map<std::string, Tensor> tensors;
  /// Free-form string pairs (a safetensors file's "__metadata__" entry).
  std::map<std::string, std::string> metadata;
};

} // namespace umc::rt

#endif // UMC_RUNTIME_TENSORFILE_H
