#!/usr/bin/env bash
# Builds umc with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ (UMC_SANITIZE, cmake/Sanitizers.cmake) and runs the whole test
# suite under them. Extra arguments go to ctest (e.g. -R lit).
# UMC_ASAN_BUILD_DIR overrides the build directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_ASAN_BUILD_DIR:-$root/build-asan}

"$root/scripts/setup.sh"

if [ ! -f "$build/build.ninja" ]; then
  echo "test-sanitized: configuring $build"
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DUMC_SANITIZE=address,undefined
fi
echo "test-sanitized: building (ninja prints [done/total] as it goes)"
cmake --build "$build"

# Reports name files and lines (lit passes these variables on to the tools it
# runs). ASan's defaults are right as they are, leak checking included, and
# there is no suppression file: the uninstrumented libMLIR.so and the
# generated kernels give no false reports (ASan intercepts their malloc, free
# and memcpy; libstdc++'s containers carry no container-overflow annotations).
# UBSan stops at its first report, as -fno-sanitize-recover=all asks.
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-22/bin/llvm-symbolizer}
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
