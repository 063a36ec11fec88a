#!/usr/bin/env bash
# umc against PyTorch on the CPU, side by side: builds umc, makes sure PyTorch
# is installed, then runs bench/bench.py (models, data, compile, time, check,
# table). See bench/README.md.
#
#   ./bench/run.sh                          every case, umc and torch
#   ./bench/run.sh --cases ln_gelu_8192x1024 --reps 5
#   UMC_BUILD_DIR=build-c ./bench/run.sh    another build directory
#   UMC_BENCH_THREADS=1 ./bench/run.sh      threads on both sides (default: nproc)
#
# Extra arguments go to bench.py (--help lists them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
threads=${UMC_BENCH_THREADS:-$(nproc)}
# PyTorch comes from Debian (python3-torch), which installs into the system
# Python; a `python3` earlier on PATH (pyenv, venv) may not see it.
py=${UMC_BENCH_PYTHON:-/usr/bin/python3}
start=$(date +%s)

# Builds every default target, umc-compile and umc-bench among them.
UMC_BUILD_DIR=$build "$root/scripts/build.sh"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "$@"
}
# Debian's torch calls libblas.so.3, the unoptimized reference BLAS unless an
# optimized one is installed (its Recommends are satisfied by libblas3 alone);
# libopenblas0 takes over the libblas.so.3 alternative. See README.md.
if ! "$py" -c 'import torch, numpy' 2>/dev/null; then
  echo "run.sh: installing PyTorch, numpy and OpenBLAS from Debian"
  apt_install python3-torch python3-numpy libopenblas0
elif installed python3-torch && ! installed libopenblas0; then
  echo "run.sh: installing OpenBLAS for Debian's PyTorch"
  apt_install libopenblas0
fi
"$py" -c 'import torch, numpy' || {
  echo "run.sh: $py cannot import torch and numpy" >&2
  exit 1
}

status=0
"$py" "$root/bench/bench.py" --build-dir "$build" --threads "$threads" "$@" \
  || status=$?
echo "run.sh: done in $(( $(date +%s) - start )) s"
exit $status
