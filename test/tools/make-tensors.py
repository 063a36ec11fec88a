#!/usr/bin/env python3
"""Writes .npy and .safetensors files for the tool tests, with the standard
library only (the test machines have no numpy).

  make-tensors.py npy OUT DTYPE SHAPE [--fill=F] [--seed=N] [--truncate=N]
      One array in numpy's format 1.0, laid out as np.save lays it out.
      DTYPE: f32 (<f4), f16 (<f2), bf16 (<V2, what np.save writes for an
      ml_dtypes.bfloat16 array), i8 (|i1), i32 (<i4), i64 (<i8), or f64
      (<f8, which umc does not support, for tests that expect a refusal).
      SHAPE: dimensions joined by 'x' (2x16x64), or 'scalar'.
      --truncate=N drops the last N bytes of the file.

  make-tensors.py safetensors OUT NAME=DTYPE:SHAPE... [--fill=F] [--seed=N]
      One tensor per NAME (names may contain dots: ln1.weight=f32:64).
      DTYPE: f32, f16, bf16, i8, i32, i64 (or F32, BF16, ... as in the file).

  make-tensors.py flip IN OUT [--at=OFFSET]
      Copies IN to OUT with the bits of one byte inverted: the byte at OFFSET,
      or the middle byte by default.

  make-tensors.py truncate IN OUT --keep=N
      Copies the first N bytes of IN to OUT (all but the last -N when N < 0).

  make-tensors.py list FILE.safetensors
      Prints each tensor of the file as "NAME DTYPE [SHAPE]", sorted by name.

--fill: 'random' (uniform in [-1, 1) for floats, [-8, 8] for integers; the
default), 'zeros', 'ones', 'iota' (0, 1, 2, ...) or a number. --seed seeds
'random' (default 0); every tensor of a safetensors file gets its own stream.
The same command line always writes the same bytes.
"""
import argparse
import json
import random
import struct
import sys

# name -> (npy descr, safetensors dtype, struct code, is float)
DTYPES = {
    "f32": ("<f4", "F32", "f", True),
    "f16": ("<f2", "F16", "e", True),
    "bf16": ("<V2", "BF16", None, True),  # npy: as ml_dtypes saves it
    "i8": ("|i1", "I8", "b", False),
    "i32": ("<i4", "I32", "i", False),
    "i64": ("<i8", "I64", "q", False),
    "f64": ("<f8", "F64", "d", True),
}


def parse_dtype(text):
    name = text.lower()
    if name not in DTYPES:
        sys.exit("make-tensors: unknown dtype '%s'; expected one of %s"
                 % (text, ", ".join(DTYPES)))
    return name


def parse_shape(text):
    if text in ("scalar", ""):
        return ()
    try:
        shape = tuple(int(d) for d in text.split("x"))
    except ValueError:
        sys.exit("make-tensors: bad shape '%s'; expected e.g. 2x16x64 or "
                 "scalar" % text)
    if any(d < 0 for d in shape):
        sys.exit("make-tensors: negative dimension in '%s'" % text)
    return shape


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def values(n, is_float, fill, rng):
    if fill == "random":
        if is_float:
            return [rng.uniform(-1.0, 1.0) for _ in range(n)]
        return [rng.randint(-8, 8) for _ in range(n)]
    if fill == "zeros":
        return [0] * n
    if fill == "ones":
        return [1] * n
    if fill == "iota":
        return list(range(n))
    try:
        number = float(fill) if is_float else int(fill)
    except ValueError:
        sys.exit("make-tensors: bad --fill '%s'" % fill)
    return [number] * n


def bf16_bits(value):
    """The bfloat16 of a float, rounded to nearest even as PyTorch does."""
    (bits,) = struct.unpack("<I", struct.pack("<f", value))
    if (bits & 0x7F800000) == 0x7F800000 and bits & 0x7FFFFF:
        return (bits >> 16) | 0x40  # a quiet NaN
    return (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16


def encode(dtype, shape, fill, rng):
    _, _, code, is_float = DTYPES[dtype]
    data = values(count(shape), is_float, fill, rng)
    if dtype == "bf16":
        return struct.pack("<%dH" % len(data), *(bf16_bits(v) for v in data))
    if is_float:
        data = [float(v) for v in data]
    return struct.pack("<%d%s" % (len(data), code), *data)


def npy_bytes(dtype, shape, data):
    """Format 1.0 with np.save's header padding."""
    descr = DTYPES[dtype][0]
    if descr is None:
        sys.exit("make-tensors: npy has no %s type" % dtype)
    if len(shape) == 1:
        shape_text = "(%d,)" % shape[0]
    else:
        shape_text = "(" + ", ".join(str(d) for d in shape) + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, shape_text)
    if shape:
        header += " " * (21 - len(str(shape[0])))
    unpadded = 10 + len(header) + 1
    header += " " * (64 - unpadded % 64) + "\n"
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
            header.encode("latin1") + data)


def safetensors_bytes(tensors):
    """tensors: (name, dtype, shape, data); stored in name order."""
    header, blobs, offset = {}, [], 0
    for name, dtype, shape, data in sorted(tensors):
        header[name] = {"dtype": DTYPES[dtype][1], "shape": list(shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True)
    text += " " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text.encode("utf-8") + b"".join(blobs)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["npy", "safetensors", "flip", "truncate", "list"])
    parser.add_argument("args", nargs="*", metavar="ARG")
    parser.add_argument("--fill", default="random")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--truncate", type=int, default=0)
    parser.add_argument("--at", type=int)
    parser.add_argument("--keep", type=int)
    args = parser.parse_args()
    rest = args.args

    if args.kind == "npy":
        if len(rest) != 3:
            sys.exit("make-tensors: npy OUT DTYPE SHAPE")
        dtype, shape = parse_dtype(rest[1]), parse_shape(rest[2])
        rng = random.Random(args.seed)
        data = npy_bytes(dtype, shape, encode(dtype, shape, args.fill, rng))
        write(rest[0], data[:len(data) - args.truncate])
    elif args.kind == "safetensors":
        if not rest:
            sys.exit("make-tensors: safetensors OUT NAME=DTYPE:SHAPE...")
        tensors = []
        for index, spec in enumerate(rest[1:]):
            name, eq, typed = spec.rpartition("=")
            dtype, colon, shape = typed.partition(":")
            if not eq or not name or not colon:
                sys.exit("make-tensors: bad tensor '%s'; expected "
                         "NAME=DTYPE:SHAPE" % spec)
            dtype, shape = parse_dtype(dtype), parse_shape(shape)
            rng = random.Random(args.seed * 1000003 + index)
            tensors.append((name, dtype, shape,
                            encode(dtype, shape, args.fill, rng)))
        write(rest[0], safetensors_bytes(tensors))
    elif args.kind == "list":
        if len(rest) != 1:
            sys.exit("make-tensors: list FILE.safetensors")
        data = read(rest[0])
        (length,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + length])
        for name, entry in sorted(header.items()):
            if name != "__metadata__":
                print("%s %s %s" % (name, entry["dtype"], entry["shape"]))
    else:
        if len(rest) != 2:
            sys.exit("make-tensors: %s IN OUT" % args.kind)
        data = bytearray(read(rest[0]))
        if args.kind == "flip":
            at = len(data) // 2 if args.at is None else args.at
            data[at] ^= 0xFF
        else:
            if args.keep is None:
                sys.exit("make-tensors: truncate needs --keep=N")
            data = data[:args.keep]
        write(rest[1], bytes(data))


if __name__ == "__main__":
    main()
