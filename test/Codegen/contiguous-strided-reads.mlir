// RUN: nn-opt %s --nn-contiguous-strided-reads -split-input-file | FileCheck %s

// A row of 16 lanes at stride 2 spans 31 elements: one masked load of 32
// from the first lane's element (the 32nd masked off) and a shuffle of the
// even elements.
// CHECK-LABEL: func.func @stride_two
// CHECK-SAME: (%[[VIEW:.*]]: memref<1x16xf32, strided<[64, 2], offset: ?>>, %[[ROW:.*]]: index, %[[COL:.*]]: index)
// CHECK-DAG: %[[PADS:.*]] = arith.constant dense<0.000000e+00> : vector<32xf32>
// CHECK-DAG: %[[MASK:.*]] = arith.constant dense<[true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false]> : vector<32xi1>
// CHECK-DAG: %[[ROW_STRIDE:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[COL_STRIDE:.*]] = arith.constant 2 : index
// CHECK: %[[BASE:.*]], %[[OFFSET:.*]], %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[VIEW]]
// CHECK: %[[ROWS:.*]] = arith.muli %[[ROW]], %[[ROW_STRIDE]]
// CHECK: %[[AT_ROW:.*]] = arith.addi %[[OFFSET]], %[[ROWS]]
// CHECK: %[[COLS:.*]] = arith.muli %[[COL]], %[[COL_STRIDE]]
// CHECK: %[[START:.*]] = arith.addi %[[AT_ROW]], %[[COLS]]
// CHECK: %[[SPAN:.*]] = memref.reinterpret_cast %[[BASE]] to offset: [%[[START]]], sizes: [31], strides: [1] : memref<f32> to memref<31xf32, strided<[1], offset: ?>>
// CHECK: %[[LOADED:.*]] = vector.maskedload %[[SPAN]][%{{.*}}], %[[MASK]], %[[PADS]] : memref<31xf32, strided<[1], offset: ?>>, vector<32xi1>, vector<32xf32> into vector<32xf32>
// CHECK: %[[LANES:.*]] = vector.shuffle %[[LOADED]], %[[LOADED]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xf32>, vector<32xf32>
// CHECK: return %[[LANES]] : vector<16xf32>
// CHECK-NOT: vector.transfer_read
func.func @stride_two(%view: memref<1x16xf32, strided<[64, 2], offset: ?>>, %row: index, %col: index) -> vector<16xf32> {
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %view[%row, %col], %pad {in_bounds = [true]} : memref<1x16xf32, strided<[64, 2], offset: ?>>, vector<16xf32>
  return %v : vector<16xf32>
}

// -----

// Stride 3, 4 lanes: a span of 10 elements, a load of 12.
// CHECK-LABEL: func.func @stride_three
// CHECK: arith.constant dense<[true, true, true, true, true, true, true, true, true, true, false, false]> : vector<12xi1>
// CHECK: memref.reinterpret_cast {{.*}} sizes: [10], strides: [1]
// CHECK: vector.maskedload {{.*}} into vector<12xf16>
// CHECK: vector.shuffle {{.*}} [0, 3, 6, 9] : vector<12xf16>, vector<12xf16>
func.func @stride_three(%view: memref<4xf16, strided<[3]>>) -> vector<4xf16> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f16
  %v = vector.transfer_read %view[%c0], %pad {in_bounds = [true]} : memref<4xf16, strided<[3]>>, vector<4xf16>
  return %v : vector<4xf16>
}

// -----

// Left alone: a contiguous row; a stride of 5 (it would load five times the
// lanes it keeps); a dynamic stride; a read that may run past the view (its
// lanes beyond the view take the padding value).
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-4: vector.transfer_read
// CHECK-NOT: vector.maskedload
func.func @kept(%unit: memref<16xf32>, %five: memref<16xf32, strided<[5]>>,
                %dynamic: memref<16xf32, strided<[?]>>, %two: memref<8xf32, strided<[2]>>)
    -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %a = vector.transfer_read %unit[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  %b = vector.transfer_read %five[%c0], %pad {in_bounds = [true]} : memref<16xf32, strided<[5]>>, vector<16xf32>
  %c = vector.transfer_read %dynamic[%c0], %pad {in_bounds = [true]} : memref<16xf32, strided<[?]>>, vector<16xf32>
  %d = vector.transfer_read %two[%c0], %pad : memref<8xf32, strided<[2]>>, vector<16xf32>
  return %a, %b, %c, %d : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// -----

// The taps kw = 0, 1, 2 of a stride-2 window row, 4 lanes: one load of the
// first 8 of the 9 elements they span; kw = 0 and 1 pick the even and the
// odd ones, kw = 2 is kw = 0 moved down a lane with the 9th element.
// CHECK-LABEL: func.func @window_row
// CHECK-SAME: (%[[ROWS:.*]]: memref<2x20xf32>, %[[COL:.*]]: index)
// CHECK-DAG: %[[ALL:.*]] = arith.constant dense<true> : vector<8xi1>
// CHECK-DAG: %[[NINTH:.*]] = arith.constant 8 : index
// CHECK: memref.extract_strided_metadata
// CHECK: %[[SPAN:.*]] = memref.reinterpret_cast {{.*}} sizes: [9], strides: [1]
// CHECK: %[[LOADED:.*]] = vector.maskedload %[[SPAN]][%{{.*}}], %[[ALL]], %{{.*}} : {{.*}} into vector<8xf32>
// CHECK-NOT: vector.maskedload
// CHECK-DAG: %[[EVEN:.*]] = vector.shuffle %[[LOADED]], %[[LOADED]] [0, 2, 4, 6]
// CHECK-DAG: %[[ODD:.*]] = vector.shuffle %[[LOADED]], %[[LOADED]] [1, 3, 5, 7]
// CHECK-DAG: %[[LAST:.*]] = memref.load %[[SPAN]][%[[NINTH]]]
// CHECK-DAG: %[[SPLAT:.*]] = vector.broadcast %[[LAST]] : f32 to vector<4xf32>
// CHECK-DAG: %[[SHIFTED:.*]] = vector.shuffle %[[EVEN]], %[[SPLAT]] [1, 2, 3, 4]
// CHECK: return %[[EVEN]], %[[ODD]], %[[SHIFTED]]
// CHECK-NOT: vector.transfer_read
func.func @window_row(%rows: memref<2x20xf32>, %col: index)
    -> (vector<4xf32>, vector<4xf32>, vector<4xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %tap0 = memref.subview %rows[1, 0] [1, 4] [1, 2] : memref<2x20xf32> to memref<1x4xf32, strided<[20, 2], offset: 20>>
  %tap1 = memref.subview %rows[1, 1] [1, 4] [1, 2] : memref<2x20xf32> to memref<1x4xf32, strided<[20, 2], offset: 21>>
  %tap2 = memref.subview %rows[1, 2] [1, 4] [1, 2] : memref<2x20xf32> to memref<1x4xf32, strided<[20, 2], offset: 22>>
  %a = vector.transfer_read %tap0[%c0, %col], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2], offset: 20>>, vector<4xf32>
  %b = vector.transfer_read %tap1[%c0, %col], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2], offset: 21>>, vector<4xf32>
  %c = vector.transfer_read %tap2[%c0, %col], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2], offset: 22>>, vector<4xf32>
  return %a, %b, %c : vector<4xf32>, vector<4xf32>, vector<4xf32>
}

// -----

// Each its own span: reads a vector's lanes or more apart (the taps of two
// window rows), and reads at different index values.
// CHECK-LABEL: func.func @apart
// CHECK-COUNT-3: vector.maskedload
// CHECK-NOT: vector.maskedload
// CHECK-NOT: vector.transfer_read
func.func @apart(%rows: memref<2x20xf32>, %col: index, %other: index)
    -> (vector<4xf32>, vector<4xf32>, vector<4xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %row0 = memref.subview %rows[0, 0] [1, 4] [1, 2] : memref<2x20xf32> to memref<1x4xf32, strided<[20, 2]>>
  %row1 = memref.subview %rows[1, 0] [1, 4] [1, 2] : memref<2x20xf32> to memref<1x4xf32, strided<[20, 2], offset: 20>>
  %a = vector.transfer_read %row0[%c0, %col], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2]>>, vector<4xf32>
  %b = vector.transfer_read %row1[%c0, %col], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2], offset: 20>>, vector<4xf32>
  %c = vector.transfer_read %row0[%c0, %other], %pad {in_bounds = [true]} : memref<1x4xf32, strided<[20, 2]>>, vector<4xf32>
  return %a, %b, %c : vector<4xf32>, vector<4xf32>, vector<4xf32>
}
