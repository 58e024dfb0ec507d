func.func @make_2x3() -> tensor<2x3xf32> {
  %c = arith.constant dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}
func.func @make_1x3() -> tensor<1x3xf32> {
  %c = arith.constant dense<[[1.0, -2.0, 3.0]]> : tensor<1x3xf32>
  return %c : tensor<1x3xf32>
}
func.func @make_1x3_f64() -> tensor<1x3xf64> {
  %c = arith.constant dense<[[1.0, -2.0, 3.0]]> : tensor<1x3xf64>
  return %c : tensor<1x3xf64>
}
func.func @relu_1x3(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %y = nn.relu %x : tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
func.func @dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %y = nn.relu %x : tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
