#ifndef NN_DIALECT_TD
#define NN_DIALECT_TD

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::mlir::nn";
  let summary = "Neural-network inference ops on ranked float tensors";
  let description = [{
    A small dialect for CNN/MLP inference graphs: conv2d and dense with fused
    activations, inference batch_norm, and the elementwise and structural ops
    that backbones put around them. Activations are NCHW; see docs/NNDialect.md.
  }];
  // Folding batch_norm materializes new weights as arith.constant.
  let dependentDialects = ["arith::ArithDialect"];
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

// Every nn value is a ranked tensor of one of the float types.
def NN_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;

#endif // NN_DIALECT_TD
