#!/usr/bin/env python3
"""Prints the kernels (llvm.func definitions) of `umc-compile --compile-to=llvm`
output read from stdin, wherever they sit in the module, with their
indentation removed: what scripts/replay.sh compares between two compilers."""
import sys

depth = None
for line in sys.stdin:
    stripped = line.strip()
    if depth is None and stripped.startswith("llvm.func") and stripped.endswith("{"):
        depth = 0
    if depth is None:
        continue
    print(stripped)
    depth += stripped.count("{") - stripped.count("}")
    if depth <= 0:
        depth = None
