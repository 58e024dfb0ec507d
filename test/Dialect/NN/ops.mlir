// RUN: nn-opt %s | nn-opt | FileCheck %s
// RUN: nn-opt %s --mlir-print-op-generic | nn-opt | FileCheck %s

// CHECK-LABEL: func.func @conv2d_all_attributes
// CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] dilations = [2, 2] groups = 2 activation = relu6 : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
func.func @conv2d_all_attributes(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %y = nn.conv2d %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] dilations = [2, 2] groups = 2 activation = relu6
      : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// Default attributes are elided; no bias.
// CHECK-LABEL: func.func @conv2d_defaults
// CHECK: nn.conv2d %{{.*}}, %{{.*}} : (tensor<2x3x5x5xf16>, tensor<8x3x3x3xf16>) -> tensor<2x8x3x3xf16>
func.func @conv2d_defaults(%x: tensor<2x3x5x5xf16>, %w: tensor<8x3x3x3xf16>) -> tensor<2x8x3x3xf16> {
  %y = nn.conv2d %x, %w : (tensor<2x3x5x5xf16>, tensor<8x3x3x3xf16>) -> tensor<2x8x3x3xf16>
  return %y : tensor<2x8x3x3xf16>
}

// CHECK-LABEL: func.func @conv2d_dynamic_batch
// CHECK: nn.conv2d %{{.*}}, %{{.*}} groups = 3 : (tensor<?x3x5x5xbf16>, tensor<3x1x3x3xbf16>) -> tensor<?x3x3x3xbf16>
func.func @conv2d_dynamic_batch(%x: tensor<?x3x5x5xbf16>, %w: tensor<3x1x3x3xbf16>) -> tensor<?x3x3x3xbf16> {
  %y = nn.conv2d %x, %w groups = 3 : (tensor<?x3x5x5xbf16>, tensor<3x1x3x3xbf16>) -> tensor<?x3x3x3xbf16>
  return %y : tensor<?x3x3x3xbf16>
}

// CHECK-LABEL: func.func @dense
// CHECK: nn.dense %{{.*}}, %{{.*}}, %{{.*}} activation = relu : (tensor<2x8xf64>, tensor<4x8xf64>, tensor<4xf64>) -> tensor<2x4xf64>
// CHECK: nn.dense %{{.*}}, %{{.*}} : (tensor<2x8xf64>, tensor<4x8xf64>) -> tensor<2x4xf64>
func.func @dense(%x: tensor<2x8xf64>, %w: tensor<4x8xf64>, %b: tensor<4xf64>) -> (tensor<2x4xf64>, tensor<2x4xf64>) {
  %y = nn.dense %x, %w, %b activation = relu : (tensor<2x8xf64>, tensor<4x8xf64>, tensor<4xf64>) -> tensor<2x4xf64>
  %z = nn.dense %x, %w : (tensor<2x8xf64>, tensor<4x8xf64>) -> tensor<2x4xf64>
  return %y, %z : tensor<2x4xf64>, tensor<2x4xf64>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon = 1.000000e-03 : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
func.func @batch_norm(%x: tensor<1x4x2x2xf32>, %f: tensor<3x4xf32>, %p: tensor<4xf32>) -> (tensor<1x4x2x2xf32>, tensor<3x4xf32>) {
  %y = nn.batch_norm %x, %p, %p, %p, %p epsilon = 1.0e-3
      : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %z = nn.batch_norm %f, %p, %p, %p, %p
      : (tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y, %z : tensor<1x4x2x2xf32>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @elementwise
// CHECK: nn.relu %{{.*}} : tensor<1x4x2x2xf32>
// CHECK: nn.clamp %{{.*}} min = 0.000000e+00 max = 6.000000e+00 : tensor<1x4x2x2xf32>
// CHECK: nn.sigmoid %{{.*}} : tensor<1x4x2x2xf32>
// CHECK: nn.silu %{{.*}} : tensor<1x4x2x2xf32>
// CHECK: nn.hardsigmoid %{{.*}} : tensor<1x4x2x2xf32>
// CHECK: nn.hardswish %{{.*}} : tensor<1x4x2x2xf32>
// CHECK: nn.add %{{.*}}, %{{.*}} : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
// CHECK: nn.mul %{{.*}}, %{{.*}} : tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
func.func @elementwise(%x: tensor<1x4x2x2xf32>, %se: tensor<1x4x1x1xf32>) -> tensor<1x4x2x2xf32> {
  %a = nn.relu %x : tensor<1x4x2x2xf32>
  %b = nn.clamp %a min = 0.0 max = 6.0 : tensor<1x4x2x2xf32>
  %c = nn.sigmoid %b : tensor<1x4x2x2xf32>
  %d0 = nn.silu %c : tensor<1x4x2x2xf32>
  %d1 = nn.hardsigmoid %d0 : tensor<1x4x2x2xf32>
  %d = nn.hardswish %d1 : tensor<1x4x2x2xf32>
  %e = nn.add %d, %x : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %f = nn.mul %se, %e : tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  return %f : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func.func @pooling
// CHECK: nn.max_pool2d %{{.*}} kernel = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// CHECK: nn.avg_pool2d %{{.*}} kernel = [2, 2] strides = [2, 2] count_include_pad = false : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
// CHECK: nn.avg_pool2d %{{.*}} kernel = [2, 2] : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
// CHECK: nn.global_avg_pool2d %{{.*}} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
func.func @pooling(%x: tensor<1x4x8x8xf32>) -> (tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>) {
  %a = nn.max_pool2d %x kernel = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %b = nn.avg_pool2d %a kernel = [2, 2] strides = [2, 2] count_include_pad = false : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
  %c = nn.avg_pool2d %b kernel = [2, 2] : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
  %d = nn.global_avg_pool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %c, %d : tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>
}

// CHECK-LABEL: func.func @structural
// CHECK: nn.flatten %{{.*}} : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
// CHECK: nn.flatten %{{.*}} start_dim = 2 : (tensor<2x4x3x3xf32>) -> tensor<2x4x9xf32>
// CHECK: nn.concat %{{.*}}, %{{.*}} axis = 1 : (tensor<2x4x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<2x6x3x3xf32>
func.func @structural(%x: tensor<2x4x3x3xf32>, %y: tensor<2x2x3x3xf32>) -> (tensor<2x36xf32>, tensor<2x4x9xf32>, tensor<2x6x3x3xf32>) {
  %a = nn.flatten %x : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  %b = nn.flatten %x start_dim = 2 : (tensor<2x4x3x3xf32>) -> tensor<2x4x9xf32>
  %c = nn.concat %x, %y axis = 1 : (tensor<2x4x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<2x6x3x3xf32>
  return %a, %b, %c : tensor<2x36xf32>, tensor<2x4x9xf32>, tensor<2x6x3x3xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d_all_attributes
// CHECK: nn.conv_transpose2d %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] dilations = [2, 1] groups = 2 activation = relu : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x8xf32>
func.func @conv_transpose2d_all_attributes(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x10x8xf32> {
  %y = nn.conv_transpose2d %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] dilations = [2, 1] groups = 2 activation = relu : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x8xf32>
  return %y : tensor<1x6x10x8xf32>
}

// CHECK-LABEL: func.func @pad
// CHECK: nn.pad %{{.*}}, %{{.*}} padding = [1, 2, 0, 1] : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x5x7xf32>
func.func @pad(%x: tensor<1x3x4x4xf32>, %v: tensor<3xf32>) -> tensor<1x3x5x7xf32> {
  %p = nn.pad %x, %v padding = [1, 2, 0, 1] : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x5x7xf32>
  return %p : tensor<1x3x5x7xf32>
}

// CHECK-LABEL: func.func @nhwc_batch_norm
// CHECK: nn.transpose %{{.*}} permutation = [0, 2, 3, 1] : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x8xf32>
// CHECK: nn.batch_norm {{.*}} axis = 3 : (tensor<1x4x4x8xf32>
func.func @nhwc_batch_norm(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %t = nn.transpose %x permutation = [0, 2, 3, 1] : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x8xf32>
  %y = nn.batch_norm %t, %p, %p, %p, %p axis = 3 : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}
