#!/usr/bin/env python3
"""Writes models/dit_flow.mlir, the DiT-style flow-matching image model.

The model's parameters are passed to every function that reads them, so the
.mlir repeats long argument lists; this script writes them once. Edit this
file and run it (standard library only) rather than editing the .mlir:

    python3 models/dit_flow.py            # writes models/dit_flow.mlir
    python3 models/dit_flow.py --check    # fails if the .mlir is stale
"""
import generated

# Shapes: 4 grey 8x8 images per call (the digits of issue 10), patches of
# 2x2, width 64, 4 heads, 3 blocks, MLP 4x, captions of up to 16 bytes.
IMAGES, CHANNELS, SIZE, PATCH = 4, 1, 8, 2
WIDTH, HEADS, DEPTH, MLP = 64, 4, 3, 256
CAPTION, VOCAB, FREQ = 16, 256, 256
PATCHES = (SIZE // PATCH) ** 2
PATCH_FEATURES = CHANNELS * PATCH * PATCH
BATCH = 2 * IMAGES  # conditional and unconditional rows, side by side
HEAD_DIM = WIDTH // HEADS


t = generated.tensor


IMAGE = t(IMAGES, CHANNELS, SIZE, SIZE)
BATCH_IMAGE = t(BATCH, CHANNELS, SIZE, SIZE)


def block_params(i):
    p = f"blocks.{i}."
    return [
        (f"b{i}_qkv_w", p + "attn.qkv.weight", t(3 * WIDTH, WIDTH)),
        (f"b{i}_qkv_b", p + "attn.qkv.bias", t(3 * WIDTH)),
        (f"b{i}_proj_w", p + "attn.proj.weight", t(WIDTH, WIDTH)),
        (f"b{i}_proj_b", p + "attn.proj.bias", t(WIDTH)),
        (f"b{i}_fc1_w", p + "mlp.fc1.weight", t(MLP, WIDTH)),
        (f"b{i}_fc1_b", p + "mlp.fc1.bias", t(MLP)),
        (f"b{i}_fc2_w", p + "mlp.fc2.weight", t(WIDTH, MLP)),
        (f"b{i}_fc2_b", p + "mlp.fc2.bias", t(WIDTH)),
        (f"b{i}_ada_w", p + "adaLN_modulation.1.weight", t(6 * WIDTH, WIDTH)),
        (f"b{i}_ada_b", p + "adaLN_modulation.1.bias", t(6 * WIDTH)),
    ]


# (SSA name, state_dict key, type), in DiT's names (facebookresearch/DiT).
PARAMS = [
    ("patch_w", "x_embedder.proj.weight", t(WIDTH, CHANNELS, PATCH, PATCH)),
    ("patch_b", "x_embedder.proj.bias", t(WIDTH)),
    ("pos", "pos_embed", t(PATCHES, WIDTH)),
    ("t_w1", "t_embedder.mlp.0.weight", t(WIDTH, FREQ)),
    ("t_b1", "t_embedder.mlp.0.bias", t(WIDTH)),
    ("t_w2", "t_embedder.mlp.2.weight", t(WIDTH, WIDTH)),
    ("t_b2", "t_embedder.mlp.2.bias", t(WIDTH)),
    ("y_table", "y_embedder.embedding_table.weight", t(VOCAB, WIDTH)),
    ("y_null", "y_embedder.null_embedding", t(WIDTH)),
] + [p for i in range(DEPTH) for p in block_params(i)] + [
    ("final_ada_w", "final_layer.adaLN_modulation.1.weight", t(2 * WIDTH, WIDTH)),
    ("final_ada_b", "final_layer.adaLN_modulation.1.bias", t(2 * WIDTH)),
    ("final_w", "final_layer.linear.weight", t(PATCH_FEATURES, WIDTH)),
    ("final_b", "final_layer.linear.bias", t(PATCH_FEATURES)),
]


def param_decls(params=PARAMS):
    return ",\n".join(f'    %{n}: {ty} {{umc.param = "{key}"}}' for n, key, ty in params)


def param_args(params=PARAMS):
    return ", ".join("%" + n for n, _, _ in params)


def param_types(params=PARAMS):
    return ", ".join(ty for _, _, ty in params)


def call(fn, args, arg_types, result, params=PARAMS):
    return (f"func.call @{fn}({args}, {param_args(params)})\n"
            f"      : ({arg_types}, {param_types(params)}) -> {result}")


def block_function():
    B, L, D, H, Dh = BATCH, PATCHES, WIDTH, HEADS, HEAD_DIM
    x, c, row, heads = t(B, L, D), t(B, D), t(B, D), t(B, H, L, Dh)
    split_heads = t(B, L, H, Dh)
    block = [(n.replace("b0_", ""), key, ty) for n, key, ty in block_params(0)]
    decls = ",\n".join(f"    %{n}: {ty}" for n, _, ty in block)
    return f"""// One DiT block with adaLN-Zero conditioning: the condition's six rows
// shift, scale and gate the attention and the MLP branches.
func.func private @dit_block(
    %x: {x},
    %c: {c},
{decls}) -> {x} {{
  %ada = umc.linear %c, %ada_w, %ada_b : ({c}, {t(6 * D, D)}, {t(6 * D)}) -> {t(B, 6 * D)}
  %shift_msa, %scale_msa, %gate_msa, %shift_mlp, %scale_mlp, %gate_mlp = umc.split %ada axis = 1
      : {t(B, 6 * D)} -> {row}, {row}, {row}, {row}, {row}, {row}
  %n1 = umc.layer_norm %x eps = 1.0e-06 : ({x}) -> {x}
  %m1 = umc.modulate %n1 shift %shift_msa scale %scale_msa : ({x}, {row}, {row}) -> {x}
  %qkv = umc.linear %m1, %qkv_w, %qkv_b : ({x}, {t(3 * D, D)}, {t(3 * D)}) -> {t(B, L, 3 * D)}
  %q, %k, %v = umc.split %qkv axis = 2 : {t(B, L, 3 * D)} -> {x}, {x}, {x}
  %q4 = umc.reshape %q : {x} -> {split_heads}
  %k4 = umc.reshape %k : {x} -> {split_heads}
  %v4 = umc.reshape %v : {x} -> {split_heads}
  %qh = umc.transpose %q4 [0, 2, 1, 3] : {split_heads} -> {heads}
  %kh = umc.transpose %k4 [0, 2, 1, 3] : {split_heads} -> {heads}
  %vh = umc.transpose %v4 [0, 2, 1, 3] : {split_heads} -> {heads}
  %o = umc.attention %qh, %kh, %vh mask <full> : ({heads}, {heads}, {heads}) -> {heads}
  %ot = umc.transpose %o [0, 2, 1, 3] : {heads} -> {split_heads}
  %om = umc.reshape %ot : {split_heads} -> {x}
  %a = umc.linear %om, %proj_w, %proj_b : ({x}, {t(D, D)}, {t(D)}) -> {x}
  %x1 = umc.gated_add %x, %a gate %gate_msa : ({x}, {x}, {row}) -> {x}
  %n2 = umc.layer_norm %x1 eps = 1.0e-06 : ({x}) -> {x}
  %m2 = umc.modulate %n2 shift %shift_mlp scale %scale_mlp : ({x}, {row}, {row}) -> {x}
  %h = umc.linear %m2, %fc1_w, %fc1_b : ({x}, {t(MLP, D)}, {t(MLP)}) -> {t(B, L, MLP)}
  %g = umc.gelu %h approximate = tanh : {t(B, L, MLP)}
  %f = umc.linear %g, %fc2_w, %fc2_b : ({t(B, L, MLP)}, {t(D, MLP)}, {t(D)}) -> {x}
  %x2 = umc.gated_add %x1, %f gate %gate_mlp : ({x}, {x}, {row}) -> {x}
  return %x2 : {x}
}}
"""


def network_function():
    B, L, D = BATCH, PATCHES, WIDTH
    x, c = t(B, L, D), t(B, D)
    tokens, lengths = t(B, CAPTION, dtype="i32"), t(B, dtype="i32")
    lines = []
    for i in range(DEPTH):
        args = ", ".join(f"%b{i}_" + n.split("_", 1)[1] for n, _, _ in block_params(i))
        types = ", ".join(ty for _, _, ty in block_params(i))
        lines.append(f"  %h{i + 1} = func.call @dit_block(%h{i}, %sc, {args})\n"
                     f"      : ({x}, {c}, {types}) -> {x}")
    blocks = "\n".join(lines)
    return f"""// The network: the velocity of {BATCH} images at times %t in [0, 1] (1 is
// noise), each conditioned on its caption (the first %lengths bytes of
// %tokens; a caption of length 0 is the unconditional one).
func.func @velocity(
    %images: {BATCH_IMAGE},
    %t: {t(B)},
    %tokens: {tokens},
    %lengths: {lengths},
{param_decls()}) -> {BATCH_IMAGE} {{
  %h0 = umc.patch_embed %images, %patch_w, %patch_b positions %pos patch_size = {PATCH}
      : ({BATCH_IMAGE}, {t(D, CHANNELS, PATCH, PATCH)}, {t(D)}, {t(L, D)}) -> {x}
  // Timestep: sinusoidal features of 1000 t, then an MLP (DiT's TimestepEmbedder).
  %thousand = arith.constant dense<1000.0> : tensor<f32>
  %ts = umc.mul %t, %thousand : ({t(B)}, tensor<f32>) -> {t(B)}
  %tf = umc.timestep_embed %ts dim = {FREQ} : ({t(B)}) -> {t(B, FREQ)}
  %te1 = umc.linear %tf, %t_w1, %t_b1 : ({t(B, FREQ)}, {t(D, FREQ)}, {t(D)}) -> {c}
  %te2 = umc.silu %te1 : {c}
  %te = umc.linear %te2, %t_w2, %t_b2 : ({c}, {t(D, D)}, {t(D)}) -> {c}
  // Caption: the mean of its byte embeddings; the null embedding when empty.
  %emb = umc.embedding %tokens, %y_table : ({tokens}, {t(VOCAB, D)}) -> {t(B, CAPTION, D)}
  %index = umc.iota axis = 0 : {t(CAPTION, dtype="i32")}
  %len = umc.reshape %lengths : {lengths} -> {t(B, 1, dtype="i32")}
  %ahead = umc.sub %len, %index : ({t(B, 1, dtype="i32")}, {t(CAPTION, dtype="i32")}) -> {t(B, CAPTION, dtype="i32")}
  %zero = arith.constant dense<0> : tensor<i32>
  %one = arith.constant dense<1> : tensor<i32>
  %inside = umc.minimum %ahead, %one : ({t(B, CAPTION, dtype="i32")}, tensor<i32>) -> {t(B, CAPTION, dtype="i32")}
  %keep = umc.maximum %inside, %zero : ({t(B, CAPTION, dtype="i32")}, tensor<i32>) -> {t(B, CAPTION, dtype="i32")}
  %keepf = umc.cast %keep : {t(B, CAPTION, dtype="i32")} -> {t(B, CAPTION)}
  %keep3 = umc.reshape %keepf : {t(B, CAPTION)} -> {t(B, CAPTION, 1)}
  %kept = umc.mul %emb, %keep3 : ({t(B, CAPTION, D)}, {t(B, CAPTION, 1)}) -> {t(B, CAPTION, D)}
  %total = umc.sum %kept axis = 1 : {t(B, CAPTION, D)} -> {c}
  %count = umc.maximum %lengths, %one : ({lengths}, tensor<i32>) -> {lengths}
  %countf = umc.cast %count : {lengths} -> {t(B)}
  %count2 = umc.reshape %countf : {t(B)} -> {t(B, 1)}
  %mean = umc.div %total, %count2 : ({c}, {t(B, 1)}) -> {c}
  %some = umc.minimum %lengths, %one : ({lengths}, tensor<i32>) -> {lengths}
  %none = umc.sub %one, %some : (tensor<i32>, {lengths}) -> {lengths}
  %nonef = umc.cast %none : {lengths} -> {t(B)}
  %none2 = umc.reshape %nonef : {t(B)} -> {t(B, 1)}
  %null = umc.mul %none2, %y_null : ({t(B, 1)}, {t(D)}) -> {c}
  %ye = umc.add %mean, %null : ({c}, {c}) -> {c}
  %cond = umc.add %te, %ye : ({c}, {c}) -> {c}
  %sc = umc.silu %cond : {c}
{blocks}
  // Final layer: adaLN shift and scale, then each token back to a patch.
  %fada = umc.linear %sc, %final_ada_w, %final_ada_b : ({c}, {t(2 * D, D)}, {t(2 * D)}) -> {t(B, 2 * D)}
  %fshift, %fscale = umc.split %fada axis = 1 : {t(B, 2 * D)} -> {c}, {c}
  %fn = umc.layer_norm %h{DEPTH} eps = 1.0e-06 : ({x}) -> {x}
  %fm = umc.modulate %fn shift %fshift scale %fscale : ({x}, {c}, {c}) -> {x}
  %patches = umc.linear %fm, %final_w, %final_b : ({x}, {t(PATCH_FEATURES, D)}, {t(PATCH_FEATURES)}) -> {t(B, L, PATCH_FEATURES)}
  %v = umc.unpatchify %patches patch_size = {PATCH} channels_last : ({t(B, L, PATCH_FEATURES)}) -> {BATCH_IMAGE}
  return %v : {BATCH_IMAGE}
}}
"""


STEP_INPUTS = [
    ("images", IMAGE), ("step", "tensor<i32>"), ("steps", "tensor<i32>"),
    ("tokens", t(IMAGES, CAPTION, dtype="i32")), ("lengths", t(IMAGES, dtype="i32")),
    ("guidance", "tensor<f32>"),
]


def guided_velocity(name, images, time):
    """The conditional and unconditional velocities of %images at %time, one
    network call on both halves of the batch."""
    tokens, lengths = t(BATCH, CAPTION, dtype="i32"), t(BATCH, dtype="i32")
    return f"""  %{name}_in = umc.concat {images}, {images} axis = 0 : ({IMAGE}, {IMAGE}) -> {BATCH_IMAGE}
  %{name}_t = tensor.splat {time} : {t(BATCH)}
  %{name}_all = {call("velocity", f"%{name}_in, %{name}_t, %tokens2, %lengths2", f"{BATCH_IMAGE}, {t(BATCH)}, {tokens}, {lengths}", BATCH_IMAGE)}
  %{name}_c, %{name}_u = umc.split %{name}_all axis = 0 : {BATCH_IMAGE} -> {IMAGE}, {IMAGE}"""


def step_prologue():
    tokens, lengths = t(BATCH, CAPTION, dtype="i32"), t(BATCH, dtype="i32")
    return f"""  // t = 1 - step / steps: from noise (1) to the image (0).
  %s = tensor.extract %step[] : tensor<i32>
  %n = tensor.extract %steps[] : tensor<i32>
  %one = arith.constant 1 : i32
  %s1 = arith.addi %s, %one : i32
  %sf = arith.sitofp %s : i32 to f32
  %s1f = arith.sitofp %s1 : i32 to f32
  %nf = arith.sitofp %n : i32 to f32
  %onef = arith.constant 1.0 : f32
  %fraction = arith.divf %sf, %nf : f32
  %fraction1 = arith.divf %s1f, %nf : f32
  %now = arith.subf %onef, %fraction : f32
  %next = arith.subf %onef, %fraction1 : f32
  %time = tensor.from_elements %now : tensor<f32>
  %time1 = tensor.from_elements %next : tensor<f32>
  // The unconditional rows: the same images with empty captions.
  %tokens2 = umc.concat %tokens, %tokens axis = 0 : ({t(IMAGES, CAPTION, dtype="i32")}, {t(IMAGES, CAPTION, dtype="i32")}) -> {tokens}
  %empty = arith.constant dense<0> : {t(IMAGES, dtype="i32")}
  %lengths2 = umc.concat %lengths, %empty axis = 0 : ({t(IMAGES, dtype="i32")}, {t(IMAGES, dtype="i32")}) -> {lengths}"""


def step_signature(name, sampler):
    inputs = ",\n".join(f"    %{n}: {ty}" for n, ty in STEP_INPUTS)
    return (f"func.func @{name}(\n{inputs},\n{param_decls()}) -> {IMAGE}\n"
            f'    attributes {{umc.role = "image.denoise", umc.sampler = "{sampler}"}} {{')


def euler_step():
    return f"""// image.denoise, flow_euler: one Euler step of the guided velocity,
// from t = 1 - step/steps to 1 - (step+1)/steps.
{step_signature("denoise_euler", "flow_euler")}
{step_prologue()}
{guided_velocity("v", "%images", "%now")}
  %x1 = umc.diffusion_step %images, %v_c uncond %v_u guidance %guidance at %time to %time1 sampler = flow_euler
      : ({IMAGE}, {IMAGE}, {IMAGE}, tensor<f32>, tensor<f32>, tensor<f32>) -> {IMAGE}
  return %x1 : {IMAGE}
}}
"""


def heun_step():
    return f"""// image.denoise, flow_heun: Heun's method, the guided velocity at the
// Euler predictor averaged with the one at the start (two network calls).
{step_signature("denoise_heun", "flow_heun")}
{step_prologue()}
{guided_velocity("v", "%images", "%now")}
  %v_d = umc.sub %v_c, %v_u : ({IMAGE}, {IMAGE}) -> {IMAGE}
  %v_w = umc.mul %guidance, %v_d : (tensor<f32>, {IMAGE}) -> {IMAGE}
  %v_g = umc.add %v_u, %v_w : ({IMAGE}, {IMAGE}) -> {IMAGE}
  %predictor = umc.diffusion_step %images, %v_g at %time to %time1 sampler = flow_euler
      : ({IMAGE}, {IMAGE}, tensor<f32>, tensor<f32>) -> {IMAGE}
{guided_velocity("w", "%predictor", "%next")}
  %x1 = umc.diffusion_step %images, %w_c uncond %w_u guidance %guidance first %v_g at %time to %time1 sampler = flow_heun
      : ({IMAGE}, {IMAGE}, {IMAGE}, tensor<f32>, {IMAGE}, tensor<f32>, tensor<f32>) -> {IMAGE}
  return %x1 : {IMAGE}
}}
"""


def noise_function():
    return f"""// image.noise: the starting noise of {IMAGES} images (Philox, so the same
// seed and counter give the same noise on any thread count).
func.func @init_noise(%seed: tensor<i64>, %counter: tensor<i64>) -> {IMAGE}
    attributes {{umc.role = "image.noise"}} {{
  %x = umc.random_normal seed %seed counter %counter : (tensor<i64>, tensor<i64>) -> {IMAGE}
  return %x : {IMAGE}
}}
"""


def generate_function():
    step_types = ", ".join(ty for _, ty in STEP_INPUTS)
    return f"""// The whole loop in the artifact: noise from %seed, then %steps Euler steps
// with guidance %guidance.
func.func @generate_image(
    %tokens: {t(IMAGES, CAPTION, dtype="i32")},
    %lengths: {t(IMAGES, dtype="i32")},
    %seed: tensor<i64>,
    %steps: tensor<i32>,
    %guidance: tensor<f32>,
{param_decls()}) -> {IMAGE} {{
  %zero = arith.constant dense<0> : tensor<i64>
  %x0 = func.call @init_noise(%seed, %zero) : (tensor<i64>, tensor<i64>) -> {IMAGE}
  %n = tensor.extract %steps[] : tensor<i32>
  %n_index = arith.index_cast %n : i32 to index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %image = scf.for %i = %c0 to %n_index step %c1 iter_args(%x = %x0) -> ({IMAGE}) {{
    %i32 = arith.index_cast %i : index to i32
    %step = tensor.from_elements %i32 : tensor<i32>
    %x1 = {call("denoise_euler", "%x, %step, %steps, %tokens, %lengths, %guidance", step_types, IMAGE)}
    scf.yield %x1 : {IMAGE}
  }}
  return %image : {IMAGE}
}}
"""


HEADER = f"""// A DiT-style caption-conditioned flow-matching image model, tiny enough
// for a 2-core CPU. Generated by models/dit_flow.py: edit that, not this.
//
// Design: "Scalable Diffusion Models with Transformers" (DiT; Peebles and
// Xie, 2023): patch embedding with positions, transformer blocks whose
// LayerNorms are modulated by the condition (adaLN-Zero: shift, scale and
// a gate per branch), and a final adaLN layer back to patches. Trained by
// flow matching ("Flow Matching for Generative Modeling", Lipman et al.,
// 2023; rectified flow as in Stable Diffusion 3): x_t = (1 - t) x_0 + t e,
// the network predicts the velocity e - x_0, and sampling integrates from
// t = 1 (noise) to t = 0 with classifier-free guidance ("Classifier-Free
// Diffusion Guidance", Ho and Salimans, 2022). Instead of DiT's class
// label the condition is a caption: the mean of its bytes' embeddings (a
// learned null embedding for the empty caption, the unconditional path).
// Parameter names follow facebookresearch/DiT's state_dict.
//
// Size: {IMAGES} grey {SIZE}x{SIZE} images per call (the digits of issue 10),
// patches of {PATCH}x{PATCH} ({PATCHES} tokens), width {WIDTH}, {HEADS} heads, {DEPTH} blocks,
// MLP {MLP}, captions of up to {CAPTION} bytes.
//
// Entry points:
//   velocity        the network on {BATCH} images at times t (for tests and training)
//   init_noise      the starting noise (role image.noise)
//   denoise_euler   one guided Euler step (role image.denoise, flow_euler)
//   denoise_heun    one guided Heun step (role image.denoise, flow_heun)
//   generate_image  the whole loop: noise, then %steps Euler steps
// umc-run generate runs the roles a step at a time, to show progress.
"""


def model():
    parts = [HEADER, 'module attributes {umc.tokenizer = "bytes"} {\n',
             block_function(), network_function(), noise_function(),
             euler_step(), heun_step(), generate_function(), "} // module\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    generated.main(__file__, model())
