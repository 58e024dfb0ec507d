// RUN: nn-opt %s -split-input-file --fold-batchnorm | FileCheck %s
// RUN: nn-opt %s -split-input-file --canonicalize="disable-patterns=FoldChannelMulIntoProducer,FoldChannelAddIntoProducer" | FileCheck %s --check-prefix=OFF

// A decomposed batch_norm, mul by a per-channel scale then add of a
// per-channel shift, folds like one: W' = W * c, b' = b * c + d.
// W = [1, 2], b = [0.5, -1], c = [3, -2], d = [1, 0.25]:
// W' = [3, -4], b' = [1.5 + 1, 2 + 0.25] = [2.5, 2.25].
// CHECK-LABEL: func.func @conv_mul_add
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}3.000000e+00]]], {{\[\[}}[-4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.500000e+00, 2.250000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] groups = 2 :
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.add
// CHECK: return %[[Y]]
// OFF-LABEL: func.func @conv_mul_add
// OFF: nn.mul
// OFF: nn.add
func.func @conv_mul_add(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %c = arith.constant dense<[[[[3.0]], [[-2.0]]]]> : tensor<1x2x1x1xf32>
  %d = arith.constant dense<[[[[1.0]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %y = nn.conv2d %x, %w, %b groups = 2 : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %m = nn.mul %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %z = nn.add %d, %m : tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// One value for every channel is per channel too; an add alone keeps the
// weight constant as it is and only makes a new bias: b' = [1, 2] + 0.5.
// CHECK-LABEL: func.func @dense_scalar_add
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.500000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.dense %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.add
// CHECK: return %[[Y]]
func.func @dense_scalar_add(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = arith.constant dense<0.5> : tensor<1x1xf32>
  %y = nn.dense %x, %w, %b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %z = nn.add %y, %c : tensor<3x2xf32>, tensor<1x1xf32> -> tensor<3x2xf32>
  return %z : tensor<3x2xf32>
}

// -----

// The weight is shared with another conv: it is left as it was, and the
// fold makes a new one.
// CHECK-LABEL: func.func @shared_weight
// CHECK-DAG: %[[OLD:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.000000e+00]]], {{\[\[}}[2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[NEW:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}2.000000e+00]]], {{\[\[}}[4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: nn.conv2d %arg0, %[[NEW]]
// CHECK-DAG: nn.conv2d %arg0, %[[OLD]]
func.func @shared_weight(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %y = nn.conv2d %x, %w groups = 2 : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.mul %y, %c : tensor<1x2x4x4xf32>, tensor<1x1x1x1xf32> -> tensor<1x2x4x4xf32>
  %other = nn.conv2d %x, %w groups = 2 : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z, %other : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
