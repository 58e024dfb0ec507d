#!/usr/bin/env bash
# Sets up (see setup.sh), then folds the batch_norms of a sample network
# (examples/resnet_stem_and_block.mlir), explains the one it keeps, runs the
# network as given and folded on the same input against an f64 reference,
# and times both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null

model=examples/resnet_stem_and_block.mlir
count_ops() { grep -o "nn\.[a-z_0-9]*" | sort | uniq -c | sed 's/^/  /'; }

echo "== $model: ops before folding"
count_ops < "$model"
echo
echo "== nn-opt --fold-batchnorm=\"report=true\""
build/bin/nn-opt "$model" --fold-batchnorm="report=true" -o /tmp/nn-demo-folded.mlir 2>&1 \
  | grep "remark:" | sed 's/^[^ ]* //'
echo
echo "== ops after folding"
count_ops < /tmp/nn-demo-folded.mlir
echo
echo "== nn-run --compare-folded: folded vs unfolded on the same random input"
build/bin/nn-run "$model" --compare-folded --seed 1
echo
echo "== nn-run --bench 200: JIT-compiled, one thread"
build/bin/nn-run "$model" --bench 200 --seed 1
