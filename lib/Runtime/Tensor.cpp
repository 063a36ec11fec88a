//===- Tensor.cpp - host tensors of the runtime ---------------------------===//
#include "umc/Runtime/Tensor.h"

#include "umc/Runtime/Half.h"

namespace umc::rt {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::f32:
  case DType::i32:
    return 4;
  case DType::f16:
  case DType::bf16:
    return 2;
  case DType::i8:
    return 1;
  case DType::i64:
    return 8;
  }
  return 0;
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "f32";
  case DType::f16:
    return "f16";
  case DType::bf16:
    return "bf16";
  case DType::i8:
    return "i8";
  case DType::i32:
    return "i32";
  case DType::i64:
    return "i64";
  }
  return "?";
}

std::optional<DType> parseDType(std::string_view name) {
  for (DType d : {DType::f32, DType::f16, DType::bf16, DType::i8, DType::i32,
                  DType::i64})
    if (name == dtypeName(d))
      return d;
  return std::nullopt;
}

std::string describeType(DType dtype, const std::vector<int64_t> &shape) {
  std::string s = dtypeName(dtype);
  s += "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Tensor Tensor::zeros(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.bytes.assign(static_cast<size_t>(t.numElements()) * dtypeSize(dtype), 0);
  return t;
}

Tensor Tensor::scalar(DType dtype, double value) {
  Tensor t = zeros(dtype, {});
  switch (dtype) {
  case DType::f32:
    *t.data<float>() = static_cast<float>(value);
    break;
  case DType::f16:
    *t.data<uint16_t>() = floatToHalf(static_cast<float>(value));
    break;
  case DType::bf16:
    *t.data<uint16_t>() = floatToBf16(static_cast<float>(value));
    break;
  case DType::i8:
    *t.data<int8_t>() = static_cast<int8_t>(value);
    break;
  case DType::i32:
    *t.data<int32_t>() = static_cast<int32_t>(value);
    break;
  case DType::i64:
    *t.data<int64_t>() = static_cast<int64_t>(value);
    break;
  }
  return t;
}

double Tensor::elementAsDouble(int64_t i) const {
  switch (dtype) {
  case DType::f32:
    return data<float>()[i];
  case DType::f16:
    return halfToFloat(data<uint16_t>()[i]);
  case DType::bf16:
    return bf16ToFloat(data<uint16_t>()[i]);
  case DType::i8:
    return data<int8_t>()[i];
  case DType::i32:
    return data<int32_t>()[i];
  case DType::i64:
    return static_cast<double>(data<int64_t>()[i]);
  }
  return 0;
}

} // namespace umc::rt
