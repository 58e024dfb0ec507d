//===- Passes.h - from linalg on tensors to fast loops ---------*- C++ -*-===//
//
// The codegen stage of the nn-to-llvm pipeline: rewrites that make linalg
// convolutions and contractions vectorizable, and the register tiling and
// vectorization itself. Downstream pipelines can reuse the patterns.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CODEGEN_PASSES_H
#define NN_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nn {

/// linalg NCHW convolutions to im2col + contraction, depthwise convolutions
/// to a generic with the output row innermost, and x * transpose(constant)
/// to a product with the constant stored transposed.
void populateConvolutionToMatmulPatterns(RewritePatternSet &patterns);

/// memref.copy between views that are not both contiguous to linalg.copy.
void populateStridedCopiesToLinalgPatterns(RewritePatternSet &patterns);

/// In-bounds vector.transfer_read rows at a small static stride to a masked
/// load of their contiguous span and a shuffle.
void populateContiguousStridedReadsPatterns(RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "nn/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nn/Codegen/Passes.h.inc"

} // namespace mlir::nn

#endif // NN_CODEGEN_PASSES_H
