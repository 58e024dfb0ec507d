// RUN: nn-opt %s --nn-strided-copies-to-linalg -split-input-file | FileCheck %s

// The interior of a padded buffer is a strided view: linalg.copy, which
// lowers to loops LLVM vectorizes, not memref.copy's generic runtime call.
// CHECK-LABEL: func.func @into_padded
// CHECK: linalg.copy ins(%{{.*}} : memref<1x3x8x8xf32>) outs(%{{.*}} : memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>)
// CHECK-NOT: memref.copy
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
