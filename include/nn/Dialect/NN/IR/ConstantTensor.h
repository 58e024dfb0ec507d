//===- ConstantTensor.h - float constants as f64 and back -----*- C++ -*-===//
//
// The fold reads constant tensors (dense elements or dense_resource blobs)
// in place, widened to f64 element by element, and writes results rounded
// once to the element type straight into the storage of the new constant.
//
//===----------------------------------------------------------------------===//

#ifndef NN_DIALECT_NN_IR_CONSTANTTENSOR_H
#define NN_DIALECT_NN_IR_CONSTANTTENSOR_H

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir::nn {

/// A float constant tensor's storage, viewed without copying it.
struct FloatConstant {
  ElementsAttr attr;
  FloatType elementType;
  /// Element storage; a single element when `splat`.
  ArrayRef<char> raw;
  bool splat;
  /// Set for dense_resource blobs; results are written back as blobs too.
  std::optional<std::string> resourceKey;

  size_t size() const { return attr.getNumElements(); }
  /// Element `i` widened to f64.
  double operator[](size_t i) const;
  /// Every element widened to f64.
  std::vector<double> values() const;
};

/// The value of `value` if it is produced by a constant-like op holding a
/// float tensor as dense elements or a readable dense_resource blob of the
/// right size; std::nullopt otherwise.
std::optional<FloatConstant> readFloatConstant(Value value);
/// The same for an attribute (null gives std::nullopt).
std::optional<FloatConstant> readFloatElements(ElementsAttr elements);

/// Values rounded once (to nearest, ties to even) to an element type, in that
/// type's storage layout.
struct RoundedTensor {
  AsmResourceBlob storage;
  /// The first element that is not finite in the element type, if any.
  std::optional<size_t> firstNonFinite;
};

/// `values` rounded once to `type`.
RoundedTensor roundToElementType(ArrayRef<double> values, FloatType type);

/// `tensor` with each of its `rowScale.size()` equal leading slices (rows)
/// multiplied by that row's scale in f64, rounded once to its element type.
/// One pass over the storage: this is the fold's cost on large weights.
RoundedTensor scaleRows(const FloatConstant &tensor, ArrayRef<double> rowScale);

/// `tensor` with element i multiplied by scale[channelOf(i)] in f64, rounded
/// once: for weights whose output channel is not the leading dim.
RoundedTensor scaleByChannel(const FloatConstant &tensor,
                             ArrayRef<double> scale,
                             llvm::function_ref<size_t(size_t)> channelOf);

/// The [rows, columns] matrix `matrix` as [columns, rows], every element
/// moved bit for bit.
RoundedTensor transposeMatrix(const FloatConstant &matrix);

/// A blob holding a copy of `bytes` aligned to `alignment` (a power of two
/// up to 4096), in the memory the fold writes constants into: on Linux,
/// transparent huge pages. For weights handed over from outside, which the
/// fold and compiled code read in full; on 4 KiB pages the TLB misses cost
/// the fold's scaling loop an eighth of its time.
AsmResourceBlob copyIntoConstantStorage(ArrayRef<char> bytes, size_t alignment);

/// A constant of `type` holding `rounded`: a dense_resource blob named after
/// `resourceKey` when given (taking the storage), dense elements otherwise.
ElementsAttr makeFloatConstant(RankedTensorType type, RoundedTensor rounded,
                               std::optional<StringRef> resourceKey);

} // namespace mlir::nn

#endif // NN_DIALECT_NN_IR_CONSTANTTENSOR_H
