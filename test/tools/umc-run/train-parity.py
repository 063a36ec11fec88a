#!/usr/bin/env python3
"""Trains test/tools/umc-run/Inputs/tiny-classifier.mlir in PyTorch from the
same initial parameters, on the same batches, with the same AdamW, clipping
and schedule as umc's compiled step, and compares the loss of every step
with the one umc-run train recorded in its checkpoint.

    train-parity.py --init INIT.safetensors --data DATA.safetensors
        --checkpoint CKPT --steps N --lr LR --warmup-steps W [--seed S]

Fails if any step's loss differs by more than 1e-4 relative.
"""
import argparse
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

MASK = (1 << 64) - 1


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    dtypes = {"F32": torch.float32, "I32": torch.int32, "I64": torch.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + size + begin:8 + size + end])
        t = torch.frombuffer(raw, dtype=dtypes[entry["dtype"]]) if raw else \
            torch.zeros(0, dtype=dtypes[entry["dtype"]])
        tensors[name] = t.reshape(entry["shape"]).clone()
    return tensors


# The batches of lib/Tooling/Dataset.cpp: splitmix64, Fisher-Yates per epoch.
def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def permutation(seed, epoch, n):
    order = list(range(n))
    state = mix(mix(seed) ^ epoch)
    for i in range(n - 1, 0, -1):
        bound = i + 1
        threshold = ((1 << 64) - bound) % bound
        while True:
            state = (state + 0x9E3779B97F4A7C15) & MASK
            r = mix(state)
            if r >= threshold:
                break
        j = r % bound
        order[i], order[j] = order[j], order[i]
    return order


def batch(step, size, seed, n):
    out, epoch, order = [], None, None
    for position in range(step * size, (step + 1) * size):
        if position // n != epoch:
            epoch = position // n
            order = permutation(seed, epoch, n)
        out.append(order[position % n])
    return out


def rate(t, lr, warmup, total, min_ratio):
    if t <= warmup:
        return lr * t / max(warmup, 1)
    progress = min(1.0, max(t - warmup, 0) / max(total - warmup, 1))
    return lr * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--init", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--warmup-steps", type=float, default=0)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    torch.manual_seed(0)
    init = read_safetensors(args.init)
    data = read_safetensors(args.data)
    umc_losses = read_safetensors(args.checkpoint)["train/losses"].tolist()
    names = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    params = [init[n].clone().requires_grad_(True) for n in names]
    w1, b1, w2, b2 = params
    optimizer = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.999),
                                  eps=1e-8, weight_decay=0.01)
    n = data["x"].shape[0]
    worst = 0.0
    for step in range(args.steps):
        rows = torch.tensor(batch(step, 8, args.seed, n))
        x, labels = data["x"][rows], data["labels"][rows].long() + 8
        logits = F.gelu(x @ w1.T + b1) @ w2.T + b2
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        for group in optimizer.param_groups:
            group["lr"] = rate(step + 1, args.lr, args.warmup_steps,
                               args.steps, 0.1)
        optimizer.step()
        ours, theirs = umc_losses[step], loss.item()
        error = abs(ours - theirs) / max(abs(theirs), 1e-12)
        worst = max(worst, error)
        if error > 1e-4:
            sys.exit(f"step {step + 1}: umc loss {ours!r}, PyTorch {theirs!r} "
                     f"(relative difference {error:.2e} > 1e-4)")
    print(f"{args.steps} steps: the losses agree within {worst:.1e} relative "
          f"(PyTorch {torch.__version__})")


if __name__ == "__main__":
    main()
