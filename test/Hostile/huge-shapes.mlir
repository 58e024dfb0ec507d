// Shapes that verify but describe absurd amounts of memory: the fold
// refuses them (the graph stays as it was), and nn-run refuses to compile
// them, naming the tensor, before allocating anything.
// RUN: nn-opt %s --fold-batchnorm="report=true" -verify-diagnostics
// RUN: nn-opt %s --fold-batchnorm -o %t.folded && nn-opt %s -o %t.original
// RUN: diff %t.original %t.folded
// RUN: not nn-run %s 2>&1 | FileCheck %s
// CHECK: nn-run: error: loc({{.*}}huge-shapes.mlir":[[# @LINE + 6]]:10): a tensor<1073741824x1048576x1x1xf32> needs 4503599627370496 bytes, more than this machine

// 2^30 output channels x 2^20 inputs: a 4 PiB weight, splat in the IR.
// expected-remark@+1 {{fold-batchnorm folded 0 of 1 batch_norm ops; too-large: 1}}
module {
  func.func @forward(%x: tensor<1x1048576x1x1xf32>) -> tensor<1x1073741824x1x1xf32> {
    %w = arith.constant dense<1.0> : tensor<1073741824x1048576x1x1xf32>
    %p = arith.constant dense<1.0> : tensor<1073741824xf32>
    %y = nn.conv2d %x, %w : (tensor<1x1048576x1x1xf32>, tensor<1073741824x1048576x1x1xf32>) -> tensor<1x1073741824x1x1xf32>
    // expected-remark@+1 {{batch_norm not folded [too-large]: the folded weight needs 4503599627370496 bytes, more than half of this machine's}}
    %z = nn.batch_norm %y, %p, %p, %p, %p : (tensor<1x1073741824x1x1xf32>, tensor<1073741824xf32>, tensor<1073741824xf32>, tensor<1073741824xf32>, tensor<1073741824xf32>) -> tensor<1x1073741824x1x1xf32>
    return %z : tensor<1x1073741824x1x1xf32>
  }
}
