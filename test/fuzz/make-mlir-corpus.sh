#!/usr/bin/env bash
# Rebuilds test/fuzz/corpus/mlir/, the seeds of umc-fuzz-mlir: every case of
# the umc lit tests and models/, split at `// -----` as --split-input-file
# does, with comment lines (RUN, CHECK, expected-error) dropped.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/test/fuzz/corpus/mlir
rm -rf "$out"
mkdir -p "$out"
cd "$root"
for file in models/*.mlir test/Dialect/*/*.mlir test/Transforms/*.mlir \
            test/Codegen/*.mlir; do
  stem=$(echo "${file%.mlir}" | tr '/' '-')
  awk -v out="$out" -v stem="$stem" '
    function flush() {
      if (text != "") { printf "%s", text > sprintf("%s/%s-%02d.mlir", out, stem, n); close(sprintf("%s/%s-%02d.mlir", out, stem, n)) }
      text = ""; n++
    }
    /^\/\/ -----/ { flush(); next }
    /^[ \t]*\/\// { next }
    /^[ \t]*$/ { next }
    { text = text $0 "\n" }
    END { flush() }
  ' "$file"
done
echo "make-mlir-corpus: $(ls "$out" | wc -l) seeds in ${out#$root/}"
