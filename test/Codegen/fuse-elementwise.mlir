// RUN: nn-opt %s --nn-fuse-elementwise -split-input-file | FileCheck %s

// A batch norm's affine map and the relu after it become one generic.
// CHECK-LABEL: func.func @affine_then_relu
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.cmpf olt
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#ch = affine_map<(d0, d1) -> (d1)>
func.func @affine_then_relu(%x: tensor<4x8xf32>, %s: tensor<8xf32>, %t: tensor<8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #ch, #id], iterator_types = ["parallel", "parallel"]}
         ins(%x, %s, %t : tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %m, %c : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %z = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
         ins(%y : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %neg = arith.cmpf olt, %a, %zero : f32
    %r = arith.select %neg, %zero, %a : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %z : tensor<4x8xf32>
}

// -----

// Global pooling's divide, then a flatten and a dense layer: the divide
// stays its own generic and the product stays a linalg.matmul (fused, the
// divide would run once per multiply-add).
// CHECK-LABEL: func.func @pool_then_dense
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: tensor.collapse_shape
// CHECK: linalg.matmul
// CHECK-NOT: arith.divf
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#lhs = affine_map<(d0, d1, d2) -> (d0, d2)>
#rhs = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @pool_then_dense(%sums: tensor<1x64x1x1xf32>, %w: tensor<10x64xf32>, %acc: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %e = tensor.empty() : tensor<1x64x1x1xf32>
  %mean = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
            ins(%sums : tensor<1x64x1x1xf32>) outs(%e : tensor<1x64x1x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %area = arith.constant 49.0 : f32
    %r = arith.divf %a, %area : f32
    linalg.yield %r : f32
  } -> tensor<1x64x1x1xf32>
  %flat = tensor.collapse_shape %mean [[0], [1, 2, 3]] : tensor<1x64x1x1xf32> into tensor<1x64xf32>
  %y = linalg.matmul indexing_maps = [#lhs, #rhs, #out] ins(%flat, %w : tensor<1x64xf32>, tensor<10x64xf32>) outs(%acc : tensor<1x10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// Squeeze-and-excitation: a per-channel sigmoid, then x times it broadcast
// over the pixels. Fused, the sigmoid would run once per pixel; it stays a
// generic over the channels.
// CHECK-LABEL: func.func @per_channel_gate
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<1x4x1x1xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>)
// CHECK-NOT: math.exp
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bc = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
func.func @per_channel_gate(%x: tensor<1x4x8x8xf32>, %s: tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %e1 = tensor.empty() : tensor<1x4x1x1xf32>
  %g = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%s : tensor<1x4x1x1xf32>) outs(%e1 : tensor<1x4x1x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %one = arith.constant 1.0 : f32
    %n = arith.negf %a : f32
    %x2 = math.exp %n : f32
    %d = arith.addf %one, %x2 : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<1x4x1x1xf32>
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %y = linalg.generic {indexing_maps = [#id4, #bc, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x, %g : tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) outs(%e : tensor<1x4x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}
