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
// REPORT: batch_norm not folded [channel-axis]: it normalizes axis 3, which is axis 2 of the result of 'nn.conv2d' before 'nn.transpose', not the channels (axis 1)
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

// -----

// Through a flatten that keeps the channels a dim of their own: a
// BatchNorm1d over [N, C, H*W] (flatten from dim 2), and over [N, C] when
// the conv's output is 1x1. The flatten is rebuilt on the folded conv; the
// fold is the one of @nhwc.
// CHECK-LABEL: func.func @through_flatten
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.500000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[}}[-7.500000e-01]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] :
// CHECK: %[[F:.*]] = nn.flatten %[[Y]] start_dim = 2 : (tensor<1x2x4x4xf32>) -> tensor<1x2x16xf32>
// The second conv shares the weight constants: its fold makes its own.
// CHECK: %[[W1:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.500000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[}}[-7.500000e-01]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK: %[[B1:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: %[[Y1:.*]] = nn.conv2d %arg1, %[[W1]], %[[B1]] :
// CHECK: %[[F1:.*]] = nn.flatten %[[Y1]] : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[F]], %[[F1]]
// REPORT: fold-batchnorm folded 2 of 2 batch_norm ops
func.func @through_flatten(%x: tensor<1x2x4x4xf32>, %x1: tensor<1x2x1x1xf32>) -> (tensor<1x2x16xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %f = nn.flatten %y start_dim = 2 : (tensor<1x2x4x4xf32>) -> tensor<1x2x16xf32>
  %z = nn.batch_norm %f, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x16xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x16xf32>
  %y1 = nn.conv2d %x1, %w, %b : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %f1 = nn.flatten %y1 : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %z1 = nn.batch_norm %f1, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %z, %z1 : tensor<1x2x16xf32>, tensor<1x2xf32>
}

// -----

// A flatten that merges the channels with other dims, or a transpose and
// a flatten whose net effect moves another dim to the axis, are refused.
// CHECK-LABEL: func.func @flatten_merges_channels
// CHECK-COUNT-3: nn.batch_norm
// REPORT: batch_norm not folded [channel-axis]: 'nn.flatten' makes the axis it normalizes from 3 input dims (4x2x2), not from one channel dim alone
// REPORT: batch_norm not folded [channel-axis]: it normalizes axis 1, which is axis 2 of the result of 'nn.conv2d' before 'nn.transpose', not the channels (axis 1)
// REPORT: batch_norm not folded [multi-use]: the result of 'nn.flatten' has 2 uses
// REPORT: fold-batchnorm folded 0 of 3 batch_norm ops; multi-use: 1; channel-axis: 2
func.func @flatten_merges_channels(%x: tensor<1x2x2x2xf32>) -> (tensor<1x16xf32>, tensor<1x2x8xf32>, tensor<1x4x4xf32>, tensor<1x4x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %p16 = arith.constant dense<1.0> : tensor<16xf32>
  %p2 = arith.constant dense<1.0> : tensor<2xf32>
  %p4 = arith.constant dense<1.0> : tensor<4xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  %f = nn.flatten %y : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  %z = nn.batch_norm %f, %p16, %p16, %p16, %p16 : (tensor<1x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16xf32>
  %y2 = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  %t2 = nn.transpose %y2 permutation = [0, 2, 1, 3] : (tensor<1x4x2x2xf32>) -> tensor<1x2x4x2xf32>
  %f2 = nn.flatten %t2 start_dim = 2 : (tensor<1x2x4x2xf32>) -> tensor<1x2x8xf32>
  %z2 = nn.batch_norm %f2, %p2, %p2, %p2, %p2 : (tensor<1x2x8xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x8xf32>
  %y3 = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  %f3 = nn.flatten %y3 start_dim = 2 : (tensor<1x4x2x2xf32>) -> tensor<1x4x4xf32>
  %z3 = nn.batch_norm %f3, %p4, %p4, %p4, %p4 : (tensor<1x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return %z, %z2, %z3, %f3 : tensor<1x16xf32>, tensor<1x2x8xf32>, tensor<1x4x4xf32>, tensor<1x4x4xf32>
}
