//===- InitAllNN.h - register everything nn-mlir provides -----*- C++ -*-===//

#ifndef NN_INITALLNN_H
#define NN_INITALLNN_H

#include "nn/Dialect/NN/IR/NNDialect.h"
#include "nn/Codegen/Passes.h"
#include "nn/Conversion/Passes.h"
#include "nn/Dialect/NN/Transforms/Passes.h"
#include "nn/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::nn {

/// The nn dialect, the dialects nn modules are written with, the dialects
/// the nn-to-llvm pipeline lowers through (so any stage's output parses
/// back), and what the pipeline needs of them.
inline void registerNNDialects(DialectRegistry &registry) {
  registry.insert<NNDialect, arith::ArithDialect, func::FuncDialect,
                  linalg::LinalgDialect, memref::MemRefDialect,
                  tensor::TensorDialect,
                  scf::SCFDialect, vector::VectorDialect>();
  registerNNToLLVMDependencies(registry);
}

/// Every nn pass (fold-batchnorm, convert-nn-to-linalg, codegen) and pipeline
/// (nn-to-llvm), for command-line tools.
inline void registerAllNNPasses() {
  registerNNPasses();
  registerNNConversionPasses();
  registerNNCodegenPasses();
  registerNNPipelines();
}

} // namespace mlir::nn

#endif // NN_INITALLNN_H
