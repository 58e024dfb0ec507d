#include "nn/Dialect/NN/IR/ConstantTensor.h"

#include "ConstantStorage.h"
#include "ScaledRows.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::nn;

namespace {
size_t storageBytes(FloatType type) { return (type.getWidth() + 7) / 8; }

double decodeElement(const char *data, FloatType type) {
  if (type.isF32()) {
    float value;
    std::memcpy(&value, data, sizeof(value));
    return value;
  }
  if (type.isF64()) {
    double value;
    std::memcpy(&value, data, sizeof(value));
    return value;
  }
  uint64_t bits = 0;
  std::memcpy(&bits, data, storageBytes(type));
  return APFloat(type.getFloatSemantics(), APInt(type.getWidth(), bits))
      .convertToDouble();
}

/// Rounds `value` once to `type`, stores it at `out`; false if the rounded
/// value is not finite.
bool encodeElement(double value, FloatType type, char *out) {
  if (type.isF32()) {
    // An IEEE double -> float conversion rounds once, to nearest even.
    float rounded = static_cast<float>(value);
    std::memcpy(out, &rounded, sizeof(rounded));
    return std::isfinite(rounded);
  }
  if (type.isF64()) {
    std::memcpy(out, &value, sizeof(value));
    return std::isfinite(value);
  }
  APFloat rounded(value);
  bool losesInfo;
  rounded.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
  uint64_t bits = rounded.bitcastToAPInt().getZExtValue();
  std::memcpy(out, &bits, storageBytes(type));
  return rounded.isFinite();
}

AsmResourceBlob allocateStorage(size_t count, FloatType type) {
  return allocateConstantStorage(count * storageBytes(type),
                                 storageBytes(type));
}

template <typename T>
void widenEach(const char *data, llvm::MutableArrayRef<double> out) {
  for (size_t i = 0; i < out.size(); ++i) {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    out[i] = value;
  }
}

std::optional<size_t> firstNonFiniteIn(const char *data, size_t count,
                                       FloatType type) {
  size_t width = storageBytes(type);
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(decodeElement(data + i * width, type)))
      return i;
  return std::nullopt;
}
} // namespace

double FloatConstant::operator[](size_t i) const {
  return decodeElement(raw.data() + (splat ? 0 : i * storageBytes(elementType)),
                       elementType);
}

std::vector<double> FloatConstant::values() const {
  std::vector<double> result(size());
  // One type test for the whole tensor, not one per element: per-channel
  // vectors of every batch norm are read this way.
  if (!splat && elementType.isF32())
    widenEach<float>(raw.data(), result);
  else if (!splat && elementType.isF64())
    widenEach<double>(raw.data(), result);
  else
    for (size_t i = 0; i < result.size(); ++i)
      result[i] = (*this)[i];
  return result;
}

std::optional<FloatConstant> mlir::nn::readFloatConstant(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  return readFloatElements(dyn_cast<ElementsAttr>(attr));
}

std::optional<FloatConstant>
mlir::nn::readFloatElements(ElementsAttr elements) {
  if (!elements)
    return std::nullopt;
  auto type = dyn_cast<FloatType>(elements.getElementType());
  if (!type)
    return std::nullopt;

  if (auto dense = dyn_cast<DenseElementsAttr>(elements))
    return FloatConstant{elements, type, dense.getRawData(), dense.isSplat(),
                         std::nullopt};

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    AsmResourceBlob *blob = handle.getBlob();
    // An elided or short blob has no values to fold.
    if (!blob ||
        blob->getData().size() !=
            static_cast<size_t>(elements.getNumElements()) * storageBytes(type))
      return std::nullopt;
    return FloatConstant{elements, type, blob->getData(), false,
                         handle.getKey().str()};
  }
  return std::nullopt;
}

RoundedTensor mlir::nn::roundToElementType(ArrayRef<double> values,
                                           FloatType type) {
  RoundedTensor rounded{allocateStorage(values.size(), type), std::nullopt};
  char *out = rounded.storage.getMutableData().data();
  for (size_t i = 0; i < values.size(); ++i, out += storageBytes(type))
    if (!encodeElement(values[i], type, out) && !rounded.firstNonFinite)
      rounded.firstNonFinite = i;
  return rounded;
}

RoundedTensor mlir::nn::scaleRows(const FloatConstant &tensor,
                                  ArrayRef<double> rowScale) {
  FloatType type = tensor.elementType;
  RoundedTensor rounded{allocateStorage(tensor.size(), type), std::nullopt};
  char *out = rounded.storage.getMutableData().data();
  if (rowScale.empty())
    return rounded;
  // f32 and f64 take a vectorizable loop that only checks finiteness once;
  // the element that failed is located afterwards, on the rare failure.
  if (!tensor.splat && (type.isF32() || type.isF64())) {
    size_t rowSize = tensor.size() / rowScale.size();
    bool allFinite =
        type.isF32() ? scaleRowsF32(tensor.raw.data(), rowScale, rowSize, out)
                     : scaleRowsF64(tensor.raw.data(), rowScale, rowSize, out);
    if (!allFinite)
      rounded.firstNonFinite = firstNonFiniteIn(out, tensor.size(), type);
    return rounded;
  }
  size_t rowSize = tensor.size() / rowScale.size();
  for (size_t i = 0; i < tensor.size(); ++i, out += storageBytes(type))
    if (!encodeElement(tensor[i] * rowScale[i / rowSize], type, out) &&
        !rounded.firstNonFinite)
      rounded.firstNonFinite = i;
  return rounded;
}

RoundedTensor
mlir::nn::scaleByChannel(const FloatConstant &tensor, ArrayRef<double> scale,
                         llvm::function_ref<size_t(size_t)> channelOf) {
  FloatType type = tensor.elementType;
  RoundedTensor rounded{allocateStorage(tensor.size(), type), std::nullopt};
  char *out = rounded.storage.getMutableData().data();
  for (size_t i = 0; i < tensor.size(); ++i, out += storageBytes(type))
    if (!encodeElement(tensor[i] * scale[channelOf(i)], type, out) &&
        !rounded.firstNonFinite)
      rounded.firstNonFinite = i;
  return rounded;
}

RoundedTensor mlir::nn::transposeMatrix(const FloatConstant &matrix) {
  FloatType type = matrix.elementType;
  size_t width = storageBytes(type);
  ArrayRef<int64_t> shape = cast<ShapedType>(matrix.attr.getType()).getShape();
  size_t rows = shape[0], columns = shape[1];
  RoundedTensor transposed{allocateStorage(matrix.size(), type), std::nullopt};
  char *out = transposed.storage.getMutableData().data();
  for (size_t row = 0; row < rows; ++row)
    for (size_t column = 0; column < columns; ++column)
      std::memcpy(out + (column * rows + row) * width,
                  matrix.raw.data() +
                      (matrix.splat ? 0 : (row * columns + column) * width),
                  width);
  return transposed;
}

AsmResourceBlob mlir::nn::copyIntoConstantStorage(ArrayRef<char> bytes,
                                                  size_t alignment) {
  AsmResourceBlob blob = allocateConstantStorage(bytes.size(), alignment);
  if (!bytes.empty())
    std::memcpy(blob.getMutableData().data(), bytes.data(), bytes.size());
  return blob;
}

ElementsAttr mlir::nn::makeFloatConstant(RankedTensorType type,
                                         RoundedTensor rounded,
                                         std::optional<StringRef> resourceKey) {
  if (!resourceKey)
    return DenseElementsAttr::getFromRawBuffer(type, rounded.storage.getData());
  // The blob manager makes the key unique if it is taken.
  return DenseResourceElementsAttr::get(type, *resourceKey,
                                        std::move(rounded.storage));
}
