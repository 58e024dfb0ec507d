// An nn op the lowering cannot handle is an error at its location.
// RUN: nn-opt %s --convert-nn-to-linalg -verify-diagnostics

func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{failed to legalize operation 'nn.relu' that was explicitly marked illegal}}
  %y = nn.relu %x : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
