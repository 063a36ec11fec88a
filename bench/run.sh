#!/usr/bin/env bash
# umc against PyTorch on the CPU, side by side: builds umc, makes sure PyTorch
# 2 is installed in a virtual environment, then runs bench/bench.py (models,
# data, compile, time, check, table). See bench/README.md.
#
#   ./bench/run.sh                          every case: umc, torch, torch.compile
#   ./bench/run.sh --cases llama_e512_l8 --reps 5
#   UMC_BUILD_DIR=build-c ./bench/run.sh    another build directory
#   UMC_BENCH_NO_BUILD=1 ./bench/run.sh     use the binaries already built
#   UMC_BENCH_THREADS=1 ./bench/run.sh      threads on both sides (default: nproc)
#   UMC_BENCH_VENV=/some/dir ./bench/run.sh the virtual environment (default bench/.venv)
#   UMC_BENCH_PYTHON=/usr/bin/python3 ./bench/run.sh
#                                           a Python that has torch >= 2 and numpy
#                                           already: no virtual environment is made,
#                                           and it runs the bench and every PyTorch peer
#
# Extra arguments go to bench.py (--help lists them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${UMC_BUILD_DIR:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
threads=${UMC_BENCH_THREADS:-$(nproc)}
# PyTorch 2 from PyPI (torch.compile; Debian 12's python3-torch is 1.13) in a
# virtual environment of Debian's Python, so neither the system Python's
# packages nor a pyenv on PATH matter.
venv=${UMC_BENCH_VENV:-$root/bench/.venv}
case $venv in /*) ;; *) venv=$root/$venv ;; esac
py=${UMC_BENCH_PYTHON:-$venv/bin/python}
start=$(date +%s)

if [ -n "${UMC_BENCH_NO_BUILD:-}" ]; then
  for tool in umc-compile umc-run umc-bench; do
    [ -x "$build/bin/$tool" ] || {
      echo "run.sh: UMC_BENCH_NO_BUILD is set but $build/bin/$tool is missing" >&2
      exit 1
    }
  done
else
  # Builds every default target, umc-compile and umc-bench among them.
  UMC_BUILD_DIR=$build "$root/scripts/build.sh"
fi

has_torch2() {
  "$py" -c 'import numpy, torch, sys; sys.exit(int(torch.__version__.split(".")[0]) < 2)' \
    2>/dev/null
}
if [ -n "${UMC_BENCH_PYTHON:-}" ] && ! has_torch2; then
  echo "run.sh: UMC_BENCH_PYTHON=$py cannot import torch >= 2 and numpy" >&2
  exit 1
fi
if ! has_torch2; then
  if ! /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null; then
    echo "run.sh: installing python3-venv from Debian"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
      --no-install-recommends python3-venv
  fi
  echo "run.sh: installing PyTorch 2 and numpy from PyPI into $venv" \
       "(about 5 GiB with the CUDA libraries the wheel depends on)"
  [ -x "$py" ] || /usr/bin/python3 -m venv "$venv"
  "$py" -m pip install -q --disable-pip-version-check 'torch>=2' numpy
fi
# A further peer where PyPI has it for this machine (into the bench's own
# venv only, never a UMC_BENCH_PYTHON); the bench runs without.
if [ -z "${UMC_BENCH_PYTHON:-}" ] && ! "$py" -c 'import onnx, onnxruntime' 2>/dev/null; then
  echo "run.sh: installing onnx and onnxruntime from PyPI into $venv"
  "$py" -m pip install -q --disable-pip-version-check onnx onnxruntime \
    || echo "run.sh: onnxruntime could not be installed; that peer is left out"
fi
has_torch2 || {
  echo "run.sh: $py cannot import torch >= 2 and numpy" >&2
  exit 1
}

status=0
"$py" "$root/bench/bench.py" --build-dir "$build" --threads "$threads" \
  --torch-python "$py" "$@" \
  || status=$?
echo "run.sh: done in $(( $(date +%s) - start )) s"
exit $status
