#!/usr/bin/env bash
# run-fuzzer.sh FUZZER CORPUS CRASH_DIR SECONDS [libFuzzer flags...]
# Runs a libFuzzer target for SECONDS on a scratch copy of CORPUS (new inputs
# it finds do not touch the repository) and fails if it finds a crash, a
# leak, a timeout or a sanitizer report; the input that did it is left in
# CRASH_DIR, and `FUZZER CRASH_DIR/crash-...` replays it.
set -euo pipefail
fuzzer=$1 corpus=$2 crashes=$3 seconds=$4
shift 4

scratch=$(mktemp -d "${TMPDIR:-/tmp}/umc-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cp -R "$corpus"/. "$scratch"/
mkdir -p "$crashes"

if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-22/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-22/bin/llvm-symbolizer
fi
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"

# -timeout: one input taking longer is a hang, reported as a failure.
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$@" "$scratch"
