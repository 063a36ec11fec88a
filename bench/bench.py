#!/usr/bin/python3
"""Runs the benchmark: every case on every peer, on the same files; checks
that the outputs agree; prints one table. bench/run.sh builds umc, installs
PyTorch and calls this; see bench/README.md.

A *case* (bench/gen_models.py: CASES) is a model at benchmark shapes. A
*peer* (PEERS below) is one way of running it: umc with some umc-compile
flags, or PyTorch in some mode. Every peer's output is compared with the
BASELINE peer's, and every time is divided by the baseline's.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_models  # noqa: E402
import tensorio  # noqa: E402

# kind "umc": compiled with umc-compile + `flags`, timed by umc-bench.
# kind "torch": timed by torch_bench.py in `mode` (eager, compile,
# onnxruntime); `forward_only` peers skip the LM's generation and training.
PEERS = {
    "umc-unfused": {"kind": "umc", "label": "umc unfused",
                    "flags": ["--fusion=false"]},
    "umc": {"kind": "umc", "label": "umc", "flags": []},
    "torch": {"kind": "torch", "label": "torch", "mode": "eager"},
    # Needs torch >= 2.0 (run.sh installs it from PyPI; see README.md).
    "torch-compile": {"kind": "torch", "label": "torch.compile",
                      "mode": "compile"},
    # The same PyTorch model exported to ONNX; run.sh installs onnxruntime
    # from PyPI where it can, and the default peers include it when the
    # torch Python imports it.
    "onnxruntime": {"kind": "torch", "label": "onnxruntime",
                    "mode": "onnxruntime", "forward_only": True},
}
# One umc peer per fusion rule turned off (umc-compile --disable-fusion),
# to measure each rule against the others (README.md, "Fusion rules").
FUSION_RULES = ["norm_activation", "activation_norm", "residual_norm",
                "gemm_epilogue", "elementwise"]
for rule in FUSION_RULES:
    PEERS["umc-no-" + rule] = {"kind": "umc", "label": "umc-no-" + rule,
                               "flags": ["--disable-fusion=" + rule]}
DEFAULT_PEERS = ["umc", "torch", "torch-compile", "onnxruntime"]
BASELINE = "torch"

NP_DTYPES = {"f32": np.float32, "i32": np.int32, "i64": np.int64}

# --heap warm: glibc keeps freed memory in the heap instead of returning it to
# the kernel (no mmap for large blocks, no trimming), so the second and later
# calls of either peer reuse pages already faulted in. Both umc's runtime
# (a fresh output and scratch arena per call) and PyTorch's CPU allocator (a
# fresh tensor per op) otherwise pay a page fault per 4 KiB per call, which
# on a VM can cost more than the kernels (see README.md).
WARM_HEAP = "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1099511627776"


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def peer_env(args):
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(args.threads)
    # Nothing else is tuned for a peer: each runs with its own defaults
    # (OMP_WAIT_POLICY among them, which PyTorch 2's OpenMP threads want
    # active). A caller's own setting is passed on to every peer alike.
    if args.heap == "warm":
        tunables = [t for t in env.get("GLIBC_TUNABLES", "").split(":") if t]
        env["GLIBC_TUNABLES"] = ":".join(tunables + [WARM_HEAP])
    return env


def run(cmd, env=None):
    """Runs cmd; returns (stdout, seconds); exits with its output on failure."""
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        sys.exit(f"bench: FAILED (exit {p.returncode}): {' '.join(cmd)}")
    return p.stdout, seconds


def json_line(stdout):
    lines = [l for l in stdout.splitlines() if l.startswith("{")]
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------
# Data: the same weights and inputs for every peer, generated once
# ---------------------------------------------------------------------------


def make_tensor(case, t):
    init, shape, dtype = t["init"], t["shape"], t["dtype"]
    if init["dist"] == "arange":
        a = np.arange(int(np.prod(shape)), dtype=NP_DTYPES[dtype]).reshape(shape)
    elif init["dist"] == "uniform":
        seed = zlib.crc32(f"{case}/{t['name']}".encode())
        rng = np.random.default_rng(seed)
        a = rng.uniform(init["lo"], init["hi"], size=shape).astype(NP_DTYPES[dtype])
    elif init["dist"] == "const":
        a = np.full(shape, init["value"], dtype=NP_DTYPES[dtype])
    else:
        raise ValueError(f"unknown init {init}")
    # (Not np.ascontiguousarray: it makes a 0-d array 1-d.)
    return np.array(a, order="C", copy=True)


def ensure_data(spec, data_dir):
    """Writes DATA/weights.safetensors and DATA/<input>.npy unless the files
    there were made from the same spec; returns (weights, [inputs])."""
    d = os.path.join(data_dir, spec["name"])
    os.makedirs(d, exist_ok=True)
    stamp_path = os.path.join(d, "spec.json")
    stamp = json.dumps({"inputs": spec["inputs"], "weights": spec["weights"]},
                       sort_keys=True)
    weights = os.path.join(d, "weights.safetensors")
    inputs = [os.path.join(d, t["name"] + ".npy") for t in spec["inputs"]]
    if (os.path.exists(stamp_path) and open(stamp_path).read() == stamp
            and all(os.path.exists(p) for p in inputs + [weights])):
        return weights, inputs
    log(f"{spec['name']}: generating weights and inputs")
    tensorio.write_safetensors(weights, {
        t["name"]: (t["dtype"], t["shape"], make_tensor(spec["name"], t).tobytes())
        for t in spec["weights"]})
    for t, path in zip(spec["inputs"], inputs):
        np.save(path, make_tensor(spec["name"], t))
    with open(stamp_path, "w") as f:
        f.write(stamp)
    return weights, inputs


# ---------------------------------------------------------------------------
# Peers
# ---------------------------------------------------------------------------


def compile_umc(args, spec, peer_name, peer, art_dir):
    """Compiles the case's model for a umc peer; returns (artifact, seconds).
    An artifact newer than its .mlir and than umc-compile, made with the same
    flags, is reused (seconds None): the LM takes minutes to compile here."""
    compiler = os.path.join(args.build_dir, "bin", "umc-compile")
    artifact = os.path.join(art_dir, f"{spec['name']}.{peer_name}.umcb")
    stamp = artifact + ".flags"
    flags = " ".join(peer["flags"] + spec.get("compile_flags", []))
    if (not args.recompile and os.path.exists(artifact) and os.path.exists(stamp)
            and open(stamp).read() == flags
            and os.path.getmtime(artifact) > max(os.path.getmtime(spec["mlir_file"]),
                                                 os.path.getmtime(compiler))):
        return artifact, None
    log(f"{spec['name']}: umc-compile {flags}".rstrip())
    _, seconds = run([compiler, spec["mlir_file"], "-o", artifact] + peer["flags"]
                     + spec.get("compile_flags", []))
    with open(stamp, "w") as f:
        f.write(flags)
    return artifact, seconds


def umc_bench_time(args, artifact, function, weights, inputs, output, case,
                   reps=None):
    out, _ = run([os.path.join(args.build_dir, "bin", "umc-bench"), "time",
                  artifact, "--function", function,
                  "--params", weights, "--output", "@" + output,
                  "--threads", str(args.threads), "--warmup", str(args.warmup),
                  "--reps", str(reps or args.reps),
                  "--max-seconds", str(args.max_seconds), "--case", case]
                 + [f"--input=@{p}" for p in inputs], env=peer_env(args))
    return json_line(out)


def run_umc(args, spec, peer_name, peer, weights, inputs, output, art_dir):
    artifact, compile_s = compile_umc(args, spec, peer_name, peer, art_dir)
    out, _ = run([os.path.join(args.build_dir, "bin", "umc-bench"), "time",
                  artifact, "--function", spec["function"],
                  "--params", weights, "--output", "@" + output,
                  "--threads", str(args.threads), "--warmup", str(args.warmup),
                  "--reps", str(args.reps), "--max-seconds", str(args.max_seconds),
                  "--case", spec["name"]]
                 + [f"--input=@{p}" for p in inputs], env=peer_env(args))
    result = json_line(out)
    result["compile_s"] = None if compile_s is None else round(compile_s, 2)
    return result


def lm_inputs(spec, data_dir):
    """The .npy inputs of the LM's entry points: the prompt for prefill
    (tokens i32[1, P], start 0), and one decode_sample call at the median
    position of the generation (its cost grows with the cache it reads)."""
    d = os.path.join(data_dir, spec["name"])
    prompt = np.frombuffer(spec["prompt_text"].encode(), dtype=np.uint8)
    position = spec["prompt"] + spec["new_tokens"] // 2
    arrays = {
        "tokens": prompt.astype(np.int32).reshape(1, -1),
        "start": np.array(0, dtype=np.int32),
        "token": np.array([[int(prompt[-1])]], dtype=np.int32),
        "position": np.array(position, dtype=np.int32),
        "seed": np.array(0, dtype=np.int64),
        "temperature": np.array(0.0, dtype=np.float32),
        "top_k": np.array(0, dtype=np.int32),
        "top_p": np.array(1.0, dtype=np.float32),
    }
    paths = {}
    for name, a in arrays.items():
        paths[name] = os.path.join(d, name + ".npy")
        np.save(paths[name], a)
    return paths, position


def run_umc_generate(args, spec, peer_name, peer, weights, output, art_dir,
                     data_dir):
    """The LM on umc: prefill (the logits, for the check, and its time) and
    one decode step timed by umc-bench; then the whole greedy generation by
    umc-run generate, for its tokens and its wall time."""
    artifact, compile_s = compile_umc(args, spec, peer_name, peer, art_dir)
    paths, position = lm_inputs(spec, data_dir)
    prefill = umc_bench_time(args, artifact, "prefill", weights,
                             [paths["tokens"], paths["start"]], output,
                             spec["name"], reps=max(3, args.reps // 3))
    scratch = output + ".decode.npy"
    decode = umc_bench_time(
        args, artifact, "decode_sample", weights,
        [paths[n] for n in ("token", "position", "seed", "temperature",
                            "top_k", "top_p")], scratch, spec["name"],
        reps=max(args.reps, 100))
    os.remove(scratch)
    cmd = [os.path.join(args.build_dir, "bin", "umc-run"), "generate", artifact,
           "--prompt", spec["prompt_text"], "--max-new-tokens",
           str(spec["new_tokens"]), "--temperature", "0", "--params", weights,
           "--threads", str(args.threads)]
    p = subprocess.run(cmd, capture_output=True, env=peer_env(args))
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace"))
        sys.exit(f"bench: FAILED (exit {p.returncode}): {' '.join(cmd)}")
    # stdout: the prompt, one byte per token, a newline.
    P = len(spec["prompt_text"].encode())
    tokens = list(p.stdout[P:P + spec["new_tokens"]])
    seconds = float(p.stderr.decode().split(" new tokens in ")[1].split()[0])
    result = dict(decode)
    result.update({
        "compile_s": None if compile_s is None else round(compile_s, 2),
        "decode_position": position,
        "prefill_median_ms": prefill["median_ms"],
        "prefill_reps": prefill["reps"],
        "generate_s": seconds,
        "tokens": tokens,
    })
    return result


def run_torch_generate(args, spec, peer, weights, output, manifest):
    out, _ = run([args.torch_python, os.path.join(HERE, "torch_bench.py"),
                  "--manifest", manifest, "--case", spec["name"],
                  "--weights", weights, "--output", output,
                  "--mode", peer["mode"], "--threads", str(args.threads),
                  "--prompt", spec["prompt_text"],
                  "--gen-reps", str(args.gen_reps),
                  "--reps", str(max(3, args.reps // 3)),
                  "--max-seconds", str(args.max_seconds)], env=peer_env(args))
    return json_line(out)


def has_onnxruntime(python):
    return subprocess.run([python, "-c", "import onnx, onnxruntime"],
                          capture_output=True).returncode == 0


def runs_case(peer, spec):
    """Whether `peer` runs `spec` (forward-only peers skip the LM's
    generation and training steps)."""
    return not (peer.get("forward_only") and spec.get("flow") in ("generate",
                                                                  "train"))


def run_torch(args, spec, peer_name, peer, weights, inputs, output, manifest):
    out, _ = run([args.torch_python, os.path.join(HERE, "torch_bench.py"),
                  "--manifest", manifest, "--case", spec["name"],
                  "--weights", weights, "--output", output,
                  "--mode", peer["mode"], "--threads", str(args.threads),
                  "--warmup", str(args.warmup), "--reps", str(args.reps),
                  "--max-seconds", str(args.max_seconds)]
                 + sum((["--input", p] for p in inputs), []), env=peer_env(args))
    return json_line(out)


def compare(spec, output, reference):
    if spec.get("compare") is False:
        # The peers draw different noise (see the case's generator).
        return {"ok": True, "skipped": True}
    a, b = np.load(output), np.load(reference)
    if a.shape != b.shape:
        return {"ok": False, "why": f"shape {a.shape} vs {b.shape}"}
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    diff = np.abs(a64 - b64)
    finite = bool(np.isfinite(a64).all() and np.isfinite(b64).all())
    bound = spec["atol"] + spec["rtol"] * np.abs(b64)
    bad = int(np.count_nonzero(~(diff <= bound)))
    worst = int(np.argmax(diff - bound)) if diff.size else 0
    return {
        "ok": finite and bad == 0,
        "max_abs_diff": float(diff.max()) if diff.size else 0.0,
        "max_abs_ref": float(np.abs(b64).max()) if diff.size else 0.0,
        "bad": bad,
        "finite": finite,
        "worst_index": list(map(int, np.unravel_index(worst, a.shape))),
        "worst_values": [float(a.flat[worst]), float(b.flat[worst])],
    }


# ---------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def throughput(spec, ms, stream_gbps, llc_bytes):
    sec = ms * 1e-3
    if spec.get("flow") == "generate":
        # A decode step: every weight and the KV cache read so far, once.
        gbps = spec["bytes"] / sec / 1e9
        return f"{1 / sec:.0f} tok/s, {gbps:.1f} GB/s ({100 * gbps / stream_gbps:.0f}%)"
    if spec["bound"] == "memory":
        gbps = spec["bytes"] / sec / 1e9
        if spec["bytes"] < 2 * llc_bytes:
            # Much of it may be served from the cache: a share of the
            # memory's copy bandwidth would overstate (past 100%).
            return f"{gbps:.1f} GB/s (in cache: {spec['bytes'] >> 20} MiB)"
        return f"{gbps:.1f} GB/s ({100 * gbps / stream_gbps:.0f}% of copy)"
    gflops = f"{spec['flops'] / sec / 1e9:.1f} GFLOP/s"
    if spec.get("unit") == "steps/s":
        return f"{1 / sec:.2f} steps/s, {gflops}"
    return gflops


def ratio_pairs(peers):
    """(umc peer, torch peer) for every ratio column: each umc peer over
    each torch peer (umc/torch, umc/torch.compile, ...)."""
    umcs = [p for p in peers if PEERS[p]["kind"] == "umc"]
    torches = [p for p in peers if PEERS[p]["kind"] == "torch"]
    return [(u, t) for u in umcs for t in torches]


def fmt_s(seconds):
    return "cached" if seconds is None else f"{seconds:.0f} s"


def print_table(cases, peers, results, stream, context):
    label = {p: PEERS[p]["label"] for p in peers}
    base_label = label[BASELINE]
    others = [p for p in peers if p != BASELINE]
    pairs = ratio_pairs(peers)
    header = ["case", "shape"]
    header += [f"{label[p]} ms" for p in peers]
    header += [f"{label[u]}/{label[t]}" for u, t in pairs]
    header += [f"{label[p]} throughput" for p in peers]
    header += [f"max|{label[p]}-{base_label}|" for p in others]
    rows = []
    for spec in cases:
        r = results[spec["name"]]
        # "-" where a peer does not run the case (onnxruntime: no LM, no
        # training).
        ms = {p: r[p].get("median_ms") for p in peers}
        row = [spec["name"], spec["shape"]]
        row += [f"{ms[p]:.2f}" if ms[p] else "-" for p in peers]
        row += [f"{ms[u] / ms[t]:.2f}" if ms[u] and ms[t] else "-"
                for u, t in pairs]
        row += [throughput(spec, ms[p], stream["best_gbps"],
                           stream["llc_mib"] * 2**20) if ms[p] else "-"
                for p in peers]
        for p in others:
            c = r[p].get("check")
            row.append("-" if c is None else "not compared" if c.get("skipped")
                       else f"{c.get('max_abs_diff', float('nan')):.1e}"
                       + (" ok" if c["ok"] else " FAIL"))
        rows.append(row)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def fmt(row):
        return "  ".join(str(x).ljust(w) if i < 2 else str(x).rjust(w)
                         for i, (x, w) in enumerate(zip(row, widths)))
    print()
    for line in context:
        print(line)
    print()
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(fmt(row))
    print()
    print(f"STREAM-style copy: {stream['best_gbps']:.1f} GB/s best, "
          f"{stream['median_gbps']:.1f} GB/s median (the better of a run before "
          f"and after the cases: best " + " and ".join(
              f"{g:.1f}" for g in stream.get("runs_best_gbps", [])) + f"; "
          f"{stream['threads']} threads, "
          f"2 x {stream['array_mib']:.0f} MiB f32 arrays, LLC "
          f"{stream['llc_mib']:.0f} MiB; read + write bytes counted)")
    rounds = max((len(r[p].get("round_medians", [])) for r in results.values()
                  for p in r), default=1)
    if rounds > 1:
        print(f"ms: the lowest of {rounds} rounds' medians (each peer timed "
              f"{rounds} times per case, in rotated orders; all medians are "
              f"in results.json as round_medians).")
    print("ms: median wall time of one call (the LM: of one decode step). "
          "throughput: GB/s = (input + weight + output bytes) / median, (%) of "
          "the STREAM best, for memory-bound cases (\"in cache\" instead when "
          "those bytes are under twice the LLC); GFLOP/s for compute-bound "
          "ones; the LM: tokens/s and the bytes a decode step must read "
          "(weights + KV cache) / median, (%) of the STREAM best.")
    for spec in cases:
        r = results[spec["name"]]
        if spec.get("flow") == "generate":
            print()
            print(f"{spec['name']}: greedy generation, prompt {spec['prompt']} "
                  f"bytes, {spec['new_tokens']} new tokens, batch 1; a decode "
                  f"step reads {spec['bytes'] / 1e6:.1f} MB "
                  f"({spec['weight_bytes'] / 1e6:.1f} MB of weights)")
            for p in peers:
                x = r[p]
                if x.get("skipped"):
                    continue
                line = (f"  {label[p]:14} prefill {x['prefill_median_ms']:8.2f} ms   "
                        f"decode {x['median_ms']:7.2f} ms/token "
                        f"({1e3 / x['median_ms']:5.1f} tok/s)   whole generation "
                        f"{x['generate_s']:6.2f} s ({spec['new_tokens'] / x['generate_s']:5.1f} tok/s)")
                if p != BASELINE:
                    line += "   tokens " + r[p]["tokens_check"]
                print(line)
            print(f"  umc: prefill and one decode step at position "
                  f"{r[peers[0]].get('decode_position', '?')} timed by umc-bench; "
                  f"the generation by umc-run generate. torch: every step of "
                  f"the timed generations (median over positions "
                  f"{spec['prompt']}..{spec['context'] - 2}).")
    compiles = [f"{spec['name']} {label[p]} {fmt_s(results[spec['name']][p].get('compile_s'))}"
                for spec in cases for p in peers
                if p != BASELINE and "compile_s" in results[spec["name"]][p]]
    if compiles:
        print()
        print("Compile times (not in the timings): " + "; ".join(compiles))


def token_check(tokens, reference):
    if tokens == reference:
        return f"= {BASELINE} ({len(tokens)})"
    first = next((i for i, (a, b) in enumerate(zip(tokens, reference)) if a != b),
                 min(len(tokens), len(reference)))
    return f"DIFFER from {BASELINE} from token {first} on"


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", required=True, help="umc build directory")
    ap.add_argument("--work-dir", help="models, data, outputs (default BUILD/bench)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--cases", help="comma-separated case names, kinds or "
                    "groups: kernels, decode, denoise (default: all; "
                    "bench/gen_models.py --list)")
    ap.add_argument("--peers",
                    help=f"comma-separated, from {', '.join(PEERS)} "
                    f"(default {','.join(DEFAULT_PEERS)}, onnxruntime when "
                    f"the torch Python has it)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed calls (default 2)")
    ap.add_argument("--reps", type=int, default=30,
                    help="timed calls at most (default 30)")
    ap.add_argument("--max-seconds", type=float, default=5.0,
                    help="stop timing a case on a peer after this long, once 3 "
                    "calls are timed (default 5)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="time every peer of a case this many times, in "
                    "rotated orders, and report each peer's lowest median "
                    "(default 1; 3 or more on a noisy machine)")
    ap.add_argument("--heap", choices=["warm", "cold"], default="warm",
                    help="warm (default): glibc reuses freed memory, calls do "
                    "not page-fault; cold: glibc's defaults")
    ap.add_argument("--torch-python", default=sys.executable,
                    help="the Python that runs torch_bench.py (default: this one)")
    ap.add_argument("--gen-reps", type=int, default=2,
                    help="LM: timed generations on the torch side (default 2)")
    ap.add_argument("--recompile", action="store_true",
                    help="compile umc artifacts even when a cached one is newer "
                    "than its model and umc-compile")
    ap.add_argument("--stream-mib", type=float, default=0,
                    help="MiB per STREAM array (default: 4x LLC, at least 64)")
    args = ap.parse_args()
    if args.rounds < 1:
        sys.exit("bench: --rounds must be at least 1")
    args.build_dir = os.path.abspath(args.build_dir)
    work = os.path.abspath(args.work_dir or os.path.join(args.build_dir, "bench"))
    if args.peers:
        peers = args.peers.split(",")
    else:
        peers = [p for p in DEFAULT_PEERS
                 if p != "onnxruntime" or has_onnxruntime(args.torch_python)]
        if "onnxruntime" not in peers:
            log("onnxruntime is not importable by the torch Python: "
                "that peer is left out (bench/run.sh installs it from PyPI)")
    for p in peers:
        if p not in PEERS:
            sys.exit(f"bench: unknown peer '{p}'; known: {', '.join(PEERS)}")
    if BASELINE not in peers:
        sys.exit(f"bench: the baseline peer '{BASELINE}' must be among --peers")
    # The table shows umc's peers, then the baseline, then the other torch
    # peers; every output is checked against the baseline's.
    peers = ([p for p in peers if PEERS[p]["kind"] == "umc"] + [BASELINE]
             + [p for p in peers if PEERS[p]["kind"] != "umc" and p != BASELINE])
    load_before = os.getloadavg()[0]

    model_dir = os.path.join(work, "models")
    data_dir = os.path.join(work, "data")
    out_dir = os.path.join(work, "outputs")
    art_dir = os.path.join(work, "artifacts")
    for d in (out_dir, art_dir):
        os.makedirs(d, exist_ok=True)
    manifest = gen_models.write_cases(
        model_dir, args.cases.split(",") if args.cases else None)
    manifest_path = os.path.join(model_dir, "manifest.json")

    log(f"STREAM-style copy, {args.threads} threads")
    stream_cmd = [os.path.join(args.build_dir, "bin", "umc-bench"), "stream",
                  "--threads", str(args.threads)]
    if args.stream_mib:
        stream_cmd += ["--mib", str(args.stream_mib)]
    streams = [json_line(run(stream_cmd)[0])]

    results, failures, token_mismatches, run_orders = {}, [], [], []
    for index, spec in enumerate(manifest["cases"]):
        weights, inputs = ensure_data(spec, data_dir)
        results[spec["name"]] = r = {}
        # Each case (and each round) starts with another peer, so that none
        # always runs first (on a cold machine) or right after a given
        # other one.
        orders = []
        for round_index in range(args.rounds):
            start = (index + round_index) % len(peers)
            orders.append(peers[start:] + peers[:start])
        run_orders.append((spec, [p for order in orders for p in order]))
        for p in [p for order in orders for p in order]:
            peer = PEERS[p]
            if not runs_case(peer, spec):
                r[p] = {"skipped": True}
                continue
            output = os.path.join(out_dir, f"{spec['name']}.{p}.npy")
            if os.path.exists(output):
                os.remove(output)
            log(f"{spec['name']}: {p}")
            generate = spec.get("flow") == "generate"
            if peer["kind"] == "umc" and generate:
                run_result = run_umc_generate(args, spec, p, peer, weights,
                                              output, art_dir, data_dir)
            elif peer["kind"] == "umc":
                run_result = run_umc(args, spec, p, peer, weights, inputs,
                                     output, art_dir)
            elif generate:
                run_result = run_torch_generate(args, spec, peer, weights,
                                                output, manifest_path)
            else:
                run_result = run_torch(args, spec, p, peer, weights, inputs,
                                       output, manifest_path)
            run_result["output"] = output
            log(f"{spec['name']}: {p}: median {run_result['median_ms']:.3f} ms "
                f"over {run_result['reps']} reps"
                + (f" (compile: {fmt_s(run_result['compile_s'])})"
                   if "compile_s" in run_result else ""))
            # With --rounds, a peer's lowest median stands (the run least
            # disturbed by the rest of the machine); all are kept.
            medians = r.get(p, {}).get("round_medians", []) + [
                run_result["median_ms"]]
            # Later rounds reuse the artifact: the first round's compile
            # time is the one to report.
            compile_s = r.get(p, {}).get("compile_s",
                                         run_result.get("compile_s"))
            if p not in r or run_result["median_ms"] < r[p]["median_ms"]:
                r[p] = run_result
            r[p]["round_medians"] = medians
            if compile_s is not None:
                r[p]["compile_s"] = compile_s
        # Every peer's output against the baseline's, once all have run.
        for p in others_of(peers):
            if r[p].get("skipped"):
                continue
            c = r[p]["check"] = compare(spec, r[p]["output"],
                                        r[BASELINE]["output"])
            if not c["ok"]:
                failures.append((spec, p, c))
            if spec.get("flow") == "generate":
                r[p]["tokens_check"] = token_check(r[p]["tokens"],
                                                   r[BASELINE]["tokens"])
                if r[p]["tokens"] != r[BASELINE]["tokens"]:
                    token_mismatches.append(f"{spec['name']}: {p} tokens "
                                            + r[p]["tokens_check"])
    # Again at the end: on a shared machine a copy disturbed by other work
    # would understate the ceiling; the better of the two is reported.
    log(f"STREAM-style copy again, {args.threads} threads")
    streams.append(json_line(run(stream_cmd)[0]))
    stream = dict(max(streams, key=lambda x: x["best_gbps"]))
    stream["runs_best_gbps"] = [x["best_gbps"] for x in streams]
    load_after = os.getloadavg()[0]

    torch_info = next((r[p] for r in results.values() for p in r
                       if PEERS[p]["kind"] == "torch" and "torch" in r[p]), {})
    ort_version = next((r[p]["onnxruntime"] for r in results.values()
                        for p in r if "onnxruntime" in r[p]), None)
    blas = torch_info.get("blas", "?")
    context = [
        f"{cpu_model()}, {os.cpu_count()} hardware threads; "
        f"{args.threads} threads for every peer; heap: {args.heap}",
        f"torch {torch_info.get('torch', '?')} (BLAS: {blas}; attention: "
        f"{torch_info.get('attention', '?')}; OMP_WAIT_POLICY="
        f"{peer_env(args).get('OMP_WAIT_POLICY', 'unset, its default')})"
        + (f"; onnxruntime {ort_version} (the torch model exported to ONNX; "
           "its compile time is the export and the session)"
           if ort_version else ""),
        "peers run in a rotated order, case by case: " + "; ".join(
            f"{spec['name']}: {', '.join(PEERS[p]['label'] for p in order)}"
            for spec, order in run_orders),
    ]
    warnings = []
    if "openblas" not in blas and "mkl" not in blas and "blis" not in blas:
        warnings.append("WARNING: PyTorch is not using an optimized BLAS "
                        f"({blas}); its GEMMs are slow. On Debian: "
                        "apt-get install libopenblas0")
    if max(load_before, load_after) > 0.5 * (os.cpu_count() or 1):
        warnings.append(f"WARNING: the machine was busy (load average "
                        f"{load_before:.1f} before, {load_after:.1f} after, "
                        f"including this benchmark); times are noisy")

    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"stream": stream, "cases": manifest["cases"],
                   "results": results, "threads": args.threads,
                   "heap": args.heap, "context": context,
                   "warnings": warnings}, f, indent=1)
    print_table(manifest["cases"], peers, results, stream, context)
    for w in warnings:
        print(w)
    for m in token_mismatches:
        # Greedy decoding flips where two logits are within rounding of each
        # other; the prefill logits are the numerical check (FAIL above).
        print("NOTE: " + m + " (the logits agree within the tolerance; a "
              "near-tie flipped the argmax)")
    print(f"Details: {os.path.join(work, 'results.json')}")

    if failures:
        print()
        for spec, p, c in failures:
            print(f"MISMATCH {spec['name']}: {p} vs {BASELINE}: "
                  f"{c.get('bad', '?')} elements beyond atol {spec['atol']} + "
                  f"rtol {spec['rtol']} * |ref|; max |diff| "
                  f"{c.get('max_abs_diff', float('nan')):.3e}; worst at "
                  f"{c.get('worst_index')}: {p} {c.get('worst_values', ['?'])[0]} "
                  f"vs {BASELINE} {c.get('worst_values', ['?', '?'])[1]}"
                  + ("" if c.get("finite", True) else "; NON-FINITE values")
                  + (f"; {c['why']}" if "why" in c else ""))
        print("bench: FAILED: outputs disagree; the times above are of wrong "
              "answers", file=sys.stderr)
        return 1
    return 0


def others_of(peers):
    return [p for p in peers if p != BASELINE]


if __name__ == "__main__":
    sys.exit(main())
