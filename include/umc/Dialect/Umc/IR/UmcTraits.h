//===- UmcTraits.h - what passes may ask of a umc op ------------*- C++ -*-===//
//
// The C++ side of the traits UmcOps.td attaches; passes ask
// `op->hasTrait<umc::OpTrait::Elementwise>()` instead of listing ops.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_DIALECT_UMC_IR_UMCTRAITS_H
#define UMC_DIALECT_UMC_IR_UMCTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace umc::OpTrait {

/// Each element of the result depends only on the operands' elements at the
/// same index (after NumPy broadcasting).
template <typename ConcreteType>
class Elementwise : public mlir::OpTrait::TraitBase<ConcreteType, Elementwise> {
};

/// The result may be computed in the buffer of the op's first operand: an
/// element of that operand is read, if at all, only for the same element
/// of the result (update_slice: the elements the update does not cover).
template <typename ConcreteType>
class InPlaceOverInput
    : public mlir::OpTrait::TraitBase<ConcreteType, InPlaceOverInput> {};

/// The op writes its own gradient rule (GradientOpInterface's
/// buildGradients) instead of keeping the default that has none.
template <typename ConcreteType>
class GradientRule
    : public mlir::OpTrait::TraitBase<ConcreteType, GradientRule> {};

} // namespace umc::OpTrait

#endif // UMC_DIALECT_UMC_IR_UMCTRAITS_H
