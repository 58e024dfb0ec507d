//===- Npy.h - read and write numpy .npy files ----------------*- C++ -*-===//

#ifndef NN_RUNTIME_NPY_H
#define NN_RUNTIME_NPY_H

#include "nn/Runtime/HostTensor.h"

#include "llvm/Support/Error.h"

namespace mlir::nn {

/// Reads a little-endian, C-order .npy file of float16/32/64 (format
/// versions 1-3). Any other content is an error naming the file and what is
/// wrong with it.
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);

/// Writes `tensor` as a version 1.0 .npy file.
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);

} // namespace mlir::nn

#endif // NN_RUNTIME_NPY_H
