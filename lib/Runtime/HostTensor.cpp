#include "nn/Runtime/HostTensor.h"

#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace mlir::nn;

namespace {
struct DTypeInfo {
  size_t size;
  const char *numpyName, *mlirName;
};
/// Indexed by DType.
constexpr DTypeInfo kDTypes[] = {
    {2, "<f2", "f16"}, {4, "<f4", "f32"}, {8, "<f8", "f64"}};
const DTypeInfo &info(DType dtype) { return kDTypes[static_cast<int>(dtype)]; }
} // namespace

size_t mlir::nn::dtypeSize(DType dtype) { return info(dtype).size; }

llvm::StringRef mlir::nn::dtypeNumpyName(DType dtype) {
  return info(dtype).numpyName;
}

llvm::StringRef mlir::nn::dtypeMlirName(DType dtype) {
  return info(dtype).mlirName;
}

HostTensor::HostTensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)),
      storage_((numElements() * dtypeSize(dtype) + sizeof(Block) - 1) /
               sizeof(Block)) {}

int64_t HostTensor::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape_)
    count *= dim;
  return count;
}

std::string HostTensor::typeString() const {
  std::string text = "tensor<";
  for (int64_t dim : shape_)
    text += std::to_string(dim) + "x";
  return text + dtypeMlirName(dtype_).str() + ">";
}

HostTensor HostTensor::fromDoubles(DType dtype, std::vector<int64_t> shape,
                                   llvm::ArrayRef<double> values) {
  HostTensor tensor(dtype, std::move(shape));
  char *out = tensor.data();
  for (double value : values) {
    if (dtype == DType::F64) {
      std::memcpy(out, &value, 8);
    } else if (dtype == DType::F32) {
      float narrow = static_cast<float>(value);
      std::memcpy(out, &narrow, 4);
    } else {
      llvm::APFloat half(value);
      bool losesInfo;
      half.convert(llvm::APFloat::IEEEhalf(),
                   llvm::APFloat::rmNearestTiesToEven, &losesInfo);
      uint16_t bits = half.bitcastToAPInt().getZExtValue();
      std::memcpy(out, &bits, 2);
    }
    out += dtypeSize(dtype);
  }
  return tensor;
}

std::vector<double> HostTensor::toDoubles() const {
  std::vector<double> values(numElements());
  const char *in = data();
  for (double &value : values) {
    if (dtype_ == DType::F64) {
      std::memcpy(&value, in, 8);
    } else if (dtype_ == DType::F32) {
      float narrow;
      std::memcpy(&narrow, in, 4);
      value = narrow;
    } else {
      uint16_t bits;
      std::memcpy(&bits, in, 2);
      value = llvm::APFloat(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits))
                  .convertToDouble();
    }
    in += dtypeSize(dtype_);
  }
  return values;
}
