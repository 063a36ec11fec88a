#!/usr/bin/env bash
# Trains models/unified_digits.mlir on the 8x8 digits from scratch, measures
# it both ways (models/eval_unified.py), and writes its parameters where the
# demo reads them. About 15 minutes on a 2-core machine.
#
#   models/train_unified.sh [umc-run train flags...]
#
# Writes build/unified/: the training artifact, the checkpoint (with the
# optimizer's state; --resume continues it), the loss curve, the results;
# then models/checkpoints/unified_digits.safetensors (parameters only).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
out=$build/unified
"$root/scripts/build.sh"
mkdir -p "$out"
python3 "$root/models/digits.py"

echo "train_unified: umc-compile models/unified_digits.mlir --train (a few minutes)"
"$build/bin/umc-compile" -v "$root/models/unified_digits.mlir" --train \
    -o "$out/unified_train.umcb"
"$build/bin/umc-run" train "$out/unified_train.umcb" \
    --data "$build/data/digits_train.safetensors" \
    --eval-data "$build/data/digits_test.safetensors" \
    --steps 5000 --lr 1e-3 --warmup-steps 200 --eval-every 500 \
    --save-every 500 --checkpoint "$out/unified.ckpt.safetensors" \
    --curve "$out/unified.loss.png" "$@"
# The results, and the parameters alone (no optimizer state) for the demo.
python3 "$root/models/eval_unified.py" "$out/unified_train.umcb" \
    "$out/unified.ckpt.safetensors" --json "$out/results.json" \
    --export-params "$root/models/checkpoints/unified_digits.safetensors"
