//===- InitAllNN.h - register everything nn-mlir provides -----*- C++ -*-===//

#ifndef NN_INITALLNN_H
#define NN_INITALLNN_H

#include "nn/Dialect/NN/IR/NNDialect.h"
#include "nn/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"

// registerNNPasses(), generated from Passes.td, registers every nn pass.
namespace mlir::nn {

/// The nn dialect and the dialects nn modules are written with.
inline void registerNNDialects(DialectRegistry &registry) {
  registry.insert<NNDialect, arith::ArithDialect, func::FuncDialect>();
}

} // namespace mlir::nn

#endif // NN_INITALLNN_H
