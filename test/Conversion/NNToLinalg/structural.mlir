// RUN: nn-opt %s --convert-nn-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @structural
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1, 2, 3]] : tensor<2x4x3x3xf32> into tensor<2x36xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x6x3x3xf32>
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %arg0 into %[[EMPTY]][0, 0, 0, 0] [2, 4, 3, 3] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[FIRST]][0, 4, 0, 0] [2, 2, 3, 3] [1, 1, 1, 1]
func.func @structural(%x: tensor<2x4x3x3xf32>, %y: tensor<2x2x3x3xf32>) -> (tensor<2x36xf32>, tensor<2x6x3x3xf32>) {
  %a = nn.flatten %x : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  %c = nn.concat %x, %y axis = 1 : (tensor<2x4x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<2x6x3x3xf32>
  return %a, %c : tensor<2x36xf32>, tensor<2x6x3x3xf32>
}

// CHECK-LABEL: func.func @transpose
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x5x4xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<2x4x3x5xf32>) outs(%[[INIT]] : tensor<2x3x5x4xf32>) permutation = [0, 2, 3, 1]
func.func @transpose(%x: tensor<2x4x3x5xf32>) -> tensor<2x3x5x4xf32> {
  %t = nn.transpose %x permutation = [0, 2, 3, 1] : (tensor<2x4x3x5xf32>) -> tensor<2x3x5x4xf32>
  return %t : tensor<2x3x5x4xf32>
}

// A pad with one value per channel: the values broadcast over the padded
// shape, the input inserted into the interior.
// CHECK-LABEL: func.func @pad
// CHECK: %[[BORDER:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<3xf32>) outs(%{{.*}} : tensor<1x3x5x7xf32>)
// CHECK: tensor.insert_slice %arg0 into %[[BORDER]][0, 0, 1, 2] [1, 3, 4, 4] [1, 1, 1, 1]
func.func @pad(%x: tensor<1x3x4x4xf32>, %v: tensor<3xf32>) -> tensor<1x3x5x7xf32> {
  %p = nn.pad %x, %v padding = [1, 2, 0, 1] : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x5x7xf32>
  return %p : tensor<1x3x5x7xf32>
}
