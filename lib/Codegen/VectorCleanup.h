//===- VectorCleanup.h - shared steps of the vectorizing passes -*- C++ -*-===//
//
// Both vectorizing passes tile ops into static pieces and vectorize them;
// both need the peeled bounds folded into static shapes first, and the
// unit dims of the vectors they make dropped afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_VECTORCLEANUP_H
#define NN_LIB_CODEGEN_VECTORCLEANUP_H

#include "mlir/IR/Operation.h"

namespace mlir::nn {

/// Folds peeled loop bounds into the slice types under `root`, so whole
/// tiles get static shapes.
void simplifyTileBounds(Operation *root);

/// Lowers transfer permutation maps (broadcast reads) and drops the unit
/// dims of the vectors under `root`: an [1, 1, 16] tile becomes 16 lanes.
void dropUnitVectorDims(Operation *root);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_VECTORCLEANUP_H
