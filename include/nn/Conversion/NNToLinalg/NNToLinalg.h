//===- NNToLinalg.h - lower nn ops to linalg on tensors -------*- C++ -*-===//
//
// One populate function per op family, so a downstream pipeline can lower
// only some families or mix them with its own patterns. Every pattern needs
// static shapes and otherwise reports a match failure.
//
//===----------------------------------------------------------------------===//

#ifndef NN_CONVERSION_NNTOLINALG_NNTOLINALG_H
#define NN_CONVERSION_NNTOLINALG_NNTOLINALG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::nn {

/// conv2d (grouped and depthwise included) with padding, bias, activation.
void populateNNConvToLinalgPatterns(RewritePatternSet &patterns);
/// dense.
void populateNNDenseToLinalgPatterns(RewritePatternSet &patterns);
/// batch_norm.
void populateNNNormToLinalgPatterns(RewritePatternSet &patterns);
/// relu, clamp, sigmoid, silu, hardsigmoid, hardswish, add, mul.
void populateNNElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// max_pool2d, avg_pool2d, global_avg_pool2d.
void populateNNPoolToLinalgPatterns(RewritePatternSet &patterns);
/// flatten, transpose, pad, concat.
void populateNNStructuralToLinalgPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateNNToLinalgConversionPatterns(RewritePatternSet &patterns);

/// linalg, tensor, arith and math legal; the nn dialect illegal.
void configureNNToLinalgTarget(ConversionTarget &target);

} // namespace mlir::nn

#endif // NN_CONVERSION_NNTOLINALG_NNTOLINALG_H
