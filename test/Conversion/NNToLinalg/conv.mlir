// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// groups = 1: zero padding, the bias broadcast into the accumulator, a named
// NCHW/FCHW convolution with strides and dilations, then the activation.
// CHECK-LABEL: func.func @dense_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 2] high[0, 0, 3, 4]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x5x10xf32>)
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<[2, 1]> : vector<2xi64>} ins(%[[PADDED]], %[[W]] : tensor<1x3x12x14xf32>, tensor<4x3x3x3xf32>) outs(%[[ACC]] : tensor<1x4x5x10xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x4x5x10xf32>)
// CHECK: arith.cmpf olt
func.func @dense_conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x10xf32> {
  %y = nn.conv2d %x, %w, %b strides = [2, 1] padding = [1, 2, 3, 4] dilations = [1, 2] activation = relu : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x10xf32>
  return %y : tensor<1x4x5x10xf32>
}

// -----

// groups = channels = outputs: the [C, 1, kH, kW] filter is collapsed to
// [C, kH, kW] for the depthwise op; no bias means a zero accumulator.
// CHECK-LABEL: func.func @depthwise_conv
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<6x1x3x3xf32> into tensor<6x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%{{.*}}, %[[FILTER]] : tensor<1x6x8x8xf32>, tensor<6x3x3xf32>)
// CHECK-NOT: tensor.pad
func.func @depthwise_conv(%x: tensor<1x6x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %y = nn.conv2d %x, %w groups = 6 : (tensor<1x6x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

// Other groups: input, filter and accumulator get an explicit group dim.
// CHECK-LABEL: func.func @grouped_conv
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 3, 5, 5] : tensor<1x6x5x5xf32> into tensor<1x2x3x5x5xf32>
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 2, 3, 3, 3] : tensor<4x3x3x3xf32> into tensor<2x2x3x3x3xf32>
// CHECK: %[[GROUPED:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} -> tensor<1x2x2x3x3xf32>
// CHECK: tensor.collapse_shape %[[GROUPED]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x2x3x3xf32> into tensor<1x4x3x3xf32>
func.func @grouped_conv(%x: tensor<1x6x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %y = nn.conv2d %x, %w groups = 2 : (tensor<1x6x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// conv_transpose2d: the input spread out with stride - 1 zeros between
// pixels, padded by dilation * (k - 1) - padding = 1 before and 1 +
// output_padding = 2 after; the weight [I, O/g, kH, kW] flipped in kH, kW
// with in/out channels swapped per group; then a stride-1 grouped conv.
// CHECK: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x2x3x3xf32>)
// CHECK: %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x4x8x8xf32>
// CHECK: %[[SPREAD:.*]] = tensor.insert_slice %[[X]] into %[[ZEROS]][0, 0, 1, 1] [1, 4, 3, 3] [1, 1, 2, 2]
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 2, 3, 3]
// CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}], {{.*}} ins(%[[GROUPED]]
// CHECK: linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK-SAME: -> tensor<1x2x2x6x6xf32>
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %y = nn.conv_transpose2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 2 : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// Padding beyond dilation * (k - 1) = 2 becomes a crop of the result.
// CHECK-LABEL: func.func @conv_transpose_cropped
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 2, 2] : tensor<1x2x4x4xf32> into tensor<1x2x7x7xf32>
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {{.*}} -> tensor<1x2x5x5xf32>
// CHECK: tensor.extract_slice %[[CONV]][0, 0, 1, 1] [1, 2, 3, 3] [1, 1, 1, 1] : tensor<1x2x5x5xf32> to tensor<1x2x3x3xf32>
func.func @conv_transpose_cropped(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.conv_transpose2d %x, %w strides = [2, 2] padding = [3, 3, 3, 3] : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
