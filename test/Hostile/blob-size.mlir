// A dense_resource blob shorter than its type (one f32 for a 2x2 tensor):
// the fold refuses it as unreadable and leaves the graph as it was; nn-run
// reports the constant by location and exits 1.
// RUN: nn-opt %s --fold-batchnorm="report=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FOLD
// RUN: nn-opt %s --fold-batchnorm -o %t.folded && nn-opt %s -o %t.original
// RUN: diff %t.original %t.folded
// RUN: not nn-run %s 2>&1 | FileCheck %s --check-prefix=RUNNER
// FOLD: blob-size.mlir:[[# @LINE + 7]]:8: remark: batch_norm not folded [non-constant]: weight is not a constant with readable values
// RUNNER: blob-size.mlir":[[# @LINE + 3]]:8): error: raw data size does not match element type size
// RUNNER: nn-run: error: could not translate the module to LLVM IR
func.func @forward(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense_resource<short> : tensor<2x2xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %y = nn.dense %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F"
    }
  }
#-}
