//===- MergeSiblingReductions.h - edge tiles in one loop --------*- C++ -*-===//
//
// Part of nn-vectorize-contractions: see MergeSiblingReductions.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H
#define NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::nn {

/// Merges adjacent reduction loops of register tiles (loops whose
/// iter_args are all vector accumulators) with the same bounds into one
/// loop, nest by nest, where neither reads the other's results and their
/// accumulators together take at most `registers` vectors of `lanes`
/// lanes; then drops the loads the merged steps repeat.
void mergeSiblingReductions(RewriterBase &rewriter, func::FuncOp function,
                            int64_t registers, int64_t lanes);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H
