// Operands of the wrong type: verifier errors at the op, exit 1, whether
// the tool only parses, folds or runs.
// RUN: not nn-opt %s -split-input-file 2>&1 | FileCheck %s
// RUN: not nn-opt %s -split-input-file --fold-batchnorm 2>&1 | FileCheck %s

// CHECK: wrong-types.mlir:[[# @LINE + 2]]:8: error: 'nn.batch_norm' op
func.func @integer_input(%x: tensor<1x2x4x4xi32>, %p: tensor<2xf32>) -> tensor<1x2x4x4xi32> {
  %y = nn.batch_norm %x, %p, %p, %p, %p : (tensor<1x2x4x4xi32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xi32>
  return %y : tensor<1x2x4x4xi32>
}

// -----

// CHECK: wrong-types.mlir:[[# @LINE + 2]]:8: error: 'nn.conv2d' op
func.func @mixed_precision(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf16>) -> tensor<1x3x4x4xf32> {
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf16>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// CHECK: wrong-types.mlir:[[# @LINE + 2]]:10: error: use of value '%x' expects different type than prior uses
func.func @result_type_lies(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  return %x : tensor<1x3xf32>
}
