// RUN: nn-opt %s --nn-convolution-to-matmul -split-input-file | FileCheck %s

// A 3x3 stride-2 convolution: im2col reads the window at oh*2 + kh, then one
// contraction over k = (c, kh, kw) per output pixel p = (oh, ow).
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv
// CHECK: %[[COLUMNS:.*]] = linalg.generic {indexing_maps = [#[[WINDOW]], {{.*}}]{{.*}} ins(%{{.*}} : tensor<1x3x9x9xf32>) outs(%{{.*}} : tensor<1x3x3x3x4x4xf32>)
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[COLUMNS]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x3x3x3x4x4xf32> into tensor<1x27x16xf32>
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<8x3x3x3xf32> into tensor<8x27xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.generic {indexing_maps = [#[[W]], #[[COL]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[FILTER]], %[[MATRIX]] : tensor<8x27xf32>, tensor<1x27x16xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.expand_shape %[[PRODUCT]] {{\[}}[0], [1], [2, 3]] output_shape [1, 8, 4, 4]
// CHECK-NOT: linalg.conv_2d
func.func @conv(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %acc: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%acc : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// Stride 1 over output rows of 16: the contraction reads the input in place
// at (oh + kh*2, ow + kw*2) for dilation 2, with (c, kh, kw) as its
// reduction loops and the output row as its columns; no column matrix.
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5 * 2, d3 + d6 * 2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @window_in_place
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#[[W]], #[[X]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg1, %arg0 : tensor<8x3x3x3xf32>, tensor<1x3x6x20xf32>) outs(%arg2 : tensor<1x8x2x16xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: tensor.expand_shape
func.func @window_in_place(%x: tensor<1x3x6x20xf32>, %w: tensor<8x3x3x3xf32>, %acc: tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<2> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x6x20xf32>, tensor<8x3x3x3xf32>) outs(%acc : tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32>
  return %y : tensor<1x8x2x16xf32>
}

// -----

// Stride-1 rows of 20 (16 + 4) would take two whole vectors per row: the
// column matrix packs them, up to 8 MiB of it. 512 channels over 23 rows
// make 8.5 MB, read in place; over 22 rows 8.1 MB, im2col.
// CHECK-LABEL: func.func @unaligned_rows_use_columns
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x512x3x3x22x20xf32> into tensor<1x4608x440xf32>
// CHECK-LABEL: func.func @unaligned_rows_large_matrix_in_place
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {{.*}} ins(%arg1, %arg0 : tensor<8x512x3x3xf32>, tensor<1x512x25x22xf32>) outs(%arg2 : tensor<1x8x23x20xf32>)
func.func @unaligned_rows_use_columns(%x: tensor<1x512x24x22xf32>, %w: tensor<8x512x3x3xf32>, %acc: tensor<1x8x22x20xf32>) -> tensor<1x8x22x20xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x512x24x22xf32>, tensor<8x512x3x3xf32>) outs(%acc : tensor<1x8x22x20xf32>) -> tensor<1x8x22x20xf32>
  return %y : tensor<1x8x22x20xf32>
}
func.func @unaligned_rows_large_matrix_in_place(%x: tensor<1x512x25x22xf32>, %w: tensor<8x512x3x3xf32>, %acc: tensor<1x8x23x20xf32>) -> tensor<1x8x23x20xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x512x25x22xf32>, tensor<8x512x3x3xf32>) outs(%acc : tensor<1x8x23x20xf32>) -> tensor<1x8x23x20xf32>
  return %y : tensor<1x8x23x20xf32>
}

// -----

// Stride 2 over 3 input channels: read in place at (oh*2 + kh, ow*2 + kw).
// A window of 3 taps is not split by column parity.
// CHECK-DAG: #[[X2:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 * 2 + d5, d3 * 2 + d6)>
// CHECK-LABEL: func.func @strided_window_in_place
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[X2]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg1, %arg0 : tensor<8x3x3x3xf32>, tensor<1x3x5x33xf32>)
func.func @strided_window_in_place(%x: tensor<1x3x5x33xf32>, %w: tensor<8x3x3x3xf32>, %acc: tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x5x33xf32>, tensor<8x3x3x3xf32>) outs(%acc : tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32>
  return %y : tensor<1x8x2x16xf32>
}

// -----

// A window of 5 taps at stride 2: two convolutions of stride 1 along the
// rows. The even taps (kw = 0, 2, 4) read a copy of the even columns at
// ow + j, then the odd taps (kw = 1, 3) a copy of the odd columns,
// accumulating into the first's result.
// CHECK-DAG: #[[EVEN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3 * 2)>
// CHECK-DAG: #[[ODD:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3 * 2 + 1)>
// CHECK-DAG: #[[X1:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 * 2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @strided_window_by_column_parity
// CHECK-NOT: tensor.collapse_shape
// CHECK: %[[EVENS:.*]] = linalg.generic {indexing_maps = [#[[EVEN]], {{.*}}]{{.*}} ins(%arg0 : tensor<1x3x5x35xf32>) outs(%{{.*}} : tensor<1x3x5x18xf32>)
// CHECK: %[[EVENW:.*]] = tensor.extract_slice %arg1[0, 0, 0, 0] [8, 3, 3, 3] [1, 1, 1, 2]
// CHECK: %[[FIRST:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[X1]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[EVENW]], %[[EVENS]] : tensor<8x3x3x3xf32>, tensor<1x3x5x18xf32>) outs(%arg2 : tensor<1x8x2x16xf32>)
// CHECK: %[[ODDS:.*]] = linalg.generic {indexing_maps = [#[[ODD]], {{.*}}]{{.*}} ins(%arg0 : tensor<1x3x5x35xf32>) outs(%{{.*}} : tensor<1x3x5x17xf32>)
// CHECK: %[[ODDW:.*]] = tensor.extract_slice %arg1[0, 0, 0, 1] [8, 3, 3, 2] [1, 1, 1, 2]
// CHECK: %[[SECOND:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[X1]], #{{.*}}], {{.*}} ins(%[[ODDW]], %[[ODDS]] : tensor<8x3x3x2xf32>, tensor<1x3x5x17xf32>) outs(%[[FIRST]] : tensor<1x8x2x16xf32>)
// CHECK: return %[[SECOND]]
func.func @strided_window_by_column_parity(%x: tensor<1x3x5x35xf32>, %w: tensor<8x3x3x5xf32>, %acc: tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x5x35xf32>, tensor<8x3x3x5xf32>) outs(%acc : tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32>
  return %y : tensor<1x8x2x16xf32>
}

// -----

// Stride 2 over 64 input channels: the shuffle a step would cost more than
// the column matrix saves, im2col.
// CHECK-LABEL: func.func @strided_many_channels_use_columns
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x64x3x3x2x16xf32> into tensor<1x576x32xf32>
func.func @strided_many_channels_use_columns(%x: tensor<1x64x5x33xf32>, %w: tensor<8x64x3x3xf32>, %acc: tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x64x5x33xf32>, tensor<8x64x3x3xf32>) outs(%acc : tensor<1x8x2x16xf32>) -> tensor<1x8x2x16xf32>
  return %y : tensor<1x8x2x16xf32>
}

// -----

// Stride 3 along the rows: a third of each span would be read and shuffled
// out, and only stride 2 is measured to pay; im2col.
// CHECK-LABEL: func.func @stride_three_uses_columns
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x3x3x3x1x16xf32> into tensor<1x27x16xf32>
func.func @stride_three_uses_columns(%x: tensor<1x3x3x48xf32>, %w: tensor<8x3x3x3xf32>, %acc: tensor<1x8x1x16xf32>) -> tensor<1x8x1x16xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<3> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x3x48xf32>, tensor<8x3x3x3xf32>) outs(%acc : tensor<1x8x1x16xf32>) -> tensor<1x8x1x16xf32>
  return %y : tensor<1x8x1x16xf32>
}

// -----

// Rows of 8 would fill half a 16-lane vector: im2col as for other strides.
// CHECK-LABEL: func.func @narrow_rows_use_columns
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x3x3x3x8x8xf32> into tensor<1x27x64xf32>
func.func @narrow_rows_use_columns(%x: tensor<1x3x10x10xf32>, %w: tensor<8x3x3x3xf32>, %acc: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%acc : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// A 1x1 stride-1 convolution reads its input as the column matrix: no
// im2col copy, over 16 pixels (a cache line of f32) or over 25, whose rows
// do not start on cache lines.
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT: bufferization.alloc_tensor
// CHECK-NOT: tensor<1x16x1x1x4x4xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x16x4x4xf32> into tensor<1x16x16xf32>
// CHECK: linalg.generic
// CHECK-NOT: linalg.conv_2d
func.func @pointwise(%x: tensor<1x16x4x4xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x4x4xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// CHECK-LABEL: func.func @pointwise_unaligned
// CHECK-NOT: bufferization.alloc_tensor
// CHECK-NOT: tensor<1x16x1x1x5x5xf32>
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x16x5x5xf32> into tensor<1x16x25xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[MATRIX]] : tensor<4x16xf32>, tensor<1x16x25xf32>)
// CHECK-NOT: linalg.conv_2d
func.func @pointwise_unaligned(%x: tensor<1x16x5x5xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x5x5xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// -----

// A 1x1 stride-1 convolution whose output rows are whole vectors or end in
// half a vector (a multiple of 8, at least 16) reads its input rows in
// place, with the output in its [N, F, H, W] shape; rows of 20 (16 + 4)
// keep the column form.
// CHECK-DAG: #[[POINT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @pointwise_rows
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {{.*}} #[[POINT]]{{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %arg0 : tensor<4x16x1x1xf32>, tensor<1x16x2x24xf32>) outs(%arg2 : tensor<1x4x2x24xf32>)
// CHECK-LABEL: func.func @pointwise_rows_of_20
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x16x2x20xf32> into tensor<1x16x40xf32>
func.func @pointwise_rows(%x: tensor<1x16x2x24xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x2x24xf32>) -> tensor<1x4x2x24xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x2x24xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x2x24xf32>) -> tensor<1x4x2x24xf32>
  return %y : tensor<1x4x2x24xf32>
}
func.func @pointwise_rows_of_20(%x: tensor<1x16x2x20xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x2x20xf32>) -> tensor<1x4x2x20xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x2x20xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x2x20xf32>) -> tensor<1x4x2x20xf32>
  return %y : tensor<1x4x2x20xf32>
}

// -----

// Over 25 pixels the rows of an im2col matrix (here of a 1x1 window at
// stride 2) would straddle cache lines: the copy writes rows 32 elements
// apart, into a slice of a larger buffer that the contraction reads through.
// CHECK-LABEL: func.func @strided_pointwise_unaligned
// CHECK: %[[BUFFER:.*]] = bufferization.alloc_tensor() : tensor<1x16x1x1x32xf32>
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[BUFFER]][0, 0, 0, 0, 0] [1, 16, 1, 1, 25] [1, 1, 1, 1, 1]
// CHECK: %[[INIT:.*]] = tensor.expand_shape %[[ROWS]] {{\[}}[0], [1], [2], [3], [4, 5]] output_shape [1, 16, 1, 1, 5, 5]
// CHECK: %[[COPY:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<1x16x10x10xf32>) outs(%[[INIT]] : tensor<1x16x1x1x5x5xf32>)
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[COPY]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x16x1x1x5x5xf32> into tensor<1x16x25xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[MATRIX]] : tensor<4x16xf32>, tensor<1x16x25xf32>)
// CHECK-NOT: linalg.conv_2d
func.func @strided_pointwise_unaligned(%x: tensor<1x16x10x10xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x10x10xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// -----

// Depthwise: one all-parallel generic over (n, c, oh, ow) whose operands are
// the 9 taps' strided input windows, filter columns and the accumulator,
// summed in (kh, kw) order onto the accumulator into a new tensor, each
// multiply and add free to contract into one FMA.
// Dilation 2 puts the taps 2 apart.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[T0:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK: %[[T1:.*]] = tensor.extract_slice %arg0[0, 0, 0, 2] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK: %[[T8:.*]] = tensor.extract_slice %arg0[0, 0, 4, 4] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK: %[[W0:.*]] = tensor.extract_slice %arg1[0, 0, 0] [4, 1, 1] [1, 1, 1] : tensor<4x3x3xf32> to tensor<4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[T0]], %[[T1]],
// CHECK-SAME: %arg2 : {{.*}}) outs(%{{.*}} : tensor<1x4x4x4xf32>)
// CHECK: ^bb0(%[[X0:[^:]*]]: f32, %[[X1:[^:]*]]: f32, {{(%[^:]*: f32, ){7}()}}%[[F0:[^:]*]]: f32, %[[F1:[^:]*]]: f32, {{(%[^:]*: f32, ){7}()}}%[[ACC:[^:]*]]: f32, %{{.*}}: f32):
// CHECK: %[[M0:.*]] = arith.mulf %[[X0]], %[[F0]] fastmath<contract> : f32
// CHECK: %[[S0:.*]] = arith.addf %[[ACC]], %[[M0]] fastmath<contract> : f32
// CHECK: %[[M1:.*]] = arith.mulf %[[X1]], %[[F1]] fastmath<contract> : f32
// CHECK: arith.addf %[[S0]], %[[M1]] fastmath<contract> : f32
// CHECK-NOT: linalg.depthwise_conv_2d
func.func @depthwise(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3x3xf32>, %acc: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = linalg.depthwise_conv_2d_nchw_chw {strides = dense<1> : vector<2xi64>, dilations = dense<2> : vector<2xi64>}
         ins(%x, %w : tensor<1x4x8x8xf32>, tensor<4x3x3xf32>) outs(%acc : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Stride 2: each window is a slice with step 2 along both spatial dims.
// CHECK-LABEL: func.func @depthwise_strided
// CHECK: tensor.extract_slice %arg0[0, 0, 0, 1] [1, 2, 3, 3] [1, 1, 2, 2] : tensor<1x2x7x7xf32> to tensor<1x2x3x3xf32>
// CHECK: tensor.extract_slice %arg0[0, 0, 2, 2] [1, 2, 3, 3] [1, 1, 2, 2] : tensor<1x2x7x7xf32> to tensor<1x2x3x3xf32>
// CHECK: linalg.generic
// CHECK-NOT: linalg.depthwise_conv_2d
func.func @depthwise_strided(%x: tensor<1x2x7x7xf32>, %w: tensor<2x3x3xf32>, %acc: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %y = linalg.depthwise_conv_2d_nchw_chw {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x2x7x7xf32>, tensor<2x3x3xf32>) outs(%acc : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// More than 49 taps stay a reduction, with the loops (n, c, kh, kw, oh, ow):
// the output row innermost.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
// CHECK-LABEL: func.func @depthwise_large_window
// CHECK: linalg.generic {indexing_maps = [#[[IN]], {{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel", "parallel"]}
// CHECK-NOT: linalg.depthwise_conv_2d
func.func @depthwise_large_window(%x: tensor<1x2x10x10xf32>, %w: tensor<2x9x9xf32>, %acc: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = linalg.depthwise_conv_2d_nchw_chw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x2x10x10xf32>, tensor<2x9x9xf32>) outs(%acc : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// x * transpose(w) with a constant w: the product reads w stored transposed,
// rows of w' = columns of w.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[WT:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @dense
// CHECK: %[[WT_CONST:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[WT]], #[[Y]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[WT_CONST]] : tensor<1x3xf32>, tensor<3x2xf32>)
// CHECK-NOT: linalg.matmul
func.func @dense(%x: tensor<1x3xf32>, %acc: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(n, o, k) -> (n, k)>, affine_map<(n, o, k) -> (o, k)>, affine_map<(n, o, k) -> (n, o)>]
         ins(%x, %w : tensor<1x3xf32>, tensor<2x3xf32>) outs(%acc : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Max and sum pooling the same way: the taps' strided windows folded in
// (kh, kw) order onto the initial value, max as PyTorch's: a tap replaces
// the max if greater or NaN (NaN propagates; of equal values the first
// stays). Global sum pooling first adds the 7
// input rows onto zero (an all-parallel generic over rows of 7; the fill of
// zeros it started from is folded into it), then reduces only those 7 sums
// per channel.
// CHECK-LABEL: func.func @pooling
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[M0:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: %[[M8:.*]] = tensor.extract_slice %arg0[0, 0, 2, 2] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME: ins(%[[M0]],
// CHECK: ^bb0(%[[X0:[^:]*]]: f32, {{(%[^:]*: f32, ){8}()}}%[[INIT:[^:]*]]: f32, %{{.*}}: f32):
// CHECK: %[[GREATER:.*]] = arith.cmpf ogt, %[[X0]], %[[INIT]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X0]], %[[X0]] : f32
// CHECK: %[[TAKE:.*]] = arith.ori %[[GREATER]], %[[NAN]] : i1
// CHECK: %[[MAX0:.*]] = arith.select %[[TAKE]], %[[X0]], %[[INIT]] : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %[[MAX0]] : f32
// CHECK-NOT: arith.maximumf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.addf
// CHECK: %[[R0:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 2, 1, 7] [1, 1, 1, 1]
// CHECK: %[[R6:.*]] = tensor.extract_slice %arg0[0, 0, 6, 0] [1, 2, 1, 7] [1, 1, 1, 1]
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} ins(%[[R0]], {{.*}}, %[[R6]] : {{.*}}) outs(%{{.*}} : tensor<1x2x1x7xf32>)
// CHECK: arith.addf %{{.*}}, %[[ZERO]] : f32
// CHECK: linalg.pooling_nchw_sum {{.*}} ins(%[[ROWS]], %{{.*}} : tensor<1x2x1x7xf32>, tensor<1x7xf32>) outs(%arg2 : tensor<1x2x1x1xf32>)
// CHECK-NOT: linalg.pooling_nchw_max
func.func @pooling(%x: tensor<1x2x7x7xf32>, %init: tensor<1x2x3x3xf32>, %one: tensor<1x2x1x1xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) {
  %window = tensor.empty() : tensor<3x3xf32>
  %max = linalg.pooling_nchw_max {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
           ins(%x, %window : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %sum = linalg.pooling_nchw_sum {strides = dense<2> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
           ins(%x, %window : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %all = tensor.empty() : tensor<7x7xf32>
  %global = linalg.pooling_nchw_sum {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
              ins(%x, %all : tensor<1x2x7x7xf32>, tensor<7x7xf32>) outs(%one : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %max, %sum, %global : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>
}

// -----

// A constant pad: a fill of the padded tensor (vector rows later, whatever
// the value) and the source inserted into its interior.
// CHECK-LABEL: func.func @pad
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<1x2x7x9xf32>)
// CHECK: tensor.insert_slice %arg0 into %[[FILLED]][0, 0, 1, 2] [1, 2, 5, 5] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
func.func @pad(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x7x9xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 2] high[0, 0, 1, 2] {
  ^bb0(%n: index, %c: index, %h: index, %w: index):
    tensor.yield %lowest : f32
  } : tensor<1x2x5x5xf32> to tensor<1x2x7x9xf32>
  return %p : tensor<1x2x7x9xf32>
}

// -----

// The fill of a pad goes before the producer of its source, so that the
// producer can later write into the interior (nn-write-into-padded-buffers).
// CHECK-LABEL: func.func @pad_filled_before_producer
// CHECK: %[[FILLED:.*]] = linalg.fill
// CHECK: %[[NEG:.*]] = linalg.generic
// CHECK: arith.negf
// CHECK: tensor.insert_slice %[[NEG]] into %[[FILLED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pad_filled_before_producer(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x2x4x4xf32>
  %p = tensor.pad %neg low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%n: index, %c: index, %h: index, %w: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x6xf32>
  return %p : tensor<1x2x6x6xf32>
}

// -----

// The bias broadcast that makes the accumulator and the residual add + relu
// that consume the product are collapsed into the product's [N, F, H*W]
// shape, in one iteration space with it; the residual is collapsed to match
// and the result expanded after the relu.
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[CH3:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @bias_residual_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x5x5xf32>, %{{.*}}: tensor<4x16x1x1xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<1x4x5x5xf32>)
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[CH3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x25xf32>)
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}} outs(%[[ACC]] : tensor<1x4x25xf32>)
// CHECK: %[[RESIDUAL:.*]] = tensor.collapse_shape %[[R]] {{\[}}[0], [1], [2, 3]] : tensor<1x4x5x5xf32> into tensor<1x4x25xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ID3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[PRODUCT]], %[[RESIDUAL]] : tensor<1x4x25xf32>, tensor<1x4x25xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0], [1], [2, 3]] output_shape [1, 4, 5, 5]
// CHECK: return %[[Y]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias_residual_relu(%x: tensor<1x16x5x5xf32>, %w: tensor<4x16x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %e = tensor.empty() : tensor<1x4x5x5xf32>
  %acc = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%b : tensor<4xf32>) outs(%e : tensor<1x4x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x5x5xf32>
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x5x5xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %z = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%y, %r : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) outs(%e : tensor<1x4x5x5xf32>) {
  ^bb0(%a: f32, %c: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %s = arith.addf %a, %c : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x5x5xf32>
  return %z : tensor<1x4x5x5xf32>
}

// -----

// A product with two consumers keeps its 4-d result: collapsing one
// consumer would not put both on the register tile.
// CHECK-LABEL: func.func @two_consumers
// CHECK: %[[PRODUCT:.*]] = linalg.generic {{.*}}"reduction"]
// CHECK: } -> tensor<1x4x25xf32>
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[PRODUCT]]
// CHECK: linalg.generic {{.*}} ins(%[[Y]] : tensor<1x4x5x5xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[Y]] : tensor<1x4x5x5xf32>)
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @two_consumers(%x: tensor<1x16x5x5xf32>, %w: tensor<4x16x1x1xf32>, %acc: tensor<1x4x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) {
  %e = tensor.empty() : tensor<1x4x5x5xf32>
  %y = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x16x5x5xf32>, tensor<4x16x1x1xf32>) outs(%acc : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%y : tensor<1x4x5x5xf32>) outs(%e : tensor<1x4x5x5xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x4x5x5xf32>
  %abs = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%y : tensor<1x4x5x5xf32>) outs(%e : tensor<1x4x5x5xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = math.absf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x4x5x5xf32>
  return %neg, %abs : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>
}

// -----

// The bias broadcast that makes a depthwise convolution's accumulator and
// the relu6 after it are fused into its sum over the taps: one generic
// reads the bias per channel and writes the activation, with no tensor of
// bias values or of sums in between.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @depthwise_bias_relu6
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]]
// CHECK-SAME: ins({{.*}}, %arg2 : {{.*}}, tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: arith.minimumf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @depthwise_bias_relu6(%x: tensor<1x2x6x6xf32>, %w: tensor<2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %acc = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%b : tensor<2xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x4x4xf32>
  %y = linalg.depthwise_conv_2d_nchw_chw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x2x6x6xf32>, tensor<2x3x3xf32>) outs(%acc : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %z = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%y : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %six = arith.constant 6.0 : f32
    %lo = arith.maximumf %a, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A SiLU (its exp) after a depthwise convolution stays a generic of its
// own: the bias broadcast is fused into the sum over the taps, the
// activation reads the sums.
// CHECK-LABEL: func.func @depthwise_bias_silu
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins({{.*}}, %arg2 : {{.*}}, tensor<2xf32>)
// CHECK-NOT: math.exp
// CHECK: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
// CHECK: math.exp
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @depthwise_bias_silu(%x: tensor<1x2x6x6xf32>, %w: tensor<2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %acc = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%b : tensor<2xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x4x4xf32>
  %y = linalg.depthwise_conv_2d_nchw_chw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x2x6x6xf32>, tensor<2x3x3xf32>) outs(%acc : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %z = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%y : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %neg = arith.negf %a : f32
    %exp = math.exp %neg : f32
    %den = arith.addf %one, %exp : f32
    %sig = arith.divf %one, %den : f32
    %silu = arith.mulf %a, %sig : f32
    linalg.yield %silu : f32
  } -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
