// RUN: nn-opt %s --nn-write-into-padded-buffers -split-input-file | FileCheck %s

// The producer of a pad's source writes into the interior of the filled
// buffer instead of a tensor.empty of its own, and the later read of the
// source reads the interior of the inserted result: bufferized, nothing is
// copied.
// CHECK-LABEL: func.func @producer_writes_interior
// CHECK: %[[FILLED:.*]] = linalg.fill
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} outs(%[[INTERIOR]] : tensor<1x2x4x4xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[NEG]] into %[[FILLED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[READ:.*]] = tensor.extract_slice %[[PADDED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: return %[[PADDED]], %[[READ]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @producer_writes_interior(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x6x6xf32>, tensor<1x2x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %big = tensor.empty() : tensor<1x2x6x6xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%big : tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x2x4x4xf32>
  %padded = tensor.insert_slice %neg into %filled[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x2x6x6xf32>
  return %padded, %neg : tensor<1x2x6x6xf32>, tensor<1x2x4x4xf32>
}

// -----

// A fill that cannot move above the producer (here its loop reads a value
// computed after it) leaves the producer its tensor.empty: nn-convolution-
// to-matmul creates a pad's fill before the producer for that reason.
// CHECK-LABEL: func.func @filled_after_producer
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK: linalg.generic {{.*}} outs(%[[EMPTY]] : tensor<1x2x4x4xf32>)
// CHECK: scf.forall
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @filled_after_producer(%x: tensor<1x2x4x4xf32>, %v: f32) -> tensor<1x2x6x6xf32> {
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<1x2x4x4xf32>
  %value = arith.negf %v : f32
  %big = tensor.empty() : tensor<1x2x6x6xf32>
  %filled = scf.forall (%c) in (2) shared_outs(%o = %big) -> (tensor<1x2x6x6xf32>) {
    %plane = tensor.extract_slice %o[0, %c, 0, 0] [1, 1, 6, 6] [1, 1, 1, 1] : tensor<1x2x6x6xf32> to tensor<1x1x6x6xf32>
    %f = linalg.fill ins(%value : f32) outs(%plane : tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %f into %o[0, %c, 0, 0] [1, 1, 6, 6] [1, 1, 1, 1] : tensor<1x1x6x6xf32> into tensor<1x2x6x6xf32>
    }
  }
  %padded = tensor.insert_slice %neg into %filled[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x2x6x6xf32>
  return %padded : tensor<1x2x6x6xf32>
}

// -----

// A concatenation: the next insert writes into the first one's result in
// place, so a later read of the first source keeps reading the source (read
// through the result, it would need a copy of the result first).
// CHECK-LABEL: func.func @result_written_again
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %arg0 into
// CHECK: %[[BOTH:.*]] = tensor.insert_slice %arg1 into %[[FIRST]]
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x2x4x4xf32>)
func.func @result_written_again(%a: tensor<1x2x4x4xf32>, %b: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x2x4x4xf32>) {
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %first = tensor.insert_slice %a into %e[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %both = tensor.insert_slice %b into %first[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %o = tensor.empty() : tensor<1x2x4x4xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
           ins(%a : tensor<1x2x4x4xf32>) outs(%o : tensor<1x2x4x4xf32>) {
  ^bb0(%x: f32, %out: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<1x2x4x4xf32>
  return %both, %neg : tensor<1x4x4x4xf32>, tensor<1x2x4x4xf32>
}
