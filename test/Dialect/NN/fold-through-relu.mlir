// RUN: nn-opt %s -split-input-file --fold-batchnorm | FileCheck %s

// Behind a fused relu, a positive scale moves into the producer
// (relu(x) * s = relu(x * s) for s > 0) and the offset stays after the relu.
// gamma = [2, 1], variance = [4, 4], epsilon = 0: s = [1, 0.5]. With
// W = [1, 2], b = [0.5, -1], mean = [1, 2], beta = [0.25, 3]:
// W' = W * s = [1, 1], b' = b * s = [0.5, -0.5],
// offset = beta - mean * s = [0.25 - 1, 3 - 1] = [-0.75, 2].
// CHECK-LABEL: func.func @conv_relu_bn
// CHECK-DAG: %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] groups = 2 activation = relu
// CHECK: %[[T:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}-7.500000e-01]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: %[[Z:.*]] = nn.add %[[Y]], %[[T]] : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Z]]
func.func @conv_relu_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.25, 3.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b groups = 2 activation = relu : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 0.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A positive per-channel mul has no offset: nothing stays after the relu,
// and a producer without bias keeps none.
// W' = [[1, 2] * 2, [3, 4] * 0.5] = [[2, 4], [1.5, 2]].
// CHECK-LABEL: func.func @dense_relu_mul
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [1.500000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %[[W]] activation = relu : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @dense_relu_mul(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c = arith.constant dense<[[2.0, 0.5]]> : tensor<1x2xf32>
  %y = nn.dense %x, %w activation = relu : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %z = nn.mul %y, %c : tensor<3x2xf32>, tensor<1x2xf32> -> tensor<3x2xf32>
  return %z : tensor<3x2xf32>
}
