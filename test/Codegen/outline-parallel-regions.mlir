// RUN: nn-opt %s --nn-outline-parallel-regions -split-input-file | FileCheck %s

// Each outermost omp.parallel moves into an internal function called where
// it was. Values from outside become arguments (the caller's pointers, a
// loaded address); constants and global addresses are cloned; the region
// nested in the second one moves with it. The functions are named
// @forward_parallel_<N>; @forward_parallel_0 is taken, so the first gets
// another name.
// CHECK-LABEL: llvm.func @forward
// CHECK-SAME: (%[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr)
// CHECK: %[[SLOT:.*]] = llvm.mlir.addressof @weights
// CHECK: %[[W:.*]] = llvm.load %[[SLOT]]
// CHECK-NOT: @forward_parallel_0(
// CHECK: llvm.call @[[FIRST:forward_parallel_[0-9_]+]](%[[IN]], %[[OUT]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK-NEXT: llvm.call @[[SECOND:forward_parallel_[0-9_]+]](%[[W]], %[[OUT]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK-NEXT: llvm.return
// CHECK-NOT: omp.parallel
// CHECK: llvm.func internal @[[FIRST]](%[[IN1:.*]]: !llvm.ptr, %[[OUT1:.*]]: !llvm.ptr)
// CHECK-DAG: llvm.mlir.constant(0 : i64)
// CHECK-DAG: llvm.mlir.constant(4 : i64)
// CHECK-DAG: llvm.mlir.constant(1 : i64)
// CHECK: omp.parallel {
// CHECK-NEXT: omp.wsloop {
// CHECK: llvm.getelementptr %[[IN1]]
// CHECK: llvm.getelementptr %[[OUT1]]
// CHECK: llvm.return
// CHECK: llvm.func internal @[[SECOND]](%[[W2:.*]]: !llvm.ptr, %[[OUT2:.*]]: !llvm.ptr)
// CHECK: omp.parallel {
// CHECK-NEXT: omp.parallel {
// CHECK: llvm.getelementptr %[[W2]]
// CHECK: llvm.getelementptr %[[OUT2]]
// CHECK: llvm.return
// CHECK: llvm.func @forward_parallel_0() {
// CHECK-NEXT: llvm.return
llvm.mlir.global external @weights() : !llvm.ptr
llvm.func @forward(%in: !llvm.ptr, %out: !llvm.ptr) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  %c4 = llvm.mlir.constant(4 : i64) : i64
  %slot = llvm.mlir.addressof @weights : !llvm.ptr
  %w = llvm.load %slot : !llvm.ptr -> !llvm.ptr
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : i64 = (%c0) to (%c4) step (%c1) {
        %src = llvm.getelementptr %in[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %x = llvm.load %src : !llvm.ptr -> f32
        %dst = llvm.getelementptr %out[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        llvm.store %x, %dst : f32, !llvm.ptr
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel {
    omp.parallel {
      omp.wsloop {
        omp.loop_nest (%i) : i64 = (%c0) to (%c4) step (%c1) {
          %src = llvm.getelementptr %w[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
          %x = llvm.load %src : !llvm.ptr -> f32
          %dst = llvm.getelementptr %out[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
          llvm.store %x, %dst : f32, !llvm.ptr
          omp.yield
        }
      }
      omp.terminator
    }
    omp.terminator
  }
  llvm.return
}
llvm.func @forward_parallel_0() {
  llvm.return
}

// -----

// Without parallel regions nothing changes.
// CHECK-LABEL: llvm.func @serial
// CHECK-NEXT: llvm.return
// CHECK-NOT: llvm.func
llvm.func @serial() {
  llvm.return
}
