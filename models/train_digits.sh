#!/usr/bin/env bash
# Trains a digits model of models/ from scratch on the 8x8 digits, measures
# it both ways (models/eval_digits.py), and writes its parameters where the
# demo reads them. About 15 minutes on a 2-core machine.
#
#   models/train_digits.sh [MODEL [umc-run train flags...]]
#
# MODEL: unified_digits (default; the one transformer of the demo) or
# ar_dit_digits (the AR + DiT pair). Writes build/MODEL/: the training
# artifact, the checkpoint (with the optimizer's state; --resume continues
# it), the loss curve, the sample grid and results.json; then
# models/checkpoints/MODEL.safetensors (parameters only).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
model=${1:-unified_digits}
shift $(( $# > 0 ? 1 : 0 ))
[ -f "$root/models/$model.mlir" ] || {
  echo "train_digits: no models/$model.mlir (unified_digits or ar_dit_digits)" >&2
  exit 2
}
out=$build/$model
"$root/scripts/build.sh"
mkdir -p "$out"
python3 "$root/models/digits.py"

echo "train_digits: umc-compile models/$model.mlir --train (a few minutes)"
"$build/bin/umc-compile" -v "$root/models/$model.mlir" --train \
    -o "$out/train.umcb"
"$build/bin/umc-run" train "$out/train.umcb" \
    --data "$build/data/digits_train.safetensors" \
    --eval-data "$build/data/digits_test.safetensors" \
    --steps 5000 --lr 1e-3 --warmup-steps 200 --eval-every 500 \
    --save-every 500 --checkpoint "$out/train.ckpt.safetensors" \
    --curve "$out/loss.png" "$@"
# The results, and the parameters alone (no optimizer state) for the demo.
python3 "$root/models/eval_digits.py" "$out/train.umcb" \
    "$out/train.ckpt.safetensors" --json "$out/results.json" \
    --grid "$out/samples.png" \
    --export-params "$root/models/checkpoints/$model.safetensors"
