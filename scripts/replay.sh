#!/usr/bin/env bash
# Process replay (after tinygrad's): compiles every model of models/ and every
# model the e2e tests compile with the compiler at BASE and at the working
# tree, and diffs the kernels' LLVM IR. A refactor should show no difference;
# every difference a change makes should be one it means to make.
#
#   scripts/replay.sh [BASE]      BASE defaults to the merge base with main
#
# The compiler at BASE is built once per revision into build-replay/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
base=${1:-$(git -C "$root" merge-base HEAD main)}
base=$(git -C "$root" rev-parse --short "$base")
work=$root/build-replay
src=$work/src-$base
basebuild=$work/build-$base
out=$work/out
mkdir -p "$work"

"$root/scripts/build.sh" >/dev/null

if [ ! -x "$basebuild/bin/umc-compile" ]; then
  echo "replay: building umc-compile at $base (once per revision)"
  rm -rf "$src"
  git -C "$root" worktree add --detach --force "$src" "$base" >/dev/null
  cmake -S "$src" -B "$basebuild" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld >/dev/null
  cmake --build "$basebuild" --target umc-compile
fi

rm -rf "$out" && mkdir -p "$out/models" "$out/base" "$out/head"
cp "$root"/models/*.mlir "$out/models/"
echo "replay: collecting the models the e2e tests compile"
UMC_REPLAY_DIR=$out/models "$build/bin/umc-e2e-tests" >/dev/null 2>&1 || true

count=0 differ=0 failed=0
for model in "$out"/models/*.mlir; do
  name=$(basename "$model" .mlir)
  count=$((count + 1))
  for side in base head; do
    compiler=$build/bin/umc-compile
    [ "$side" = base ] && compiler=$basebuild/bin/umc-compile
    if ! "$compiler" "$model" --compile-to=llvm -o "$out/$side/$name.mlir" \
        2>"$out/$side/$name.err"; then
      echo "# does not compile" >"$out/$side/$name.ll"
      cat "$out/$side/$name.err" >>"$out/$side/$name.ll"
      continue
    fi
    python3 "$root/scripts/replay_kernels.py" <"$out/$side/$name.mlir" \
      >"$out/$side/$name.ll"
  done
  if ! cmp -s "$out/base/$name.ll" "$out/head/$name.ll"; then
    differ=$((differ + 1))
    diff -u "$out/base/$name.ll" "$out/head/$name.ll" >"$out/$name.diff" || true
  fi
done
echo "replay: $count models, $differ with different kernels (base $base)"
if [ "$differ" -gt 0 ]; then
  echo "replay: the differences are in $out/*.diff; the most common lines:"
  cat "$out"/*.diff | grep -E '^[-+][^-+]' | sed -E 's/%[0-9a-z_]+/%v/g' |
    sort | uniq -c | sort -rn | head -20
fi
