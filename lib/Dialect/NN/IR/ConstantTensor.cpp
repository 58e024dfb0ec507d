#include "nn/Dialect/NN/IR/ConstantTensor.h"

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

/// Decodes `count` elements from `raw`; a splat buffer holds one element.
std::vector<double> decodeBuffer(ArrayRef<char> raw, FloatType type,
                                 size_t count, bool splat) {
  size_t width = storageBytes(type);
  std::vector<double> values(count);
  if (splat) {
    std::fill(values.begin(), values.end(), decodeElement(raw.data(), type));
    return values;
  }
  for (size_t i = 0; i < count; ++i)
    values[i] = decodeElement(raw.data() + i * width, type);
  return values;
}
} // namespace

std::optional<FloatConstant> mlir::nn::readFloatConstant(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto elements = dyn_cast<ElementsAttr>(attr);
  if (!elements)
    return std::nullopt;
  auto type = dyn_cast<FloatType>(elements.getElementType());
  if (!type)
    return std::nullopt;
  size_t count = elements.getNumElements();

  if (auto dense = dyn_cast<DenseElementsAttr>(elements))
    return FloatConstant{
        elements, decodeBuffer(dense.getRawData(), type, count, dense.isSplat()),
        std::nullopt};

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    AsmResourceBlob *blob = handle.getBlob();
    // An elided or short blob has no values to fold.
    if (!blob || blob->getData().size() != count * storageBytes(type))
      return std::nullopt;
    return FloatConstant{elements,
                         decodeBuffer(blob->getData(), type, count, false),
                         handle.getKey().str()};
  }
  return std::nullopt;
}

RoundedTensor mlir::nn::roundToElementType(ArrayRef<double> values,
                                           FloatType type) {
  size_t width = storageBytes(type);
  RoundedTensor rounded;
  rounded.bytes.resize(values.size() * width);
  char *out = rounded.bytes.data();
  auto noteNonFinite = [&](size_t i, bool finite) {
    if (!finite && !rounded.firstNonFinite)
      rounded.firstNonFinite = i;
  };
  for (size_t i = 0; i < values.size(); ++i, out += width) {
    if (type.isF32()) {
      // An IEEE double -> float conversion rounds once, to nearest even.
      float value = static_cast<float>(values[i]);
      noteNonFinite(i, std::isfinite(value));
      std::memcpy(out, &value, width);
    } else if (type.isF64()) {
      noteNonFinite(i, std::isfinite(values[i]));
      std::memcpy(out, &values[i], width);
    } else {
      APFloat value(values[i]);
      bool losesInfo;
      value.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
      noteNonFinite(i, value.isFinite());
      uint64_t bits = value.bitcastToAPInt().getZExtValue();
      std::memcpy(out, &bits, width);
    }
  }
  return rounded;
}

ElementsAttr mlir::nn::makeFloatConstant(RankedTensorType type,
                                         ArrayRef<char> bytes,
                                         std::optional<StringRef> resourceKey) {
  if (!resourceKey)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  size_t alignment =
      storageBytes(cast<FloatType>(type.getElementType()));
  // The blob manager makes the key unique if it is taken.
  return DenseResourceElementsAttr::get(
      type, *resourceKey,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignment));
}
