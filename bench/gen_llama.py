"""The LLaMA-style text model of models/llama_lm.mlir at benchmark size, for
bench/gen_models.py (kind "llama"). Standard library only.

Same structure and entry points as models/llama_lm.mlir: RMSNorm, rotary
positions (rotate-half), grouped-query attention, SwiGLU, no biases, an
untied head, Hugging Face LlamaForCausalLM parameter names, the KV caches as
ml_program globals, and

  prefill         P prompt tokens written into the KV cache at %start: logits
  decode_step     one token at %start, appended to the cache: logits
  prefill_sample  role text.prefill (umc-run generate)
  decode_sample   role text.decode, umc.context = the cache's length

(forward and generate_text, which the bench does not use, are left out.)
"""
import math


PROMPT = "The quick brown fox jumps over the lazy dog while the cat sleeps. "


def _t(shape, dtype="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + dtype + ">"


def llama(vocab, dim, layers, heads, kv_heads, mlp, context, prompt,
          rope_theta=1.0e4, eps=1.0e-6):
    assert dim % heads == 0 and heads % kv_heads == 0
    V, E, L, H, KV, F, T, P = vocab, dim, layers, heads, kv_heads, mlp, context, prompt
    Dh = E // H
    Ekv = KV * Dh
    cache = _t([1, KV, T, Dh])

    # The parameters in argument order: (ssa name, umc.param name, shape).
    params = [("embed", "model.embed_tokens.weight", [V, E])]
    for i in range(L):
        pre = f"model.layers.{i}."
        params += [
            (f"l{i}_attn_norm", pre + "input_layernorm.weight", [E]),
            (f"l{i}_wq", pre + "self_attn.q_proj.weight", [E, E]),
            (f"l{i}_wk", pre + "self_attn.k_proj.weight", [Ekv, E]),
            (f"l{i}_wv", pre + "self_attn.v_proj.weight", [Ekv, E]),
            (f"l{i}_wo", pre + "self_attn.o_proj.weight", [E, E]),
            (f"l{i}_mlp_norm", pre + "post_attention_layernorm.weight", [E]),
            (f"l{i}_gate", pre + "mlp.gate_proj.weight", [F, E]),
            (f"l{i}_down", pre + "mlp.down_proj.weight", [E, F]),
            (f"l{i}_up", pre + "mlp.up_proj.weight", [F, E]),
        ]
    params += [("norm", "model.norm.weight", [E]),
               ("lm_head", "lm_head.weight", [V, E])]
    param_args = ",\n".join(f'    %{n}: {_t(s)} {{umc.param = "{p}"}}'
                            for n, p, s in params)
    param_uses = ", ".join("%" + n for n, _, _ in params)
    param_types = ", ".join(_t(s) for _, _, s in params)

    def block_types(S):
        x = _t([1, S, E])
        ins = [x, _t([S], "i32"), _t([E]), _t([E, E]), _t([Ekv, E]),
               _t([Ekv, E]), _t([E, E]), _t([E]), _t([F, E]), _t([E, F]),
               _t([F, E]), cache, cache, "tensor<i32>"]
        return f"({', '.join(ins)}) -> ({x}, {cache}, {cache})"

    def cached_body(S):
        """embedding, L cached blocks, final norm and head over S tokens at
        %start; returns the lines and the logits' ssa name."""
        x = _t([1, S, E])
        lines = [
            f"  %x = umc.embedding %tokens, %embed : ({_t([1, S], 'i32')}, {_t([V, E])}) -> {x}",
            f"  %steps = umc.iota axis = 0 : {_t([S], 'i32')}",
            f"  %pos = umc.add %steps, %start : ({_t([S], 'i32')}, tensor<i32>) -> {_t([S], 'i32')}",
        ]
        h = "%x"
        for i in range(L):
            lines += [
                f"  %kc{i} = ml_program.global_load @k_cache_{i} : {cache}",
                f"  %vc{i} = ml_program.global_load @v_cache_{i} : {cache}",
                f"  %h{i}, %kc{i}_new, %vc{i}_new = umc.ar_block {h} positions %pos "
                f"attn_norm(%l{i}_attn_norm) attn(%l{i}_wq, %l{i}_wk, %l{i}_wv, %l{i}_wo) "
                f"mlp_norm(%l{i}_mlp_norm) mlp(%l{i}_gate, %l{i}_down, %l{i}_up)",
                f"      cache(%kc{i}, %vc{i}) at %start heads = {H} kv_heads = {KV} "
                f"norm = rms_norm mlp = swiglu mask <causal> rope_theta = {rope_theta:.1e} "
                f"eps = {eps:.1e}",
                f"      : {block_types(S)}",
                f"  ml_program.global_store @k_cache_{i} = %kc{i}_new : {cache}",
                f"  ml_program.global_store @v_cache_{i} = %vc{i}_new : {cache}",
            ]
            h = f"%h{i}"
        lines += [
            f"  %final = umc.rms_norm {h} scale %norm eps = {eps:.1e} : ({x}, {_t([E])}) -> {x}",
            f"  %logits = umc.linear %final, %lm_head : ({x}, {_t([V, E])}) -> {_t([1, S, V])}",
        ]
        return lines

    sample_args = """    %seed: tensor<i64>,
    %temperature: tensor<f32>,
    %top_k: tensor<i32>,
    %top_p: tensor<f32>,"""
    sample_types = "tensor<1x{V}xf32>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<i32>, tensor<f32>".format(V=V)
    prefill_call = (f"func.call @prefill(%prompt, %start, {param_uses})\n"
                    f"      : ({_t([1, P], 'i32')}, tensor<i32>, {param_types}) -> {_t([1, P, V])}")
    decode_call = (f"func.call @decode_step(%token, %position, {param_uses})\n"
                   f"      : ({_t([1, 1], 'i32')}, tensor<i32>, {param_types}) -> {_t([1, 1, V])}")

    globals_ = "\n".join(
        f"ml_program.global private mutable @{kv}_cache_{i}(dense<0.0> : {cache}) : {cache}"
        for i in range(L) for kv in ("k", "v"))
    nl = "\n"
    mlir = f"""// A LLaMA-style text model at benchmark size, generated by bench/gen_llama.py
// (the structure and entry points of models/llama_lm.mlir): vocabulary {V}
// (bytes), model dim {E}, {L} layers, {H} query heads over {KV} key/value heads
// of {Dh}, SwiGLU {F}, RMSNorm eps {eps:g}, rope theta {rope_theta:g}, context {T},
// prefill bucket {P}. KV caches: [1, {KV}, {T}, {Dh}] per layer, kept across calls.

module attributes {{umc.tokenizer = "bytes"}} {{

{globals_}

// The prompt's {P} tokens at positions %start..; their keys and values go
// into the caches.
func.func @prefill(
    %tokens: {_t([1, P], 'i32')},
    %start: tensor<i32>,
{param_args}) -> {_t([1, P, V])} {{
{nl.join(cached_body(P))}
  return %logits : {_t([1, P, V])}
}}

// One token at position %start: attends to the cache and appends to it.
func.func @decode_step(
    %tokens: {_t([1, 1], 'i32')},
    %start: tensor<i32>,
{param_args}) -> {_t([1, 1, V])} {{
{nl.join(cached_body(1))}
  return %logits : {_t([1, 1, V])}
}}

// text.prefill: a new text from the first %length tokens of %prompt.
func.func @prefill_sample(
    %prompt: {_t([1, P], 'i32')},
    %length: tensor<i32>,
{sample_args}
{param_args}) -> tensor<1xi32>
    attributes {{umc.role = "text.prefill"}} {{
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %start = tensor.from_elements %zero : tensor<i32>
  %logits = {prefill_call}
  %rows = umc.reshape %logits : {_t([1, P, V])} -> {_t([P, V])}
  %n = tensor.extract %length[] : tensor<i32>
  %lastIndex = arith.subi %n, %one : i32
  %last = tensor.from_elements %lastIndex : tensor<1xi32>
  %row = umc.embedding %last, %rows : (tensor<1xi32>, {_t([P, V])}) -> {_t([1, V])}
  %n64 = arith.extsi %n : i32 to i64
  %counter = tensor.from_elements %n64 : tensor<i64>
  %token = umc.sample %row seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p
      : ({sample_types}) -> tensor<1xi32>
  return %token : tensor<1xi32>
}}

// text.decode: %token at %position (< {T}) goes into the cache; the token
// after it is drawn.
func.func @decode_sample(
    %token: {_t([1, 1], 'i32')},
    %position: tensor<i32>,
{sample_args}
{param_args}) -> tensor<1xi32>
    attributes {{umc.role = "text.decode", umc.context = {T} : i64}} {{
  %logits = {decode_call}
  %row = umc.reshape %logits : {_t([1, 1, V])} -> {_t([1, V])}
  %p = tensor.extract %position[] : tensor<i32>
  %one = arith.constant 1 : i32
  %next = arith.addi %p, %one : i32
  %next64 = arith.extsi %next : i32 to i64
  %counter = tensor.from_elements %next64 : tensor<i64>
  %drawn = umc.sample %row seed %seed counter %counter temperature %temperature top_k %top_k top_p %top_p
      : ({sample_types}) -> tensor<1xi32>
  return %drawn : tensor<1xi32>
}}

}} // module
"""

    def w(name, shape, lo, hi):
        return {"name": name, "shape": shape, "dtype": "f32",
                "init": {"dist": "uniform", "lo": lo, "hi": hi}}

    weights = []
    for _, name, shape in params:
        if name.endswith("norm.weight") or name.endswith("layernorm.weight"):
            weights.append(w(name, shape, 0.8, 1.2))
        elif name == "model.embed_tokens.weight":
            weights.append(w(name, shape, -1.0, 1.0))
        else:
            # nn.Linear's init range 1/sqrt(fan_in) (keeps activations O(1));
            # the head 4x that, so the logits spread over a few units and
            # greedy ties are rare.
            a = 1.0 / math.sqrt(shape[1]) * (4.0 if name == "lm_head.weight" else 1.0)
            weights.append(w(name, shape, -a, a))
    weight_bytes = 4 * sum(math.prod(t["shape"]) for t in weights)
    # A decode step reads every weight once (the embedding only one row,
    # counted whole: 0.5% here) and, per layer, the K and V caches up to the
    # position: at the median step of a 64 + 128 run, ~128 positions.
    kv_read = 4 * L * 2 * KV * Dh * (P + 64)
    return {
        "function": "prefill",
        "flow": "generate",
        "mlir": mlir,
        "shape": f"E{E} L{L} h{H}/{KV} F{F} V{V}",
        "prompt": P,
        # The prompt of the timed generation: P bytes of text, so prefill
        # fills its bucket.
        "prompt_text": (PROMPT * (P // len(PROMPT) + 1))[:P],
        "context": T,
        "new_tokens": T - P,
        "inputs": [],
        "weights": weights,
        "output_shape": [1, P, V],
        "weight_bytes": weight_bytes,
        "bytes": weight_bytes + kv_read,
        "flops": 2 * weight_bytes // 4,
        "bound": "memory",
        # The prefill logits: 8 blocks of GEMMs of depth up to 1376, summed in
        # different orders.
        "atol": 1e-3,
        "rtol": 1e-3,
    }
