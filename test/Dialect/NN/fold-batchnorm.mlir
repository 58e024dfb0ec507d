// RUN: nn-opt %s -split-input-file --fold-batchnorm | FileCheck %s

// Shared BN parameters unless a case says otherwise: gamma = [3, -1],
// beta = [0.5, 2], mean = [1, -2], variance = [3, 15], epsilon = 1, so
// s = gamma / sqrt(variance + epsilon) = [1.5, -0.25].

// W' = W * s per output channel; b' = (b - mean) * s + beta
//    = [(0.5 - 1) * 1.5 + 0.5, (1 + 2) * -0.25 + 2] = [-0.25, 1.25].
// CHECK-LABEL: func.func @conv_with_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]], {{\[}}[3.000000e+00]]], {{\[}}[{{\[}}-7.500000e-01]], {{\[}}[1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
func.func @conv_with_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A missing bias is zero: b' = -mean * s + beta = [-1, 1.5].
// CHECK-LABEL: func.func @conv_without_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]], {{\[}}[3.000000e+00]]], {{\[}}[{{\[}}-7.500000e-01]], {{\[}}[1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
func.func @conv_without_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// groups = 2: each output channel still owns one row of W along dim 0.
// CHECK-LABEL: func.func @grouped_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]], {{\[}}[3.000000e+00]]], {{\[}}[{{\[}}-7.500000e-01]], {{\[}}[1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] groups = 2 : (tensor<1x4x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NOT: nn.batch_norm
func.func @grouped_conv(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w groups = 2 : (tensor<1x4x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// Depthwise (groups = channels) with a 1x2 kernel, bias kept: b' = [-0.25, 1.25].
// CHECK-LABEL: func.func @depthwise_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00, 3.000000e+00]]], {{\[}}[{{\[}}-7.500000e-01, 1.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] groups = 2 : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
// CHECK-NOT: nn.batch_norm
func.func @depthwise_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, -4.0]]]]> : tensor<2x1x1x2xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b groups = 2 : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  return %z : tensor<1x2x4x3xf32>
}

// -----

// Strides, padding, dilations and the (identity) activation are kept.
// CHECK-LABEL: func.func @strided_padded_dilated_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00, 3.000000e+00], [4.500000e+00, 6.000000e+00]]], {{\[}}[{{\[}}2.500000e-01, -1.250000e-01], [-5.000000e-01, 5.000000e-01]]]]> : tensor<2x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] strides = [2, 2] padding = [1, 0, 1, 0] dilations = [2, 2] : (tensor<1x1x8x8xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
// CHECK-NOT: nn.batch_norm
func.func @strided_padded_dilated_conv(%x: tensor<1x1x8x8xf32>) -> tensor<1x2x4x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[-1.0, 0.5], [2.0, -2.0]]]]> : tensor<2x1x2x2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w strides = [2, 2] padding = [1, 0, 1, 0] dilations = [2, 2] activation = none : (tensor<1x1x8x8xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x4x3xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  return %z : tensor<1x2x4x3xf32>
}

// -----

// dense: W [out, in] scales per output feature (rows).
// CHECK-LABEL: func.func @dense_with_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 3.000000e+00, 4.500000e+00], [-1.000000e+00, -1.250000e+00, 1.500000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK: nn.dense %arg0, %[[W]], %[[B]] : (tensor<5x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<5x2xf32>
// CHECK-NOT: nn.batch_norm
func.func @dense_with_bias(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.dense %x, %w, %b : (tensor<5x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  return %z : tensor<5x2xf32>
}

// -----

// CHECK-LABEL: func.func @dense_without_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 3.000000e+00, 4.500000e+00], [-1.000000e+00, -1.250000e+00, 1.500000e+00]]> : tensor<2x3xf64>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf64>
// CHECK: nn.dense %arg0, %[[W]], %[[B]] : (tensor<5x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<5x2xf64>
// CHECK-NOT: nn.batch_norm
func.func @dense_without_bias(%x: tensor<5x3xf64>) -> tensor<5x2xf64> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf64>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf64>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf64>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf64>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf64>
  %y = nn.dense %x, %w : (tensor<5x3xf64>, tensor<2x3xf64>) -> tensor<5x2xf64>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<5x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<5x2xf64>
  return %z : tensor<5x2xf64>
}

// -----

// dense_resource weights stay blobs. W = [1, 2] (f32 0x3F800000, 0x40000000)
// becomes [1.5, -0.5] (0x3FC00000, 0xBF000000); b' = [-1, 1.5]
// (0xBF800000, 0x3FC00000). The mean comes from a blob too.
// CHECK-LABEL: func.func @dense_resource_weights
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<conv_w_folded> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense_resource<conv_w_folded_bias> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
// CHECK: conv_w_folded: "0x040000000000C03F000000BF"
// CHECK: conv_w_folded_bias: "0x04000000000080BF0000C03F"
func.func @dense_resource_weights(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense_resource<conv_w> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense_resource<bn_mean> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      // [1.0, 2.0]
      conv_w: "0x040000000000803F00000040",
      // [1.0, -2.0]
      bn_mean: "0x040000000000803F000000C0"
    }
  }
#-}

// -----

// Two convs share one weight, each followed by its own BN. Each gets its own
// folded weight; the shared constant is never changed. The second BN has
// gamma = [1, 4], variance = [3, 3]: s = [0.5, 2], b' = 0.
// CHECK-LABEL: func.func @shared_weight
// CHECK-DAG: %[[W1:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]], {{\[}}[3.000000e+00]]], {{\[}}[{{\[}}-7.500000e-01]], {{\[}}[1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B1:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[W2:.*]] = arith.constant dense<{{\[}}[{{\[}}[5.000000e-01]], {{\[}}[1.000000e+00]]], {{\[}}[{{\[}}6.000000e+00]], {{\[}}[-8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B2:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-DAG: nn.conv2d %arg0, %[[W1]], %[[B1]] :
// CHECK-DAG: nn.conv2d %arg1, %[[W2]], %[[B2]] :
// CHECK-NOT: nn.batch_norm
func.func @shared_weight(%x: tensor<1x2x4x4xf32>, %x2: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %gamma2 = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var2 = arith.constant dense<3.0> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y2 = nn.conv2d %x2, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z2 = nn.batch_norm %y2, %gamma2, %zero, %zero, %var2 epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z, %z2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The weight stays in use by another op: the fold adds a new constant and
// leaves the original for its other user.
// CHECK-LABEL: func.func @weight_used_elsewhere
// CHECK-DAG: %[[ORIG:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, -6.000000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 3.000000e+00, 4.500000e+00], [-1.000000e+00, -1.250000e+00, 1.500000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: nn.dense %arg0, %[[W]], %{{.*}} :
// CHECK-DAG: nn.dense %arg0, %[[ORIG]] activation = relu :
func.func @weight_used_elsewhere(%x: tensor<5x3xf32>) -> (tensor<5x2xf32>, tensor<5x2xf32>) {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.dense %x, %w : (tensor<5x3xf32>, tensor<2x3xf32>) -> tensor<5x2xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  %other = nn.dense %x, %w activation = relu : (tensor<5x3xf32>, tensor<2x3xf32>) -> tensor<5x2xf32>
  return %z, %other : tensor<5x2xf32>, tensor<5x2xf32>
}

// -----

// conv -> bn -> relu -> conv -> bn: both BNs fold; the relu stays between.
// The second BN has s = [0.5, 2] and zero mean/beta.
// CHECK-LABEL: func.func @chain
// CHECK: %[[C1:.*]] = nn.conv2d %arg0
// CHECK: %[[R:.*]] = nn.relu %[[C1]]
// CHECK: %[[C2:.*]] = nn.conv2d %[[R]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[C2]]
func.func @chain(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %gamma2 = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var2 = arith.constant dense<3.0> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %z : tensor<1x2x4x4xf32>
  %y2 = nn.conv2d %r, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z2 = nn.batch_norm %y2, %gamma2, %zero, %zero, %var2 epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z2 : tensor<1x2x4x4xf32>
}

// -----

// BN directly after BN: the first folds into the conv, which makes the
// second foldable too. s1 = [1.5, -0.25], then s2 = [0.5, 2]:
// W'' = W * s1 * s2, b'' = b' * s2 = [-0.5, 3].
// CHECK-LABEL: func.func @bn_after_bn
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[7.500000e-01]], {{\[}}[1.500000e+00]]], {{\[}}[{{\[}}-1.500000e+00]], {{\[}}[2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, 3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] :
// CHECK-NOT: nn.batch_norm
func.func @bn_after_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %gamma2 = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var2 = arith.constant dense<3.0> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %z2 = nn.batch_norm %z, %gamma2, %zero, %zero, %var2 epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z2 : tensor<1x2x4x4xf32>
}

// -----

// f16 and bf16: math in f64, one rounding to the element type.
// CHECK-LABEL: func.func @half_precision
// CHECK-DAG: arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]]], {{\[}}[{{\[}}-5.000000e-01]]]]> : tensor<2x1x1x1xf16>
// CHECK-DAG: arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf16>
// CHECK-DAG: arith.constant dense<{{\[}}[{{\[}}[1.500000e+00]]], {{\[}}[{{\[}}-5.000000e-01]]]]> : tensor<2x1x1x1xbf16>
// CHECK-DAG: arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xbf16>
// CHECK-NOT: nn.batch_norm
func.func @half_precision(%x: tensor<1x1x2x2xf16>, %xb: tensor<1x1x2x2xbf16>) -> (tensor<1x2x2x2xf16>, tensor<1x2x2x2xbf16>) {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf16>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf16>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf16>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf16>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf16>
  %y = nn.conv2d %x, %w : (tensor<1x1x2x2xf16>, tensor<2x1x1x1xf16>) -> tensor<1x2x2x2xf16>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x2x2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
  %wb = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xbf16>
  %gammab = arith.constant dense<[3.0, -1.0]> : tensor<2xbf16>
  %betab = arith.constant dense<[0.5, 2.0]> : tensor<2xbf16>
  %meanb = arith.constant dense<[1.0, -2.0]> : tensor<2xbf16>
  %varb = arith.constant dense<[3.0, 15.0]> : tensor<2xbf16>
  %yb = nn.conv2d %xb, %wb : (tensor<1x1x2x2xbf16>, tensor<2x1x1x1xbf16>) -> tensor<1x2x2x2xbf16>
  %zb = nn.batch_norm %yb, %gammab, %betab, %meanb, %varb epsilon = 1.0 : (tensor<1x2x2x2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<1x2x2x2xbf16>
  return %z, %zb : tensor<1x2x2x2xf16>, tensor<1x2x2x2xbf16>
}

// -----

// Rounded once: s = 1 / sqrt(3 + 0) in f64, times W = 1, rounded to f32 is
// 0x3F13CD3A, printed as 0.577350259; the bias 0.
// CHECK-LABEL: func.func @rounded_once
// CHECK-DAG: arith.constant dense<0.577350259> : tensor<1x1xf32>
func.func @rounded_once(%x: tensor<2x1xf32>) -> tensor<2x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %three = arith.constant dense<3.0> : tensor<1xf32>
  %y = nn.dense %x, %w : (tensor<2x1xf32>, tensor<1x1xf32>) -> tensor<2x1xf32>
  %z = nn.batch_norm %y, %one, %zero, %zero, %three epsilon = 0.0 : (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1xf32>
  return %z : tensor<2x1xf32>
}

// -----

// conv_transpose2d's weight is [I, O/groups, kH, kW]: the scale runs along
// dim 1 within each group. groups = 2, I = 2, O = 4: input channel 0 feeds
// outputs 0, 1 and input channel 1 feeds outputs 2, 3. gamma = [1, 2, 3, 4],
// variance = 4, epsilon = 0: s = [0.5, 1, 1.5, 2]; W = [[1, 2], [3, 4]]:
// W' = [[0.5, 2], [4.5, 8]] (scaling dim 0 would give [[0.5, 1], [6, 8]]);
// b' = -mean * s = [-0.5, -1, -1.5, -2].
// CHECK-LABEL: func.func @conv_transpose_grouped
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}{{\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[}}[4.500000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-5.000000e-01, -1.000000e+00, -1.500000e+00, -2.000000e+00]> : tensor<4xf32>
// CHECK: nn.conv_transpose2d %arg0, %[[W]], %[[B]] strides = [2, 2] groups = 2 :
// CHECK-NOT: nn.batch_norm
func.func @conv_transpose_grouped(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %mean = arith.constant dense<1.0> : tensor<4xf32>
  %var = arith.constant dense<4.0> : tensor<4xf32>
  %y = nn.conv_transpose2d %x, %w strides = [2, 2] groups = 2 : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x5x5xf32>
  %z = nn.batch_norm %y, %gamma, %zero, %mean, %var epsilon = 0.0 : (tensor<1x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  return %z : tensor<1x4x5x5xf32>
}
