#!/usr/bin/python3
"""The PyTorch side of the benchmark: the same models as bench/gen_models.py
writes for umc, on the same weights and inputs, timed on the CPU.

    torch_bench.py --manifest M --case NAME --weights W.safetensors
                   --input x.npy [--input pos.npy] [--output y.npy]
                   [--mode eager|compile] [--threads 2] [--warmup 2]
                   [--reps 20] [--max-seconds 10]

Prints one JSON line on stdout (median_ms, min_ms, ...). Standard library and
torch only; the timing policy is umc-bench's: `warmup` untimed calls (the
first call's result goes to --output), then at most `reps` timed calls, no
more once `max-seconds` have passed and 3 were timed.

To add a kind, write a function below that takes (spec, weights) and returns
a callable over the inputs, and register it in MODELS.
"""
import argparse
import json
import math
import os
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
    p = spec["params"]
    D, H = p["dim"], p["heads"]
    hd = D // H

    def heads(t):  # [B, S, D] -> [B, H, S, hd]
        return t.view(t.shape[0], t.shape[1], H, hd).transpose(1, 2)

    def run(x, positions):
        B, S, _ = x.shape
        n1 = F.layer_norm(x, (D,), w["ln1.weight"], w["ln1.bias"], eps=1e-5)
        q = heads(F.linear(n1, w["attn.q_proj.weight"]))
        k = heads(F.linear(n1, w["attn.k_proj.weight"]))
        v = heads(F.linear(n1, w["attn.v_proj.weight"]))
        q, k = rope(q, positions), rope(k, positions)
        o = causal_attention(q, k, v).transpose(1, 2).reshape(B, S, D)
        h = x + F.linear(o, w["attn.o_proj.weight"], w["attn.o_proj.bias"])
        n2 = F.layer_norm(h, (D,), w["ln2.weight"], w["ln2.bias"], eps=1e-5)
        up = F.gelu(F.linear(n2, w["mlp.fc1.weight"], w["mlp.fc1.bias"]))
        return h + F.linear(up, w["mlp.fc2.weight"], w["mlp.fc2.bias"])
    return run


MODELS = {"ln_gelu": ln_gelu_model, "add_ln": add_ln_model,
          "block": block_model}


def blas_library():
    """The BLAS shared object this process has mapped (Debian's torch calls
    whatever libblas.so.3 the alternatives system points at: the reference
    BLAS unless OpenBLAS, BLIS or MKL is installed)."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "blis", "mkl_rt", "libmkl")):
                    real = os.path.realpath(path)
                    # /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
                    # -> openblas-pthread/libblas.so.3
                    found.add("/".join(real.split("/")[-2:]))
    except OSError:
        return "unknown"
    return ", ".join(sorted(found)) or "none mapped"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--output")
    ap.add_argument("--mode", choices=["eager", "compile"], default="eager")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=10.0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    with open(args.manifest) as f:
        spec = {c["name"]: c for c in json.load(f)["cases"]}[args.case]
    weights = {name: to_torch(*t)
               for name, t in tensorio.read_safetensors(args.weights).items()}
    inputs = [to_torch(*tensorio.read_npy(path)) for path in args.input]
    fn = MODELS[spec["kind"]](spec, weights)
    if args.mode == "compile":
        if not hasattr(torch, "compile"):
            sys.exit(f"torch_bench.py: --mode compile needs torch >= 2.0, "
                     f"this is {torch.__version__}")
        fn = torch.compile(fn)

    warmup_ms = []
    with torch.inference_mode():
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

    print(json.dumps({
        "tool": "torch_bench", "mode": args.mode, "case": args.case,
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "attention": "sdpa" if hasattr(F, "scaled_dot_product_attention") else "matmul+softmax",
        "warmup": len(warmup_ms), "first_ms": round(warmup_ms[0], 4),
        "reps": len(ms), "median_ms": round(statistics.median(ms), 4),
        "min_ms": round(min(ms), 4), "max_ms": round(max(ms), 4),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
