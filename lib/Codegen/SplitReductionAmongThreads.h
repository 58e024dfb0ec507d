//===- SplitReductionAmongThreads.h - a reduction in shares -----*- C++ -*-===//
//
// Part of nn-vectorize-contractions: see SplitReductionAmongThreads.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_SPLITREDUCTIONAMONGTHREADS_H
#define NN_LIB_CODEGEN_SPLITREDUCTIONAMONGTHREADS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::nn {

/// Splits the one reduction of the contraction `op` into `threads` equal
/// shares, the new outermost dim of its result: partial products, each
/// from zero. The sum of the shares and of `op`'s accumulator replaces
/// `op`'s result, as an all-parallel generic into which the accumulator's
/// producer (a bias broadcast, a fill) and `epilogue` (the all-parallel
/// generic that alone consumes `op`'s result, if any) are fused. Returns
/// the contraction of the shares.
FailureOr<linalg::LinalgOp>
splitReductionAmongThreads(RewriterBase &rewriter, linalg::LinalgOp op,
                           int64_t threads, linalg::GenericOp epilogue);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_SPLITREDUCTIONAMONGTHREADS_H
