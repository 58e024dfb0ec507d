//===- HostTensor.h - a dense tensor in host memory -----------*- C++ -*-===//

#ifndef NN_RUNTIME_HOSTTENSOR_H
#define NN_RUNTIME_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::nn {

/// The element types the runtime exchanges with callers.
enum class DType { F16, F32, F64 };

/// Bytes per element, and the numpy type string ("<f4").
size_t dtypeSize(DType dtype);
llvm::StringRef dtypeNumpyName(DType dtype);
/// The MLIR spelling: "f16", "f32", "f64".
llvm::StringRef dtypeMlirName(DType dtype);

/// A row-major tensor whose bytes live in a 64-byte aligned host buffer.
class HostTensor {
public:
  HostTensor(DType dtype, std::vector<int64_t> shape);

  /// `values` rounded once to `dtype`.
  static HostTensor fromDoubles(DType dtype, std::vector<int64_t> shape,
                                llvm::ArrayRef<double> values);
  std::vector<double> toDoubles() const;

  DType dtype() const { return dtype_; }
  llvm::ArrayRef<int64_t> shape() const { return shape_; }
  int64_t numElements() const;
  size_t numBytes() const { return numElements() * dtypeSize(dtype_); }
  char *data() { return reinterpret_cast<char *>(storage_.data()); }
  const char *data() const {
    return reinterpret_cast<const char *>(storage_.data());
  }
  /// e.g. "tensor<1x3x224x224xf32>".
  std::string typeString() const;

private:
  struct alignas(64) Block {
    char bytes[64];
  };
  DType dtype_;
  std::vector<int64_t> shape_;
  std::vector<Block> storage_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_HOSTTENSOR_H
