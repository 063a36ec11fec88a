//===- Passes.td - passes on the umc dialect ---------------*- tablegen -*-===//
#ifndef UMC_TRANSFORMS_PASSES_TD
#define UMC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def UmcDecompose : Pass<"umc-decompose"> {
  let summary = "Rewrite composite umc ops into primitive umc ops";
  let description = [{
    Lowers each composite op to the primitives that later passes and the back
    ends understand, one named rewrite pattern per op. Today it splits the
    bias out of `umc.linear`:

    ```mlir
    %y = umc.linear %x, %w, %b : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
    ```

    becomes

    ```mlir
    %wt = umc.transpose %w [1, 0] : tensor<32x16xf32> -> tensor<16x32xf32>
    %xw = umc.matmul %x, %wt : (tensor<4x16xf32>, tensor<16x32xf32>) -> tensor<4x32xf32>
    %y = umc.add %xw, %b : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
    ```

    A `umc.linear` without bias is already primitive and stays. The
    multimodal blocks (`ar_block`, `patch_embed`, `diffusion_step`, `moe`, ...)
    join this pass as they are added to the dialect. Ops the pass does not
    know are left untouched, so it runs on any module.
  }];
  let dependentDialects = ["::umc::UmcDialect"];
}

#endif // UMC_TRANSFORMS_PASSES_TD
