// A wrong fold of conv-bn.mlir: W' is right, but the bias ignores the mean
// (b' = offset instead of (0 - mean) * s + offset = [-1, 1.5]).
func.func @forward(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.5]], [[3.0]]], [[[-0.75]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
