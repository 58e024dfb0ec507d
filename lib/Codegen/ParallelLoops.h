//===- ParallelLoops.h - which linalg ops the fusions may move -*- C++ -*-===//
//
// The codegen passes fuse and move only linalg ops without reductions:
// those compute each element on its own, so they can be cut into any tiles
// and merged into the loops of their neighbours.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_PARALLELLOOPS_H
#define NN_LIB_CODEGEN_PARALLELLOOPS_H

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"

namespace mlir::nn {

/// Whether `op` (possibly null) is a linalg op whose loops are all parallel.
inline bool hasOnlyParallelLoops(Operation *op) {
  auto linalgOp = dyn_cast_if_present<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumReductionLoops() == 0;
}

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_PARALLELLOOPS_H
