// RUN: nn-opt %s --nn-vectorize-elementwise -split-input-file | FileCheck %s
// RUN: not nn-opt %s --nn-vectorize-elementwise="lanes=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: nn-vectorize-elementwise: lanes must be at least 1, got 0
// RUN: not nn-opt %s --nn-vectorize-elementwise="window-rows=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOROWS
// NOROWS: error: nn-vectorize-elementwise: window-rows must be at least 1, got 0
// The pipeline passes its window tile rows on.
// RUN: not nn-opt %s --nn-to-llvm="window-tile-rows=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOROWS
// RUN: nn-opt %s --nn-vectorize-elementwise="window-rows=7" -split-input-file | FileCheck %s --check-prefix=ROWS7

// A per-channel bias add over rows of 20: loops over channels and rows, a
// whole row of 16 lanes, then the peeled 4 as a row of their own. The bias
// is one scalar per channel, broadcast to the lanes. Too small (240
// elements) to become an scf.forall.
// CHECK-LABEL: func.func @bias_rows
// CHECK-NOT: scf.forall
// CHECK: scf.for %[[C:.*]] = %c0 to %c4 step %c1
// CHECK: scf.for %[[H:.*]] = %c0 to %c3 step %c1
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK: vector.broadcast
// CHECK: %[[SUM:.*]] = arith.addf %[[X]], %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %[[SUM]], {{.*}} : vector<16xf32>, tensor<1x1x1x16xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: vector.transfer_write {{.*}} : vector<4xf32>, tensor<1x1x1x4xf32>
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias_rows(%x: tensor<1x4x3x20xf32>, %b: tensor<4xf32>) -> tensor<1x4x3x20xf32> {
  %init = tensor.empty() : tensor<1x4x3x20xf32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x, %b : tensor<1x4x3x20xf32>, tensor<4xf32>) outs(%init : tensor<1x4x3x20xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    linalg.yield %s : f32
  } -> tensor<1x4x3x20xf32>
  return %r : tensor<1x4x3x20xf32>
}

// -----

// A [1, C, 1, 1] operand broadcast over the pixels (zeros in its map) is
// one scalar per row, broadcast to the lanes.
// CHECK-LABEL: func.func @broadcast_gate
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK: %[[G:.*]] = vector.transfer_read {{.*}} permutation_map = {{.*}} : tensor<1x1x1x1xf32>, vector<16xf32>
// CHECK: arith.mulf %[[X]], %[[G]] : vector<16xf32>
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bc = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
func.func @broadcast_gate(%x: tensor<1x4x2x16xf32>, %g: tensor<1x4x1x1xf32>) -> tensor<1x4x2x16xf32> {
  %init = tensor.empty() : tensor<1x4x2x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #bc, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x, %g : tensor<1x4x2x16xf32>, tensor<1x4x1x1xf32>) outs(%init : tensor<1x4x2x16xf32>) {
  ^bb0(%in: f32, %gate: f32, %out: f32):
    %s = arith.mulf %in, %gate : f32
    linalg.yield %s : f32
  } -> tensor<1x4x2x16xf32>
  return %r : tensor<1x4x2x16xf32>
}

// -----

// A fill (here -inf, no byte pattern for memset) is vector rows too.
// CHECK-LABEL: func.func @fill_rows
// CHECK: %[[LOWEST:.*]] = arith.constant dense<0xFF800000> : vector<16xf32>
// CHECK: vector.transfer_write %[[LOWEST]], {{.*}} : vector<16xf32>, tensor<1x1x1x16xf32>
// CHECK-NOT: linalg.fill
func.func @fill_rows() -> tensor<1x2x3x16xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<1x2x3x16xf32>
  %f = linalg.fill ins(%lowest : f32) outs(%e : tensor<1x2x3x16xf32>) -> tensor<1x2x3x16xf32>
  return %f : tensor<1x2x3x16xf32>
}

// -----

// 8 x 64 x 64 elements: one scf.forall step per channel (the outermost dim
// of more than one element), in which rows of 16 lanes are whole.
// CHECK-LABEL: func.func @parallel_channels
// CHECK: scf.forall (%{{.*}}) in (8)
// CHECK: scf.for {{.*}} = %c0 to %c64 step %c1
// CHECK: scf.for {{.*}} = %c0 to %c64 step %c16
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: arith.select {{.*}} : vector<16xi1>, vector<16xf32>
// CHECK: scf.forall.in_parallel
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @parallel_channels(%x: tensor<1x8x64x64xf32>) -> tensor<1x8x64x64xf32> {
  %init = tensor.empty() : tensor<1x8x64x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x8x64x64xf32>) outs(%init : tensor<1x8x64x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %neg = arith.cmpf olt, %in, %zero : f32
    %r = arith.select %neg, %zero, %in : f32
    linalg.yield %r : f32
  } -> tensor<1x8x64x64xf32>
  return %r : tensor<1x8x64x64xf32>
}

// -----

// A sum of 8 row slices (a global pooling's first step) writes 4096
// elements but reads 32768: enough to become an scf.forall over the
// channels. The bias add above, 2 x 240 reads, stays serial.
// CHECK-LABEL: func.func @sum_of_rows_in_parallel
// CHECK: scf.forall (%{{.*}}) in (64)
// CHECK-COUNT-7: arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: scf.forall.in_parallel
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @sum_of_rows_in_parallel(%x: tensor<1x64x8x64xf32>) -> tensor<1x64x1x64xf32> {
  %r0 = tensor.extract_slice %x[0, 0, 0, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r1 = tensor.extract_slice %x[0, 0, 1, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r2 = tensor.extract_slice %x[0, 0, 2, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r3 = tensor.extract_slice %x[0, 0, 3, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r4 = tensor.extract_slice %x[0, 0, 4, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r5 = tensor.extract_slice %x[0, 0, 5, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r6 = tensor.extract_slice %x[0, 0, 6, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %r7 = tensor.extract_slice %x[0, 0, 7, 0] [1, 64, 1, 64] [1, 1, 1, 1] : tensor<1x64x8x64xf32> to tensor<1x64x1x64xf32>
  %init = tensor.empty() : tensor<1x64x1x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id, #id, #id, #id, #id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7 : tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>) outs(%init : tensor<1x64x1x64xf32>) {
  ^bb0(%a0: f32, %a1: f32, %a2: f32, %a3: f32, %a4: f32, %a5: f32, %a6: f32, %a7: f32, %out: f32):
    %s1 = arith.addf %a0, %a1 : f32
    %s2 = arith.addf %s1, %a2 : f32
    %s3 = arith.addf %s2, %a3 : f32
    %s4 = arith.addf %s3, %a4 : f32
    %s5 = arith.addf %s4, %a5 : f32
    %s6 = arith.addf %s5, %a6 : f32
    %s7 = arith.addf %s6, %a7 : f32
    linalg.yield %s7 : f32
  } -> tensor<1x64x1x64xf32>
  return %r : tensor<1x64x1x64xf32>
}

// -----

// Not rows of the output: a reduction, and a generic that writes its output
// transposed, stay as they are.
// CHECK-LABEL: func.func @not_rows
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: vector.
#in = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#t = affine_map<(d0, d1) -> (d1, d0)>
func.func @not_rows(%x: tensor<4x32xf32>, %acc: tensor<4xf32>) -> (tensor<4xf32>, tensor<32x4xf32>) {
  %sum = linalg.generic {indexing_maps = [#in, #row], iterator_types = ["parallel", "reduction"]}
           ins(%x : tensor<4x32xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %init = tensor.empty() : tensor<32x4xf32>
  %tr = linalg.generic {indexing_maps = [#in, #t], iterator_types = ["parallel", "parallel"]}
          ins(%x : tensor<4x32xf32>) outs(%init : tensor<32x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<32x4xf32>
  return %sum, %tr : tensor<4xf32>, tensor<32x4xf32>
}

// -----

// An im2col copy reads its input through window positions (oh + kh, ow +
// kw), not a permutation, but in a row every loop but ow takes one step:
// large enough to become an scf.forall over its channels, it is cut into
// rows of 16, each one load of the input row at (oh + kh, ow + kw) and one
// store.
// CHECK-LABEL: func.func @im2col
// CHECK: scf.forall (%{{.*}}) in (16)
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1
// CHECK: scf.for %[[OH:.*]] = %c0 to %c32 step %c1
// CHECK: scf.for %[[OW:.*]] = %c0 to %c32 step %c16
// CHECK: %[[ROW:.*]] = affine.apply #{{.*}}(%[[KH]], %[[OH]])
// CHECK: %[[COLUMN:.*]] = affine.apply #{{.*}}(%[[KW]], %[[OW]])
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %{{.*}}[0, 0, %[[ROW]], %[[COLUMN]]] [1, 1, 1, 16] [1, 1, 1, 1]
// CHECK: %[[READ:.*]] = vector.transfer_read %[[SLICE]]{{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK: vector.transfer_write %[[READ]], {{.*}} : vector<16xf32>, tensor<1x1x1x1x1x16xf32>
// CHECK-NOT: linalg.generic
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
#cols = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
func.func @im2col(%x: tensor<1x16x34x34xf32>) -> tensor<1x16x3x3x32x32xf32> {
  %init = tensor.empty() : tensor<1x16x3x3x32x32xf32>
  %c = linalg.generic {indexing_maps = [#window, #cols], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x16x34x34xf32>) outs(%init : tensor<1x16x3x3x32x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x3x3x32x32xf32>
  return %c : tensor<1x16x3x3x32x32xf32>
}

// -----

// At stride 2 a row reads every other element from ow * 2 + kw: a strided
// slice of the row's input span, 16 elements at stride 2.
// CHECK-LABEL: func.func @strided_im2col
// CHECK: %[[SPAN:.*]] = tensor.extract_slice %{{.*}} [1, 1, 1, 31] [1, 1, 1, 1]
// CHECK: %[[EVERY_OTHER:.*]] = tensor.extract_slice %[[SPAN]][0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 2]
// CHECK: vector.transfer_read %[[EVERY_OTHER]]{{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK-NOT: linalg.generic
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
#cols = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
func.func @strided_im2col(%x: tensor<1x16x34x34xf32>) -> tensor<1x16x3x3x16x16xf32> {
  %init = tensor.empty() : tensor<1x16x3x3x16x16xf32>
  %c = linalg.generic {indexing_maps = [#window, #cols], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x16x34x34xf32>) outs(%init : tensor<1x16x3x3x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x3x3x16x16xf32>
  return %c : tensor<1x16x3x3x16x16xf32>
}

// -----

// A copy that reads its input's rows along ow at a window offset but its
// columns along oh (a transposing window) gathers: it becomes an
// scf.forall but no vector rows.
// CHECK-LABEL: func.func @transposing_window
// CHECK: scf.forall (%{{.*}}) in (16)
// CHECK: linalg.generic
// CHECK-NOT: vector.
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d5 + d2, d4 + d3)>
#cols = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
func.func @transposing_window(%x: tensor<1x16x34x34xf32>) -> tensor<1x16x3x3x32x32xf32> {
  %init = tensor.empty() : tensor<1x16x3x3x32x32xf32>
  %c = linalg.generic {indexing_maps = [#window, #cols], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x16x34x34xf32>) outs(%init : tensor<1x16x3x3x32x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x3x3x32x32xf32>
  return %c : tensor<1x16x3x3x32x32xf32>
}

// -----

// The taps of a stride-1 window, two unit-stride slices of one tensor read
// in the output's dim order: tiles of 3 rows (the default window-rows) of
// the 6 output rows, so that the rows' sums interleave and share their
// input rows. With up to 7 allowed, all 6 rows are one tile (the largest
// divisor of 6).
// CHECK-LABEL: func.func @window_rows
// CHECK: scf.for %{{.*}} = %c0 to %c6 step %c3
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x3x16xf32>, vector<3x16xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<3x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<3x16xf32>, tensor<1x1x3x16xf32>
// ROWS7-LABEL: func.func @window_rows
// ROWS7-NOT: scf.for %{{.*}} = %c0 to %c6
// ROWS7: vector.transfer_read {{.*}} : tensor<1x1x6x16xf32>, vector<6x16xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @window_rows(%x: tensor<1x2x7x16xf32>) -> tensor<1x2x6x16xf32> {
  %t0 = tensor.extract_slice %x[0, 0, 0, 0] [1, 2, 6, 16] [1, 1, 1, 1] : tensor<1x2x7x16xf32> to tensor<1x2x6x16xf32>
  %t1 = tensor.extract_slice %x[0, 0, 1, 0] [1, 2, 6, 16] [1, 1, 1, 1] : tensor<1x2x7x16xf32> to tensor<1x2x6x16xf32>
  %init = tensor.empty() : tensor<1x2x6x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%t0, %t1 : tensor<1x2x6x16xf32>, tensor<1x2x6x16xf32>) outs(%init : tensor<1x2x6x16xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x2x6x16xf32>
  return %r : tensor<1x2x6x16xf32>
}

// -----

// A strided window's taps (stride 2) and slices of different tensors stay
// tiles of one row: several rows of strided taps were slower.
// CHECK-LABEL: func.func @strided_window_rows
// CHECK: scf.for %{{.*}} = %c0 to %c6 step %c1
// CHECK: vector<16xf32>
// CHECK-NOT: vector<3x16xf32>
// ROWS7-LABEL: func.func @strided_window_rows
// ROWS7-NOT: vector<6x16xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @strided_window_rows(%x: tensor<1x2x13x32xf32>) -> tensor<1x2x6x16xf32> {
  %t0 = tensor.extract_slice %x[0, 0, 0, 0] [1, 2, 6, 16] [1, 1, 2, 2] : tensor<1x2x13x32xf32> to tensor<1x2x6x16xf32>
  %t1 = tensor.extract_slice %x[0, 0, 1, 0] [1, 2, 6, 16] [1, 1, 2, 2] : tensor<1x2x13x32xf32> to tensor<1x2x6x16xf32>
  %init = tensor.empty() : tensor<1x2x6x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%t0, %t1 : tensor<1x2x6x16xf32>, tensor<1x2x6x16xf32>) outs(%init : tensor<1x2x6x16xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x2x6x16xf32>
  return %r : tensor<1x2x6x16xf32>
}

// -----

// CHECK-LABEL: func.func @slices_of_two_tensors
// CHECK: scf.for %{{.*}} = %c0 to %c6 step %c1
// CHECK-NOT: vector<3x16xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @slices_of_two_tensors(%x: tensor<1x2x7x16xf32>, %y: tensor<1x2x7x16xf32>) -> tensor<1x2x6x16xf32> {
  %t0 = tensor.extract_slice %x[0, 0, 0, 0] [1, 2, 6, 16] [1, 1, 1, 1] : tensor<1x2x7x16xf32> to tensor<1x2x6x16xf32>
  %t1 = tensor.extract_slice %y[0, 0, 1, 0] [1, 2, 6, 16] [1, 1, 1, 1] : tensor<1x2x7x16xf32> to tensor<1x2x6x16xf32>
  %init = tensor.empty() : tensor<1x2x6x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%t0, %t1 : tensor<1x2x6x16xf32>, tensor<1x2x6x16xf32>) outs(%init : tensor<1x2x6x16xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x2x6x16xf32>
  return %r : tensor<1x2x6x16xf32>
}
