#!/usr/bin/env python3
"""Checks the loss history of a umc-run train checkpoint (standard library
only): --decreases fails unless the mean of the last tenth of the steps is
below that of the first tenth.

    check-losses.py CHECKPOINT --decreases
"""
import json
import struct
import sys


def losses(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    entry = header["train/losses"]
    begin, end = entry["data_offsets"]
    raw = data[8 + size + begin:8 + size + end]
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def main():
    if len(sys.argv) != 3 or sys.argv[2] != "--decreases":
        sys.exit(__doc__)
    values = losses(sys.argv[1])
    tenth = max(1, len(values) // 10)
    first = sum(values[:tenth]) / tenth
    last = sum(values[-tenth:]) / tenth
    print(f"{len(values)} steps: first tenth {first:.4f}, last tenth {last:.4f}")
    if not last < first:
        sys.exit("the loss did not decrease")


if __name__ == "__main__":
    main()
