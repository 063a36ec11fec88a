#!/usr/bin/env bash
# Installs every dependency of umc from Debian's archive on a fresh Debian 12
# machine. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  # compiler toolchain and MLIR/LLVM 22 (bookworm-security)
  cmake ninja-build clang-22 lld-22
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # sanitizer and libFuzzer runtimes for clang-22 (UMC_SANITIZE, test/fuzz/)
  libclang-rt-22-dev libfuzzer-22-dev
  # libraries the compiler, runtime and tests use
  libflatbuffers-dev flatbuffers-compiler libcli11-dev libfmt-dev libgtest-dev
  nlohmann-json3-dev libpng-dev
  # lit is run through python3
  python3
  # numpy, and the 8x8 digits data set with the classifier that judges
  # generated digits (models/digits.py, models/judge_digits.py)
  python3-sklearn
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
