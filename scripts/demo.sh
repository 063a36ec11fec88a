#!/usr/bin/env bash
# The main example: set up, build, then show the product. With no arguments
# it compiles the sampling entry points of models/unified_digits.mlir (one
# transformer for text and images, trained on the 8x8 digits) and, with the
# checkpoint that ships in models/checkpoints/:
#   - draws ten images of the digit "seven" from its caption, into
#     build/demo/seven.png (flow matching with classifier-free guidance);
#   - writes the caption of models/inputs/digit-3.png (a test image).
#
#   scripts/demo.sh [MODEL.mlir [umc-run call flags...]]
#
# Given a model file instead, it compiles it and runs it with `umc-run call`
# and the flags after it (default for models/tiny_block.mlir: the inputs in
# models/inputs/ and parameters initialized from their specs, seed 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
out=$build/demo
mkdir -p "$out"

if [ $# -eq 0 ]; then
  model=$root/models/unified_digits.mlir
  params=$root/models/checkpoints/unified_digits.safetensors
  art=$out/unified_digits.umcb
  echo "demo: umc-compile $model --functions=init_noise,denoise,caption_image,caption_next -o $art"
  "$build/bin/umc-compile" -v "$model" \
      --functions=init_noise,denoise,caption_image,caption_next -o "$art"
  echo "demo: umc-run generate $art --prompt seven --params $params --output $out/seven.png"
  "$build/bin/umc-run" generate "$art" --prompt seven --params "$params" \
      --steps 20 --cfg-scale 3 --num-images 10 --output "$out/seven.png"
  echo "demo: umc-run generate $art --image models/inputs/digit-3.png --params $params --temperature 0"
  "$build/bin/umc-run" generate "$art" --image "$root/models/inputs/digit-3.png" \
      --params "$params" --temperature 0
  exit 0
fi

model=$1
shift
name=$(basename "$model" .mlir)
echo "demo: umc-compile $model -o $out/$name.umcb"
"$build/bin/umc-compile" -v "$model" -o "$out/$name.umcb"

echo "demo: umc-run inspect $out/$name.umcb"
"$build/bin/umc-run" inspect "$out/$name.umcb"

if [ $# -eq 0 ] && [ "$model" = "$root/models/tiny_block.mlir" ]; then
  inputs=$root/models/inputs
  set -- --input=@"$inputs/$name.x.npy" --input=@"$inputs/$name.positions.npy" \
         --init-params --seed=0 --output=@"$out/$name.y.npy"
fi
echo "demo: umc-run call $out/$name.umcb $*"
"$build/bin/umc-run" call "$out/$name.umcb" "$@"
