//===- MergeSiblingReductions.h - edge tiles in one loop --------*- C++ -*-===//
//
// Part of nn-vectorize-contractions: see MergeSiblingReductions.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H
#define NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::nn {

/// The vectors of `lanes` lanes that the accumulators of two merged loops
/// may take: `pairedRowRegisters` where either carries a tile of paired
/// output rows, `registers` otherwise.
struct MergeBudget {
  int64_t registers;
  int64_t pairedRowRegisters;
  int64_t lanes;
};

/// Merges adjacent reduction loops of register tiles (loops whose
/// iter_args are all vector accumulators) with the same bounds into one
/// loop, nest by nest, where neither reads the other's results and their
/// accumulators together fit `budget`; then drops the loads the merged
/// steps repeat and orders each step's FMAs by broadcast.
void mergeSiblingReductions(RewriterBase &rewriter, func::FuncOp function,
                            const MergeBudget &budget);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_MERGESIBLINGREDUCTIONS_H
