// RUN: nn-opt %s --nn-strided-copies-to-linalg -split-input-file | FileCheck %s
// RUN: nn-opt %s --nn-strided-copies-to-linalg="min-parallel-elements=192" -split-input-file | FileCheck %s --check-prefix=PARALLEL
// RUN: not nn-opt %s --nn-strided-copies-to-linalg="lanes=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: nn-strided-copies-to-linalg: lanes must be at least 1, got 0

// The interior of a padded buffer is a strided view: not memref.copy's
// generic runtime call, but loops over rows of the copy, each row (8
// elements here, fewer than 16 lanes) one vector read and one write.
// CHECK-LABEL: func.func @into_padded
// CHECK: %[[INTERIOR:.*]] = memref.subview %arg1[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1
// CHECK: %[[ROW:.*]] = vector.transfer_read {{.*}} : memref<8xf32, {{.*}}>, vector<8xf32>
// CHECK: vector.transfer_write %[[ROW]], {{.*}} : vector<8xf32>, memref<8xf32, {{.*}}>
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.copy
func.func @into_padded(%source: memref<1x3x8x8xf32>, %padded: memref<1x3x10x10xf32>) {
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
      : memref<1x3x10x10xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %source, %interior : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  return
}

// -----

// Contiguous to contiguous stays a memref.copy: it lowers to memcpy.
// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous(%source: memref<4x16xf32>, %target: memref<4x16xf32>) {
  memref.copy %source, %target : memref<4x16xf32> to memref<4x16xf32>
  return
}

// -----

// Rows of 20: a whole row of 16 lanes, then the remaining 4 as their own.
// CHECK-LABEL: func.func @peeled_rows
// CHECK: vector.transfer_read {{.*}} vector<16xf32>
// CHECK: vector.transfer_write {{.*}} vector<16xf32>
// CHECK: vector.transfer_read {{.*}} vector<4xf32>
// CHECK: vector.transfer_write {{.*}} vector<4xf32>
func.func @peeled_rows(%source: memref<2x20xf32>, %padded: memref<2x22xf32>) {
  %interior = memref.subview %padded[0, 1] [2, 20] [1, 1] : memref<2x22xf32> to memref<2x20xf32, strided<[22, 1], offset: 1>>
  memref.copy %source, %interior : memref<2x20xf32> to memref<2x20xf32, strided<[22, 1], offset: 1>>
  return
}

// -----

// A copy of at least min-parallel-elements (here 192, in the PARALLEL run)
// becomes an scf.forall over its outermost dim of more than one element
// (the channels), each step cut into vector rows; a smaller copy, and
// both under the default of 32768, stay serial.
// CHECK-LABEL: func.func @parallel_channels
// CHECK-NOT: scf.forall
// PARALLEL-LABEL: func.func @parallel_channels
// PARALLEL: scf.forall (%[[C:.*]]) in (3) {
// PARALLEL: memref.subview %{{.*}}[0, %[[C]], 0, 0] [1, 1, 8, 8]
// PARALLEL: scf.for
// PARALLEL: vector.transfer_read {{.*}} vector<8xf32>
// PARALLEL-LABEL: func.func @serial_below_threshold
// PARALLEL-NOT: scf.forall
func.func @parallel_channels(%source: memref<1x3x8x8xf32>, %padded: memref<1x3x10x10xf32>) {
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
      : memref<1x3x10x10xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %source, %interior : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  return
}
func.func @serial_below_threshold(%source: memref<1x2x8x8xf32>, %padded: memref<1x2x10x10xf32>) {
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 2, 8, 8] [1, 1, 1, 1]
      : memref<1x2x10x10xf32> to memref<1x2x8x8xf32, strided<[200, 100, 10, 1], offset: 11>>
  memref.copy %source, %interior : memref<1x2x8x8xf32> to memref<1x2x8x8xf32, strided<[200, 100, 10, 1], offset: 11>>
  return
}
