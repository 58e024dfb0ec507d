#!/usr/bin/env bash
# Sets up (see scripts/setup.sh), installs what only the benchmark needs and
# runs it; arguments go to bench/fold_and_inference.py.
#  - OpenBLAS for PyTorch: Debian's default reference BLAS makes its linear
#    layers ~15x slower.
#  - matplotlib for the chart.
#  - ONNX Runtime from npm; --ignore-scripts because the install script only
#    fetches GPU extras, and the CPU library is inside the package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
# Node.js and npm may come from elsewhere than Debian; use them if on PATH.
node_packages=()
command -v node >/dev/null && command -v npm >/dev/null || node_packages=(nodejs npm)
scripts/install-missing.sh libopenblas0-pthread python3-matplotlib "${node_packages[@]}"
[[ -d bench/ort/node_modules/onnxruntime-node ]] ||
  (cd bench/ort && npm install --ignore-scripts --no-audit --no-fund --silent)
PYTHONPATH=build/python exec /usr/bin/python3 bench/fold_and_inference.py "$@"
