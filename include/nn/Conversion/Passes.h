#ifndef NN_CONVERSION_PASSES_H
#define NN_CONVERSION_PASSES_H

#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nn {

#define GEN_PASS_DECL
#include "nn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nn/Conversion/Passes.h.inc"

} // namespace mlir::nn

#endif // NN_CONVERSION_PASSES_H
