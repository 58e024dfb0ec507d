// RUN: nn-opt %s --nn-vectorize-contractions -split-input-file | FileCheck %s
// RUN: nn-opt %s --nn-vectorize-contractions="row-block-bytes=1000" -split-input-file | FileCheck %s --check-prefix=BUDGET
// RUN: nn-opt %s --nn-vectorize-contractions="threads=2" -split-input-file | FileCheck %s --check-prefix=THREADS
// RUN: nn-opt %s --nn-vectorize-contractions="threads=2 panel-row-bytes=1000" -split-input-file | FileCheck %s --check-prefix=PANELBUDGET
// RUN: not nn-opt %s --nn-vectorize-contractions="threads=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: nn-vectorize-contractions: threads must be at least 1, got 0
// RUN: not nn-opt %s --nn-vectorize-contractions="rows=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOROWS
// NOROWS: error: nn-vectorize-contractions: rows must be at least 1, got 0
// RUN: not nn-opt %s --nn-vectorize-contractions="columns=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOCOLUMNS
// NOCOLUMNS: error: nn-vectorize-contractions: columns must be at least 1, got 0
// RUN: not nn-opt %s --nn-vectorize-contractions="vector-registers=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOREGISTERS
// NOREGISTERS: error: nn-vectorize-contractions: vector-registers must be at least 1, got 0
// The pipeline passes its register tile rows and columns, and the vector
// registers, on.
// RUN: not nn-opt %s --nn-to-llvm="register-tile-rows=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOROWS
// RUN: not nn-opt %s --nn-to-llvm="register-tile-columns=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOCOLUMNS
// RUN: not nn-opt %s --nn-to-llvm="vector-registers=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOREGISTERS
// RUN: not nn-opt %s --nn-vectorize-contractions="lanes=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=NOLANES
// NOLANES: error: nn-vectorize-contractions: lanes must be at least 1, got 0
// RUN: nn-opt %s --nn-vectorize-contractions="rows=8" -split-input-file | FileCheck %s --check-prefix=ROWS8
// RUN: nn-opt %s --nn-vectorize-contractions="columns=32" -split-input-file | FileCheck %s --check-prefix=WIDE
// RUN: nn-opt %s --nn-vectorize-contractions="columns=64" -split-input-file | FileCheck %s --check-prefix=WIDER
// RUN: nn-opt %s --nn-vectorize-contractions="rows=8 columns=32 vector-registers=32" -split-input-file | FileCheck %s --check-prefix=AVX512
// RUN: nn-opt %s --nn-vectorize-contractions="rows=8 columns=32" -split-input-file | FileCheck %s --check-prefix=REGISTERS16

// 24 rows x 4100 columns x 27 steps: the rows split into two blocks of 12,
// the scf.forall iterations. In each, the column loop runs outside the row
// loop, so both 6-row tiles of the block multiply a column panel while it
// is in cache; 256 whole 6x16 tiles per row tile and a peeled 6x4 edge
// tile, all vectorized. The accumulator block is read once, carried through
// the 27 reduction steps as the loop's only iter_arg (no tensor passes
// through to look like an alias to bufferization) and written once; each
// step is 6 broadcast FMAs and no address arithmetic: software prefetches
// of the next block's weights cost more issue slots than they saved.
// CHECK-LABEL: func.func @parallel_rows
// CHECK-NOT: memref.prefetch
// CHECK: scf.forall (%{{.*}}) = (0) to (24) step (12)
// CHECK: scf.for %{{.*}} = %c0 to %c4096 step %c16
// CHECK: scf.for %{{.*}} = %c0 to %c12 step %c6
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<1x6x16xf32>, vector<6x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %[[ACC]]) -> (vector<6x16xf32>)
// CHECK-NOT: arith.
// CHECK-NOT: vector.transfer_write
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: vector.transfer_write {{.*}} : vector<6x16xf32>, tensor<1x6x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c12 step %c6
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x4xf32>)
// CHECK-NOT: arith.
// CHECK-COUNT-6: vector.fma {{.*}} : vector<4xf32>
// CHECK-NOT: memref.prefetch
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
// Blocks of 12 rows read 1296 bytes of weights: with 1000 allowed, the
// blocks are single tiles of 6 rows.
// BUDGET-LABEL: func.func @parallel_rows
// BUDGET: scf.forall (%{{.*}}) = (0) to (24) step (6)
// BUDGET: scf.for {{.*}} = %c0 to %c4096 step %c16
// BUDGET-NOT: scf.for {{.*}} step %c6
// BUDGET-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// With 8-row tiles (AVX-512), blocks of 8 rows are single whole tiles
// (blocks of 12 would end in a half-empty tile): 8 FMAs per step. The
// block's row loop folds away.
// ROWS8-LABEL: func.func @parallel_rows
// ROWS8: scf.forall (%{{.*}}) = (0) to (24) step (8)
// ROWS8: scf.for %{{.*}} = %c0 to %c4096 step %c16
// ROWS8-NOT: scf.for {{.*}} step %c8
// ROWS8: scf.for %{{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<8x16xf32>)
// ROWS8-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// ROWS8-NOT: vector.fma
// ROWS8: scf.yield
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @parallel_rows(%w: tensor<24x27xf32>, %col: tensor<1x27x4100xf32>, %acc: tensor<1x24x4100xf32>) -> tensor<1x24x4100xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<24x27xf32>, tensor<1x27x4100xf32>) outs(%acc : tensor<1x24x4100xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x24x4100xf32>
  return %0 : tensor<1x24x4100xf32>
}

// -----

// 18 rows: blocks of 6 waste no tile rows, but 3 of them leave one of two
// threads idle for a third of the time; for two threads, two blocks of 9
// (a 6-row tile and a 3-row edge tile each). 4100 columns do not split
// into 16-column panels.
// CHECK-LABEL: func.func @rows_for_two_threads
// CHECK: scf.forall (%{{.*}}) = (0) to (18) step (6)
// THREADS-LABEL: func.func @rows_for_two_threads
// THREADS: scf.forall (%{{.*}}) = (0) to (18) step (9)
// THREADS: vector<6x16xf32>
// THREADS: vector<3x16xf32>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @rows_for_two_threads(%w: tensor<18x27xf32>, %col: tensor<1x27x4100xf32>, %acc: tensor<1x18x4100xf32>) -> tensor<1x18x4100xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<18x27xf32>, tensor<1x27x4100xf32>) outs(%acc : tensor<1x18x4100xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x18x4100xf32>
  return %0 : tensor<1x18x4100xf32>
}

// -----

// 4096 columns (442 KB) against 2.6 KB of weights: on two threads the
// scf.forall runs over 16-column panels, each with all 24 rows (four 6-row
// tiles), so each thread reads its share of the columns once. One thread
// keeps row blocks; so do two where the weights exceed panel-row-bytes.
// CHECK-LABEL: func.func @column_panels_for_two_threads
// CHECK: scf.forall (%{{.*}}) = (0) to (24) step (12)
// THREADS-LABEL: func.func @column_panels_for_two_threads
// THREADS: scf.forall (%{{.*}}) = (0) to (4096) step (16)
// THREADS-NOT: scf.for {{.*}} step %c16
// THREADS: scf.for {{.*}} = %c0 to %c24 step %c6
// THREADS: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// THREADS-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// THREADS: scf.forall.in_parallel
// PANELBUDGET-LABEL: func.func @column_panels_for_two_threads
// PANELBUDGET: scf.forall (%{{.*}}) = (0) to (24) step (12)
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @column_panels_for_two_threads(%w: tensor<24x27xf32>, %col: tensor<1x27x4096xf32>, %acc: tensor<1x24x4096xf32>) -> tensor<1x24x4096xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<24x27xf32>, tensor<1x27x4096xf32>) outs(%acc : tensor<1x24x4096xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x24x4096xf32>
  return %0 : tensor<1x24x4096xf32>
}

// -----

// 64 steps over 1000 columns (not whole 16-column panels): the column
// operand (64000 elements) is larger than the result (24000) and at least
// half the weights, so on two threads each multiplies one share of 32
// steps, from zero, for all 24 rows, in blocks of 12: the share is the
// outer forall dim, so each thread's run of blocks is one share. The
// shares' products are then added to the bias, with the activation, in one
// elementwise generic. One thread keeps the reduction whole.
// CHECK-LABEL: func.func @reduction_shares_for_two_threads
// CHECK-NOT: tensor.expand_shape
// CHECK: scf.forall (%{{.*}}) = (0) to (24) step (12)
// THREADS-LABEL: func.func @reduction_shares_for_two_threads
// THREADS: %[[WEIGHTS:.*]] = tensor.expand_shape %arg0 {{.*}} into tensor<24x2x32xf32>
// THREADS: %[[COLUMNS:.*]] = tensor.expand_shape %arg1 {{.*}} into tensor<1x2x32x1000xf32>
// THREADS: %[[SHARES:.*]] = scf.forall (%[[SHARE:.*]], %[[BLOCK:.*]]) = (0, 0) to (2, 24) step (1, 12)
// THREADS: tensor.extract_slice %[[WEIGHTS]][%[[BLOCK]], %[[SHARE]], 0] [12, 1, 32]
// THREADS: tensor.extract_slice %[[COLUMNS]][0, %[[SHARE]], 0, 0] [1, 1, 32, 1000]
// THREADS: vector.transfer_write %cst{{.*}} : vector<6x16xf32>, tensor<1x1x6x16xf32>
// THREADS: scf.for %{{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %cst{{.*}}) -> (vector<6x16xf32>)
// THREADS-NOT: memref.prefetch
// THREADS-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// THREADS: tensor.parallel_insert_slice {{.*}}[%[[SHARE]], 0, %[[BLOCK]], 0] [1, 1, 12, 1000]
// THREADS: %[[FIRST:.*]] = tensor.extract_slice %[[SHARES]][0, 0, 0, 0] [1, 1, 24, 1000]
// THREADS: %[[SECOND:.*]] = tensor.extract_slice %[[SHARES]][1, 0, 0, 0] [1, 1, 24, 1000]
// THREADS: linalg.generic {{.*}} ins(%arg2, %[[FIRST]], %[[SECOND]] : tensor<24xf32>, tensor<1x24x1000xf32>, tensor<1x24x1000xf32>)
// THREADS-NEXT: ^bb0(%[[BIAS:.*]]: f32, %[[P0:.*]]: f32, %[[P1:.*]]: f32, %{{.*}}: f32):
// THREADS-NEXT: %[[PARTIAL:.*]] = arith.addf %[[BIAS]], %[[P0]]
// THREADS-NEXT: %[[SUM:.*]] = arith.addf %[[PARTIAL]], %[[P1]]
// THREADS-NEXT: arith.maximumf %[[SUM]]
// THREADS-NOT: linalg.generic
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#bias = affine_map<(d0, d1, d2) -> (d1)>
func.func @reduction_shares_for_two_threads(%w: tensor<24x64xf32>, %col: tensor<1x64x1000xf32>, %b: tensor<24xf32>) -> tensor<1x24x1000xf32> {
  %e = tensor.empty() : tensor<1x24x1000xf32>
  %acc = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%b : tensor<24xf32>) outs(%e : tensor<1x24x1000xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<1x24x1000xf32>
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<24x64xf32>, tensor<1x64x1000xf32>) outs(%acc : tensor<1x24x1000xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %d, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x24x1000xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<1x24x1000xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%0 : tensor<1x24x1000xf32>) outs(%e2 : tensor<1x24x1000xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x24x1000xf32>
  return %1 : tensor<1x24x1000xf32>
}

// -----

// 4096 steps over 16 columns: the column operand (65536 elements) is less
// than half the 48 x 4096 weights, which then dominate what each thread
// reads; their rows, read in halves, were slower (a 3x3 convolution of 512
// channels over 7x7). The reduction stays whole, in row blocks.
// THREADS-LABEL: func.func @no_shares_where_weights_dominate
// THREADS-NOT: tensor.expand_shape
// THREADS: scf.forall (%{{.*}}) = (0) to (48) step (12)
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @no_shares_where_weights_dominate(%w: tensor<48x4096xf32>, %col: tensor<1x4096x16xf32>, %acc: tensor<1x48x16xf32>) -> tensor<1x48x16xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<48x4096xf32>, tensor<1x4096x16xf32>) outs(%acc : tensor<1x48x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x48x16xf32>
  return %0 : tensor<1x48x16xf32>
}

// -----

// A window read in place (x[p + k]) reads the reduction inside an index
// expression, which has no share of its own: the reduction stays whole.
// THREADS-LABEL: func.func @no_shares_for_window_reads
// THREADS-NOT: tensor.expand_shape
// THREADS: scf.forall (%{{.*}}) = (0) to (24) step (12)
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#x = affine_map<(d0, d1, d2, d3) -> (d0, d2 + d3)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @no_shares_for_window_reads(%w: tensor<24x64xf32>, %x: tensor<1x30000xf32>, %acc: tensor<1x24x1000xf32>) -> tensor<1x24x1000xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %x : tensor<24x64xf32>, tensor<1x30000xf32>) outs(%acc : tensor<1x24x1000xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %d, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x24x1000xf32>
  return %0 : tensor<1x24x1000xf32>
}

// -----

// The same shapes as @column_panels_for_two_threads, but the columns are a
// column matrix built for the contraction (an all-parallel copy, collapsed
// into rows of the reduction), which its threads build by those rows: on
// two threads the reduction splits into shares instead of column panels.
// THREADS-LABEL: func.func @column_matrix_in_shares
// THREADS-NOT: step (16)
// THREADS: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 24) step (1, 12)
#copy = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @column_matrix_in_shares(%w: tensor<24x64xf32>, %x: tensor<1x64x64x64xf32>, %acc: tensor<1x24x4096xf32>) -> tensor<1x24x4096xf32> {
  %e = tensor.empty() : tensor<1x64x64x64xf32>
  %copy = linalg.generic {indexing_maps = [#copy, #copy], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x64x64x64xf32>) outs(%e : tensor<1x64x64x64xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<1x64x64x64xf32>
  %col = tensor.collapse_shape %copy [[0], [1], [2, 3]] : tensor<1x64x64x64xf32> into tensor<1x64x4096xf32>
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<24x64xf32>, tensor<1x64x4096xf32>) outs(%acc : tensor<1x24x4096xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x24x4096xf32>
  return %0 : tensor<1x24x4096xf32>
}

// -----

// Too small to be worth a task: the rows are one serial loop of 6-row
// tiles and a peeled 4-row edge tile.
// CHECK-LABEL: func.func @serial_rows
// CHECK-NOT: scf.forall
// CHECK: scf.for {{.*}} = %c0 to %c12 step %c6
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: scf.for {{.*}} -> (vector<4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
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

// -----

// A classifier's matrix-vector product, 2^19 terms (resnet18's): large
// enough for two threads, which split the reduction and each read half of
// the weights. On one thread a single row has no blocks to share.
// CHECK-LABEL: func.func @classifier
// CHECK-NOT: scf.forall
// CHECK: return
// THREADS-LABEL: func.func @classifier
// THREADS: scf.forall ({{.*}}) in (2) {{.*}} -> (tensor<2x1x1000xf32>)
// THREADS: scf.for {{.*}} = %c0 to %c256 step %c1
#x = affine_map<(d0, d1, d2) -> (d0, d2)>
#wt = affine_map<(d0, d1, d2) -> (d2, d1)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @classifier(%x: tensor<1x512xf32>, %w: tensor<512x1000xf32>, %acc: tensor<1x1000xf32>) -> tensor<1x1000xf32> {
  %0 = linalg.generic {indexing_maps = [#x, #wt, #y], iterator_types = ["parallel", "parallel", "reduction"]}
         ins(%x, %w : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%acc : tensor<1x1000xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1000xf32>
  return %0 : tensor<1x1000xf32>
}

// -----

// The bias broadcast that makes the accumulator and the relu after the
// product run on each register tile: the accumulator starts as the bias in
// registers, the relu is applied to it after the last reduction step, and
// the tile is written once. No generic is left to make a pass of its own
// over the output. The 16 rows split into blocks of 8: a 6-row tile and a
// 2-row edge tile, both on registers.
// CHECK-LABEL: func.func @bias_and_relu_on_the_tile
// CHECK: scf.forall (%{{.*}}) = (0) to (16) step (8) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x16x4100xf32>)
// CHECK: scf.for {{.*}} = %c0 to %c4096 step %c16
// CHECK: %[[BIAS:.*]] = vector.transfer_read %{{.*}} : tensor<6xf32>, vector<6xf32>
// CHECK-NOT: vector.transfer_write
// CHECK: %[[PRODUCT:.*]] = scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: %[[RELU:.*]] = arith.maximumf %[[PRODUCT]], %{{.*}} : vector<6x16xf32>
// CHECK: vector.transfer_write %[[RELU]], {{.*}} : vector<6x16xf32>, tensor<1x6x16xf32>
// CHECK-NOT: vector.transfer_write {{.*}} : vector<6x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<2x16xf32>)
// CHECK: arith.maximumf {{.*}} : vector<2x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x4xf32>)
// CHECK: arith.maximumf {{.*}} : vector<6x4xf32>
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
#ch = affine_map<(d0, d1, d2) -> (d1)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @bias_and_relu_on_the_tile(%w: tensor<16x27xf32>, %col: tensor<1x27x4100xf32>, %b: tensor<16xf32>) -> tensor<1x16x4100xf32> {
  %e = tensor.empty() : tensor<1x16x4100xf32>
  %acc = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel"]}
           ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x4100xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x4100xf32>
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<16x27xf32>, tensor<1x27x4100xf32>) outs(%acc : tensor<1x16x4100xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x4100xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%0 : tensor<1x16x4100xf32>) outs(%e : tensor<1x16x4100xf32>) {
  ^bb0(%a: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x4100xf32>
  return %r : tensor<1x16x4100xf32>
}

// -----

// A consumer that reads the product in another order than the tile's (a
// transpose) cannot run on the tile: the product is stored, and the
// consumer stays a generic of its own.
// CHECK-LABEL: func.func @transposing_consumer
// CHECK: scf.for
// CHECK: vector.transfer_write {{.*}} : vector<6x16xf32>, tensor<1x6x16xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x16x32xf32>) outs(%{{.*}} : tensor<1x32x16xf32>)
#t = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @transposing_consumer(%w: tensor<16x27xf32>, %col: tensor<1x27x32xf32>, %acc: tensor<1x16x32xf32>) -> tensor<1x32x16xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<16x27xf32>, tensor<1x27x32xf32>) outs(%acc : tensor<1x16x32xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x32xf32>
  %e = tensor.empty() : tensor<1x32x16xf32>
  %r = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%0 : tensor<1x16x32xf32>) outs(%e : tensor<1x32x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x32x16xf32>
  return %r : tensor<1x32x16xf32>
}

// -----

// An accumulator that another op also reads (here the caller) is not
// recomputed on the tiles: its producer stays a generic over the whole
// output, and each tile starts from a read of it.
// CHECK-LABEL: func.func @shared_accumulator
// CHECK: %[[ACC:.*]] = linalg.generic
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}} : tensor<1x6x16xf32>, vector<6x16xf32>
// CHECK: return %{{.*}}, %[[ACC]]
#ch = affine_map<(d0, d1, d2) -> (d1)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @shared_accumulator(%w: tensor<16x27xf32>, %col: tensor<1x27x32xf32>, %b: tensor<16xf32>) -> (tensor<1x16x32xf32>, tensor<1x16x32xf32>) {
  %e = tensor.empty() : tensor<1x16x32xf32>
  %acc = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel"]}
           ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x32xf32>
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<16x27xf32>, tensor<1x27x32xf32>) outs(%acc : tensor<1x16x32xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x32xf32>
  return %0, %acc : tensor<1x16x32xf32>, tensor<1x16x32xf32>
}

// -----

// A convolution read in place (nn-convolution-to-matmul): the output row is
// the columns, the filter the rows, and the window (c, kh, kw) three
// reduction loops. Output rows run one at a time; in each, the 6x16 tiles
// and the peeled 6x4 and 2-row edge tiles read the input row at the tap's
// offset, 16 contiguous elements, once per step of (c, kh, kw).
// CHECK-LABEL: func.func @window_read_in_place
// CHECK: scf.for %[[OH:.*]] = %c0 to %c20 step %c1
// CHECK: tensor.extract_slice %arg0[0, 0, %[[OH]], 0] [1, 8, 3, 18] [1, 1, 1, 1]
// CHECK: scf.for %[[C:.*]] = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (vector<6x1x16xf32>)
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1
// CHECK: %[[TAP:.*]] = tensor.extract_slice %{{.*}}[0, %[[C]], %[[KH]], %[[KW]]] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x8x3x18xf32> to tensor<1x1x1x16xf32>
// CHECK: vector.transfer_read %[[TAP]]{{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: -> (vector<2x1x16xf32>)
// CHECK: -> (vector<6x1x4xf32>)
// CHECK-NOT: linalg.generic
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @window_read_in_place(%x: tensor<1x8x22x22xf32>, %w: tensor<8x8x3x3xf32>, %acc: tensor<1x8x20x20xf32>) -> tensor<1x8x20x20xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<1x8x22x22xf32>) outs(%acc : tensor<1x8x20x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x20x20xf32>
  return %0 : tensor<1x8x20x20xf32>
}

// -----

// Output rows of 24 columns are 1.5 vectors. In 32-column tiles, two
// output rows make a tile: both rows whole, cut into the rows' first
// vectors (6 rows x 2 output rows x 16 columns) and both rows' last 8
// columns as one 16-lane vector, read as two 8-lane runs of two input rows.
// In 16-column tiles (one vector: two registers of AVX2) a tile takes 8
// columns of both rows as one vector, so that no row ends in a tile of 8
// columns, half the accumulators. The bias is the accumulator, as after a
// folded batch norm.
// WIDE-LABEL: func.func @paired_rows
// WIDE: scf.for %[[OH:.*]] = %c0 to %c8 step %c2
// WIDE: tensor.extract_slice %arg0[0, 0, %[[OH]], 0] [1, 8, 4, 26]
// WIDE: scf.for {{.*}} -> (vector<6x2x16xf32>)
// WIDE-COUNT-12: vector.fma {{.*}} : vector<16xf32>
// WIDE: %[[ENDS:.*]] = vector.shape_cast %{{.*}} : vector<6x2x8xf32> to vector<6x16xf32>
// WIDE: scf.for {{.*}} iter_args({{.*}}%[[ENDS]]{{.*}}) -> ({{.*}}vector<6x16xf32>)
// WIDE: vector.transfer_read {{.*}} : tensor<1x1x2x8xf32>, vector<2x8xf32>
// WIDE: vector.shape_cast %{{.*}} : vector<1x2x8xf32> to vector<1x16xf32>
// WIDE: vector.shape_cast %{{.*}} : vector<6x16xf32> to vector<6x2x8xf32>
// WIDE-NOT: vector<8xf32>
// CHECK-LABEL: func.func @paired_rows
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c2
// CHECK: scf.for %[[OW:.*]] = %c0 to %c24 step %c8
// CHECK: tensor.extract_slice %arg0[0, 0, %{{.*}}, %[[OW]]] [1, 8, 4, 10]
// CHECK: %[[ACC:.*]] = vector.shape_cast %{{.*}} : vector<6x2x8xf32> to vector<6x16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]]) -> (vector<6x16xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x2x8xf32>, vector<2x8xf32>
// CHECK: vector.shape_cast %{{.*}} : vector<1x2x8xf32> to vector<1x16xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.shape_cast %{{.*}} : vector<6x16xf32> to vector<6x2x8xf32>
// CHECK-NOT: vector<6x1x8xf32>
// CHECK-NOT: vector<8xf32>
// CHECK-LABEL: func.func @strided_rows_not_paired
// With AVX-512's 32 registers and 8-row tiles, the ends and the rows'
// first vectors step in one loop: 24 accumulators, 3 column vectors and a
// broadcast. Each step reads the column vectors, then takes each weight's
// broadcast to its three FMAs. With 16 registers they stay apart.
// AVX512-LABEL: func.func @paired_rows
// AVX512: %[[ENDS:.*]] = vector.shape_cast %{{.*}} : vector<8x2x8xf32> to vector<8x16xf32>
// AVX512: scf.for {{.*}} iter_args(%{{.*}} = %[[ENDS]], %{{.*}} = %{{.*}}) -> (vector<8x16xf32>, vector<8x2x16xf32>)
// AVX512: scf.for
// AVX512: scf.for
// AVX512: vector.transfer_read {{.*}} vector<2x8xf32>
// AVX512: %[[END:.*]] = vector.extract %{{.*}}[0] : vector<16xf32> from vector<1x16xf32>
// AVX512: %[[FIRST:.*]] = vector.transfer_read {{.*}} vector<2x16xf32>
// AVX512: %[[ROW0:.*]] = vector.extract %[[FIRST]][0]
// AVX512: %[[ROW1:.*]] = vector.extract %[[FIRST]][1]
// AVX512: vector.transfer_read {{.*}} vector<8x1x1x1xf32>
// AVX512-NOT: vector.fma
// AVX512: %[[W0:.*]] = vector.broadcast
// AVX512-NEXT: vector.extract
// AVX512-NEXT: vector.fma %[[END]], %[[W0]]
// AVX512-NEXT: vector.extract
// AVX512-NEXT: vector.fma %[[ROW0]], %[[W0]]
// AVX512-NEXT: vector.extract
// AVX512-NEXT: vector.fma %[[ROW1]], %[[W0]]
// AVX512-NEXT: vector.extract
// AVX512-NEXT: %[[W1:.*]] = vector.broadcast
// AVX512-COUNT-21: vector.fma
// AVX512-NOT: vector.fma
// AVX512: scf.yield {{.*}} : vector<8x16xf32>, vector<8x2x16xf32>
// REGISTERS16-LABEL: func.func @paired_rows
// REGISTERS16: scf.for {{.*}} -> (vector<8x2x16xf32>)
// REGISTERS16: scf.for {{.*}} -> (vector<8x16xf32>)
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
#bias = affine_map<(n, f, oh, ow) -> (f)>
#id = affine_map<(n, f, oh, ow) -> (n, f, oh, ow)>
func.func @paired_rows(%x: tensor<1x8x10x26xf32>, %w: tensor<8x8x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x24xf32> {
  %e = tensor.empty() : tensor<1x8x8x24xf32>
  %acc = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%b : tensor<8xf32>) outs(%e : tensor<1x8x8x24xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<1x8x8x24xf32>
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<1x8x10x26xf32>) outs(%acc : tensor<1x8x8x24xf32>) {
  ^bb0(%a: f32, %i: f32, %c: f32):
    %m = arith.mulf %a, %i : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x8x24xf32>
  return %0 : tensor<1x8x8x24xf32>
}

// -----

// At stride 2 a tap's input is a shuffle of one span per row: rows stay
// single.
// WIDE-LABEL: func.func @strided_rows_not_paired
// WIDE: scf.for %{{.*}} = %c0 to %c8 step %c1
// WIDE: -> (vector<6x1x8xf32>)
// WIDE-NOT: vector.shape_cast
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow * 2 + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @strided_rows_not_paired(%x: tensor<1x8x10x49xf32>, %w: tensor<8x8x3x3xf32>, %acc: tensor<1x8x8x24xf32>) -> tensor<1x8x8x24xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<1x8x10x49xf32>) outs(%acc : tensor<1x8x8x24xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x8x24xf32>
  return %0 : tensor<1x8x8x24xf32>
}

// -----

// On two threads, a convolution whose input outweighs its weights runs its
// output rows outermost in the parallel blocks: each thread takes half the
// output rows for every channel block, reading all the weights and half the
// input.
// THREADS-LABEL: func.func @output_rows_for_two_threads
// THREADS: scf.forall (%[[OH:.*]], %[[F:.*]]) = (0, 0) to (64, 16) step (1, 8)
// THREADS: tensor.extract_slice %arg1[%[[F]], 0, 0, 0] [8, 8, 3, 3]
// THREADS: tensor.extract_slice %arg0[0, 0, %[[OH]], 0] [1, 8, 3, 66]
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @output_rows_for_two_threads(%x: tensor<1x8x66x66xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<1x16x64x64xf32>) -> tensor<1x16x64x64xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<16x8x3x3xf32>, tensor<1x8x66x66xf32>) outs(%acc : tensor<1x16x64x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x64x64xf32>
  return %0 : tensor<1x16x64x64xf32>
}

// -----

// Where the weights outweigh the input, the channel blocks stay outermost:
// each thread reads half the weights, and all the input.
// THREADS-LABEL: func.func @channel_blocks_where_weights_dominate
// THREADS: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 8) step (32, 1)
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @channel_blocks_where_weights_dominate(%x: tensor<1x64x10x10xf32>, %w: tensor<64x64x3x3xf32>, %acc: tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<64x64x3x3xf32>, tensor<1x64x10x10xf32>) outs(%acc : tensor<1x64x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x64x8x8xf32>
  return %0 : tensor<1x64x8x8xf32>
}

// -----

// With stride 2 the input of 16 adjacent outputs is every other element of
// a run of 31 (ow * 2 + kw): each step's whole tile reads a stride-2 slice
// of it, which nn-contiguous-strided-reads later loads as one span.
// CHECK-LABEL: func.func @strided_window_read_in_place
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (vector<6x1x16xf32>)
// CHECK: %[[SPAN:.*]] = tensor.extract_slice %{{.*}} [1, 1, 1, 31] [1, 1, 1, 1] : tensor<1x8x3x33xf32> to tensor<1x1x1x31xf32>
// CHECK: %[[EVERY_OTHER:.*]] = tensor.extract_slice %[[SPAN]][0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 2] : tensor<1x1x1x31xf32> to tensor<1x1x1x16xf32>
// CHECK: vector.transfer_read %[[EVERY_OTHER]]{{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow * 2 + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @strided_window_read_in_place(%x: tensor<1x8x18x41xf32>, %w: tensor<8x8x3x3xf32>, %acc: tensor<1x8x16x20xf32>) -> tensor<1x8x16x20xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<1x8x18x41xf32>) outs(%acc : tensor<1x8x16x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x16x20xf32>
  return %0 : tensor<1x8x16x20xf32>
}

// -----

// An input row read at ow + oh moves with the output row too, not only with
// the reduction steps: no register tiles, the generic stays as it is.
// CHECK-LABEL: func.func @skewed_window_not_tiled
// CHECK-NOT: vector.fma
// CHECK: linalg.generic
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, kh, ow + oh + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @skewed_window_not_tiled(%x: tensor<1x8x3x40xf32>, %w: tensor<8x8x3x3xf32>, %acc: tensor<1x8x16x20xf32>) -> tensor<1x8x16x20xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<1x8x3x40xf32>) outs(%acc : tensor<1x8x16x20xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x16x20xf32>
  return %0 : tensor<1x8x16x20xf32>
}

// -----

// A strided window whose input also moves with n + oh is no projected
// permutation even in a one-step tile: the tile keeps its map, ow * 2
// included, and is lowered to loops instead of read as rows.
// CHECK-DAG: #[[SKEW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0 + d2, d4, d5, d3 * 2 + d6)>
// CHECK-LABEL: func.func @strided_window_with_skew_not_vectorized
// CHECK-NOT: vector.fma
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SKEW]], #{{.*}}]{{.*}} ins(%{{.*}}, %{{.*}} : tensor<6x1x1x1xf32>, tensor<1x1x1x31xf32>)
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n + oh, c, kh, ow * 2 + kw)>
#out = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
func.func @strided_window_with_skew_not_vectorized(%x: tensor<4x8x3x33xf32>, %w: tensor<8x8x3x3xf32>, %acc: tensor<1x8x3x16xf32>) -> tensor<1x8x3x16xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #x, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
         ins(%w, %x : tensor<8x8x3x3xf32>, tensor<4x8x3x33xf32>) outs(%acc : tensor<1x8x3x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x3x16xf32>
  return %0 : tensor<1x8x3x16xf32>
}

// -----

// 17 columns: a whole 16-column tile and an edge of one column (as 7x7
// maps leave: 49 = 3 x 16 + 1). The edge's rows sum 16 products per step,
// lanes along the reduction: 2 steps of one FMA of 6 x 16 lanes, whose
// weights are a contiguous row slice each. The column the edge reads is
// copied into a contiguous tensor once, before the row loop, and the lanes
// are added to the accumulator after the steps, as a tree.
// CHECK-LABEL: func.func @one_column_edge
// CHECK: scf.for {{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// CHECK: %[[COLUMN:.*]] = tensor.extract_slice %{{.*}}[0, 0, 16] [1, 32, 1] [1, 1, 1] : tensor<1x32x17xf32> to tensor<1x32x1xf32>
// CHECK: %[[PACKED:.*]] = linalg.copy ins(%[[COLUMN]] : tensor<1x32x1xf32>)
// CHECK: scf.for {{.*}} = %c0 to %c12 step %c6
// CHECK: tensor.expand_shape %[[PACKED]] {{\[}}[0], [1, 2], [3]] output_shape [1, 2, 16, 1]
// CHECK: scf.for {{.*}} = %c0 to %c2 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x1x16xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<6x1x16xf32>, vector<6x1x16xf32>
// CHECK: vector.fma {{.*}} : vector<6x1x16xf32>
// CHECK-NEXT: scf.yield
// CHECK-COUNT-6: vector.reduction <add>, {{.*}} fastmath<reassoc> : vector<16xf32> into f32
// CHECK-NOT: vector.fma
// CHECK: return
// In 32-column tiles, the 17 columns are one edge tile, cut into a whole
// vector of 16 and the one-column edge. The column that edge reads is still
// copied once, before the row loop.
// WIDE-LABEL: func.func @one_column_edge
// WIDE: %[[COLUMN:.*]] = tensor.extract_slice %{{.*}}[0, 0, 16] [1, 32, 1] [1, 1, 1] : tensor<1x32x17xf32> to tensor<1x32x1xf32>
// WIDE: linalg.copy ins(%[[COLUMN]] : tensor<1x32x1xf32>)
// WIDE: scf.for {{.*}} = %c0 to %c12 step %c6
// WIDE: scf.for {{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// WIDE: scf.for {{.*}} = %c0 to %c2 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x1x16xf32>)
// WIDE: return
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @one_column_edge(%w: tensor<12x32xf32>, %col: tensor<1x32x17xf32>, %acc: tensor<1x12x17xf32>) -> tensor<1x12x17xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<12x32xf32>, tensor<1x32x17xf32>) outs(%acc : tensor<1x12x17xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x17xf32>
  return %0 : tensor<1x12x17xf32>
}

// -----

// 27 steps do not split into 16 lanes: the one-column edge keeps unit
// steps, a lane per row.
// CHECK-LABEL: func.func @one_column_edge_of_uneven_steps
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// CHECK-NOT: linalg.copy
// CHECK: scf.for {{.*}} = %c0 to %c27 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x1xf32>)
// CHECK-COUNT-6: vector.fma {{.*}} : vector<1xf32>
// CHECK-NOT: vector.reduction
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @one_column_edge_of_uneven_steps(%w: tensor<12x27xf32>, %col: tensor<1x27x17xf32>, %acc: tensor<1x12x17xf32>) -> tensor<1x12x17xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<12x27xf32>, tensor<1x27x17xf32>) outs(%acc : tensor<1x12x17xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x17xf32>
  return %0 : tensor<1x12x17xf32>
}

// -----

// Weights stored [k, f] read the reduction with a stride: lanes along it
// would gather, so the one-column edge keeps unit steps.
// CHECK-LABEL: func.func @one_column_edge_of_transposed_weights
// CHECK-NOT: linalg.copy
// CHECK: scf.for {{.*}} = %c0 to %c32 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x1xf32>)
// CHECK-NOT: vector.reduction
#wt = affine_map<(d0, d1, d2, d3) -> (d3, d1)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @one_column_edge_of_transposed_weights(%w: tensor<32x12xf32>, %col: tensor<1x32x17xf32>, %acc: tensor<1x12x17xf32>) -> tensor<1x12x17xf32> {
  %0 = linalg.generic {indexing_maps = [#wt, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<32x12xf32>, tensor<1x32x17xf32>) outs(%acc : tensor<1x12x17xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x17xf32>
  return %0 : tensor<1x12x17xf32>
}

// -----

// Two reductions (channels and a window tap, as a convolution read in
// place): the one-column edge keeps unit steps of both.
// CHECK-LABEL: func.func @one_column_edge_of_two_reductions
// CHECK-NOT: linalg.copy
// CHECK: scf.for {{.*}} = %c0 to %c16 step %c1
// CHECK: scf.for {{.*}} = %c0 to %c2 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<6x1xf32>)
// CHECK-NOT: vector.reduction
#w = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
#col = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 + d4)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2)>
func.func @one_column_edge_of_two_reductions(%w: tensor<12x16x2xf32>, %col: tensor<1x16x18xf32>, %acc: tensor<1x12x17xf32>) -> tensor<1x12x17xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
         ins(%w, %col : tensor<12x16x2xf32>, tensor<1x16x18xf32>) outs(%acc : tensor<1x12x17xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x17xf32>
  return %0 : tensor<1x12x17xf32>
}

// -----

// 56 columns with a bias and a ReLU: three 16-column tiles and an 8-column
// edge. In 32-column tiles, one whole tile and a 24-column edge, which LLVM
// would take apart lane by lane: it is cut into 16 and 8 columns, each with
// its own bias broadcast and ReLU on the registers. Their reduction loops
// are then one: a step broadcasts the weights once for 12 accumulators,
// as many as a whole tile's.
// CHECK-LABEL: func.func @edge_in_whole_vectors
// CHECK: -> (vector<6x16xf32>)
// CHECK: arith.maximumf {{.*}} : vector<6x16xf32>
// CHECK: -> (vector<6x8xf32>)
// CHECK: arith.maximumf {{.*}} : vector<6x8xf32>
// WIDE-LABEL: func.func @edge_in_whole_vectors
// WIDE: -> (vector<6x32xf32>)
// WIDE: vector.fma {{.*}} : vector<32xf32>
// WIDE: arith.maximumf {{.*}} : vector<6x32xf32>
// WIDE: scf.for {{.*}} = %c0 to %c12 step %c6
// WIDE: scf.for {{.*}} -> (vector<6x8xf32>, vector<6x16xf32>)
// WIDE: vector.transfer_read {{.*}} vector<6x1xf32>
// WIDE-COUNT-6: vector.fma {{.*}} : vector<8xf32>
// WIDE-NOT: vector.transfer_read {{.*}} vector<6x1xf32>
// WIDE-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// WIDE: scf.yield {{.*}} : vector<6x8xf32>, vector<6x16xf32>
// WIDE: arith.maximumf {{.*}} : vector<6x16xf32>
// WIDE: arith.maximumf {{.*}} : vector<6x8xf32>
// WIDE-NOT: vector<{{[0-9x]*}}24xf32>
// WIDE: return
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#bias = affine_map<(d0, d1, d2) -> (d1)>
func.func @edge_in_whole_vectors(%w: tensor<12x32xf32>, %col: tensor<1x32x56xf32>, %b: tensor<12xf32>) -> tensor<1x12x56xf32> {
  %e = tensor.empty() : tensor<1x12x56xf32>
  %acc = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%b : tensor<12xf32>) outs(%e : tensor<1x12x56xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<1x12x56xf32>
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<12x32xf32>, tensor<1x32x56xf32>) outs(%acc : tensor<1x12x56xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x56xf32>
  %zero = arith.constant 0.0 : f32
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%0 : tensor<1x12x56xf32>) outs(%e : tensor<1x12x56xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x12x56xf32>
  return %1 : tensor<1x12x56xf32>
}

// -----

// 48 columns in 64-column tiles: three vectors, not a power of two of them,
// are cut into three 16-column tiles.
// WIDER-LABEL: func.func @three_vectors_wide
// WIDER-COUNT-3: scf.for {{.*}} = %c0 to %c32 step %c1 {{.*}} -> (vector<6x16xf32>)
// WIDER-NOT: vector<{{[0-9x]*}}48xf32>
// WIDER: return
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @three_vectors_wide(%w: tensor<12x32xf32>, %col: tensor<1x32x48xf32>, %acc: tensor<1x12x48xf32>) -> tensor<1x12x48xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<12x32xf32>, tensor<1x32x48xf32>) outs(%acc : tensor<1x12x48xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x12x48xf32>
  return %0 : tensor<1x12x48xf32>
}

// -----

// Reduction loops with the same bounds are merged across contractions too,
// where their accumulators fit the registers of a whole tile (6 x 2 vectors
// of 16 lanes in 6x32 tiles) and neither reads the other's result; here the
// second accumulates onto the first's. In 6x16 tiles, 6 vectors, they stay
// apart.
// CHECK-LABEL: func.func @independent_reductions_merged
// CHECK: scf.for {{.*}} -> (vector<6x8xf32>) {
// CHECK: scf.for {{.*}} -> (vector<6x8xf32>) {
// WIDE-LABEL: func.func @independent_reductions_merged
// WIDE: scf.for {{.*}} -> (vector<6x8xf32>, vector<6x8xf32>)
// WIDE-NOT: scf.for
// WIDE-LABEL: func.func @dependent_reductions_apart
// WIDE: scf.for {{.*}} -> (vector<6x8xf32>) {
// WIDE: scf.for {{.*}} -> (vector<6x8xf32>) {
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @independent_reductions_merged(%w: tensor<6x32xf32>, %col: tensor<1x32x8xf32>, %acc: tensor<1x6x8xf32>, %acc2: tensor<1x6x8xf32>) -> (tensor<1x6x8xf32>, tensor<1x6x8xf32>) {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<6x32xf32>, tensor<1x32x8xf32>) outs(%acc : tensor<1x6x8xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x6x8xf32>
  %1 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<6x32xf32>, tensor<1x32x8xf32>) outs(%acc2 : tensor<1x6x8xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x6x8xf32>
  return %0, %1 : tensor<1x6x8xf32>, tensor<1x6x8xf32>
}
func.func @dependent_reductions_apart(%w: tensor<6x32xf32>, %col: tensor<1x32x8xf32>, %acc: tensor<1x6x8xf32>) -> tensor<1x6x8xf32> {
  %0 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<6x32xf32>, tensor<1x32x8xf32>) outs(%acc : tensor<1x6x8xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x6x8xf32>
  %1 = linalg.generic {indexing_maps = [#w, #col, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%w, %col : tensor<6x32xf32>, tensor<1x32x8xf32>) outs(%0 : tensor<1x6x8xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %m = arith.mulf %a, %c : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x6x8xf32>
  return %1 : tensor<1x6x8xf32>
}

// -----

// Loops carrying 0-d vectors are not register tiles: left apart.
// WIDE-LABEL: func.func @zero_dim_vectors_apart
// WIDE: scf.for {{.*}} -> (vector<f32>) {
// WIDE: scf.for {{.*}} -> (vector<f32>) {
func.func @zero_dim_vectors_apart(%a: vector<f32>, %b: vector<f32>) -> (vector<f32>, vector<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %0 = scf.for %i = %c0 to %c4 step %c1 iter_args(%x = %a) -> (vector<f32>) {
    %s = arith.addf %x, %x : vector<f32>
    scf.yield %s : vector<f32>
  }
  %1 = scf.for %i = %c0 to %c4 step %c1 iter_args(%x = %b) -> (vector<f32>) {
    %s = arith.addf %x, %x : vector<f32>
    scf.yield %s : vector<f32>
  }
  return %0, %1 : vector<f32>, vector<f32>
}

// -----

// Loops that write memory stay apart: merged, the second would read the
// buffer before the first's later steps write it.
// CHECK-LABEL: func.func @writing_loops_apart
// CHECK: scf.for {{.*}} -> (vector<16xf32>) {
// CHECK: vector.transfer_write
// CHECK: scf.yield
// CHECK: scf.for {{.*}} -> (vector<16xf32>) {
func.func @writing_loops_apart(%m: memref<4x16xf32>, %a: vector<16xf32>, %b: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %0 = scf.for %i = %c0 to %c4 step %c1 iter_args(%x = %a) -> (vector<16xf32>) {
    %d = arith.addf %x, %x : vector<16xf32>
    vector.transfer_write %d, %m[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<4x16xf32>
    scf.yield %d : vector<16xf32>
  }
  %1 = scf.for %i = %c0 to %c4 step %c1 iter_args(%x = %b) -> (vector<16xf32>) {
    %r = vector.transfer_read %m[%c0, %c0], %zero {in_bounds = [true]} : memref<4x16xf32>, vector<16xf32>
    %s = arith.addf %x, %r : vector<16xf32>
    scf.yield %s : vector<16xf32>
  }
  return %0, %1 : vector<16xf32>, vector<16xf32>
}
