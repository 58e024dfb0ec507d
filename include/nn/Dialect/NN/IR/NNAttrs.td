#ifndef NN_ATTRS_TD
#define NN_ATTRS_TD

include "mlir/IR/EnumAttr.td"

// The activation fused into conv2d and dense. New kinds are appended; the
// integer values are stable.
def NN_Activation : I32EnumAttr<"Activation", "activation fused into the op", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"relu6", 2>,
  ]> {
  let cppNamespace = "::mlir::nn";
}

#endif // NN_ATTRS_TD
