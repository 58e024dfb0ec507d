// RUN: nn-opt %s --convert-nn-to-linalg --split-input-file | FileCheck %s

// One generic: the four parameters are read per channel (d1).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[SCALE:.*]]: f32, %[[OFFSET:.*]]: f32, %[[MEAN:.*]]: f32, %[[VAR:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[VAR]], %[[EPS]]
// CHECK: %[[STD:.*]] = math.sqrt %[[SUM]]
// CHECK: %[[S:.*]] = arith.divf %[[SCALE]], %[[STD]]
// CHECK: %[[C:.*]] = arith.subf %[[X]], %[[MEAN]]
// CHECK: %[[P:.*]] = arith.mulf %[[C]], %[[S]]
// CHECK: %[[R:.*]] = arith.addf %[[P]], %[[OFFSET]]
// CHECK: linalg.yield %[[R]]
func.func @batch_norm(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %y = nn.batch_norm %x, %p, %p, %p, %p epsilon = 1.0e-3 : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

// axis = 3 (NHWC): the parameters are read along d3.
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @batch_norm_last_axis
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[LAST]], #[[LAST]], #[[LAST]], #[[LAST]], #{{.*}}]
func.func @batch_norm_last_axis(%x: tensor<1x2x2x4xf32>, %p: tensor<4xf32>) -> tensor<1x2x2x4xf32> {
  %y = nn.batch_norm %x, %p, %p, %p, %p axis = 3 : (tensor<1x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}
