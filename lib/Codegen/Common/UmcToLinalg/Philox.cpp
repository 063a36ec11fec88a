//===- Philox.cpp - counter-based random numbers in generated code --------===//
#include "Philox.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace umc::lowering {

namespace {

Value i32Constant(OpBuilder &b, Location loc, uint32_t v) {
  return arith::ConstantOp::create(
      b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
}

/// The low and high 32-bit words of an i64.
std::pair<Value, Value> split(OpBuilder &b, Location loc, Value v) {
  Type i32 = b.getI32Type();
  Value low = arith::TruncIOp::create(b, loc, i32, v);
  Value high = arith::TruncIOp::create(
      b, loc, i32,
      arith::ShRUIOp::create(
          b, loc, v,
          arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(32))));
  return {low, high};
}

} // namespace

std::array<Value, 4> philox4x32(OpBuilder &b, Location loc, Value key,
                                Value counterLow, Value counterHigh) {
  // The constants of the paper (Philox-4x32: multipliers and Weyl steps).
  constexpr uint32_t kM0 = 0xD2511F53, kM1 = 0xCD9E8D57;
  constexpr uint32_t kW0 = 0x9E3779B9, kW1 = 0xBB67AE85;
  auto [k0, k1] = split(b, loc, key);
  auto [c0, c1] = split(b, loc, counterLow);
  auto [c2, c3] = split(b, loc, counterHigh);
  Value m0 = i32Constant(b, loc, kM0), m1 = i32Constant(b, loc, kM1);
  Value w0 = i32Constant(b, loc, kW0), w1 = i32Constant(b, loc, kW1);
  for (int round = 0; round < 10; ++round) {
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, c0);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, c2);
    Value n0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), c1), k0);
    Value n2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), c3), k1);
    c0 = n0;
    c1 = p1.getLow();
    c2 = n2;
    c3 = p0.getLow();
    k0 = arith::AddIOp::create(b, loc, k0, w0);
    k1 = arith::AddIOp::create(b, loc, k1, w1);
  }
  return {c0, c1, c2, c3};
}

Value uniformFromWord(OpBuilder &b, Location loc, Value word) {
  Value top = arith::ShRUIOp::create(b, loc, word, i32Constant(b, loc, 8));
  Value asFloat = arith::UIToFPOp::create(b, loc, b.getF32Type(), top);
  return arith::MulFOp::create(
      b, loc, asFloat,
      arith::ConstantOp::create(b, loc, b.getF32FloatAttr(1.0f / 16777216.0f)));
}

} // namespace umc::lowering
