// An op the nn dialect does not have, and one from an unregistered dialect.
// RUN: not nn-opt %s -split-input-file 2>&1 | FileCheck %s
// RUN: not nn-run %s 2>&1 | FileCheck %s --check-prefix=RUNNER
// CHECK: unknown-op.mlir:8:8: error: custom op 'nn.frobnicate' is unknown
// CHECK: unknown-op.mlir:16:8: error: Dialect `hostile' not found for custom op 'hostile.op'
// RUNNER: unknown-op.mlir:8:8: error: custom op 'nn.frobnicate' is unknown
func.func @forward(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %y = nn.frobnicate %x : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @forward(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // The op name alone is not enough: this dialect is not registered.
  %y = hostile.op %x : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
