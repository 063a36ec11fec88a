#!/usr/bin/python3
"""The PyTorch side of the benchmark: the same models as bench/gen_models.py
writes for umc, on the same weights and inputs, timed on the CPU.

    torch_bench.py --manifest M --case NAME --weights W.safetensors
                   --input x.npy [--input pos.npy] [--output y.npy]
                   [--mode eager|compile|onnxruntime] [--threads 2] [--warmup 2]
                   [--reps 20] [--max-seconds 10]
    torch_bench.py --manifest M --case llama_e512_l8 --weights W.safetensors
                   --prompt TEXT [--gen-reps 2] [--output logits.npy] ...

Prints one JSON line on stdout (median_ms, min_ms, ...). Standard library and
torch only; the timing policy is umc-bench's: `warmup` untimed calls (the
first call's result goes to --output), then at most `reps` timed calls, no
more once `max-seconds` have passed and 3 were timed. In compile mode the
first call compiles; compile_s is its time less a timed call's. In
onnxruntime mode the model is exported to ONNX (torch.onnx, its weights as
constants) and run by an onnxruntime InferenceSession on the CPU with
`threads` intra-op threads; compile_s is the export and session creation.
Only plain forward cases run there (not the LM's generation, not training).

The LM (a case whose spec has flow "generate") is timed as a generation
instead: the prompt's prefill (its logits go to --output), then greedy decode
steps up to spec["new_tokens"] tokens, every step timed; one untimed
generation (after compiling, in compile mode), then `gen-reps` timed ones.
median_ms is the median decode step; prefill_median_ms, generate_s (one whole
generation) and the tokens come with it.

To add a kind, write a function below that takes (spec, weights) and returns
a callable over the inputs, and register it in MODELS.
"""
import argparse
import contextlib
import json
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tensorio  # noqa: E402

TORCH_DTYPES = {"f32": torch.float32, "i32": torch.int32, "i64": torch.int64}


def to_torch(dtype, shape, data):
    # bytearray: a writable copy, so torch does not warn about read-only memory.
    return torch.frombuffer(bytearray(data), dtype=TORCH_DTYPES[dtype]).reshape(shape)


def save_npy(path, t):
    t = t.detach().contiguous().cpu()
    dtype = {v: k for k, v in TORCH_DTYPES.items()}[t.dtype]
    try:
        data = t.numpy().tobytes()
    except Exception:  # torch without numpy
        import array
        data = array.array({"f32": "f", "i32": "i", "i64": "q"}[dtype],
                           t.flatten().tolist()).tobytes()
    tensorio.write_npy(path, dtype, list(t.shape), data)


# ---------------------------------------------------------------------------
# Models: the semantics of the umc ops (include/umc/Dialect/Umc/IR/UmcOps.td)
# ---------------------------------------------------------------------------


def ln_gelu_model(spec, w):
    dim = spec["params"]["dim"]
    weight, bias = w["ln.weight"], w["ln.bias"]

    def run(x):
        return F.gelu(F.layer_norm(x, (dim,), weight, bias, eps=1e-5))
    return run


def add_ln_model(spec, w):
    dim = spec["params"]["dim"]
    weight, bias = w["ln.weight"], w["ln.bias"]

    def run(x, residual):
        return F.layer_norm(x + residual, (dim,), weight, bias, eps=1e-5)
    return run


def rope(x, positions, theta=10000.0):
    """umc.rope, rotate-half form: for i < D/2, f_i = theta^(-2i/D),
    a = position * f_i; out[i] = x[i] cos a - x[i+D/2] sin a,
    out[i+D/2] = x[i+D/2] cos a + x[i] sin a."""
    d = x.shape[-1]
    inv_freq = 1.0 / (theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
    angle = positions.to(torch.float32)[:, None] * inv_freq[None, :]  # [S, D/2]
    cos = torch.cat([angle.cos(), angle.cos()], dim=-1)
    sin = torch.cat([angle.sin(), angle.sin()], dim=-1)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    rotated = torch.cat([-x2, x1], dim=-1)
    return x * cos + rotated * sin


def causal_attention(q, k, v):
    """umc.attention mask <causal>, scale 1/sqrt(D)."""
    if hasattr(F, "scaled_dot_product_attention"):  # torch >= 2.0
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    s, t = q.shape[-2], k.shape[-2]
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1]))
    mask = torch.ones(s, t, dtype=torch.bool).triu(1)
    scores = scores.masked_fill(mask, float("-inf"))
    return torch.matmul(torch.softmax(scores, dim=-1), v)


def block_model(spec, w):
    """gen_models.py's block: pre-norm (causal, rope) or post-norm
    (bidirectional), `layers` of them with weights layers.i.<name>."""
    p = spec["params"]
    D, H = p["dim"], p["heads"]
    layers, post_norm = p.get("layers", 1), p.get("post_norm", False)
    hd = D // H

    def heads(t):  # [B, S, D] -> [B, H, S, hd]
        return t.view(t.shape[0], t.shape[1], H, hd).transpose(1, 2)

    def layer(x, positions, lw):
        B, S, _ = x.shape

        def attend(n):
            q = heads(F.linear(n, lw["attn.q_proj.weight"]))
            k = heads(F.linear(n, lw["attn.k_proj.weight"]))
            v = heads(F.linear(n, lw["attn.v_proj.weight"]))
            if post_norm:
                o = F.scaled_dot_product_attention(q, k, v)
            else:
                q, k = rope(q, positions), rope(k, positions)
                o = causal_attention(q, k, v)
            o = o.transpose(1, 2).reshape(B, S, D)
            return F.linear(o, lw["attn.o_proj.weight"], lw["attn.o_proj.bias"])

        def mlp(n):
            up = F.gelu(F.linear(n, lw["mlp.fc1.weight"], lw["mlp.fc1.bias"]))
            return F.linear(up, lw["mlp.fc2.weight"], lw["mlp.fc2.bias"])

        def norm(t, i):
            return F.layer_norm(t, (D,), lw[f"ln{i}.weight"], lw[f"ln{i}.bias"],
                                eps=1e-5)
        if post_norm:
            h = norm(x + attend(x), 1)
            return norm(h + mlp(h), 2)
        h = x + attend(norm(x, 1))
        return h + mlp(norm(h, 2))

    per_layer = [w] if layers == 1 else [
        {name[len(f"layers.{i}."):]: t for name, t in w.items()
         if name.startswith(f"layers.{i}.")} for i in range(layers)]

    def run(x, positions=None):
        for lw in per_layer:
            x = layer(x, positions, lw)
        return x
    return run


def gemm_model(spec, w):
    def run(x):
        return F.linear(x, w["w"])
    return run


def gemv_model(spec, w):
    weights = [w[f"w{i}"] for i in range(spec["params"]["count"])]

    def run(x):
        for weight in weights:
            x = F.linear(x, weight)
        return x
    return run


def attention_model(spec, w):
    """umc.attention's masks through SDPA: causal as is_causal, a sliding
    window of W keys (query i sees keys i-W+1 .. i) as a boolean mask."""
    p = spec["params"]
    seq, mask = p["seq"], p["mask"]
    allowed = None
    if mask == "sliding_window":
        i = torch.arange(seq)[:, None]
        j = torch.arange(seq)[None, :]
        allowed = (j <= i) & (j > i - p["window"])

    def run(q, k, v):
        if mask == "full":
            return F.scaled_dot_product_attention(q, k, v)
        if mask == "causal":
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
    return run


def timestep_embedding(t, dim, max_period=10000.0):
    """umc.timestep_embed: [cos(t f_i), sin(t f_i)], f_i = max_period^(-i/half)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period)
                      * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def modulate(x, shift, scale):
    """umc.modulate: x * (1 + scale) + shift, per sample over the sequence."""
    return x * (1 + scale[:, None, :]) + shift[:, None, :]


def dit_model(spec, w):
    """gen_dit.py's guided DiT flow step (see its docstring)."""
    p = spec["params"]
    C, S, P, D, L, H = (p["channels"], p["size"], p["patch"], p["dim"],
                        p["depth"], p["heads"])
    G, Dh = S // P, D // H
    null = torch.tensor([p["classes"]], dtype=torch.int64)

    def run(x, t, t_next, label, guidance):
        xx = torch.cat([x, x])
        B = xx.shape[0]
        # umc.patchify: [B, C, G, P, G, P] -> [B, G*G, C*P*P] in (c, i, j) order
        patches = xx.view(B, C, G, P, G, P).permute(0, 2, 4, 1, 3, 5).reshape(B, G * G, C * P * P)
        h = F.linear(patches, w["x_embedder.proj.weight"], w["x_embedder.proj.bias"]) + w["pos_embed"]
        tt = t.reshape(1).expand(B)
        c = F.linear(timestep_embedding(tt, w["t_embedder.mlp.0.weight"].shape[1]),
                     w["t_embedder.mlp.0.weight"], w["t_embedder.mlp.0.bias"])
        c = F.linear(F.silu(c), w["t_embedder.mlp.2.weight"], w["t_embedder.mlp.2.bias"])
        labels = torch.cat([label.to(torch.int64), null])
        c = c + F.embedding(labels, w["y_embedder.embedding_table.weight"])
        sc = F.silu(c)
        N = h.shape[1]
        for i in range(L):
            pre = f"blocks.{i}."
            sh1, sc1, g1, sh2, sc2, g2 = F.linear(
                sc, w[pre + "adaLN_modulation.1.weight"],
                w[pre + "adaLN_modulation.1.bias"]).chunk(6, dim=1)
            m1 = modulate(F.layer_norm(h, (D,), eps=1e-6), sh1, sc1)
            qkv = F.linear(m1, w[pre + "attn.qkv.weight"], w[pre + "attn.qkv.bias"])
            q, k, v = (t_.view(B, N, H, Dh).transpose(1, 2) for t_ in qkv.chunk(3, dim=-1))
            o = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, N, D)
            h = h + g1[:, None, :] * F.linear(o, w[pre + "attn.proj.weight"], w[pre + "attn.proj.bias"])
            m2 = modulate(F.layer_norm(h, (D,), eps=1e-6), sh2, sc2)
            up = F.gelu(F.linear(m2, w[pre + "mlp.fc1.weight"], w[pre + "mlp.fc1.bias"]),
                        approximate="tanh")
            h = h + g2[:, None, :] * F.linear(up, w[pre + "mlp.fc2.weight"], w[pre + "mlp.fc2.bias"])
        fsh, fsc = F.linear(sc, w["final_layer.adaLN_modulation.1.weight"],
                            w["final_layer.adaLN_modulation.1.bias"]).chunk(2, dim=1)
        out = F.linear(modulate(F.layer_norm(h, (D,), eps=1e-6), fsh, fsc),
                       w["final_layer.linear.weight"], w["final_layer.linear.bias"])
        v = out.view(B, G, G, C, P, P).permute(0, 3, 1, 4, 2, 5).reshape(B, C, S, S)
        v_c, v_u = v[:1], v[1:]
        # umc.diffusion_step flow_euler with guidance
        return x + (t_next - t) * (v_u + guidance * (v_c - v_u))
    return run


# ---------------------------------------------------------------------------
# The LLaMA-style LM (gen_llama.py): prefill and decode over a static KV cache
# ---------------------------------------------------------------------------


def rms_norm(x, scale, eps):
    """umc.rms_norm: x / sqrt(mean(x^2) + eps) * scale."""
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * scale


def rope_tables(context, dim, theta):
    """cos and sin of umc.rope's angles for positions 0..context-1, each
    [context, dim] (the half-dim angles repeated, rotate-half form)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    angle = torch.arange(context, dtype=torch.float32)[:, None] * inv_freq[None, :]
    return (torch.cat([angle.cos(), angle.cos()], dim=-1),
            torch.cat([angle.sin(), angle.sin()], dim=-1))


def rotate(x, cos, sin):
    d = x.shape[-1]
    return x * cos + torch.cat([-x[..., d // 2:], x[..., : d // 2]], dim=-1) * sin


class Llama:
    """The model of gen_llama.py with torch.nn.functional: umc.ar_block in
    cache mode (rms_norm, GQA, rope, swiglu, no biases), the KV caches a
    fixed-capacity [1, kv_heads, context, Dh] tensor per layer written in
    place (a static cache, as torch.compile wants: no shape changes from
    step to step). prefill() fills positions 0..P-1; decode() writes one
    token at a tensor position and attends over the whole cache with a mask
    of the positions filled so far."""

    def __init__(self, spec, w):
        p = spec["params"]
        self.E, self.L, self.H, self.KV = p["dim"], p["layers"], p["heads"], p["kv_heads"]
        self.T, self.eps = p["context"], 1.0e-6
        self.Dh = self.E // self.H
        self.w = w
        self.cos, self.sin = rope_tables(self.T, self.Dh, 1.0e4)
        self.k_cache = [torch.zeros(1, self.KV, self.T, self.Dh) for _ in range(self.L)]
        self.v_cache = [torch.zeros(1, self.KV, self.T, self.Dh) for _ in range(self.L)]
        self.positions = torch.arange(self.T)

    def _block(self, i, x, cos, sin, write, attend):
        w, pre = self.w, f"model.layers.{i}."
        B, S, _ = x.shape
        n = rms_norm(x, w[pre + "input_layernorm.weight"], self.eps)
        q = F.linear(n, w[pre + "self_attn.q_proj.weight"]).view(B, S, self.H, self.Dh).transpose(1, 2)
        k = F.linear(n, w[pre + "self_attn.k_proj.weight"]).view(B, S, self.KV, self.Dh).transpose(1, 2)
        v = F.linear(n, w[pre + "self_attn.v_proj.weight"]).view(B, S, self.KV, self.Dh).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        write(self.k_cache[i], k)
        write(self.v_cache[i], v)
        o = attend(q, self.k_cache[i], self.v_cache[i], k, v)
        h = x + F.linear(o.transpose(1, 2).reshape(B, S, self.E), w[pre + "self_attn.o_proj.weight"])
        n2 = rms_norm(h, w[pre + "post_attention_layernorm.weight"], self.eps)
        up = F.silu(F.linear(n2, w[pre + "mlp.gate_proj.weight"])) * F.linear(n2, w[pre + "mlp.up_proj.weight"])
        return h + F.linear(up, w[pre + "mlp.down_proj.weight"])

    def _head(self, x):
        x = rms_norm(x, self.w["model.norm.weight"], self.eps)
        return F.linear(x, self.w["lm_head.weight"])

    def _gqa(self, t):  # [1, KV, T, Dh] -> [1, H, T, Dh]: head h reads h // (H / KV)
        return t.repeat_interleave(self.H // self.KV, dim=1)

    def prefill(self, tokens):
        """tokens [1, P] (int64) at positions 0..P-1: logits [1, P, V]."""
        S = tokens.shape[1]
        x = F.embedding(tokens, self.w["model.embed_tokens.weight"])
        cos, sin = self.cos[:S], self.sin[:S]

        def write(cache, t):
            cache[:, :, :S] = t

        def attend(q, kc, vc, k, v):
            return causal_attention(q, self._gqa(k), self._gqa(v))
        for i in range(self.L):
            x = self._block(i, x, cos, sin, write, attend)
        return self._head(x)

    def decode(self, token, position):
        """token [1, 1] (int64) at position (a [1] int64 tensor): logits
        [1, 1, V]."""
        x = F.embedding(token, self.w["model.embed_tokens.weight"])
        cos, sin = self.cos[position], self.sin[position]
        seen = (self.positions <= position)[None, None, None, :]  # [1,1,1,T]

        def write(cache, t):
            cache.index_copy_(2, position, t)

        def attend(q, kc, vc, k, v):
            return F.scaled_dot_product_attention(q, self._gqa(kc), self._gqa(vc),
                                                  attn_mask=seen)
        for i in range(self.L):
            x = self._block(i, x, cos, sin, write, attend)
        return self._head(x)


def run_generate(args, spec, weights):
    """The LM protocol: greedy generation of spec["new_tokens"] tokens after
    the prompt, every call timed. Returns the JSON result; writes the first
    prefill's logits to --output."""
    model = Llama(spec, weights)
    prefill, decode = model.prefill, model.decode
    compile_s = 0.0
    if args.mode == "compile":
        prefill, decode = torch.compile(prefill), torch.compile(decode)
    prompt = torch.tensor([list(args.prompt.encode())], dtype=torch.int64)
    new_tokens = spec["new_tokens"]

    def generate(times=None):
        tokens = []
        start = time.perf_counter()
        logits = prefill(prompt)
        token = int(torch.argmax(logits[0, -1]))
        step_end = time.perf_counter()
        prefill_ms = (step_end - start) * 1e3
        tokens.append(token)
        position = prompt.shape[1]
        while len(tokens) < new_tokens:
            t0 = time.perf_counter()
            logits = decode(torch.tensor([[token]]), torch.tensor([position]))
            token = int(torch.argmax(logits[0, -1]))
            if times is not None:
                times.append((time.perf_counter() - t0) * 1e3)
            tokens.append(token)
            position += 1
        return tokens, prefill_ms, (time.perf_counter() - start)

    with torch.inference_mode():
        if args.mode == "compile":
            # Compile both graphs once, untimed (the decode graph at two
            # positions, so a recompilation for a new position would show).
            t0 = time.perf_counter()
            prefill(prompt)
            decode(torch.tensor([[0]]), torch.tensor([prompt.shape[1]]))
            decode(torch.tensor([[0]]), torch.tensor([prompt.shape[1] + 1]))
            compile_s = time.perf_counter() - t0
        logits = prefill(prompt)
        if args.output:
            save_npy(args.output, logits)
        first_tokens, _, first_s = generate()  # warm-up
        decode_ms, prefill_ms, gen_s = [], [], []
        begin = time.perf_counter()
        for _ in range(max(1, args.gen_reps)):
            tokens, p_ms, seconds = generate(decode_ms)
            prefill_ms.append(p_ms)
            gen_s.append(seconds)
            if time.perf_counter() - begin >= args.max_seconds:
                break
        # More prefill samples: they are cheap next to a generation.
        for _ in range(max(0, args.reps - len(prefill_ms))):
            t0 = time.perf_counter()
            prefill(prompt)
            prefill_ms.append((time.perf_counter() - t0) * 1e3)
            if time.perf_counter() - begin >= 2 * args.max_seconds:
                break
    assert tokens == first_tokens, "greedy generation is not deterministic"
    return {
        "compile_s": round(compile_s, 2),
        "first_ms": round(first_s * 1e3, 2),
        "reps": len(decode_ms),
        "median_ms": round(statistics.median(decode_ms), 4),
        "min_ms": round(min(decode_ms), 4), "max_ms": round(max(decode_ms), 4),
        "prefill_median_ms": round(statistics.median(prefill_ms), 4),
        "prefill_reps": len(prefill_ms),
        "generate_s": round(statistics.median(gen_s), 4),
        "generations": len(gen_s),
        "tokens": tokens,
    }


def train_block_step(spec, w, compile_loss):
    """gen_models.py's train_block: one step of forward, mse loss, backward,
    clip_grad_norm_ and AdamW on the block's parameters (which it updates,
    as umc's compiled step does). In compile mode the loss function (forward,
    and with it the backward that AOTAutograd derives) is compiled; the
    optimizer runs eagerly (foreach)."""
    params = {name: t.clone().requires_grad_(True) for name, t in w.items()}
    block = block_model(spec, params)
    h = spec["hyper"]

    def loss_fn(x, positions, target):
        return F.mse_loss(block(x, positions), target)
    if compile_loss:
        loss_fn = torch.compile(loss_fn)
    optimizer = torch.optim.AdamW(params.values(), lr=h["lr"],
                                  betas=(h["beta1"], h["beta2"]), eps=h["eps"],
                                  weight_decay=h["weight_decay"])

    def step(x, positions, target, *hyper):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(x, positions, target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), h["clip_norm"])
        optimizer.step()
        return loss.detach()
    return step


def omni_mask(seq, start, end):
    """umc's omni mask: causal, and bidirectional inside [start, end)."""
    i = torch.arange(seq)[:, None]
    j = torch.arange(seq)[None, :]
    inside = (i >= start) & (i < end) & (j >= start) & (j < end)
    return (j <= i) | inside


def train_unified_step(spec, w, compile_loss):
    """models/unified_digits.mlir's loss (see gen_unified.py), trained as
    train_block_step trains the block; the noise is torch's own."""
    params = {name: t.clone().requires_grad_(True) for name, t in w.items()}
    p = params
    h = spec["hyper"]
    depth, heads = 4, 4
    text, patches = 8, 16
    seq = text + patches
    caption_first = omni_mask(seq, text, seq)
    image_first = omni_mask(seq, 0, patches)

    def blocks(x, mask):
        B, S, D = x.shape
        for i in range(depth):
            b = f"blocks.{i}."
            n = F.layer_norm(x, (D,), p[b + "norm1.weight"], p[b + "norm1.bias"])
            q, k, v = (F.linear(n, p[b + f"attn.{z}.weight"])
                       .view(B, S, heads, D // heads).transpose(1, 2)
                       for z in "qkv")
            o = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            x = x + F.linear(o.transpose(1, 2).reshape(B, S, D),
                             p[b + "attn.out.weight"])
            n = F.layer_norm(x, (D,), p[b + "norm2.weight"], p[b + "norm2.bias"])
            x = x + F.linear(F.gelu(F.linear(n, p[b + "mlp.fc1.weight"])),
                             p[b + "mlp.fc2.weight"])
        return F.layer_norm(x, (x.shape[-1],), p["final_norm.weight"],
                            p["final_norm.bias"])

    def embed_text(tokens):
        return F.embedding(tokens.long(), p["text.embed"]) + p["text.positions"]

    def patchify(x):  # [B, 1, 8, 8] -> [B, 16, 4], patches row-major
        B = x.shape[0]
        return x.view(B, 4, 2, 4, 2).permute(0, 1, 3, 2, 4).reshape(B, 16, 4)

    def embed_image(x, t):
        e = F.linear(patchify(x), p["image.patch_in.weight"],
                     p["image.patch_in.bias"]) + p["image.positions"]
        c = F.linear(F.silu(F.linear(timestep_embedding(t * 1000, 64),
                                     p["time.mlp.0.weight"],
                                     p["time.mlp.0.bias"])),
                     p["time.mlp.2.weight"], p["time.mlp.2.bias"])
        return e + c[:, None, :]

    def loss_fn(images, captions):
        B = images.shape[0]
        x0 = images * 2 - 1
        inputs = torch.cat([torch.ones(B, 1, dtype=captions.dtype),
                            captions[:, :-1]], dim=1)
        seq_c = torch.cat([embed_image(x0, torch.zeros(B)),
                           embed_text(inputs)], dim=1)
        logits = F.linear(blocks(seq_c, image_first)[:, patches:],
                          p["text.head.weight"])
        caption_loss = F.cross_entropy(logits.reshape(-1, 256),
                                       captions.reshape(-1).long())
        e = torch.randn_like(x0)
        t = torch.sigmoid(torch.randn(B))
        drop = torch.randn(B, 1) > 1.2815516
        cond = torch.where(drop, torch.zeros_like(captions), captions)
        xt = (1 - t[:, None, None, None]) * x0 + t[:, None, None, None] * e
        seq_g = torch.cat([embed_text(cond), embed_image(xt, t)], dim=1)
        v = F.linear(blocks(seq_g, caption_first)[:, text:],
                     p["image.head.weight"], p["image.head.bias"])
        target = patchify(e - x0)
        return caption_loss + F.mse_loss(v, target)
    if compile_loss:
        loss_fn = torch.compile(loss_fn)
    optimizer = torch.optim.AdamW(params.values(), lr=h["lr"],
                                  betas=(h["beta1"], h["beta2"]), eps=h["eps"],
                                  weight_decay=h["weight_decay"])

    def step(images, captions, *rest):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(images, captions)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), h["clip_norm"])
        optimizer.step()
        return loss.detach()
    return step


TRAIN_STEPS = {"train_block": train_block_step,
               "train_unified": train_unified_step}

MODELS = {"gemm": gemm_model, "gemv": gemv_model,
          "attention": attention_model, "ln_gelu": ln_gelu_model, "add_ln": add_ln_model,
          "block": block_model, "dit": dit_model}


def blas_library():
    """The BLAS this torch calls. PyPI's wheels link MKL into libtorch_cpu
    (the build configuration says BLAS_INFO=mkl). Debian's torch calls
    whatever libblas.so.3 the alternatives system points at: the reference
    BLAS unless OpenBLAS, BLIS or MKL is installed; that is read from the
    shared objects this process has mapped."""
    config = torch.__config__.show() if hasattr(torch, "__config__") else ""
    if re.search(r"\bBLAS_INFO=mkl\b", config):
        return "mkl (linked into torch)"
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                name = os.path.basename(path)
                # Not cuBLAS (a CUDA build maps it on the CPU too), not
                # numpy's own OpenBLAS (torch does not call it).
                if "cublas" in name or "numpy" in path:
                    continue
                if any(k in name for k in ("blas", "blis", "mkl_rt", "libmkl")):
                    real = os.path.realpath(path)
                    # /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
                    # -> openblas-pthread/libblas.so.3
                    found.add("/".join(real.split("/")[-2:]))
    except OSError:
        return "unknown"
    return ", ".join(sorted(found)) or "none mapped"


def onnxruntime_session(fn, inputs, threads):
    """`fn` over `inputs` exported to ONNX and loaded into an onnxruntime
    session: a callable over torch tensors returning a torch tensor."""
    import tempfile
    import onnxruntime

    class Model(torch.nn.Module):
        def forward(self, *args):
            return fn(*args)

    path = os.path.join(tempfile.mkdtemp(prefix="umc-bench-onnx-"), "model.onnx")
    with torch.inference_mode(False), torch.no_grad():
        torch.onnx.export(Model(), tuple(inputs), path, dynamo=False,
                          opset_version=17)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        path, options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]

    def run(*args):
        feed = {n: a.numpy() for n, a in zip(names, args)}
        return torch.from_numpy(session.run(None, feed)[0])
    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--output")
    ap.add_argument("--mode", choices=["eager", "compile", "onnxruntime"],
                    default="eager")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=10.0)
    ap.add_argument("--prompt", help="generate cases: the prompt (bytes)")
    ap.add_argument("--gen-reps", type=int, default=2,
                    help="generate cases: timed generations (default 2)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    with open(args.manifest) as f:
        spec = {c["name"]: c for c in json.load(f)["cases"]}[args.case]
    weights = {name: to_torch(*t)
               for name, t in tensorio.read_safetensors(args.weights).items()}
    info = {"tool": "torch_bench", "mode": args.mode, "case": args.case,
            "torch": torch.__version__, "threads": torch.get_num_threads(),
            "blas": blas_library(),
            "attention": "sdpa" if hasattr(F, "scaled_dot_product_attention")
            else "matmul+softmax"}
    if spec.get("flow") == "generate":
        if args.mode == "compile" and not hasattr(torch, "compile"):
            sys.exit("torch_bench.py: --mode compile needs torch >= 2.0")
        info.update(run_generate(args, spec, weights))
        print(json.dumps(info))
        return 0
    inputs = [to_torch(*tensorio.read_npy(path)) for path in args.input]
    if args.mode == "compile" and not hasattr(torch, "compile"):
        sys.exit(f"torch_bench.py: --mode compile needs torch >= 2.0, "
                 f"this is {torch.__version__}")
    training = spec.get("flow") == "train"
    if args.mode == "onnxruntime" and training:
        sys.exit("torch_bench.py: onnxruntime runs forward cases only")
    export_s = 0.0
    if training:
        fn = TRAIN_STEPS[spec["kind"]](spec, weights, args.mode == "compile")
    else:
        fn = MODELS[spec["kind"]](spec, weights)
        if args.mode == "compile":
            fn = torch.compile(fn)
        elif args.mode == "onnxruntime":
            start = time.perf_counter()
            fn = onnxruntime_session(fn, inputs, args.threads)
            export_s = time.perf_counter() - start
            info["onnxruntime"] = sys.modules["onnxruntime"].__version__

    warmup_ms = []
    with contextlib.nullcontext() if training else torch.inference_mode():
        for i in range(max(1, args.warmup)):
            start = time.perf_counter()
            out = fn(*inputs)
            warmup_ms.append((time.perf_counter() - start) * 1e3)
            if i == 0 and args.output:
                save_npy(args.output, out)
        ms = []
        begin = time.perf_counter()
        while len(ms) < max(1, args.reps):
            start = time.perf_counter()
            fn(*inputs)
            ms.append((time.perf_counter() - start) * 1e3)
            if len(ms) >= 3 and time.perf_counter() - begin >= args.max_seconds:
                break

    # torch.compile compiles on the first (untimed) call: its time, less a
    # timed call's, is the compile time.
    compile_s = (warmup_ms[0] - statistics.median(ms)) / 1e3 \
        if args.mode == "compile" else export_s
    info.update({
        "compile_s": round(compile_s, 2),
        "warmup": len(warmup_ms), "first_ms": round(warmup_ms[0], 4),
        "reps": len(ms), "median_ms": round(statistics.median(ms), 4),
        "min_ms": round(min(ms), 4), "max_ms": round(max(ms), 4),
    })
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
