#ifndef NN_CONVERSION_PASSES_TD
#define NN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg"> {
  let summary = "Lower nn ops to linalg, tensor, arith and math on tensors";
  let description = [{
    conv2d becomes linalg.conv_2d_nchw_fchw (groups = 1),
    linalg.depthwise_conv_2d_nchw_chw (groups = channels = outputs) or
    linalg.conv_2d_ngchw_gfchw (other groups), with tensor.pad for padding;
    dense becomes linalg.matmul with a transposed weight map; pooling becomes
    linalg.pooling_nchw_max/sum; batch_norm and elementwise ops become
    linalg.generic; flatten and concat become tensor reshapes and slices.
    Shapes must be static. Any nn op left is an error at its location.
  }];
  let dependentDialects = [
    "arith::ArithDialect", "linalg::LinalgDialect", "math::MathDialect",
    "tensor::TensorDialect"
  ];
}

#endif // NN_CONVERSION_PASSES_TD
