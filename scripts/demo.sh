#!/usr/bin/env bash
# The main example: set up, build, compile the shipped transformer block to a
# .umcb artifact and run it on the CPU with umc-run.
#
#   scripts/demo.sh [MODEL.mlir [umc-run call flags...]]
#
# With no arguments it compiles models/tiny_block.mlir, runs it on the inputs
# in models/inputs/ with parameters initialized from their specs (seed 0), and
# writes the result to build/demo/tiny_block.y.npy; then it compiles the
# LLaMA-style models/llama_lm.mlir and streams text from it with
# `umc-run generate`, and the DiT-style models/dit_flow.mlir and draws a
# grid of images from it to build/demo/digits.png (random parameters until
# a trained checkpoint ships, so text and images are noise).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
model=${1:-$root/models/tiny_block.mlir}
shift $(( $# > 0 ? 1 : 0 ))

"$root/scripts/build.sh"

name=$(basename "$model" .mlir)
out=$build/demo
mkdir -p "$out"
echo "demo: umc-compile $model -o $out/$name.umcb"
"$build/bin/umc-compile" -v "$model" -o "$out/$name.umcb"

echo "demo: umc-run inspect $out/$name.umcb"
"$build/bin/umc-run" inspect "$out/$name.umcb"

defaults=0
if [ $# -eq 0 ]; then
  defaults=1
  inputs=$root/models/inputs
  set -- --input=@"$inputs/$name.x.npy" --input=@"$inputs/$name.positions.npy" \
         --init-params --seed=0 --output=@"$out/$name.y.npy"
fi
echo "demo: umc-run call $out/$name.umcb $*"
"$build/bin/umc-run" call "$out/$name.umcb" "$@"

if [ "$defaults" = 1 ] && [ "$model" = "$root/models/tiny_block.mlir" ]; then
  echo "demo: umc-compile $root/models/llama_lm.mlir -o $out/llama_lm.umcb"
  "$build/bin/umc-compile" "$root/models/llama_lm.mlir" -o "$out/llama_lm.umcb"
  echo "demo: umc-run generate $out/llama_lm.umcb --prompt 'Hello' ..."
  "$build/bin/umc-run" generate "$out/llama_lm.umcb" --prompt "Hello" \
      --init-params --max-new-tokens 24 --temperature 0.8 --top-k 40 \
      --top-p 0.9 --seed 1 | od -c
  echo "demo: umc-compile $root/models/dit_flow.mlir -o $out/dit_flow.umcb"
  "$build/bin/umc-compile" -v "$root/models/dit_flow.mlir" -o "$out/dit_flow.umcb"
  echo "demo: umc-run generate $out/dit_flow.umcb --prompt 'digit 3' ..."
  "$build/bin/umc-run" generate "$out/dit_flow.umcb" --prompt "digit 3" \
      --init-params --steps 20 --cfg-scale 4 --num-images 8 \
      --output "$out/digits.png"
fi
