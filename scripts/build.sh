#!/usr/bin/env bash
# Installs what is missing, configures (once) and builds umc into build/.
# UMC_BUILD_DIR overrides the build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"

if [ ! -f "$build/build.ninja" ]; then
  echo "build: configuring $build"
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld
fi
echo "build: building (ninja prints [done/total] as it goes)"
cmake --build "$build"
