//===- UmcAttrs.td - enums and attributes of umc -----------*- tablegen -*-===//
#ifndef UMC_DIALECT_UMC_IR_UMCATTRS_TD
#define UMC_DIALECT_UMC_IR_UMCATTRS_TD

include "umc/Dialect/Umc/IR/UmcDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Umc_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "how GELU evaluates the Gaussian CDF", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "how umc.compare compares two elements", [
      I32EnumAttrCase<"eq", 0>,
      I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>,
      I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>,
      I32EnumAttrCase<"ge", 5>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_AttentionOperand : I32EnumAttr<"AttentionOperand",
    "an operand of attention that a gradient is taken with respect to", [
      I32EnumAttrCase<"query", 0>,
      I32EnumAttrCase<"key", 1>,
      I32EnumAttrCase<"value", 2>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_NormKind : I32EnumAttr<"NormKind", "which normalization a block uses", [
      I32EnumAttrCase<"layer_norm", 0>,
      I32EnumAttrCase<"rms_norm", 1>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_MlpKind : I32EnumAttr<"MlpKind", "the feed-forward network of a block", [
      I32EnumAttrCase<"gelu", 0>,
      I32EnumAttrCase<"swiglu", 1>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_PoolKind : I32EnumAttr<"PoolKind",
    "how a sequence is pooled into one vector", [
      I32EnumAttrCase<"mean", 0>,
      I32EnumAttrCase<"first", 1>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_Sampler : I32EnumAttr<"Sampler", "the update rule of a diffusion step", [
      I32EnumAttrCase<"flow_euler", 0>,
      I32EnumAttrCase<"flow_heun", 1>,
      I32EnumAttrCase<"ddim", 2>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_MaskKind : I32Enum<"MaskKind", "which keys a query may attend to", [
      I32EnumCase<"causal", 0>,
      I32EnumCase<"full", 1>,
      I32EnumCase<"omni", 2>,
      I32EnumCase<"sliding_window", 3>,
      I32EnumCase<"block_sparse", 4>
    ]> {
  let cppNamespace = "::umc";
}

def Umc_MaskAttr : AttrDef<Umc_Dialect, "Mask"> {
  let mnemonic = "mask";
  let summary = "the attention mask: which keys each query attends to";
  let description = [{
    Query `i` of `S` queries sits at absolute position `p = i + T - S` among
    the `T` keys (queries are the last `S` positions, as in decoding with a KV
    cache; `p = i` when `S == T`). Key `j` is visible to query `i` when:

    | kind | visible when | syntax |
    |---|---|---|
    | `causal` | `j <= p` | `<causal>` |
    | `full` | always | `<full>` |
    | `omni` | `j <= p`, or `p` and `j` lie in the same image span | `<omni, spans = [s0, e0, s1, e1]>` |
    | `sliding_window` | `p - window < j <= p` | `<sliding_window, window = 64>` |
    | `block_sparse` | `layout[p / block][j / block] != 0` | `<block_sparse, block = 16, layout = [1, 0, 1, 1]>` |

    `omni` is the Show-o / Transfusion mask: causal over text, bidirectional
    inside each image. `spans` lists half-open key ranges `[start, end)` as
    flat pairs, sorted and disjoint. `block_sparse` takes a row-major 0/1
    `layout` of `ceil(T / block)` rows and as many columns; the attention op
    checks its size against its shapes.
  }];
  let parameters = (ins
    EnumParameter<Umc_MaskKind>:$kind,
    DefaultValuedParameter<"int64_t", "0">:$window,
    OptionalArrayRefParameter<"int64_t">:$spans,
    DefaultValuedParameter<"int64_t", "0">:$block,
    OptionalArrayRefParameter<"int64_t">:$layout
  );
  let builders = [
    AttrBuilder<(ins "::umc::MaskKind":$kind), [{
      return $_get($_ctxt, kind, 0, ::llvm::ArrayRef<int64_t>(), 0,
                   ::llvm::ArrayRef<int64_t>());
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Whether key `key` is visible to query `query` when `numQueries`
    /// queries attend to `numKeys` keys (the table above).
    bool isVisible(int64_t query, int64_t key, int64_t numQueries,
                   int64_t numKeys) const;

    /// Checks what the attribute alone cannot: that the mask fits `numQueries`
    /// queries over `numKeys` keys and, when the queries are the last
    /// positions (`queriesAtEnd`, no run-time offset), leaves every query at
    /// least one key.
    ::llvm::LogicalResult verifyShapes(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        int64_t numQueries, int64_t numKeys, bool queriesAtEnd = true) const;
  }];
}

//===----------------------------------------------------------------------===//
// Decisions between codegen passes, typed and verified
//===----------------------------------------------------------------------===//

def Umc_PartitionAttr : AttrDef<Umc_Dialect, "Partition"> {
  let mnemonic = "partition";
  let summary = "which loops of a lowered op may be split into workgroups";
  let description = [{
    Set by `umc-to-linalg` on the op that computes a lowering's result, as
    the discardable attribute `umc.partition`: only its `loops` outermost
    loops may be split into workgroups (a norm's row, a softmax axis or an
    attention head dim stays whole inside one workgroup). `split_columns`
    marks a contraction whose last splittable loop indexes the right-hand
    operand's rows (a linear's weight): splitting it too lets each
    workgroup reuse one slice of the weight over many rows.
    `umc-select-workgroup-tiles` reads it; a kernel none of whose ops has
    it stays one workgroup.

    ```mlir
    linalg.generic {...} {umc.partition = #umc.partition<loops = 2, split_columns = true>}
    ```
  }];
  let parameters = (ins
    "int64_t":$loops,
    DefaultValuedParameter<"bool", "false">:$split_columns
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Umc_WorkgroupTilesAttr : AttrDef<Umc_Dialect, "WorkgroupTiles"> {
  let mnemonic = "workgroup_tiles";
  let summary = "the tile of each loop that one workgroup computes";
  let description = [{
    Chosen by `umc-select-workgroup-tiles` for the root op of a kernel (the
    discardable attribute `umc.workgroup_tiles`) and applied by
    `umc-tile-workgroups`: one size per loop of the op, 0 for a loop that
    is not split. The verifier checks there is one size per loop.

    ```mlir
    linalg.generic {...} {umc.workgroup_tiles = #umc.workgroup_tiles<[16, 0]>}
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$sizes);
  let assemblyFormat = "`<` `[` $sizes `]` `>`";
  let genVerifyDecl = 1;
}

#endif // UMC_DIALECT_UMC_IR_UMCATTRS_TD
