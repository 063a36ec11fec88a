#!/usr/bin/env python3
"""Writes models/llava_caption.mlir, the LLaVA-style image captioner.

The model's parameters are passed to every function that reads them, so the
.mlir repeats long argument lists; this script writes them once. Edit this
file and run it (standard library only) rather than editing the .mlir:

    python3 models/llava_caption.py            # writes the .mlir
    python3 models/llava_caption.py --check    # fails if the .mlir is stale
"""
import generated

# A grey 8x8 image (the digits of issue 10) in patches of 2x2: 16 image
# tokens, then up to 16 prompt bytes, in a 64-position context.
CHANNELS, SIZE, PATCH = 1, 8, 2
IMAGE_TOKENS = (SIZE // PATCH) ** 2
PROMPT, CONTEXT = 16, 64
LAYERS, WIDTH, HEADS, KV_HEADS, HEAD_DIM, MLP, VOCAB = 2, 64, 4, 2, 16, 172, 256
PREFIX = IMAGE_TOKENS + PROMPT


t = generated.tensor


IMAGE = t(1, CHANNELS, SIZE, SIZE)
CACHE = t(1, KV_HEADS, CONTEXT, HEAD_DIM)


def layer_params(l):
    p = f"language_model.model.layers.{l}."
    return [
        (f"l{l}_attn_norm", p + "input_layernorm.weight", t(WIDTH)),
        (f"l{l}_wq", p + "self_attn.q_proj.weight", t(HEADS * HEAD_DIM, WIDTH)),
        (f"l{l}_wk", p + "self_attn.k_proj.weight", t(KV_HEADS * HEAD_DIM, WIDTH)),
        (f"l{l}_wv", p + "self_attn.v_proj.weight", t(KV_HEADS * HEAD_DIM, WIDTH)),
        (f"l{l}_wo", p + "self_attn.o_proj.weight", t(WIDTH, HEADS * HEAD_DIM)),
        (f"l{l}_mlp_norm", p + "post_attention_layernorm.weight", t(WIDTH)),
        (f"l{l}_gate", p + "mlp.gate_proj.weight", t(MLP, WIDTH)),
        (f"l{l}_down", p + "mlp.down_proj.weight", t(WIDTH, MLP)),
        (f"l{l}_up", p + "mlp.up_proj.weight", t(MLP, WIDTH)),
    ]


# (SSA name, state_dict key, type), in the names of Hugging Face's
# LlavaForConditionalGeneration where it has them.
PARAMS = [
    ("patch_w", "vision_tower.patch_embed.weight", t(WIDTH, CHANNELS, PATCH, PATCH)),
    ("patch_b", "vision_tower.patch_embed.bias", t(WIDTH)),
    ("patch_pos", "vision_tower.position_embedding.weight", t(IMAGE_TOKENS, WIDTH)),
    ("proj_w1", "multi_modal_projector.linear_1.weight", t(WIDTH, WIDTH)),
    ("proj_b1", "multi_modal_projector.linear_1.bias", t(WIDTH)),
    ("proj_w2", "multi_modal_projector.linear_2.weight", t(WIDTH, WIDTH)),
    ("proj_b2", "multi_modal_projector.linear_2.bias", t(WIDTH)),
    ("embed", "language_model.model.embed_tokens.weight", t(VOCAB, WIDTH)),
] + [p for l in range(LAYERS) for p in layer_params(l)] + [
    ("norm", "language_model.model.norm.weight", t(WIDTH)),
    ("lm_head", "language_model.lm_head.weight", t(VOCAB, WIDTH)),
]

SAMPLING = [("seed", "tensor<i64>"), ("temperature", "tensor<f32>"),
            ("top_k", "tensor<i32>"), ("top_p", "tensor<f32>")]


def signature(name, inputs, results, attrs):
    lines = [f"    %{n}: {ty}" for n, ty in inputs]
    lines += [f'    %{n}: {ty} {{umc.param = "{key}"}}' for n, key, ty in PARAMS]
    return (f"func.func @{name}(\n" + ",\n".join(lines) + f") -> {results}\n"
            f"    attributes {{{attrs}}} {{")


def language_model(x, length):
    """The LLaMA blocks over `length` embeddings %x at positions %start..,
    appending to the caches, then the logits of every position."""
    seq = t(1, length, WIDTH)
    weights = (f"{t(WIDTH)}, {t(HEADS * HEAD_DIM, WIDTH)}, {t(KV_HEADS * HEAD_DIM, WIDTH)}, "
               f"{t(KV_HEADS * HEAD_DIM, WIDTH)}, {t(WIDTH, HEADS * HEAD_DIM)}, {t(WIDTH)}, "
               f"{t(MLP, WIDTH)}, {t(WIDTH, MLP)}, {t(MLP, WIDTH)}")
    out = [f"  %steps = umc.iota axis = 0 : {t(length, dtype='i32')}",
           f"  %pos = umc.add %steps, %start : ({t(length, dtype='i32')}, tensor<i32>) -> {t(length, dtype='i32')}"]
    h = x
    for l in range(LAYERS):
        out += [
            f"  %kc{l} = ml_program.global_load @k_cache_{l} : {CACHE}",
            f"  %vc{l} = ml_program.global_load @v_cache_{l} : {CACHE}",
            f"  %h{l}, %kc{l}_new, %vc{l}_new = umc.ar_block {h} positions %pos "
            f"attn_norm(%l{l}_attn_norm) attn(%l{l}_wq, %l{l}_wk, %l{l}_wv, %l{l}_wo) "
            f"mlp_norm(%l{l}_mlp_norm) mlp(%l{l}_gate, %l{l}_down, %l{l}_up)\n"
            f"      cache(%kc{l}, %vc{l}) at %start heads = {HEADS} kv_heads = {KV_HEADS} "
            "norm = rms_norm mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06\n"
            f"      : ({seq}, {t(length, dtype='i32')}, {weights}, {CACHE}, {CACHE}, tensor<i32>) "
            f"-> ({seq}, {CACHE}, {CACHE})",
            f"  ml_program.global_store @k_cache_{l} = %kc{l}_new : {CACHE}",
            f"  ml_program.global_store @v_cache_{l} = %vc{l}_new : {CACHE}",
        ]
        h = f"%h{l}"
    out += [
        f"  %final = umc.rms_norm {h} scale %norm eps = 1.0e-06 : ({seq}, {t(WIDTH)}) -> {seq}",
        f"  %logits = umc.linear %final, %lm_head : ({seq}, {t(VOCAB, WIDTH)}) -> {t(1, length, VOCAB)}",
    ]
    return "\n".join(out)


def sample(row, position):
    """Draws the token after `row`'s position with the counter `position`
    (the place the drawn token takes)."""
    return (f"  %position64 = arith.extsi {position} : i32 to i64\n"
            f"  %counter = tensor.from_elements %position64 : tensor<i64>\n"
            f"  %drawn = umc.sample {row} seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p\n"
            f"      : ({t(1, VOCAB)}, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> {t(1, dtype='i32')}")


def caption_prefill():
    inputs = [("image", IMAGE), ("tokens", t(1, PROMPT, dtype="i32")),
              ("length", "tensor<i32>")] + SAMPLING
    results = f"({t(1, dtype='i32')}, tensor<i32>)"
    img = t(1, IMAGE_TOKENS, WIDTH)
    return f"""// text.prefill_image: the image's {IMAGE_TOKENS} tokens at positions 0..{IMAGE_TOKENS - 1}, then the
// first %length bytes of %prompt, into the caches; draws the token after
// them and returns it with the position it takes (where decoding goes on).
{signature("caption_prefill", inputs, results, 'umc.role = "text.prefill_image"')}
  %patches = umc.patch_embed %image, %patch_w, %patch_b positions %patch_pos patch_size = {PATCH}
      : ({IMAGE}, {t(WIDTH, CHANNELS, PATCH, PATCH)}, {t(WIDTH)}, {t(IMAGE_TOKENS, WIDTH)}) -> {img}
  %p1 = umc.linear %patches, %proj_w1, %proj_b1 : ({img}, {t(WIDTH, WIDTH)}, {t(WIDTH)}) -> {img}
  %p2 = umc.gelu %p1 : {img}
  %visual = umc.linear %p2, %proj_w2, %proj_b2 : ({img}, {t(WIDTH, WIDTH)}, {t(WIDTH)}) -> {img}
  %text = umc.embedding %tokens, %embed : ({t(1, PROMPT, dtype='i32')}, {t(VOCAB, WIDTH)}) -> {t(1, PROMPT, WIDTH)}
  %x = umc.concat %visual, %text axis = 1 : ({img}, {t(1, PROMPT, WIDTH)}) -> {t(1, PREFIX, WIDTH)}
  %zero = arith.constant 0 : i32
  %start = tensor.from_elements %zero : tensor<i32>
{language_model("%x", PREFIX)}
  // The logits after the last real token: the last image token when the
  // prompt is empty.
  %rows = umc.reshape %logits : {t(1, PREFIX, VOCAB)} -> {t(PREFIX, VOCAB)}
  %n = tensor.extract %length[] : tensor<i32>
  %image_tokens = arith.constant {IMAGE_TOKENS} : i32
  %next = arith.addi %image_tokens, %n : i32
  %one = arith.constant 1 : i32
  %last_index = arith.subi %next, %one : i32
  %last = tensor.from_elements %last_index : {t(1, dtype='i32')}
  %row = umc.embedding %last, %rows : ({t(1, dtype='i32')}, {t(PREFIX, VOCAB)}) -> {t(1, VOCAB)}
{sample("%row", "%next")}
  %where = tensor.from_elements %next : tensor<i32>
  return %drawn, %where : {t(1, dtype='i32')}, tensor<i32>
}}
"""


def decode_sample():
    inputs = [("token", t(1, 1, dtype="i32")), ("start", "tensor<i32>")] + SAMPLING
    return f"""// text.decode: %token at position %start (< {CONTEXT}) goes into the caches; the
// token after it is drawn.
{signature("decode_sample", inputs, t(1, dtype='i32'), f'umc.role = "text.decode", umc.context = {CONTEXT} : i64')}
  %x = umc.embedding %token, %embed : ({t(1, 1, dtype='i32')}, {t(VOCAB, WIDTH)}) -> {t(1, 1, WIDTH)}
{language_model("%x", 1)}
  %row = umc.reshape %logits : {t(1, 1, VOCAB)} -> {t(1, VOCAB)}
  %p = tensor.extract %start[] : tensor<i32>
  %one = arith.constant 1 : i32
  %next = arith.addi %p, %one : i32
{sample("%row", "%next")}
  return %drawn : {t(1, dtype='i32')}
}}
"""


HEADER = f"""// A LLaVA-style image captioner, tiny enough for a 2-core CPU. Generated
// by models/llava_caption.py: edit that, not this.
//
// Design: "Visual Instruction Tuning" (LLaVA; Liu et al., 2023) and LLaVA
// 1.5's two-layer GELU projector: an image becomes tokens (here a ViT-style
// patch embedding with learned positions, the stem of a vision tower), a
// projector maps them into the language model's embedding space, and they
// precede the prompt in the sequence of a LLaMA-style language model
// (RMSNorm, RoPE, grouped-query attention, SwiGLU, as models/llama_lm.mlir)
// that writes the caption token by token with its KV cache. Parameter
// names follow Hugging Face's LlavaForConditionalGeneration.
//
// Size: a grey {SIZE}x{SIZE} image in {PATCH}x{PATCH} patches ({IMAGE_TOKENS} tokens), prompts of up to
// {PROMPT} bytes, byte vocabulary {VOCAB}, width {WIDTH}, {LAYERS} layers, {HEADS} heads over {KV_HEADS}
// key/value heads, MLP {MLP}, context {CONTEXT} positions.
//
// Entry points (umc-run generate --image):
//   caption_prefill  image and prompt into the caches, the first token drawn
//                    (role text.prefill_image)
//   decode_sample    one token at a time (role text.decode)
"""


def model():
    caches = "".join(
        f"ml_program.global private mutable @{kv}_cache_{l}(dense<0.0> : {CACHE}) : {CACHE}\n"
        for l in range(LAYERS) for kv in "kv")
    return "\n".join([HEADER, 'module attributes {umc.tokenizer = "bytes"} {\n', caches,
                      caption_prefill(), decode_sample(), "} // module\n"])


if __name__ == "__main__":
    generated.main(__file__, model())
