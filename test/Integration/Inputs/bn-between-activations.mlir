// A batch norm behind a separate relu and before a sigmoid: no linear op
// next to it, so fold-batchnorm keeps it and the module runs as given.
func.func @forward(%x: tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32> {
  %gamma = arith.constant dense<[1.5, -0.5, 2.0]> : tensor<3xf32>
  %beta = arith.constant dense<[0.25, 0.5, -1.0]> : tensor<3xf32>
  %mean = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %var = arith.constant dense<[0.5, 1.5, 2.0]> : tensor<3xf32>
  %r = nn.relu %x : tensor<2x3x4x4xf32>
  %n = nn.batch_norm %r, %gamma, %beta, %mean, %var : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %s = nn.sigmoid %n : tensor<2x3x4x4xf32>
  return %s : tensor<2x3x4x4xf32>
}
