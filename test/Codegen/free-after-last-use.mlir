// RUN: nn-opt %s --nn-free-after-last-use -split-input-file | FileCheck %s

// Deallocs at the end of the block, as ownership-based deallocation puts
// them, move up to the last use: %a's is a read through a collapsed view,
// %b's a loop that writes it. The next buffer can then reuse %a's memory.
// CHECK-LABEL: func.func @straight_line
// CHECK: %[[A:.*]] = memref.alloc() : memref<2x8xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<2x8xf32>)
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %[[A]]
// CHECK: %[[B:.*]] = memref.alloc() : memref<16xf32>
// CHECK: memref.copy %[[FLAT]], %[[B]]
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: }
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: %[[C:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: memref.copy %[[C]], %{{.*}}
// CHECK-NEXT: memref.dealloc %[[C]]
// CHECK-NEXT: return
func.func @straight_line(%out: memref<16xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %a = memref.alloc() : memref<2x8xf32>
  linalg.fill ins(%zero : f32) outs(%a : memref<2x8xf32>)
  %flat = memref.collapse_shape %a [[0, 1]] : memref<2x8xf32> into memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %flat, %b : memref<16xf32> to memref<16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    memref.store %one, %b[%i] : memref<16xf32>
  }
  %c = memref.alloc() : memref<16xf32>
  memref.copy %c, %out : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<2x8xf32>
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<16xf32>
  return
}

// -----

// A buffer nothing uses is freed right after its allocation.
// CHECK-LABEL: func.func @unused
// CHECK: memref.alloc
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: memref.copy
func.func @unused(%in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// Views count as uses wherever they go: through a region's result here.
// CHECK-LABEL: func.func @view_through_region
// CHECK: %[[A:.*]] = memref.alloc
// CHECK: %[[V:.*]] = scf.if
// CHECK: memref.copy %[[V]]
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: memref.copy
func.func @view_through_region(%flag: i1, %in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  %v = scf.if %flag -> memref<4xf32, strided<[1]>> {
    %cast = memref.cast %a : memref<4xf32> to memref<4xf32, strided<[1]>>
    scf.yield %cast : memref<4xf32, strided<[1]>>
  } else {
    %cast = memref.cast %in : memref<4xf32> to memref<4xf32, strided<[1]>>
    scf.yield %cast : memref<4xf32, strided<[1]>>
  }
  memref.copy %v, %out : memref<4xf32, strided<[1]>> to memref<4xf32>
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// Left in place: a view used after the dealloc (returned); a buffer
// allocated outside the dealloc's block.
// CHECK-LABEL: func.func @returned_view
// CHECK: memref.cast
// CHECK-NEXT: memref.copy
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: return
func.func @returned_view(%in: memref<4xf32>, %out: memref<4xf32>) -> memref<?xf32> {
  %a = memref.alloc() : memref<4xf32>
  %v = memref.cast %a : memref<4xf32> to memref<?xf32>
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return %v : memref<?xf32>
}

// CHECK-LABEL: func.func @allocated_outside
// CHECK: scf.if
// CHECK-NEXT: memref.copy
// CHECK-NEXT: memref.copy
// CHECK-NEXT: memref.dealloc
func.func @allocated_outside(%flag: i1, %in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  scf.if %flag {
    memref.copy %in, %out : memref<4xf32> to memref<4xf32>
    memref.copy %out, %in : memref<4xf32> to memref<4xf32>
    memref.dealloc %a : memref<4xf32>
  }
  return
}
