#!/usr/bin/env bash
# Installs what nn-mlir needs on Debian 12 (only what is missing), then
# configures and builds it in build/. Safe to run again: both steps are
# incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools libomp-22-dev
          cmake ninja-build g++ python3 python3-dev pybind11-dev
          python3-numpy python3-pytest python3-torch python3-torchvision)

scripts/install-missing.sh "${PACKAGES[@]}"

LLVM_ROOT=/usr/lib/llvm-22
if [[ ! -f build/build.ninja ]]; then
  cmake -G Ninja -S . -B build \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR="$LLVM_ROOT/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_ROOT/bin/lit" \
    -DPython3_EXECUTABLE=/usr/bin/python3
fi
cmake --build build --target nn-opt nn-run _nn_mlir
