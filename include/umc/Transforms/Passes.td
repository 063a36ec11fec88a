//===- Passes.td - passes on the umc dialect ---------------*- tablegen -*-===//
#ifndef UMC_TRANSFORMS_PASSES_TD
#define UMC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def UmcDecompose : Pass<"umc-decompose"> {
  let summary = "Rewrite composite umc ops into primitive umc ops";
  let description = [{
    Lowers each composite op to the primitives that later passes and the back
    ends understand, one named rewrite pattern per op. `umc-compile` runs it
    after inlining, before fusion. It cuts `umc.split` into slices:

    ```mlir
    %a, %b = umc.split %x axis = 1 : tensor<2x7xf32> -> tensor<2x3xf32>, tensor<2x4xf32>
    ```

    becomes

    ```mlir
    %a = umc.slice %x offsets = [0, 0] sizes = [2, 3] : tensor<2x7xf32> -> tensor<2x3xf32>
    %b = umc.slice %x offsets = [0, 3] sizes = [2, 4] : tensor<2x7xf32> -> tensor<2x4xf32>
    ```

    and rewrites the multimodal blocks into primitives: `ar_block` (norms,
    projections, rope, attention with its KV-cache appends, MLP),
    `timestep_embed`, `modulate`, `gated_add`, `diffusion_step`,
    `patch_embed` (patchify + linear), `unpatchify` (reshape, transpose,
    reshape), `moe` (densely), `task_router`, `vq_quantize` and
    `vq_lookup`. Ops the pass does not know are left untouched, so it runs
    on any module.
  }];
  let dependentDialects = ["::umc::UmcDialect"];
}

def UmcAutodiff : Pass<"umc-autodiff", "::mlir::ModuleOp"> {
  let summary = "Add the gradient function of each loss function";
  let description = [{
    For each function marked `umc.loss` (its first result is a scalar loss),
    adds a public function `<name>_grad` with the same arguments that
    returns the original results and then the gradient of the loss with
    respect to each parameter (argument with `umc.param`), in argument
    order, each result marked `umc.grad_of = "<parameter name>"`:

    ```mlir
    func.func @loss(%x: tensor<4x8xf32>, %w: tensor<3x8xf32> {umc.param = "w"})
        -> tensor<f32> attributes {umc.loss} { ... }
    ```

    gains

    ```mlir
    func.func @loss_grad(%x: tensor<4x8xf32>, %w: tensor<3x8xf32> {umc.param = "w"})
        -> (tensor<f32>, tensor<3x8xf32> {umc.grad_of = "w"}) { ... }
    ```

    Reverse mode: the gradient function computes the forward, then sweeps
    its ops backwards from a seed of 1 for the loss. What each op
    contributes is the op's own rule (`GradientOpInterface`, written beside
    the op in `lib/Dialect/Umc/IR/Gradients/`); blocks without a rule of
    their own (`ar_block`, `modulate`, ...) are first decomposed into
    primitives, so they are differentiated through their parts. Gradients
    of a value read more than once are summed.

    Activations: every forward value a rule reads stays alive until that
    rule's ops have run (the memory plan frees it after its last use).
    Rules recompute what is cheap instead of keeping it: the norms their
    normalized input and row statistics, attention its probabilities (one
    [S, T] block per batch and head, as the forward), so the forward stores
    nothing beyond its own values. `umc-recompute` later recomputes the
    elementwise values whose inputs are kept anyway.

    Errors, each at the op: an op with no gradient rule, a rule that gives
    no gradient for an operand that depends on a parameter (attention's
    `bias`, for one), control flow on the path from a parameter to the
    loss, and a loss that depends on no parameter.
  }];
  let dependentDialects = ["::umc::UmcDialect"];
}

def UmcTrainStep : Pass<"umc-train-step", "::mlir::ModuleOp"> {
  let summary = "Add a compiled AdamW training step for each loss function";
  let description = [{
    For each function marked `umc.loss`, whose gradient function
    `<name>_grad` umc-autodiff made, adds a public `<name>_train_step`
    (role `train.step`) that runs one step of training:

    1. the loss and every parameter's gradient, at the current parameters;
    2. global-norm clipping as `torch.nn.utils.clip_grad_norm_`: the norm
       of all gradients together, each gradient times
       `min(1, clip_norm / (norm + 1e-6))` (no clipping when
       `clip_norm <= 0`);
    3. the learning rate of step `t` (counted from 1): `lr * t /
       warmup_steps` while `t <= warmup_steps`, then a cosine from `lr` down
       to `lr * min_lr_ratio` at `total_steps`;
    4. AdamW as `torch.optim.AdamW`: `p *= 1 - rate * weight_decay`, the
       moments `m = beta1 m + (1 - beta1) g`, `v = beta2 v + (1 - beta2) g^2`,
       and `p -= rate / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) +
       eps)`.

    Its inputs are the loss function's non-parameter arguments (with their
    `umc.input` names), then nine scalars named `lr`, `warmup_steps`,
    `total_steps`, `min_lr_ratio`, `beta1`, `beta2`, `eps`, `weight_decay`
    and `clip_norm`, so a driver sets them at run time. Its results are the
    loss function's results, then the gradient norm before clipping and the
    learning rate used.

    Nothing is copied per step. Each parameter becomes a module state
    `param.<name>` marked `umc.param`: the artifact binds it to the
    parameter itself, so the step updates the parameters every other entry
    point reads, in place. The moments (`adam.m.<name>`, `adam.v.<name>`)
    and the step counter (`adam.step`) are state too, which a driver saves
    with the parameters. `<name>_grad` becomes private: the step calls it,
    and the inliner after this pass drops it instead of compiling it twice.
    umc-compile runs this pass with `--train`.
  }];
  let dependentDialects = ["::umc::UmcDialect",
                           "::mlir::ml_program::MLProgramDialect",
                           "::mlir::func::FuncDialect"];
}

def UmcRecompute : Pass<"umc-recompute", "::mlir::func::FuncOp"> {
  let summary = "Recompute elementwise values at distant uses instead of "
                "keeping them alive";
  let description = [{
    A training step reads many forward values again in its backward sweep,
    long after the forward used them: each stays in memory in between. For
    an elementwise value (GELU or SiLU of a projection, a gated product, a
    cast, a broadcast) whose operands stay alive until that later use
    anyway, keeping it is pure cost: recomputing it there takes one pass
    over memory that is already live, and frees its buffer for everything
    in between. This pass does that rematerialization:

    - for an op with the `Elementwise` trait and no side effects, the uses
      of its result are split at the largest gap between two consecutive
      uses, if that gap spans at least `min-distance` ops and every operand
      is still alive at the later use (a function argument, a constant, a
      value used there or later, or a value this pass recomputes there);
    - a copy of the op is placed right before the first use after the gap,
      and that use and every later one read the copy; the original's
      buffer is freed at the last use before the gap.

    ```mlir
    %h = umc.gelu %u : tensor<64x384xf32>       // forward
    %y = umc.linear %h, %w2 ...                 // forward
    ... 30 ops ...
    %dw2 = umc.matmul %dyT, %h ...              // backward reads %h again
    %du = umc.gelu_grad %u, %dh ...             // and %u, so %u stays alive
    ```

    becomes

    ```mlir
    %h = umc.gelu %u : tensor<64x384xf32>
    %y = umc.linear %h, %w2 ...
    ... 30 ops ...
    %h_again = umc.gelu %u : tensor<64x384xf32>
    %dw2 = umc.matmul %dyT, %h_again ...
    %du = umc.gelu_grad %u, %dh ...
    ```

    The policy is the one torch.compile's min-cut partitioner applies to
    pointwise ops, kept to what needs no cost model: only elementwise ops
    (memory-bound, so recomputing one costs about what storing and loading
    its result would), and only where no operand's life grows, so the peak
    can only go down. Matmuls, reductions and attention are never
    recomputed here; the gradient rules already recompute the norms'
    statistics and attention's probabilities themselves. `umc-compile`
    runs this pass with `--train`, after CSE (which would merge the copy
    back) and before fusion (which may then fuse the copy into its new
    consumer).
  }];
  let options = [
    Option<"minDistance", "min-distance", "unsigned", "16",
           "Recompute only across a gap of at least this many ops between "
           "two uses">
  ];
}

def UmcFuse : Pass<"umc-fuse", "::mlir::func::FuncOp"> {
  let summary = "Group memory-bound umc ops with their producers into fusions";
  let description = [{
    Wraps chains of ops that should run as one kernel in `umc.fusion`
    regions, so that a value passed along the chain never makes a round trip
    through memory. Walking the function in order, a consumer joins the
    fusion of the op that produces its input when one of these rules allows
    it (the rule names become the fusion's `rule`):

    - `norm_activation`: `layer_norm`, `rms_norm` or `group_norm` followed by
      `gelu` or `silu` (DiT after adaLN, ConvNeXt encoders, U-Net
      GroupNorm+SiLU, gated RMSNorm);
    - `activation_norm`: `gelu` or `silu` followed by `layer_norm` or
      `rms_norm` on its result (BERT-style heads);
    - `residual_norm`: an `add` followed by `layer_norm` or `rms_norm` of the
      sum. The sum usually has another user (the next residual): the fusion
      yields it too, written by the same kernel that normalizes it;
    - `gemm_epilogue`: `linear` or `matmul` followed by elementwise ops (bias,
      activation, residual add), computed on each output tile while it is
      still in registers or cache;
    - `elementwise`: an elementwise op (`add`, `sub`, `mul`, `div`, `exp`,
      `tanh`, `gelu`, `silu`) joins the fusion of its producer, whatever the
      producer computes.

    And these rules say when not to fuse, each reported with `remarks`:

    - a producer's result with other users is not fused into a consumer
      (the value must be written anyway, and the consumer's fusion would
      have to yield it); `residual_norm` is the one exception, by design;
    - a consumer that broadcasts the producer's result (its result is larger)
      would recompute the producer for every copy: not fused;
    - a reduction (`layer_norm`, `rms_norm`, `group_norm`, `softmax`) is not
      fused into a consumer that contracts it (`linear`, `matmul`,
      `attention`): each output tile would recompute the reduction;
    - a norm does not join a fusion that holds a `linear` or `matmul` (the
      post-norm `linear -> add -> layer_norm`): it needs whole rows, which
      would keep the GEMM's columns from being split over workgroups, and
      each row slice would pack the whole weight (3x slower, measured);
    - a consumer already fused with another producer is not fused again.

    With `remarks`, each rejected candidate emits a remark at the producer:
    `not fused: ...` with the reason. Code generation outlines each fusion
    into one kernel.

    `disable` turns rules off by name, so that each can be measured against
    the others (`umc-compile --disable-fusion=gemm_epilogue`, and the
    `umc-no-<rule>` peers of `bench/`); an unknown name is an error.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", "false",
           "Emit a remark for each candidate fusion that did not happen, "
           "with the reason">,
    ListOption<"disabledRules", "disable", "std::string",
               "Fusion rules not to apply (norm_activation, activation_norm, "
               "residual_norm, gemm_epilogue, elementwise)">
  ];
  let dependentDialects = ["::umc::UmcDialect"];
}

#endif // UMC_TRANSFORMS_PASSES_TD
