#!/usr/bin/env bash
# Sets up (see setup.sh), then imports a torchvision backbone (default
# resnet18 at 224x224, random weights and BN statistics), folds its batch
# norms, runs it folded, unfolded and in PyTorch on the same input and prints
# errors against PyTorch's f64 output and times side by side.
# Arguments go to examples/torchvision_demo.py: --model, --size, --runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
PYTHONPATH=build/python exec /usr/bin/python3 examples/torchvision_demo.py --runs 3 "$@"
