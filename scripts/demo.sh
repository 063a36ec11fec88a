#!/usr/bin/env bash
# The main example: set up, build, and run the shipped transformer block
# through umc-opt's decomposition. (Becomes compile-and-run once the CPU back
# end and umc-run land.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
model=${1:-$root/models/tiny_block.mlir}

"$root/scripts/build.sh"
echo "demo: umc-opt --umc-decompose --canonicalize $model"
"$build/bin/umc-opt" "$model" --umc-decompose --canonicalize
