#!/usr/bin/env python3
"""Prints the kernels (llvm.func definitions) of `umc-compile --compile-to=llvm`
output read from stdin, wherever they sit in the module, with indentation
and attribute dictionaries removed: what scripts/replay.sh compares between
two compilers. The runtime entry points (umc_kernel_N, the calling
convention of KernelAbi.h) are left out: they wrap the kernels, and their
changes are ABI changes, versioned on their own."""
import re
import sys

depth = 0       # brace depth inside the current function; 0: outside one
printing = False
for line in sys.stdin:
    stripped = line.strip()
    if depth == 0:
        if not (stripped.startswith("llvm.func") and stripped.endswith("{")):
            continue
        printing = not stripped.startswith("llvm.func @umc_kernel_")
    if printing:
        print(re.sub(r" attributes \{.*\} \{$", " {", stripped))
    depth += stripped.count("{") - stripped.count("}")
