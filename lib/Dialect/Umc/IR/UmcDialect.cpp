//===- UmcDialect.cpp - the umc dialect -----------------------------------===//
#include "umc/Dialect/Umc/IR/UmcDialect.h"
#include "umc/Dialect/Umc/IR/UmcAttrNames.h"

#include "umc/Dialect/Umc/IR/UmcAttrs.h"
#include "umc/Dialect/Umc/IR/UmcOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/InliningUtils.h"

#include "umc/Dialect/Umc/IR/UmcDialect.cpp.inc"

using namespace mlir;

LogicalResult umc::UmcDialect::verifyRegionArgAttribute(Operation *op,
                                                        unsigned regionIndex,
                                                        unsigned argIndex,
                                                        NamedAttribute attr) {
  StringRef attrName = attr.getName().getValue();
  if (attrName != kParamAttrName && attrName != attrs::kInput)
    return op->emitError("unknown umc argument attribute '")
           << attrName << "'; the known ones are '" << kParamAttrName
           << "' and '" << attrs::kInput << "'";
  StringRef what = attrName == kParamAttrName ? "parameter" : "input";
  auto name = dyn_cast<StringAttr>(attr.getValue());
  if (!name || name.getValue().empty())
    return op->emitError("argument ")
           << argIndex << ": '" << attrName << "' must be a non-empty string "
           << "(the " << what << "'s name), got " << attr.getValue();
  // Each argument checks the ones before it, so a duplicate is reported once,
  // at its second use.
  Region &region = op->getRegion(regionIndex);
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!function || region.empty())
    return success();
  if (attrName == attrs::kInput && function.getArgAttr(argIndex, kParamAttrName))
    return op->emitError("argument ")
           << argIndex << " is a parameter; it cannot also be input '"
           << name.getValue() << "'";
  for (unsigned i = 0; i < argIndex; ++i)
    if (function.getArgAttr(i, attrName) == name)
      return op->emitError("arguments ")
             << i << " and " << argIndex << " are both " << what << " '"
             << name.getValue() << "'";
  return success();
}

namespace {

/// Every umc op is a pure function of its operands (a fusion's body reads
/// values from above, which stay in scope when it moves), so a block
/// function called with `func.call` inlines into its caller: an N-layer
/// model is written once and the inliner unrolls it.
struct UmcInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;

  bool isLegalToInline(Operation *, Operation *, bool) const final {
    return true;
  }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};

} // namespace

void umc::UmcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "umc/Dialect/Umc/IR/UmcOps.cpp.inc"
      >();
  registerAttributes();
  addInterfaces<UmcInlinerInterface>();
}
