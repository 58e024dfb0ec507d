// The fold also runs as batch_norm's canonicalization, and each pattern can
// be turned off by its debug name.
// RUN: nn-opt %s --canonicalize | FileCheck %s --check-prefix=FOLD
// RUN: nn-opt %s --canonicalize="disable-patterns=FoldBatchNormIntoConv2d" | FileCheck %s --check-prefix=NO-CONV
// RUN: nn-opt %s --canonicalize="disable-patterns=FoldBatchNormIntoConv2d,FoldBatchNormIntoDense" | FileCheck %s --check-prefix=NONE

// s = [1.5, -0.25] as in fold-batchnorm.mlir.
// FOLD-LABEL: func.func @conv_and_dense
// FOLD-DAG: arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// FOLD-DAG: arith.constant dense<[-2.500000e-01, 1.250000e+00]> : tensor<2xf32>
// FOLD-NOT: nn.batch_norm

// NO-CONV-LABEL: func.func @conv_and_dense
// NO-CONV: nn.conv2d
// NO-CONV-NEXT: nn.batch_norm
// NO-CONV: nn.dense
// NO-CONV-NOT: nn.batch_norm

// NONE-LABEL: func.func @conv_and_dense
// NONE-COUNT-2: nn.batch_norm
func.func @conv_and_dense(%x: tensor<1x2x4x4xf32>, %xd: tensor<5x3xf32>) -> (tensor<1x2x4x4xf32>, tensor<5x2xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %wd = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nn.batch_norm %y, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %yd = nn.dense %xd, %wd, %b : (tensor<5x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  %zd = nn.batch_norm %yd, %gamma, %beta, %mean, %var epsilon = 1.0 : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  return %z, %zd : tensor<1x2x4x4xf32>, tensor<5x2xf32>
}
