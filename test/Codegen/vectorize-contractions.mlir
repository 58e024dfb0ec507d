// RUN: nn-opt %s --nn-vectorize-contractions -split-input-file | FileCheck %s

// 16 rows x 4100 columns x 27 steps: the two 8-row blocks are scf.forall
// iterations; in each, 256 whole 8x16 tiles and a peeled 8x4 edge tile, all
// vectorized. The accumulator block is read once, carried through the 27
// reduction steps as the loop's only iter_arg (no tensor passes through to
// look like an alias to bufferization) and written once; each step is 8
// broadcast FMAs.
// CHECK-LABEL: func.func @parallel_rows
// CHECK: scf.forall (%{{.*}}) = (0) to (16) step (8)
// CHECK: scf.for {{.*}} = %c0 to %c4096 step %c16
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<1x8x16xf32>, vector<8x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %[[ACC]]) -> (vector<8x16xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: vector.transfer_write {{.*}} : vector<8x16xf32>, tensor<1x8x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<8x4xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<4xf32>
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @parallel_rows(%w: tensor<16x27xf32>, %col: tensor<1x27x4100xf32>, %acc: tensor<1x16x4100xf32>) -> tensor<1x16x4100xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<16x27xf32>, tensor<1x27x4100xf32>) outs(%acc : tensor<1x16x4100xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x4100xf32>
  return %0 : tensor<1x16x4100xf32>
}

// -----

// Too small to be worth a task: the row blocks are an scf.for.
// CHECK-LABEL: func.func @serial_rows
// CHECK-NOT: scf.forall
// CHECK: scf.for {{.*}} = %c0 to %c16 step %c8
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @serial_rows(%w: tensor<16x27xf32>, %col: tensor<1x27x16xf32>, %acc: tensor<1x16x16xf32>) -> tensor<1x16x16xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<16x27xf32>, tensor<1x27x16xf32>) outs(%acc : tensor<1x16x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16xf32>
  return %0 : tensor<1x16x16xf32>
}
