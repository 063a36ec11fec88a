#!/usr/bin/env python3
"""Writes models/unified_digits.mlir, the unified text-and-image model that
issue 10 trains on the 8x8 digits.

One transformer does both directions, as in Transfusion: text by next-token
prediction, images by flow matching on their patches. Edit this file and
run it (standard library only) rather than editing the .mlir:

    python3 models/unified_digits.py            # writes the .mlir
    python3 models/unified_digits.py --check    # fails if the .mlir is stale
"""
import generated

# Shapes: grey 8x8 images in patches of 2x2 (16 image tokens of 4 pixels),
# captions of 8 bytes (the digit's English name, padded with 0), width 96,
# 4 heads, 4 blocks, MLP 4x.
SIZE, PATCH = 8, 2
PATCHES = (SIZE // PATCH) ** 2
PIXELS = PATCH * PATCH
TEXT, VOCAB = 8, 256
WIDTH, HEADS, DEPTH, MLP = 96, 4, 4, 384
FREQ = 64
SEQ = TEXT + PATCHES
BATCH = 32      # examples per training step
SAMPLES = 10    # images per sampling call (one of each digit)
BOS = 1         # the byte that starts a caption; captions never hold it
EVAL_CAPTIONS = 359   # the test split, captioned in one call
EVAL_IMAGES = 100     # ten of each digit, drawn in one call

t = generated.tensor

# (SSA name, parameter name, type).
PARAMS = [
    ("tok_embed", "text.embed", t(VOCAB, WIDTH)),
    ("text_pos", "text.positions", t(TEXT, WIDTH)),
    ("patch_w", "image.patch_in.weight", t(WIDTH, PIXELS)),
    ("patch_b", "image.patch_in.bias", t(WIDTH)),
    ("image_pos", "image.positions", t(PATCHES, WIDTH)),
    ("t_w1", "time.mlp.0.weight", t(WIDTH, FREQ)),
    ("t_b1", "time.mlp.0.bias", t(WIDTH)),
    ("t_w2", "time.mlp.2.weight", t(WIDTH, WIDTH)),
    ("t_b2", "time.mlp.2.bias", t(WIDTH)),
] + [p for i in range(DEPTH) for p in [
    (f"l{i}_n1", f"blocks.{i}.norm1.weight", t(WIDTH)),
    (f"l{i}_n1b", f"blocks.{i}.norm1.bias", t(WIDTH)),
    (f"l{i}_wq", f"blocks.{i}.attn.q.weight", t(WIDTH, WIDTH)),
    (f"l{i}_wk", f"blocks.{i}.attn.k.weight", t(WIDTH, WIDTH)),
    (f"l{i}_wv", f"blocks.{i}.attn.v.weight", t(WIDTH, WIDTH)),
    (f"l{i}_wo", f"blocks.{i}.attn.out.weight", t(WIDTH, WIDTH)),
    (f"l{i}_n2", f"blocks.{i}.norm2.weight", t(WIDTH)),
    (f"l{i}_n2b", f"blocks.{i}.norm2.bias", t(WIDTH)),
    (f"l{i}_w1", f"blocks.{i}.mlp.fc1.weight", t(MLP, WIDTH)),
    (f"l{i}_w2", f"blocks.{i}.mlp.fc2.weight", t(WIDTH, MLP)),
]] + [
    ("final_n", "final_norm.weight", t(WIDTH)),
    ("final_nb", "final_norm.bias", t(WIDTH)),
    ("lm_head", "text.head.weight", t(VOCAB, WIDTH)),
    ("img_w", "image.head.weight", t(PIXELS, WIDTH)),
    ("img_b", "image.head.bias", t(PIXELS)),
]


def param_decls():
    return ",\n".join(f'    %{n}: {ty} {{umc.param = "{key}"}}'
                      for n, key, ty in PARAMS)


def param_args():
    return ", ".join("%" + n for n, _, _ in PARAMS)


def param_types():
    return ", ".join(ty for _, _, ty in PARAMS)


def call(fn, args, arg_types, result):
    return (f"func.call @{fn}({args}, {param_args()})\n"
            f"      : ({arg_types}, {param_types()}) -> {result}")


def trunk(name, spans, about, b):
    """The blocks and the final norm over a [b, SEQ, D] sequence, with the
    omni mask over `spans` (bidirectional inside the image, causal over
    text)."""
    x = t(b, SEQ, WIDTH)
    lines = []
    for i in range(DEPTH):
        lines.append(
            f"  %h{i + 1} = umc.ar_block %h{i} attn_norm(%l{i}_n1, %l{i}_n1b) "
            f"attn(%l{i}_wq, %l{i}_wk, %l{i}_wv, %l{i}_wo) "
            f"mlp_norm(%l{i}_n2, %l{i}_n2b) mlp(%l{i}_w1, %l{i}_w2)\n"
            f"      heads = {HEADS} kv_heads = {HEADS} norm = layer_norm "
            f"mlp = gelu mask <omni, spans = [{spans[0]}, {spans[1]}]>\n"
            f"      : ({x}, {t(WIDTH)}, {t(WIDTH)}, {t(WIDTH, WIDTH)}, "
            f"{t(WIDTH, WIDTH)}, {t(WIDTH, WIDTH)}, {t(WIDTH, WIDTH)}, "
            f"{t(WIDTH)}, {t(WIDTH)}, {t(MLP, WIDTH)}, {t(WIDTH, MLP)}) -> {x}")
    body = "\n".join(lines)
    return f"""// {about}
func.func private @{name}_{b}(%h0: {x},
{param_decls()}) -> {x} {{
{body}
  %out = umc.layer_norm %h{DEPTH} scale %final_n bias %final_nb eps = 1.0e-05 : ({x}, {t(WIDTH)}, {t(WIDTH)}) -> {x}
  return %out : {x}
}}
"""


def text_tokens(b):
    return f"""// Caption bytes [B, {TEXT}] to token vectors with their positions.
func.func private @embed_text_{b}(%tokens: {t(b, TEXT, dtype="i32")},
{param_decls()}) -> {t(b, TEXT, WIDTH)} {{
  %e = umc.embedding %tokens, %tok_embed : ({t(b, TEXT, dtype="i32")}, {t(VOCAB, WIDTH)}) -> {t(b, TEXT, WIDTH)}
  %x = umc.add %e, %text_pos : ({t(b, TEXT, WIDTH)}, {t(TEXT, WIDTH)}) -> {t(b, TEXT, WIDTH)}
  return %x : {t(b, TEXT, WIDTH)}
}}
"""


def image_tokens(b):
    img = t(b, 1, SIZE, SIZE)
    return f"""// Images [B, 1, {SIZE}, {SIZE}] in [-1, 1] at flow times %t [B] (0 is the clean
// image, 1 pure noise) to patch vectors: each 2x2 patch projected, its
// position and the time's embedding (sinusoids of 1000 t, then an MLP) added.
func.func private @embed_image_{b}(%images: {img}, %t: {t(b)},
{param_decls()}) -> {t(b, PATCHES, WIDTH)} {{
  %p = umc.patchify %images patch_size = {PATCH} : ({img}) -> {t(b, PATCHES, PIXELS)}
  %e = umc.linear %p, %patch_w, %patch_b : ({t(b, PATCHES, PIXELS)}, {t(WIDTH, PIXELS)}, {t(WIDTH)}) -> {t(b, PATCHES, WIDTH)}
  %thousand = arith.constant dense<1000.0> : tensor<f32>
  %ts = umc.mul %t, %thousand : ({t(b)}, tensor<f32>) -> {t(b)}
  %tf = umc.timestep_embed %ts dim = {FREQ} : ({t(b)}) -> {t(b, FREQ)}
  %t1 = umc.linear %tf, %t_w1, %t_b1 : ({t(b, FREQ)}, {t(WIDTH, FREQ)}, {t(WIDTH)}) -> {t(b, WIDTH)}
  %t2 = umc.silu %t1 : {t(b, WIDTH)}
  %te = umc.linear %t2, %t_w2, %t_b2 : ({t(b, WIDTH)}, {t(WIDTH, WIDTH)}, {t(WIDTH)}) -> {t(b, WIDTH)}
  %te3 = umc.reshape %te : {t(b, WIDTH)} -> {t(b, 1, WIDTH)}
  %x0 = umc.add %e, %image_pos : ({t(b, PATCHES, WIDTH)}, {t(PATCHES, WIDTH)}) -> {t(b, PATCHES, WIDTH)}
  %x = umc.add %x0, %te3 : ({t(b, PATCHES, WIDTH)}, {t(b, 1, WIDTH)}) -> {t(b, PATCHES, WIDTH)}
  return %x : {t(b, PATCHES, WIDTH)}
}}
"""


def velocity(b):
    img = t(b, 1, SIZE, SIZE)
    seq = t(b, SEQ, WIDTH)
    return f"""// Text to image: the velocity of images %x at times %t given captions
// %tokens (all 0: the unconditional path). The caption comes first, causal;
// the image tokens see the whole caption and each other.
func.func private @velocity_{b}(%x: {img}, %t: {t(b)}, %tokens: {t(b, TEXT, dtype="i32")},
{param_decls()}) -> {img} {{
  %text = {call(f"embed_text_{b}", "%tokens", t(b, TEXT, dtype="i32"), t(b, TEXT, WIDTH))}
  %image = {call(f"embed_image_{b}", "%x, %t", f"{img}, {t(b)}", t(b, PATCHES, WIDTH))}
  %seq = umc.concat %text, %image axis = 1 : ({t(b, TEXT, WIDTH)}, {t(b, PATCHES, WIDTH)}) -> {seq}
  %h = {call(f"trunk_text_first_{b}", "%seq", seq, seq)}
  %hi = umc.slice %h offsets = [0, {TEXT}, 0] sizes = [{b}, {PATCHES}, {WIDTH}] : {seq} -> {t(b, PATCHES, WIDTH)}
  %p = umc.linear %hi, %img_w, %img_b : ({t(b, PATCHES, WIDTH)}, {t(PIXELS, WIDTH)}, {t(PIXELS)}) -> {t(b, PATCHES, PIXELS)}
  %v = umc.unpatchify %p patch_size = {PATCH} channels_last : ({t(b, PATCHES, PIXELS)}) -> {img}
  return %v : {img}
}}
"""


def caption_logits(b):
    img = t(b, 1, SIZE, SIZE)
    seq = t(b, SEQ, WIDTH)
    return f"""// Image to text: the next-byte logits at each of the {TEXT} caption positions
// of clean images %x, given the caption so far %inputs (BOS, then the
// caption's bytes). The image comes first and is seen whole.
func.func private @caption_logits_{b}(%x: {img}, %inputs: {t(b, TEXT, dtype="i32")},
{param_decls()}) -> {t(b, TEXT, VOCAB)} {{
  %zero = arith.constant dense<0.0> : {t(b)}
  %image = {call(f"embed_image_{b}", "%x, %zero", f"{img}, {t(b)}", t(b, PATCHES, WIDTH))}
  %text = {call(f"embed_text_{b}", "%inputs", t(b, TEXT, dtype="i32"), t(b, TEXT, WIDTH))}
  %seq = umc.concat %image, %text axis = 1 : ({t(b, PATCHES, WIDTH)}, {t(b, TEXT, WIDTH)}) -> {seq}
  %h = {call(f"trunk_image_first_{b}", "%seq", seq, seq)}
  %ht = umc.slice %h offsets = [0, {PATCHES}, 0] sizes = [{b}, {TEXT}, {WIDTH}] : {seq} -> {t(b, TEXT, WIDTH)}
  %logits = umc.linear %ht, %lm_head : ({t(b, TEXT, WIDTH)}, {t(VOCAB, WIDTH)}) -> {t(b, TEXT, VOCAB)}
  return %logits : {t(b, TEXT, VOCAB)}
}}
"""


def shifted_inputs(b):
    """%inputs: BOS then the caption's first TEXT-1 bytes, from %captions."""
    return f"""  %bos = arith.constant dense<{BOS}> : {t(b, 1, dtype="i32")}
  %head = umc.slice %captions offsets = [0, 0] sizes = [{b}, {TEXT - 1}] : {t(b, TEXT, dtype="i32")} -> {t(b, TEXT - 1, dtype="i32")}
  %inputs = umc.concat %bos, %head axis = 1 : ({t(b, 1, dtype="i32")}, {t(b, TEXT - 1, dtype="i32")}) -> {t(b, TEXT, dtype="i32")}"""


def loss():
    B = BATCH
    img = t(B, 1, SIZE, SIZE)
    return f"""// The training loss on a batch: the caption loss (cross-entropy of each
// caption byte given the image and the bytes before it) plus the flow loss
// (velocity MSE of noised images given their captions; one caption in ten
// dropped, so the model also learns the unconditional velocity that
// classifier-free guidance needs). Noise, times (logit-normal, as SD3) and
// dropped captions come from Philox at (seed, step). Also returned: the two
// losses apart and the captions' teacher-forced exact-match accuracy.
func.func @loss(%images: {img} {{umc.input = "images"}},
    %captions: {t(B, TEXT, dtype="i32")} {{umc.input = "captions"}},
    %seed: tensor<i64> {{umc.input = "seed"}},
    %step: tensor<i64> {{umc.input = "step"}},
{param_decls()}) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>)
    attributes {{umc.loss}} {{
  %two = arith.constant dense<2.0> : tensor<f32>
  %onef = arith.constant dense<1.0> : tensor<f32>
  %scaled = umc.mul %images, %two : ({img}, tensor<f32>) -> {img}
  %x0 = umc.sub %scaled, %onef : ({img}, tensor<f32>) -> {img}
  // Image to text.
{shifted_inputs(B)}
  %logits = {call(f"caption_logits_{B}", "%x0, %inputs", f"{img}, {t(B, TEXT, dtype='i32')}", t(B, TEXT, VOCAB))}
  %caption_loss = umc.cross_entropy %logits, %captions : ({t(B, TEXT, VOCAB)}, {t(B, TEXT, dtype="i32")}) -> tensor<f32>
  %best = umc.argmax %logits axis = -1 : {t(B, TEXT, VOCAB)} -> {t(B, TEXT, dtype="i32")}
  %hit = umc.compare eq %best, %captions : ({t(B, TEXT, dtype="i32")}, {t(B, TEXT, dtype="i32")}) -> {t(B, TEXT, dtype="i8")}
  %hitf = umc.cast %hit : {t(B, TEXT, dtype="i8")} -> {t(B, TEXT)}
  %exact = umc.sum %hitf axis = 1 : {t(B, TEXT)} -> {t(B)}
  %eight = arith.constant dense<{TEXT - 0.5}> : tensor<f32>
  %all = umc.compare gt %exact, %eight : ({t(B)}, tensor<f32>) -> {t(B, dtype="i8")}
  %allf = umc.cast %all : {t(B, dtype="i8")} -> {t(B)}
  %accuracy = umc.mean %allf axis = 0 : {t(B)} -> tensor<f32>
  // Text to image: x_t = (1 - t) x0 + t e, target e - x0.
  %c2 = arith.constant dense<2> : tensor<i64>
  %c1 = arith.constant dense<1> : tensor<i64>
  %k0 = umc.mul %step, %c2 : (tensor<i64>, tensor<i64>) -> tensor<i64>
  %k1 = umc.add %k0, %c1 : (tensor<i64>, tensor<i64>) -> tensor<i64>
  %e = umc.random_normal seed %seed counter %k0 : (tensor<i64>, tensor<i64>) -> {img}
  %r = umc.random_normal seed %seed counter %k1 : (tensor<i64>, tensor<i64>) -> {t(B, 2)}
  %rt, %rd = umc.split %r axis = 1 : {t(B, 2)} -> {t(B, 1)}, {t(B, 1)}
  %rt1 = umc.reshape %rt : {t(B, 1)} -> {t(B)}
  %time = umc.sigmoid %rt1 : {t(B)}
  %t4 = umc.reshape %time : {t(B)} -> {t(B, 1, 1, 1)}
  %keep = umc.sub %onef, %t4 : (tensor<f32>, {t(B, 1, 1, 1)}) -> {t(B, 1, 1, 1)}
  %a = umc.mul %x0, %keep : ({img}, {t(B, 1, 1, 1)}) -> {img}
  %b = umc.mul %e, %t4 : ({img}, {t(B, 1, 1, 1)}) -> {img}
  %xt = umc.add %a, %b : ({img}, {img}) -> {img}
  %target = umc.sub %e, %x0 : ({img}, {img}) -> {img}
  // Drop the caption when the second normal exceeds its 90% quantile.
  %q90 = arith.constant dense<1.2815516> : tensor<f32>
  %drop = umc.compare gt %rd, %q90 : ({t(B, 1)}, tensor<f32>) -> {t(B, 1, dtype="i8")}
  %none = arith.constant dense<0> : tensor<i32>
  %cond = umc.where %drop, %none, %captions : ({t(B, 1, dtype="i8")}, tensor<i32>, {t(B, TEXT, dtype="i32")}) -> {t(B, TEXT, dtype="i32")}
  %v = {call(f"velocity_{B}", "%xt, %time, %cond", f"{img}, {t(B)}, {t(B, TEXT, dtype='i32')}", img)}
  %flow_loss = umc.mse_loss %v, %target : ({img}, {img}) -> tensor<f32>
  %total = umc.weighted_sum %caption_loss, %flow_loss weights = [1.0, 1.0] : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %total, %caption_loss, %flow_loss, %accuracy : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
}}
"""


def noise():
    img = t(SAMPLES, 1, SIZE, SIZE)
    return f"""// image.noise: the starting noise of {SAMPLES} images.
func.func @init_noise(%seed: tensor<i64>, %counter: tensor<i64>) -> {img}
    attributes {{umc.role = "image.noise"}} {{
  %x = umc.random_normal seed %seed counter %counter : (tensor<i64>, tensor<i64>) -> {img}
  return %x : {img}
}}
"""


def denoise():
    N = SAMPLES
    img, img2 = t(N, 1, SIZE, SIZE), t(2 * N, 1, SIZE, SIZE)
    tok, tok2 = t(N, TEXT, dtype="i32"), t(2 * N, TEXT, dtype="i32")
    return f"""// image.denoise, flow_euler: one Euler step of the guided velocity, from
// t = 1 - step/steps to 1 - (step+1)/steps. Bytes past a caption's length
// are cleared; the unconditional rows have empty captions.
func.func @denoise(%images: {img}, %step: tensor<i32>, %steps: tensor<i32>,
    %tokens: {tok}, %lengths: {t(N, dtype="i32")}, %guidance: tensor<f32>,
{param_decls()}) -> {img}
    attributes {{umc.role = "image.denoise", umc.sampler = "flow_euler"}} {{
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
  %index = umc.iota axis = 1 : {tok}
  %len = umc.reshape %lengths : {t(N, dtype="i32")} -> {t(N, 1, dtype="i32")}
  %inside = umc.compare lt %index, %len : ({tok}, {t(N, 1, dtype="i32")}) -> {t(N, TEXT, dtype="i8")}
  %zero = arith.constant dense<0> : tensor<i32>
  %caption = umc.where %inside, %tokens, %zero : ({t(N, TEXT, dtype="i8")}, {tok}, tensor<i32>) -> {tok}
  %empty = arith.constant dense<0> : {tok}
  %tokens2 = umc.concat %caption, %empty axis = 0 : ({tok}, {tok}) -> {tok2}
  %x2 = umc.concat %images, %images axis = 0 : ({img}, {img}) -> {img2}
  %t2 = tensor.splat %now : {t(2 * N)}
  %v = {call(f"velocity_{2 * N}", "%x2, %t2, %tokens2", f"{img2}, {t(2 * N)}, {tok2}", img2)}
  %v_c, %v_u = umc.split %v axis = 0 : {img2} -> {img}, {img}
  %x1 = umc.diffusion_step %images, %v_c uncond %v_u guidance %guidance at %time to %time1 sampler = flow_euler
      : ({img}, {img}, {img}, tensor<f32>, tensor<f32>, tensor<f32>) -> {img}
  return %x1 : {img}
}}
"""


def row_at(position, b):
    """%row [b, VOCAB]: the logits at caption position `position` (a
    tensor<i32> value), picked by a one-hot sum (the position is known only
    at run time)."""
    return f"""  %where = umc.iota axis = 1 : {t(b, TEXT, dtype="i32")}
  %is = umc.compare eq %where, {position} : ({t(b, TEXT, dtype="i32")}, tensor<i32>) -> {t(b, TEXT, dtype="i8")}
  %isf = umc.cast %is : {t(b, TEXT, dtype="i8")} -> {t(b, TEXT)}
  %is3 = umc.reshape %isf : {t(b, TEXT)} -> {t(b, TEXT, 1)}
  %picked = umc.mul %logits, %is3 : ({t(b, TEXT, VOCAB)}, {t(b, TEXT, 1)}) -> {t(b, TEXT, VOCAB)}
  %row = umc.sum %picked axis = 1 : {t(b, TEXT, VOCAB)} -> {t(b, VOCAB)}"""


def captioner():
    """text.prefill_image and text.decode without a KV cache: the image and
    the caption so far are state, and each call runs the whole (24-token)
    sequence again, which costs little at this size."""
    img = t(1, 1, SIZE, SIZE)
    tok = t(1, TEXT, dtype="i32")
    sampling = ("%seed: tensor<i64>, %temperature: tensor<f32>, "
                "%top_k: tensor<i32>, %top_p: tensor<f32>")
    sampling_args = "%seed, %temperature, %top_k, %top_p"
    sampling_types = "tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>"
    next_byte = call("next_byte", f"%p, {sampling_args}",
                     f"tensor<i32>, {sampling_types}", "tensor<1xi32>")
    return f"""ml_program.global private mutable @caption_pixels(dense<0.0> : {img}) : {img}
ml_program.global private mutable @caption_inputs(dense<0> : {tok}) : {tok}

// The byte at caption position %p, drawn from the logits there given the
// state's image and caption so far (umc.sample: greedy at temperature 0).
func.func private @next_byte(%p: tensor<i32>, {sampling},
{param_decls()}) -> tensor<1xi32> {{
  %image = ml_program.global_load @caption_pixels : {img}
  %inputs = ml_program.global_load @caption_inputs : {tok}
  %logits = {call("caption_logits_1", "%image, %inputs", f"{img}, {tok}", t(1, TEXT, VOCAB))}
{row_at("%p", 1)}
  %pi = tensor.extract %p[] : tensor<i32>
  %pos64 = arith.extsi %pi : i32 to i64
  %counter = tensor.from_elements %pos64 : tensor<i64>
  %next = umc.sample %row seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p
      : ({t(1, VOCAB)}, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<1xi32>
  return %next : tensor<1xi32>
}}

// text.prefill_image: stores the image (in [-1, 1]) and BOS + the prompt,
// and draws the caption's byte at position %length (its first byte after
// the prompt), which it returns with that position.
func.func @caption_image(%image: {img}, %tokens: {t(1, TEXT - 1, dtype="i32")}, %length: tensor<i32>,
    {sampling},
{param_decls()}) -> (tensor<1xi32>, tensor<i32>)
    attributes {{umc.role = "text.prefill_image"}} {{
  ml_program.global_store @caption_pixels = %image : {img}
  %bos = arith.constant dense<{BOS}> : {t(1, 1, dtype="i32")}
  %inputs = umc.concat %bos, %tokens axis = 1 : ({t(1, 1, dtype="i32")}, {t(1, TEXT - 1, dtype="i32")}) -> {tok}
  ml_program.global_store @caption_inputs = %inputs : {tok}
  %next = {call("next_byte", f"%length, {sampling_args}", f"tensor<i32>, {sampling_types}", "tensor<1xi32>")}
  return %next, %length : tensor<1xi32>, tensor<i32>
}}

// text.decode: puts %token at caption position %position and draws the
// byte after it. The caption holds {TEXT} bytes (umc.context).
func.func @caption_next(%token: {t(1, 1, dtype="i32")}, %position: tensor<i32>,
    {sampling},
{param_decls()}) -> tensor<1xi32>
    attributes {{umc.role = "text.decode", umc.context = {TEXT} : i64}} {{
  %one = arith.constant dense<1> : tensor<i32>
  %p = umc.add %position, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
  %inputs = ml_program.global_load @caption_inputs : {tok}
  %updated = umc.update_slice %inputs, %token at %p axis = 1 : ({tok}, {t(1, 1, dtype="i32")}, tensor<i32>) -> {tok}
  ml_program.global_store @caption_inputs = %updated : {tok}
  %next = {next_byte}
  return %next : tensor<1xi32>
}}
"""


def caption_batch(m):
    """Greedy captions of m images at once: {TEXT} passes, each filling one
    byte (for measuring accuracy over a whole test split in one call)."""
    img = t(m, 1, SIZE, SIZE)
    tok = t(m, TEXT, dtype="i32")
    return f"""// Greedy captions of {m} images (in [-1, 1]) in one call: {TEXT} passes, the
// j-th filling caption byte j. For measuring accuracy on a test split.
func.func @caption_batch(%images: {img},
{param_decls()}) -> {tok} {{
  %bos = arith.constant dense<{BOS}> : {t(m, 1, dtype="i32")}
  %rest = arith.constant dense<0> : {t(m, TEXT - 1, dtype="i32")}
  %start = umc.concat %bos, %rest axis = 1 : ({t(m, 1, dtype="i32")}, {t(m, TEXT - 1, dtype="i32")}) -> {tok}
  %none = arith.constant dense<0> : {tok}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cn = arith.constant {TEXT} : index
  %in, %out = scf.for %j = %c0 to %cn step %c1 iter_args(%inputs = %start, %caption = %none) -> ({tok}, {tok}) {{
    %j32 = arith.index_cast %j : index to i32
    %p = tensor.from_elements %j32 : tensor<i32>
    %logits = {call(f"caption_logits_{m}", "%images, %inputs", f"{img}, {tok}", t(m, TEXT, VOCAB))}
{row_at("%p", m)}
    %best = umc.argmax %row axis = 1 : {t(m, VOCAB)} -> {t(m, dtype="i32")}
    %best2 = umc.reshape %best : {t(m, dtype="i32")} -> {t(m, 1, dtype="i32")}
    %caption1 = umc.update_slice %caption, %best2 at %p axis = 1 : ({tok}, {t(m, 1, dtype="i32")}, tensor<i32>) -> {tok}
    %one = arith.constant dense<1> : tensor<i32>
    %after = umc.add %p, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
    %last = arith.constant dense<{TEXT - 1}> : tensor<i32>
    %at = umc.minimum %after, %last : (tensor<i32>, tensor<i32>) -> tensor<i32>
    %inputs1 = umc.update_slice %inputs, %best2 at %at axis = 1 : ({tok}, {t(m, 1, dtype="i32")}, tensor<i32>) -> {tok}
    scf.yield %inputs1, %caption1 : {tok}, {tok}
  }}
  return %out : {tok}
}}
"""


def generate_batch(m):
    img, img2 = t(m, 1, SIZE, SIZE), t(2 * m, 1, SIZE, SIZE)
    tok, tok2 = t(m, TEXT, dtype="i32"), t(2 * m, TEXT, dtype="i32")
    return f"""// {m} images from their captions (bytes, padded with 0) in one call: noise
// from %seed, then %steps guided Euler steps. For measuring how often a
// classifier recognizes the prompted digit.
func.func @generate_batch(%tokens: {tok}, %seed: tensor<i64>, %steps: tensor<i32>, %guidance: tensor<f32>,
{param_decls()}) -> {img} {{
  %zero = arith.constant dense<0> : tensor<i64>
  %x0 = umc.random_normal seed %seed counter %zero : (tensor<i64>, tensor<i64>) -> {img}
  %empty = arith.constant dense<0> : {tok}
  %tokens2 = umc.concat %tokens, %empty axis = 0 : ({tok}, {tok}) -> {tok2}
  %n = tensor.extract %steps[] : tensor<i32>
  %nf = arith.sitofp %n : i32 to f32
  %n_index = arith.index_cast %n : i32 to index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %onef = arith.constant 1.0 : f32
  %image = scf.for %i = %c0 to %n_index step %c1 iter_args(%x = %x0) -> ({img}) {{
    %i32 = arith.index_cast %i : index to i32
    %sf = arith.sitofp %i32 : i32 to f32
    %fraction = arith.divf %sf, %nf : f32
    %now = arith.subf %onef, %fraction : f32
    %s1f = arith.addf %sf, %onef : f32
    %fraction1 = arith.divf %s1f, %nf : f32
    %next = arith.subf %onef, %fraction1 : f32
    %time = tensor.from_elements %now : tensor<f32>
    %time1 = tensor.from_elements %next : tensor<f32>
    %x2 = umc.concat %x, %x axis = 0 : ({img}, {img}) -> {img2}
    %t2 = tensor.splat %now : {t(2 * m)}
    %v = {call(f"velocity_{2 * m}", "%x2, %t2, %tokens2", f"{img2}, {t(2 * m)}, {tok2}", img2)}
    %v_c, %v_u = umc.split %v axis = 0 : {img2} -> {img}, {img}
    %x1 = umc.diffusion_step %x, %v_c uncond %v_u guidance %guidance at %time to %time1 sampler = flow_euler
        : ({img}, {img}, {img}, tensor<f32>, tensor<f32>, tensor<f32>) -> {img}
    scf.yield %x1 : {img}
  }}
  return %image : {img}
}}
"""


HEADER = f"""// A unified text-and-image model for the 8x8 digits, in the style of
// Transfusion ("Transfusion: Predict the Next Token and Diffuse Images with
// One Multi-Modal Model", Zhou et al., 2024): one transformer reads and
// writes both modalities. Text is bytes, predicted next-token; images are
// 2x2 patches, generated by flow matching (x_t = (1 - t) x_0 + t e, the
// network predicts e - x_0; Lipman et al., 2023), sampled with
// classifier-free guidance. The attention mask is Show-o's omni mask:
// causal over text, bidirectional inside the image. Generated by
// models/unified_digits.py: edit that, not this.
//
// Size: width {WIDTH}, {HEADS} heads, {DEPTH} pre-norm blocks (LayerNorm, GELU MLP {MLP}),
// {PATCHES} image tokens and {TEXT} text tokens; {BATCH} examples per training step.
//
// Entry points:
//   loss            the training loss (umc.loss; umc-compile --train adds loss_train_step)
//   init_noise      image.noise, {SAMPLES} images
//   denoise         image.denoise (flow_euler) with guidance
//   caption_image   text.prefill_image: the first byte of an image's caption
//   caption_next    text.decode: the next byte
//   caption_batch   greedy captions of the {EVAL_CAPTIONS} test images in one call
//   generate_batch  {EVAL_IMAGES} images from their captions in one call
"""


def model():
    parts = [HEADER, 'module attributes {umc.tokenizer = "bytes"} {\n']
    for b in sorted({BATCH, 2 * SAMPLES, 1, EVAL_CAPTIONS, 2 * EVAL_IMAGES}):
        parts += [text_tokens(b), image_tokens(b)]
    for b in sorted({BATCH, 2 * SAMPLES, 2 * EVAL_IMAGES}):
        parts += [trunk("trunk_text_first", (TEXT, SEQ),
                        "Caption first: causal over it; the image sees all.", b),
                  velocity(b)]
    for b in sorted({BATCH, 1, EVAL_CAPTIONS}):
        parts += [trunk("trunk_image_first", (0, PATCHES),
                        "Image first, seen whole; the caption causal after it.", b),
                  caption_logits(b)]
    parts += [loss(), noise(), denoise(), captioner(),
              caption_batch(EVAL_CAPTIONS), generate_batch(EVAL_IMAGES),
              "} // module\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    generated.main(__file__, model())
