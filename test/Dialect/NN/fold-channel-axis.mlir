// RUN: nn-opt %s -split-input-file --fold-batchnorm | FileCheck %s
// RUN: nn-opt %s -split-input-file --fold-batchnorm="report=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT

// NHWC: a batch_norm over the last axis of a transposed conv result folds
// into the conv (the transpose moves dim 1, the channels, to axis 3) and
// the transpose is rebuilt on the folded conv. Numbers as fold-batchnorm.mlir:
// s = [1.5, -0.25], W' = W * s per output channel, b' = [-0.25, 1.25].
// CHECK-LABEL: func.func @nhwc
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.500000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[}}[-7.500000e-01]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] :
// CHECK: %[[T:.*]] = nn.transpose %[[Y]] permutation = [0, 2, 3, 1]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[T]]
// REPORT: fold-batchnorm folded 1 of 1 batch_norm ops
func.func @nhwc(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %t = nn.transpose %y permutation = [0, 2, 3, 1] : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %z = nn.batch_norm %t, %gamma, %beta, %mean, %var epsilon = 1.0 axis = 3 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z : tensor<1x4x4x2xf32>
}

// -----

// Where the axis cannot be tracked to the channels, nothing changes and
// the reason says which axis the batch_norm reads.
// CHECK-LABEL: func.func @not_the_channels
// CHECK-COUNT-3: nn.batch_norm
// REPORT: batch_norm not folded [channel-axis]: it normalizes axis 3, which 'nn.transpose' takes from axis 2 of its input, not from the channels (axis 1)
// REPORT: batch_norm not folded [channel-axis]: it normalizes axis 2 of the result of 'nn.conv2d', whose channels are axis 1
// REPORT: batch_norm not folded [unsupported-producer]: input is produced by 'nn.transpose', not a conv2d, conv_transpose2d or dense
// REPORT: fold-batchnorm folded 0 of 3 batch_norm ops; unsupported-producer: 1; channel-axis: 2
func.func @not_the_channels(%x: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<4xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t = nn.transpose %y permutation = [0, 1, 3, 2] : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %z = nn.batch_norm %t, %p, %p, %p, %p axis = 3 : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %y2 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %z2 = nn.batch_norm %y2, %p, %p, %p, %p axis = 2 : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // Not a linear op behind the transpose: nothing to track.
  %r = nn.relu %x : tensor<1x2x4x4xf32>
  %t3 = nn.transpose %r permutation = [0, 2, 3, 1] : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
  %p2 = arith.constant dense<1.0> : tensor<2xf32>
  %z3 = nn.batch_norm %t3, %p2, %p2, %p2, %p2 axis = 3 : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %z, %z2, %z3 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x2xf32>
}
