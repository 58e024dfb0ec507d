#!/usr/bin/env bash
# Sets up (see scripts/setup.sh), installs OpenBLAS for PyTorch (Debian's
# default reference BLAS makes its linear layers ~15x slower) and runs the
# benchmark. Arguments go to bench/fold_and_inference.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
if ! dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas0-pthread >/dev/null
fi
PYTHONPATH=build/python exec /usr/bin/python3 bench/fold_and_inference.py "$@"
