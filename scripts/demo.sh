#!/usr/bin/env bash
# Sets up (see setup.sh), then folds the batch_norms of a sample network
# (examples/resnet_stem_and_block.mlir), explains the ones it keeps, and
# shows the graph before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null

model=examples/resnet_stem_and_block.mlir
nn_opt=build/bin/nn-opt
count_ops() { grep -o "nn\.[a-z_0-9]*" | sort | uniq -c | sed 's/^/  /'; }

echo "== $model: ops before folding"
count_ops < "$model"
echo
echo "== nn-opt --fold-batchnorm=\"report=true\""
"$nn_opt" "$model" --fold-batchnorm="report=true" -o /tmp/nn-demo-folded.mlir 2>&1 \
  | grep "remark:" | sed 's/^[^ ]* //'
echo
echo "== ops after folding"
count_ops < /tmp/nn-demo-folded.mlir
echo
echo "== folded graph (weights elided)"
"$nn_opt" /tmp/nn-demo-folded.mlir --mlir-elide-elementsattrs-if-larger=8 \
  --mlir-elide-resource-strings-if-larger=8 | grep -v "^$"
