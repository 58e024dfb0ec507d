// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// Max pooling pads and starts from -inf.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG_INF]]
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[PADDED]], %[[WINDOW]] : tensor<1x4x10x10xf32>, tensor<3x3xf32>)
func.func @max_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.max_pool2d %x kernel = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Without count_include_pad the divisor counts unpadded elements per output
// position: rows 1, 2 and columns 1, 2 for 2x2 windows, stride 2, padding 1
// on a 3x3 input.
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[SUMS:.*]] = linalg.pooling_nchw_sum {{.*}} -> tensor<1x1x2x2xf32>
// CHECK: %[[COUNTS:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %[[COUNTS]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @avg_pool(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %y = nn.avg_pool2d %x kernel = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] count_include_pad = false : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @global_avg_pool
// CHECK: %[[SUMS:.*]] = linalg.pooling_nchw_sum {{.*}} ins(%arg0, %{{.*}} : tensor<1x4x7x7xf32>, tensor<7x7xf32>) {{.*}} -> tensor<1x4x1x1xf32>
// CHECK: %[[AREA:.*]] = arith.constant 4.900000e+01 : f32
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %{{.*}} : tensor<1x4x1x1xf32>, tensor<f32>)
// CHECK: arith.divf
func.func @global_avg_pool(%x: tensor<1x4x7x7xf32>) -> tensor<1x4x1x1xf32> {
  %y = nn.global_avg_pool2d %x : (tensor<1x4x7x7xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}
