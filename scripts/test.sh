#!/usr/bin/env bash
# Builds umc if needed and runs the whole test suite (lit + GoogleTest) via ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
