//===- ConstantTensor.h - float constants as f64 and back -----*- C++ -*-===//
//
// The fold reads constant tensors (dense elements or dense_resource blobs)
// widened to f64 and writes results rounded once to the element type.
//
//===----------------------------------------------------------------------===//

#ifndef NN_DIALECT_NN_IR_CONSTANTTENSOR_H
#define NN_DIALECT_NN_IR_CONSTANTTENSOR_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir::nn {

/// A float constant tensor read as f64, with where its values came from.
struct FloatConstant {
  ElementsAttr attr;
  std::vector<double> values;
  /// Set for dense_resource blobs; results are written back as blobs too.
  std::optional<std::string> resourceKey;
};

/// The value of `value` if it is produced by a constant-like op holding a
/// float tensor as dense elements or a readable dense_resource blob of the
/// right size; std::nullopt otherwise.
std::optional<FloatConstant> readFloatConstant(Value value);

/// `values` rounded once (to nearest, ties to even) to `type`'s element type
/// and packed as that type's storage.
struct RoundedTensor {
  std::vector<char> bytes;
  /// The first element that is not finite in the element type, if any.
  std::optional<size_t> firstNonFinite;
};
RoundedTensor roundToElementType(ArrayRef<double> values, FloatType type);

/// A constant of `type` holding `bytes`: a dense_resource blob named after
/// `resourceKey` when given, dense elements otherwise.
ElementsAttr makeFloatConstant(RankedTensorType type, ArrayRef<char> bytes,
                               std::optional<StringRef> resourceKey);

} // namespace mlir::nn

#endif // NN_DIALECT_NN_IR_CONSTANTTENSOR_H
