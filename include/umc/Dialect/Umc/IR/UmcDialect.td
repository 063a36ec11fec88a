//===- UmcDialect.td - the umc dialect ---------------------*- tablegen -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCDIALECT_TD
#define UMC_DIALECT_UMC_IR_UMCDIALECT_TD

include "mlir/IR/OpBase.td"
include "umc/Dialect/Umc/IR/UmcInterfaces.td"

def Umc_Dialect : Dialect {
  let name = "umc";
  let cppNamespace = "::umc";
  let summary = "Unified multimodal models: tensors, primitives and blocks";
  let description = [{
    The `umc` dialect describes unified multimodal models (networks that read
    and write text and images) at the level a model author thinks in:
    primitives such as `umc.linear`, `umc.layer_norm` and `umc.attention`, and
    later the multimodal blocks that decompose into them.

    Values are builtin ranked tensors with static shapes of `f32`, `bf16`,
    `f16`, `i8`, `i32` or `i64`. Weight layouts follow PyTorch (a `linear`
    weight is `[out, in]`, a `conv2d` weight is `[out, in / groups, kh, kw]`)
    so that checkpoints map one to one. Every op verifies its shapes and
    attributes and reports a diagnostic at its own location.

    A function argument marked `{umc.param = "name"}` is a parameter (a
    weight): its value comes from a safetensors file under that name at run
    time and never appears in the IR. Names are non-empty and unique within
    a function, and match PyTorch `state_dict` keys.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasRegionArgAttrVerify = 1;
  let hasOperationAttrVerify = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    /// Registers the attributes (in UmcAttrs.cpp, beside their storage).
    void registerAttributes();

    /// The argument attribute that names a parameter.
    static constexpr ::llvm::StringLiteral kParamAttrName = "umc.param";
  }];
}

// Put among an op's traits when the op writes its own gradient rule
// (`buildGradients`, in lib/Dialect/Umc/IR/Gradients/). Umc_Op declares the
// method for it; umc-autodiff asks the C++ trait which composite ops it
// may keep whole instead of decomposing them.
def Umc_GradientRule : NativeOpTrait<"GradientRule"> {
  let cppNamespace = "::umc::OpTrait";
}

// Every umc op has the slot for its gradient rule (UmcInterfaces.td): its
// own rule with Umc_GradientRule, otherwise the default that says it has
// none yet.
class Umc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Umc_Dialect, mnemonic, !listconcat(traits,
          [!if(!foldl(0, traits, found, t, !or(found, !eq(t, Umc_GradientRule))),
               !cast<Trait>(DeclareOpInterfaceMethods<Umc_GradientOpInterface,
                                                      ["buildGradients"]>),
               !cast<Trait>(Umc_GradientOpInterface))])>;

#endif // UMC_DIALECT_UMC_IR_UMCDIALECT_TD
