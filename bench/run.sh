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
missing=()
for package in libopenblas0-pthread python3-matplotlib nodejs npm; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  # Node.js may come from elsewhere than Debian; use it if it is on PATH.
  command -v node >/dev/null && command -v npm >/dev/null &&
    missing=("${missing[@]/nodejs/}") && missing=("${missing[@]/npm/}")
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ${missing[@]} >/dev/null
fi
[[ -d bench/ort/node_modules/onnxruntime-node ]] ||
  (cd bench/ort && npm install --ignore-scripts --no-audit --no-fund --silent)
PYTHONPATH=build/python exec /usr/bin/python3 bench/fold_and_inference.py "$@"
