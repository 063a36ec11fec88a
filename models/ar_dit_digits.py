#!/usr/bin/env python3
"""Writes models/ar_dit_digits.mlir: the "two engines" pair of DESIGN.md for
the 8x8 digits. An autoregressive transformer reads captions and writes
them (it encodes a caption into the condition, and captions an image it is
shown); a separate DiT renders the image from that condition by flow
matching. Both are trained together, from one loss. Edit this file and run
it (standard library only) rather than editing the .mlir:

    python3 models/ar_dit_digits.py            # writes the .mlir
    python3 models/ar_dit_digits.py --check    # fails if the .mlir is stale
"""
import generated

SIZE, PATCH = 8, 2
PATCHES = (SIZE // PATCH) ** 2
PIXELS = PATCH * PATCH
TEXT, VOCAB = 8, 256
D, HEADS, MLP = 64, 4, 256
AR_DEPTH, DIT_DEPTH = 3, 3
FREQ = 64
SEQ = PATCHES + TEXT
BATCH = 32
SAMPLES = 10
BOS = 1
EVAL_CAPTIONS, EVAL_IMAGES = 359, 100

t = generated.tensor

AR = [
    ("ar_embed", "ar.embed", t(VOCAB, D)),
    ("ar_text_pos", "ar.text_positions", t(TEXT, D)),
    ("ar_patch_w", "ar.vision.patch.weight", t(D, PIXELS)),
    ("ar_patch_b", "ar.vision.patch.bias", t(D)),
    ("ar_image_pos", "ar.vision.positions", t(PATCHES, D)),
] + [p for i in range(AR_DEPTH) for p in [
    (f"ar{i}_n1", f"ar.layers.{i}.norm1.weight", t(D)),
    (f"ar{i}_n1b", f"ar.layers.{i}.norm1.bias", t(D)),
    (f"ar{i}_wq", f"ar.layers.{i}.attn.q.weight", t(D, D)),
    (f"ar{i}_wk", f"ar.layers.{i}.attn.k.weight", t(D, D)),
    (f"ar{i}_wv", f"ar.layers.{i}.attn.v.weight", t(D, D)),
    (f"ar{i}_wo", f"ar.layers.{i}.attn.out.weight", t(D, D)),
    (f"ar{i}_n2", f"ar.layers.{i}.norm2.weight", t(D)),
    (f"ar{i}_n2b", f"ar.layers.{i}.norm2.bias", t(D)),
    (f"ar{i}_w1", f"ar.layers.{i}.mlp.fc1.weight", t(MLP, D)),
    (f"ar{i}_w2", f"ar.layers.{i}.mlp.fc2.weight", t(D, MLP)),
]] + [
    ("ar_final_n", "ar.final_norm.weight", t(D)),
    ("ar_final_nb", "ar.final_norm.bias", t(D)),
    ("ar_head", "ar.head.weight", t(VOCAB, D)),
]

DIT = [
    ("dit_patch_w", "dit.x_embedder.weight", t(D, PIXELS)),
    ("dit_patch_b", "dit.x_embedder.bias", t(D)),
    ("dit_pos", "dit.pos_embed", t(PATCHES, D)),
    ("dit_t_w1", "dit.t_embedder.mlp.0.weight", t(D, FREQ)),
    ("dit_t_b1", "dit.t_embedder.mlp.0.bias", t(D)),
    ("dit_t_w2", "dit.t_embedder.mlp.2.weight", t(D, D)),
    ("dit_t_b2", "dit.t_embedder.mlp.2.bias", t(D)),
    ("dit_c_w", "dit.c_embedder.weight", t(D, D)),
    ("dit_c_b", "dit.c_embedder.bias", t(D)),
] + [p for i in range(DIT_DEPTH) for p in [
    (f"dit{i}_ada_w", f"dit.blocks.{i}.adaLN_modulation.1.weight", t(6 * D, D)),
    (f"dit{i}_ada_b", f"dit.blocks.{i}.adaLN_modulation.1.bias", t(6 * D)),
    (f"dit{i}_qkv_w", f"dit.blocks.{i}.attn.qkv.weight", t(3 * D, D)),
    (f"dit{i}_qkv_b", f"dit.blocks.{i}.attn.qkv.bias", t(3 * D)),
    (f"dit{i}_proj_w", f"dit.blocks.{i}.attn.proj.weight", t(D, D)),
    (f"dit{i}_proj_b", f"dit.blocks.{i}.attn.proj.bias", t(D)),
    (f"dit{i}_fc1_w", f"dit.blocks.{i}.mlp.fc1.weight", t(MLP, D)),
    (f"dit{i}_fc1_b", f"dit.blocks.{i}.mlp.fc1.bias", t(MLP)),
    (f"dit{i}_fc2_w", f"dit.blocks.{i}.mlp.fc2.weight", t(D, MLP)),
    (f"dit{i}_fc2_b", f"dit.blocks.{i}.mlp.fc2.bias", t(D)),
]] + [
    ("dit_final_ada_w", "dit.final_layer.adaLN_modulation.1.weight", t(2 * D, D)),
    ("dit_final_ada_b", "dit.final_layer.adaLN_modulation.1.bias", t(2 * D)),
    ("dit_final_w", "dit.final_layer.linear.weight", t(PIXELS, D)),
    ("dit_final_b", "dit.final_layer.linear.bias", t(PIXELS)),
]

ALL = AR + DIT


def decls(params):
    return ",\n".join(f'    %{n}: {ty} {{umc.param = "{key}"}}'
                      for n, key, ty in params)


def call(fn, args, arg_types, result, params):
    names = ", ".join("%" + n for n, _, _ in params)
    types = ", ".join(ty for _, _, ty in params)
    return (f"func.call @{fn}({args}, {names})\n"
            f"      : ({arg_types}, {types}) -> {result}")


def ar_blocks(first, spans, b, seq, mask):
    """The AR transformer's blocks from %{first}0 over [b, seq, D]."""
    x = t(b, seq, D)
    lines = []
    for i in range(AR_DEPTH):
        lines.append(
            f"  %{first}{i + 1} = umc.ar_block %{first}{i} attn_norm(%ar{i}_n1, %ar{i}_n1b) "
            f"attn(%ar{i}_wq, %ar{i}_wk, %ar{i}_wv, %ar{i}_wo) "
            f"mlp_norm(%ar{i}_n2, %ar{i}_n2b) mlp(%ar{i}_w1, %ar{i}_w2)\n"
            f"      heads = {HEADS} kv_heads = {HEADS} norm = layer_norm mlp = gelu mask {mask}\n"
            f"      : ({x}, {t(D)}, {t(D)}, {t(D, D)}, {t(D, D)}, {t(D, D)}, "
            f"{t(D, D)}, {t(D)}, {t(D)}, {t(MLP, D)}, {t(D, MLP)}) -> {x}")
    lines.append(
        f"  %{first}_out = umc.layer_norm %{first}{AR_DEPTH} scale %ar_final_n bias %ar_final_nb "
        f"eps = 1.0e-05 : ({x}, {t(D)}, {t(D)}) -> {x}")
    return "\n".join(lines)


def ar_encode(b):
    x = t(b, TEXT, D)
    tok = t(b, TEXT, dtype="i32")
    return f"""// The AR model writes the condition: the caption's bytes through its
// causal blocks, the final states averaged (all-zero bytes: the empty
// caption, the unconditional path).
func.func private @ar_encode_{b}(%tokens: {tok},
{decls(AR)}) -> {t(b, D)} {{
  %e = umc.embedding %tokens, %ar_embed : ({tok}, {t(VOCAB, D)}) -> {x}
  %h0 = umc.add %e, %ar_text_pos : ({x}, {t(TEXT, D)}) -> {x}
{ar_blocks("h", None, b, TEXT, "<causal>")}
  %c = umc.mean %h_out axis = 1 : {x} -> {t(b, D)}
  return %c : {t(b, D)}
}}
"""


def ar_caption_logits(b):
    img = t(b, 1, SIZE, SIZE)
    tok = t(b, TEXT, dtype="i32")
    seq = t(b, SEQ, D)
    return f"""// The AR model reads an image (its 2x2 patches, seen whole) and writes its
// caption: next-byte logits at each caption position, given BOS and the
// bytes before.
func.func private @ar_caption_logits_{b}(%x: {img}, %inputs: {tok},
{decls(AR)}) -> {t(b, TEXT, VOCAB)} {{
  %p = umc.patchify %x patch_size = {PATCH} : ({img}) -> {t(b, PATCHES, PIXELS)}
  %pe = umc.linear %p, %ar_patch_w, %ar_patch_b : ({t(b, PATCHES, PIXELS)}, {t(D, PIXELS)}, {t(D)}) -> {t(b, PATCHES, D)}
  %image = umc.add %pe, %ar_image_pos : ({t(b, PATCHES, D)}, {t(PATCHES, D)}) -> {t(b, PATCHES, D)}
  %e = umc.embedding %inputs, %ar_embed : ({tok}, {t(VOCAB, D)}) -> {t(b, TEXT, D)}
  %text = umc.add %e, %ar_text_pos : ({t(b, TEXT, D)}, {t(TEXT, D)}) -> {t(b, TEXT, D)}
  %s0 = umc.concat %image, %text axis = 1 : ({t(b, PATCHES, D)}, {t(b, TEXT, D)}) -> {seq}
{ar_blocks("s", None, b, SEQ, f"<omni, spans = [0, {PATCHES}]>")}
  %ht = umc.slice %s_out offsets = [0, {PATCHES}, 0] sizes = [{b}, {TEXT}, {D}] : {seq} -> {t(b, TEXT, D)}
  %logits = umc.linear %ht, %ar_head : ({t(b, TEXT, D)}, {t(VOCAB, D)}) -> {t(b, TEXT, VOCAB)}
  return %logits : {t(b, TEXT, VOCAB)}
}}
"""


def dit_velocity(b):
    img = t(b, 1, SIZE, SIZE)
    x, c = t(b, PATCHES, D), t(b, D)
    split = t(b, PATCHES, HEADS, D // HEADS)
    heads = t(b, HEADS, PATCHES, D // HEADS)
    blocks = []
    for i in range(DIT_DEPTH):
        p = f"%dit{i}_"
        blocks.append(f"""  %ada{i} = umc.linear %sc, {p}ada_w, {p}ada_b : ({c}, {t(6 * D, D)}, {t(6 * D)}) -> {t(b, 6 * D)}
  %sm{i}, %cm{i}, %gm{i}, %sp{i}, %cp{i}, %gp{i} = umc.split %ada{i} axis = 1
      : {t(b, 6 * D)} -> {c}, {c}, {c}, {c}, {c}, {c}
  %n1_{i} = umc.layer_norm %x{i} eps = 1.0e-06 : ({x}) -> {x}
  %m1_{i} = umc.modulate %n1_{i} shift %sm{i} scale %cm{i} : ({x}, {c}, {c}) -> {x}
  %qkv{i} = umc.linear %m1_{i}, {p}qkv_w, {p}qkv_b : ({x}, {t(3 * D, D)}, {t(3 * D)}) -> {t(b, PATCHES, 3 * D)}
  %q{i}, %k{i}, %v{i} = umc.split %qkv{i} axis = 2 : {t(b, PATCHES, 3 * D)} -> {x}, {x}, {x}
  %q4_{i} = umc.reshape %q{i} : {x} -> {split}
  %k4_{i} = umc.reshape %k{i} : {x} -> {split}
  %v4_{i} = umc.reshape %v{i} : {x} -> {split}
  %qh{i} = umc.transpose %q4_{i} [0, 2, 1, 3] : {split} -> {heads}
  %kh{i} = umc.transpose %k4_{i} [0, 2, 1, 3] : {split} -> {heads}
  %vh{i} = umc.transpose %v4_{i} [0, 2, 1, 3] : {split} -> {heads}
  %o{i} = umc.attention %qh{i}, %kh{i}, %vh{i} mask <full> : ({heads}, {heads}, {heads}) -> {heads}
  %ot{i} = umc.transpose %o{i} [0, 2, 1, 3] : {heads} -> {split}
  %om{i} = umc.reshape %ot{i} : {split} -> {x}
  %a{i} = umc.linear %om{i}, {p}proj_w, {p}proj_b : ({x}, {t(D, D)}, {t(D)}) -> {x}
  %y{i} = umc.gated_add %x{i}, %a{i} gate %gm{i} : ({x}, {x}, {c}) -> {x}
  %n2_{i} = umc.layer_norm %y{i} eps = 1.0e-06 : ({x}) -> {x}
  %m2_{i} = umc.modulate %n2_{i} shift %sp{i} scale %cp{i} : ({x}, {c}, {c}) -> {x}
  %h{i} = umc.linear %m2_{i}, {p}fc1_w, {p}fc1_b : ({x}, {t(MLP, D)}, {t(MLP)}) -> {t(b, PATCHES, MLP)}
  %g{i} = umc.gelu %h{i} approximate = tanh : {t(b, PATCHES, MLP)}
  %f{i} = umc.linear %g{i}, {p}fc2_w, {p}fc2_b : ({t(b, PATCHES, MLP)}, {t(D, MLP)}, {t(D)}) -> {x}
  %x{i + 1} = umc.gated_add %y{i}, %f{i} gate %gp{i} : ({x}, {x}, {c}) -> {x}""")
    body = "\n".join(blocks)
    return f"""// The DiT renders: the velocity of images %x at times %t given the AR
// model's condition %cond (adaLN-Zero blocks: the condition and the time
// shift, scale and gate each branch).
func.func private @dit_velocity_{b}(%x_img: {img}, %t: {t(b)}, %cond: {c},
{decls(DIT)}) -> {img} {{
  %p = umc.patchify %x_img patch_size = {PATCH} : ({img}) -> {t(b, PATCHES, PIXELS)}
  %pe = umc.linear %p, %dit_patch_w, %dit_patch_b : ({t(b, PATCHES, PIXELS)}, {t(D, PIXELS)}, {t(D)}) -> {x}
  %x0 = umc.add %pe, %dit_pos : ({x}, {t(PATCHES, D)}) -> {x}
  %thousand = arith.constant dense<1000.0> : tensor<f32>
  %ts = umc.mul %t, %thousand : ({t(b)}, tensor<f32>) -> {t(b)}
  %tf = umc.timestep_embed %ts dim = {FREQ} : ({t(b)}) -> {t(b, FREQ)}
  %t1 = umc.linear %tf, %dit_t_w1, %dit_t_b1 : ({t(b, FREQ)}, {t(D, FREQ)}, {t(D)}) -> {c}
  %t2 = umc.silu %t1 : {c}
  %te = umc.linear %t2, %dit_t_w2, %dit_t_b2 : ({c}, {t(D, D)}, {t(D)}) -> {c}
  %ce = umc.linear %cond, %dit_c_w, %dit_c_b : ({c}, {t(D, D)}, {t(D)}) -> {c}
  %sum = umc.add %te, %ce : ({c}, {c}) -> {c}
  %sc = umc.silu %sum : {c}
{body}
  %fada = umc.linear %sc, %dit_final_ada_w, %dit_final_ada_b : ({c}, {t(2 * D, D)}, {t(2 * D)}) -> {t(b, 2 * D)}
  %fshift, %fscale = umc.split %fada axis = 1 : {t(b, 2 * D)} -> {c}, {c}
  %fn = umc.layer_norm %x{DIT_DEPTH} eps = 1.0e-06 : ({x}) -> {x}
  %fm = umc.modulate %fn shift %fshift scale %fscale : ({x}, {c}, {c}) -> {x}
  %patches = umc.linear %fm, %dit_final_w, %dit_final_b : ({x}, {t(PIXELS, D)}, {t(PIXELS)}) -> {t(b, PATCHES, PIXELS)}
  %v = umc.unpatchify %patches patch_size = {PATCH} channels_last : ({t(b, PATCHES, PIXELS)}) -> {img}
  return %v : {img}
}}
"""


def velocity(b):
    """The pair end to end: captions to condition to velocity."""
    img = t(b, 1, SIZE, SIZE)
    tok = t(b, TEXT, dtype="i32")
    return f"""func.func private @velocity_{b}(%x: {img}, %t: {t(b)}, %tokens: {tok},
{decls(ALL)}) -> {img} {{
  %cond = {call(f"ar_encode_{b}", "%tokens", tok, t(b, D), AR)}
  %v = {call(f"dit_velocity_{b}", "%x, %t, %cond", f"{img}, {t(b)}, {t(b, D)}", img, DIT)}
  return %v : {img}
}}
"""


def caption_logits(b):
    img = t(b, 1, SIZE, SIZE)
    tok = t(b, TEXT, dtype="i32")
    return f"""func.func private @caption_logits_{b}(%x: {img}, %inputs: {tok},
{decls(ALL)}) -> {t(b, TEXT, VOCAB)} {{
  %l = {call(f"ar_caption_logits_{b}", "%x, %inputs", f"{img}, {tok}", t(b, TEXT, VOCAB), AR)}
  return %l : {t(b, TEXT, VOCAB)}
}}
"""


HEADER = f"""// The "two engines" pair for the 8x8 digits (DESIGN.md's AR + diffusion
// pair): an autoregressive transformer (causal, {AR_DEPTH} pre-norm blocks of width {D})
// writes the condition, the mean of its states over the caption, and
// captions images it reads as 2x2 patches; a separate DiT ({DIT_DEPTH} adaLN-Zero
// blocks of width {D}; Peebles and Xie, 2023) renders the image by flow
// matching from that condition, with classifier-free guidance. One loss
// trains both: the AR model's caption cross-entropy plus the DiT's velocity
// MSE, whose gradient also reaches the AR model through the condition.
// Generated by models/ar_dit_digits.py: edit that, not this.
//
// Entry points: the same as models/unified_digits.mlir (loss, init_noise,
// denoise, caption_image, caption_next, caption_batch, generate_batch).
"""


def model():
    import unified_digits as u
    # The entry points are the unified model's, over this pair's networks.
    u.PARAMS = ALL
    u.HEADER = HEADER
    parts = [HEADER, 'module attributes {umc.tokenizer = "bytes"} {\n']
    for b in sorted({BATCH, 2 * SAMPLES, 2 * EVAL_IMAGES}):
        parts += [ar_encode(b), dit_velocity(b), velocity(b)]
    for b in sorted({BATCH, 1, EVAL_CAPTIONS}):
        parts += [ar_caption_logits(b), caption_logits(b)]
    parts += [u.loss(), u.noise(), u.denoise(), u.captioner(),
              u.caption_batch(EVAL_CAPTIONS), u.generate_batch(EVAL_IMAGES),
              "} // module\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    generated.main(__file__, model())
