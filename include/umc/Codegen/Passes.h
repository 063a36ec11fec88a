//===- Passes.h - lowering passes of umc ------------------------*- C++ -*-===//
#ifndef UMC_CODEGEN_PASSES_H
#define UMC_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include "umc/Dialect/Host/IR/HostOps.h"

namespace umc {

/// Attribute names shared by the codegen passes and the program builder.
namespace attrs {
/// On a kernel function: its index among the module's kernels (i64).
inline constexpr llvm::StringLiteral kKernel = "umc.kernel";
/// On a kernel function: [{name, location}] of the source ops it computes.
inline constexpr llvm::StringLiteral kSourceOps = "umc.source_ops";
/// On a kernel function: the floating-point operations one call performs
/// (i64; 2 per multiply-add of its contractions, 0 for memory-bound ops).
inline constexpr llvm::StringLiteral kFlops = "umc.flops";
/// On a CPU kernel entry point: the kernel function it runs (string), the
/// name host programs dispatch.
inline constexpr llvm::StringLiteral kKernelName = "umc.kernel_name";
/// On a kernel function: the input (i64) its one result may overwrite; the
/// host program binds both to the same buffer (a state updated in place),
/// so the two bindings are not noalias.
inline constexpr llvm::StringLiteral kInPlaceOperand = "umc.in_place_operand";
/// On a lowered op: how many outer loops may be split into workgroups.
inline constexpr llvm::StringLiteral kTileDims = "umc.tile_dims";
/// On a lowered contraction whose last tileable loop indexes its right-hand
/// operand (a linear's weight rows): workgroups should split that loop too,
/// so that each one reuses a slice of the weight over many rows (unit).
inline constexpr llvm::StringLiteral kSplitColumns = "umc.split_columns";
/// On a lowered op: per outer loop, a number its tile size must be a
/// multiple of (i64 array; 1 = any). An operand indexed by loop floordiv N
/// (a kv head shared by N query heads, a conv group) is only sliced right
/// when tiles of that loop start and end on multiples of N.
inline constexpr llvm::StringLiteral kTileMultiples = "umc.tile_multiples";
/// On a CPU kernel entry point: the number of workgroups of its grid (i64).
inline constexpr llvm::StringLiteral kWorkgroups = "umc.workgroups";
} // namespace attrs

#define GEN_PASS_DECL
#include "umc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "umc/Codegen/Passes.h.inc"

} // namespace umc

#endif // UMC_CODEGEN_PASSES_H
