// A file cut off mid-type: a parse error at its location, exit 1.
// RUN: not nn-opt %s 2>&1 | FileCheck %s
// RUN: not nn-opt %s --fold-batchnorm 2>&1 | FileCheck %s
// RUN: not nn-run %s 2>&1 | FileCheck %s
// CHECK: truncated.mlir:{{[0-9]+}}:{{[0-9]+}}: error:
func.func @forward(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %y = nn.relu %x : tensor<1x2x4x
