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
# kind "torch": timed by torch_bench.py in `mode` (eager, compile).
PEERS = {
    "umc-unfused": {"kind": "umc", "label": "umc unfused",
                    "flags": ["--fusion=false"]},
    "umc": {"kind": "umc", "label": "umc", "flags": []},
    "torch": {"kind": "torch", "label": "torch", "mode": "eager"},
    # Needs torch >= 2.0; Debian 12's is 1.13 (see README.md).
    "torch-compile": {"kind": "torch", "label": "torch.compile",
                      "mode": "compile"},
}
DEFAULT_PEERS = ["umc-unfused", "umc", "torch"]
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
    # Debian's torch runs elementwise ops on libgomp threads and GEMMs on
    # OpenBLAS's own pthreads. By default the OpenMP threads spin after each
    # parallel region and steal the cores OpenBLAS needs: the block then
    # takes 30-300 ms instead of 13-23 ms. Sleeping workers cost the
    # elementwise ops nothing measurable. (umc's pool does not use OpenMP.)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
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


def run_umc(args, spec, peer_name, peer, weights, inputs, output, art_dir):
    artifact = os.path.join(art_dir, f"{spec['name']}.{peer_name}.umcb")
    _, compile_s = run([os.path.join(args.build_dir, "bin", "umc-compile"),
                        spec["mlir_file"], "-o", artifact] + peer["flags"])
    out, _ = run([os.path.join(args.build_dir, "bin", "umc-bench"), "time",
                  artifact, "--function", spec["function"],
                  "--params", weights, "--output", "@" + output,
                  "--threads", str(args.threads), "--warmup", str(args.warmup),
                  "--reps", str(args.reps), "--max-seconds", str(args.max_seconds),
                  "--case", spec["name"]]
                 + [f"--input=@{p}" for p in inputs], env=peer_env(args))
    result = json_line(out)
    result["compile_s"] = round(compile_s, 2)
    return result


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


def throughput(spec, ms, stream_gbps):
    if spec["bound"] == "memory":
        gbps = spec["bytes"] / (ms * 1e-3) / 1e9
        return f"{gbps:.1f} GB/s ({100 * gbps / stream_gbps:.0f}%)"
    return f"{spec['flops'] / (ms * 1e-3) / 1e9:.1f} GFLOP/s"


def print_table(cases, peers, results, stream, context):
    base_label = PEERS[BASELINE]["label"]
    others = [p for p in peers if p != BASELINE]
    header = ["case", "shape"]
    header += [f"{PEERS[p]['label']} ms" for p in peers]
    header += [f"{PEERS[p]['label']}/{base_label}" for p in others]
    header += [f"{PEERS[p]['label']} throughput" for p in peers]
    header += [f"max|{PEERS[p]['label']}-{base_label}|" for p in others]
    rows = []
    for spec in cases:
        r = results[spec["name"]]
        ms = {p: r[p]["median_ms"] for p in peers}
        row = [spec["name"], spec["shape"]]
        row += [f"{ms[p]:.2f}" for p in peers]
        row += [f"{ms[p] / ms[BASELINE]:.2f}" for p in others]
        row += [throughput(spec, ms[p], stream["best_gbps"]) for p in peers]
        for p in others:
            c = r[p]["check"]
            row.append(f"{c.get('max_abs_diff', float('nan')):.1e}"
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
          f"{stream['median_gbps']:.1f} GB/s median ({stream['threads']} threads, "
          f"2 x {stream['array_mib']:.0f} MiB f32 arrays, LLC "
          f"{stream['llc_mib']:.0f} MiB; read + write bytes counted)")
    print("ms: median wall time of one call. throughput: GB/s = (input + "
          "weight + output bytes) / median, (%) of the STREAM best, for "
          "memory-bound cases; GFLOP/s for compute-bound ones.")


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", required=True, help="umc build directory")
    ap.add_argument("--work-dir", help="models, data, outputs (default BUILD/bench)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--cases", help="comma-separated case names (default: all; "
                    "bench/gen_models.py --list)")
    ap.add_argument("--peers", default=",".join(DEFAULT_PEERS),
                    help=f"comma-separated, from {', '.join(PEERS)} "
                    f"(default {','.join(DEFAULT_PEERS)})")
    ap.add_argument("--warmup", type=int, default=2, help="untimed calls (default 2)")
    ap.add_argument("--reps", type=int, default=30,
                    help="timed calls at most (default 30)")
    ap.add_argument("--max-seconds", type=float, default=5.0,
                    help="stop timing a case on a peer after this long, once 3 "
                    "calls are timed (default 5)")
    ap.add_argument("--heap", choices=["warm", "cold"], default="warm",
                    help="warm (default): glibc reuses freed memory, calls do "
                    "not page-fault; cold: glibc's defaults")
    ap.add_argument("--torch-python", default="/usr/bin/python3")
    ap.add_argument("--stream-mib", type=float, default=0,
                    help="MiB per STREAM array (default: 4x LLC, at least 64)")
    args = ap.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    work = os.path.abspath(args.work_dir or os.path.join(args.build_dir, "bench"))
    peers = args.peers.split(",")
    for p in peers:
        if p not in PEERS:
            sys.exit(f"bench: unknown peer '{p}'; known: {', '.join(PEERS)}")
    if BASELINE not in peers:
        sys.exit(f"bench: the baseline peer '{BASELINE}' must be among --peers")
    # The table shows the baseline last (umc, then torch); it runs first, so
    # the others can be checked against its output as they finish.
    peers = [p for p in peers if p != BASELINE] + [BASELINE]
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
    stream = json_line(run(stream_cmd)[0])

    results, failures = {}, []
    for spec in manifest["cases"]:
        weights, inputs = ensure_data(spec, data_dir)
        results[spec["name"]] = r = {}
        for p in [BASELINE] + others_of(peers):
            peer = PEERS[p]
            output = os.path.join(out_dir, f"{spec['name']}.{p}.npy")
            if os.path.exists(output):
                os.remove(output)
            log(f"{spec['name']}: {p}")
            if peer["kind"] == "umc":
                r[p] = run_umc(args, spec, p, peer, weights, inputs, output, art_dir)
            else:
                r[p] = run_torch(args, spec, p, peer, weights, inputs, output,
                                 manifest_path)
            r[p]["output"] = output
            if p != BASELINE:
                c = r[p]["check"] = compare(spec, output, r[BASELINE]["output"])
                if not c["ok"]:
                    failures.append((spec, p, c))
            log(f"{spec['name']}: {p}: median {r[p]['median_ms']:.3f} ms over "
                f"{r[p]['reps']} reps" + (f" (compiled in {r[p]['compile_s']} s)"
                                          if "compile_s" in r[p] else ""))
    load_after = os.getloadavg()[0]

    torch_info = next((r[p] for r in results.values() for p in r
                       if PEERS[p]["kind"] == "torch"), {})
    blas = torch_info.get("blas", "?")
    context = [
        f"{cpu_model()}, {os.cpu_count()} hardware threads; "
        f"{args.threads} threads for every peer; heap: {args.heap}",
        f"torch {torch_info.get('torch', '?')} (BLAS: {blas}; attention: "
        f"{torch_info.get('attention', '?')}; OMP_WAIT_POLICY="
        f"{peer_env(args)['OMP_WAIT_POLICY']})",
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
