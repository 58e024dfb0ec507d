// RUN: nn-opt %s -split-input-file --fold-batchnorm | FileCheck %s
// RUN: nn-opt %s -split-input-file --canonicalize="disable-patterns=FoldBatchNormIntoNextConv2d,FoldBatchNormIntoNextDense" | FileCheck %s --check-prefix=OFF

// A batch_norm with no conv2d/dense before it folds into the one after it,
// per input channel: W'' = W * s, b'' = b + sum W * t, t = beta - mean * s.
// gamma = [2, 1], beta = [1, 0], mean = [0, 0], variance = [4, 4],
// epsilon = 0: s = [1, 0.5], t = [1, 0].
// W = [[1, 2], [3, 4]] (1x1), b = [0, 1]:
// W'' = [[1, 1], [3, 2]], b'' = [0 + 1, 1 + 3] = [1, 4].
// CHECK-LABEL: func.func @bn_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[}}[3.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] activation = relu :
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// OFF-LABEL: func.func @bn_conv
// OFF: nn.batch_norm
func.func @bn_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %n = nn.batch_norm %x, %gamma, %beta, %zero, %var epsilon = 0.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d %n, %w, %b activation = relu : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Grouped: output channels 0, 1 read input channel 0, outputs 2, 3 read
// input channel 1. W = [1, 2, 3, 4]: W'' = [1, 2, 1.5, 2], b'' = [1, 2, 0, 0].
// CHECK-LABEL: func.func @bn_grouped_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.000000e+00]]], {{\[\[}}[2.000000e+00]]], {{\[\[}}[1.500000e+00]]], {{\[\[}}[2.000000e+00]]]]> : tensor<4x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] groups = 2 :
// CHECK-NOT: nn.batch_norm
func.func @bn_grouped_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %n = nn.batch_norm %x, %gamma, %beta, %zero, %var epsilon = 0.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d %n, %w groups = 2 : (tensor<1x2x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Dense reads the features as channels; the same numbers as @bn_conv.
// CHECK-LABEL: func.func @bn_dense
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 1.000000e+00], [3.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK: nn.dense %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
func.func @bn_dense(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %n = nn.batch_norm %x, %gamma, %beta, %zero, %var epsilon = 0.0 : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %y = nn.dense %n, %w, %b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A padded conv takes the batch_norm when its offset is 0 on every channel
// (beta = mean * s): padding zeros then stay zeros. b'' = b = 0.
// CHECK-LABEL: func.func @bn_padded_conv_zero_offset
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00]], {{\[\[}}5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01]]]]> : tensor<1x2x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<0.000000e+00> : tensor<1xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] padding = [1, 1, 1, 1] :
// CHECK-NOT: nn.batch_norm
func.func @bn_padded_conv_zero_offset(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x5x5xf32> {
  %w = arith.constant dense<1.0> : tensor<1x2x2x2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %n = nn.batch_norm %x, %gamma, %zero, %zero, %var epsilon = 0.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d %n, %w padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

// With an offset, a padded conv takes the batch_norm with its input padded
// by -t / s per channel, which the batch_norm would have mapped to 0, and
// no padding of its own. s = gamma / 2 = [1, 0.5], t = beta - mean * s =
// [1, -0.5], so the padding holds [-1, 1]; W'' = W * s per input channel;
// b'' = sum W * t = 4 * 1 + 4 * -0.5 = 2.
// CHECK-LABEL: func.func @bn_padded_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00]], {{\[\[}}5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01]]]]> : tensor<1x2x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[P:.*]] = arith.constant dense<[-1.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: %[[PADDED:.*]] = nn.pad %arg0, %[[P]] padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
// CHECK: nn.conv2d %[[PADDED]], %[[W]], %[[B]] : (tensor<1x2x6x6xf32>, tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
// CHECK-NOT: nn.batch_norm
func.func @bn_padded_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x5x5xf32> {
  %w = arith.constant dense<1.0> : tensor<1x2x2x2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<4.0> : tensor<2xf32>
  %n = nn.batch_norm %x, %gamma, %beta, %mean, %var epsilon = 0.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d %n, %w padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

// A conv2d before the batch_norm takes it first (into its producer); the
// conv after it is left as it was.
// CHECK-LABEL: func.func @between_two_convs
// CHECK: %[[A:.*]] = nn.conv2d %arg0, %{{.*}}, %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>)
// CHECK: nn.conv2d %[[A]], %{{[a-z_0-9]+}} padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>)
// CHECK-NOT: nn.batch_norm
func.func @between_two_convs(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
  %p = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %a = nn.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %n = nn.batch_norm %a, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nn.conv2d %n, %w2 padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
