// RUN: nn-opt %s --convert-nn-to-linalg | FileCheck %s

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[SE:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
// CHECK-LABEL: func.func @elementwise
// relu and clamp compare and select: NaN is not below or above a bound,
// so it passes through.
// CHECK: linalg.generic {{.*}} ins(%arg0
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %{{.*}}, %[[ZERO:.*]] : f32
// CHECK: arith.select %[[NEG]], %[[ZERO]], %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: %[[BELOW:.*]] = arith.cmpf olt, %[[IN:.*]], %[[MIN:.*]] : f32
// CHECK: %[[LO:.*]] = arith.select %[[BELOW]], %[[MIN]], %[[IN]] : f32
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[LO]], %[[MAX:.*]] : f32
// CHECK: arith.select %[[ABOVE]], %[[MAX]], %[[LO]] : f32
// CHECK: linalg.generic
// CHECK: %[[NEG:.*]] = arith.negf
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]]
// CHECK: %[[DEN:.*]] = arith.addf %{{.*}}, %[[EXP]]
// CHECK: arith.divf %{{.*}}, %[[DEN]]
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: %[[SIG:.*]] = arith.divf
// CHECK: arith.mulf %{{.*}}, %[[SIG]]
// hardsigmoid: relu6(x + 3) times the f32 nearest 1/6; hardswish
// multiplies that by x.
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[THREE:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT: %[[SHIFT:.*]] = arith.addf %[[X]], %[[THREE]] : f32
// CHECK-NEXT: %[[SIXTH:.*]] = arith.constant 0.166666672 : f32
// CHECK: %[[LOW:.*]] = arith.select %{{.*}}, %{{.*}}, %[[SHIFT]] : f32
// CHECK: %[[CLAMPED:.*]] = arith.select %{{.*}}, %{{.*}}, %[[LOW]] : f32
// CHECK-NEXT: %[[HARDSIG:.*]] = arith.mulf %[[CLAMPED]], %[[SIXTH]] : f32
// CHECK-NEXT: linalg.yield %[[HARDSIG]]
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[HARDSIG:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: %[[SWISH:.*]] = arith.mulf %[[X]], %[[HARDSIG]] : f32
// CHECK-NEXT: linalg.yield %[[SWISH]]
// SE-block broadcast: [N, C, 1, 1] * [N, C, H, W].
// CHECK: linalg.generic {indexing_maps = [#[[SE]], #[[ID]], #[[ID]]]
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK: arith.addf
func.func @elementwise(%x: tensor<1x4x2x2xf32>, %se: tensor<1x4x1x1xf32>) -> tensor<1x4x2x2xf32> {
  %a = nn.relu %x : tensor<1x4x2x2xf32>
  %b = nn.clamp %a min = 0.0 max = 6.0 : tensor<1x4x2x2xf32>
  %c = nn.sigmoid %b : tensor<1x4x2x2xf32>
  %d0 = nn.silu %c : tensor<1x4x2x2xf32>
  %d1 = nn.hardsigmoid %d0 : tensor<1x4x2x2xf32>
  %d = nn.hardswish %d1 : tensor<1x4x2x2xf32>
  %e = nn.mul %se, %d : tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %f = nn.add %e, %x : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  return %f : tensor<1x4x2x2xf32>
}
