//===- CpuPackedWeights.h - packed weights between CPU passes ---*- C++ -*-===//
//
// What umc-cpu-pack-weights writes and umc-cpu-use-ukernels reads: a weight
// in umc_ukernel_gemm_packed_f32's layout (include/umc/Ukernels/Ukernels.h)
// and the generic that unpacks it inside a kernel.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_CODEGEN_CPU_CPUPACKEDWEIGHTS_H
#define UMC_CODEGEN_CPU_CPUPACKEDWEIGHTS_H

#include "umc/Ukernels/Ukernels.h"

#include "mlir/IR/AffineMap.h"
#include "llvm/ADT/StringRef.h"

namespace umc {

/// Columns of a weight per packed block.
inline constexpr int64_t kPackedColumns = UMC_UKERNEL_GEMM_PACKED_COLUMNS;

/// The rows of a workgroup's tile from which umc-cpu-use-ukernels calls the
/// GEMM: fewer (a decode step's GEMV) would not repay packing the weight,
/// and dot products read it once, in place.
inline constexpr int64_t kMinGemmRows = 16;

/// The host function that fills derived state from the parameters (role
/// "params.derive"), and the name its packed weights' state starts with.
inline constexpr llvm::StringLiteral kDeriveFunction = "umc_derive_params";
inline constexpr llvm::StringLiteral kPackedStatePrefix = "packed.";

/// (n, k) -> (n floordiv P, k, n mod P): where weight element [n, k] sits
/// in its packed buffer.
inline mlir::AffineMap unpackingMap(mlir::MLIRContext *context) {
  mlir::AffineExpr n, k;
  mlir::bindDims(context, n, k);
  return mlir::AffineMap::get(
      2, 0, {n.floorDiv(kPackedColumns), k, n % kPackedColumns}, context);
}

} // namespace umc

#endif // UMC_CODEGEN_CPU_CPUPACKEDWEIGHTS_H
