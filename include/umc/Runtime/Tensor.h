//===- Tensor.h - host tensors of the runtime -------------------*- C++ -*-===//
//
// Dense row-major tensors in host memory: what npy and safetensors files hold
// and what entry points take and return. No MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_TENSOR_H
#define UMC_RUNTIME_TENSOR_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace umc::rt {

/// Element types. The numeric values are those of the artifact schema's
/// DType enum (schemas/umcb.fbs) and must stay in step with it.
enum class DType : uint8_t { f32 = 0, f16 = 1, bf16 = 2, i8 = 3, i32 = 4, i64 = 5 };

/// Bytes per element.
size_t dtypeSize(DType dtype);
/// "f32", "bf16", ...: the names MLIR and the command line use.
const char *dtypeName(DType dtype);
/// The inverse of dtypeName; std::nullopt for an unknown name.
std::optional<DType> parseDType(std::string_view name);

/// "f32[2, 16, 64]", the form every message uses for a tensor's type.
std::string describeType(DType dtype, const std::vector<int64_t> &shape);

/// The number of elements of a shape (1 for a scalar).
int64_t numElements(const std::vector<int64_t> &shape);

struct Tensor {
  DType dtype = DType::f32;
  std::vector<int64_t> shape;
  /// numElements(shape) * dtypeSize(dtype) bytes, row-major, little-endian.
  std::vector<uint8_t> bytes;

  /// A zero-filled tensor of the given type.
  static Tensor zeros(DType dtype, std::vector<int64_t> shape);
  /// A rank-0 tensor holding `value` converted to `dtype` (rounded to
  /// nearest for f16 and bf16, truncated toward zero for integers).
  static Tensor scalar(DType dtype, double value);

  /// Element `i` (row-major) as a double, whatever the dtype.
  double elementAsDouble(int64_t i) const;

  int64_t numElements() const { return umc::rt::numElements(shape); }
  size_t byteSize() const { return bytes.size(); }
  std::string describe() const { return describeType(dtype, shape); }

  template <typename T> T *data() { return reinterpret_cast<T *>(bytes.data()); }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
};

} // namespace umc::rt

#endif // UMC_RUNTIME_TENSOR_H
