//===- Fuse.h - fusion as a library: mechanism and policy -------*- C++ -*-===//
//
// umc-fuse is a mechanism (groups, legality, umc.fusion regions) driven by a
// policy, as upstream's ControlFusionFn drives linalg's elementwise fusion:
// a caller with other rules passes its own control function.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_TRANSFORMS_FUSE_H
#define UMC_TRANSFORMS_FUSE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>

namespace umc {

/// What a policy says of one candidate pair: the rule it fuses under, or
/// why not (a remark), or neither (not a candidate at all).
struct FusionDecision {
  std::string rule;   // empty when not fused
  std::string reason; // why not, when rejected for a reason worth a remark
};

/// Whether `consumer` may join the fusion of `producer`, which it reads as
/// operand `operand`; `producerFusionHasContraction` says whether the
/// producer's fusion so far holds a linear or matmul. The mechanism still
/// refuses what is illegal (a producer with other users, a broadcast, a
/// use that would not be dominated).
using FusionControlFn = std::function<FusionDecision(
    mlir::Operation *producer, mlir::Operation *consumer, unsigned operand,
    bool producerFusionHasContraction)>;

/// The rules of umc-fuse (Passes.td): residual_norm, activation_norm,
/// norm_activation, gemm_epilogue and elementwise; a reduction is never
/// fused into a contraction that reads it.
FusionDecision defaultFusionControl(mlir::Operation *producer,
                                    mlir::Operation *consumer,
                                    unsigned operand,
                                    bool producerFusionHasContraction);

/// The names of defaultFusionControl's rules.
llvm::ArrayRef<llvm::StringLiteral> fusionRuleNames();

/// `control` with the rules named in `disabled` turned off: a candidate one
/// of them would fuse is rejected, with the reason "the <rule> rule is
/// disabled".
FusionControlFn withoutRules(FusionControlFn control,
                             llvm::ArrayRef<std::string> disabled);

/// Forms umc.fusion regions in `func` as `control` decides; with `remarks`,
/// one remark per candidate that was not fused, with the reason.
void fuse(mlir::func::FuncOp func, const FusionControlFn &control,
          bool remarks);

} // namespace umc

#endif // UMC_TRANSFORMS_FUSE_H
