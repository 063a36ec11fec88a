#!/usr/bin/env bash
# Rebuilds test/fuzz/corpus/artifact/, the seeds of umc-fuzz-artifact: small
# models compiled with umc-compile, and a few damaged copies of one of them.
# The regression-*.umcb files beside them are kept.
# Run after a change to the artifact schema, and commit the result.
# UMC_BUILD_DIR names the build whose umc-compile is used (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
compile=$(cd "$build" 2>/dev/null && pwd)/bin/umc-compile
# Relative, as the artifacts record their umc-compile command line.
out=test/fuzz/corpus/artifact
[ -x "$compile" ] || { echo "make-artifact-corpus: no $compile; build first" >&2; exit 1; }
cd "$root"
# regression-*.umcb are inputs that once crashed the loader; they stay.
mkdir -p "$out"
find "$out" -name '*.umcb' ! -name 'regression-*' -delete

# Each artifact embeds its kernels' shared object; these stay under 200 KB.
"$compile" models/tiny_block.mlir -o "$out/tiny_block.umcb"
"$compile" models/tiny_block.mlir --fusion=false -o "$out/tiny_block-unfused.umcb"
"$compile" test/tools/umc-run/Inputs/scale.mlir -o "$out/scale.umcb"
"$compile" test/tools/umc-run/Inputs/two-functions.mlir -o "$out/two-functions.umcb"
"$compile" test/tools/umc-compile/empty-tensors.mlir -o "$out/empty-tensors.umcb"

# Damaged copies of scale.umcb, one per early check of the loader: cut short,
# cut inside the root table, a byte inverted (bad checksum), no identifier.
python3 - "$out" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
good = (out / "scale.umcb").read_bytes()
(out / "damaged-truncated.umcb").write_bytes(good[:-1])
(out / "damaged-header.umcb").write_bytes(good[:10])
flipped = bytearray(good)
flipped[len(good) // 2] ^= 0xFF
(out / "damaged-flipped.umcb").write_bytes(bytes(flipped))
(out / "damaged-identifier.umcb").write_bytes(good[:4] + b"XXXX" + good[8:])
PY

too_big=$(find "$out" -size +200k)
if [ -n "$too_big" ]; then
  echo "make-artifact-corpus: over 200 KB, do not commit: $too_big" >&2
  exit 1
fi
ls -l "$out"
