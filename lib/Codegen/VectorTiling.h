//===- VectorTiling.h - shared steps of the vectorizing passes -*- C++ -*-===//
//
// Both vectorizing passes tile linalg ops into static pieces and vectorize
// them; both need the peeled bounds folded into static shapes first, and
// the unit dims of the vectors they make dropped afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_VECTORTILING_H
#define NN_LIB_CODEGEN_VECTORTILING_H

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nn {

/// Tiles `op` by `sizes` (0: not tiled) into loops of `loopType` and
/// replaces it; on failure, an error on `op` that names `purpose` ("for
/// registers").
FailureOr<scf::SCFTilingResult>
tileWith(RewriterBase &rewriter, linalg::LinalgOp op,
         ArrayRef<OpFoldResult> sizes, scf::SCFTilingOptions::LoopType loopType,
         StringRef purpose);

/// Folds peeled loop bounds into the slice types under `root`, so whole
/// tiles get static shapes.
void simplifyTileBounds(Operation *root);

/// Lowers transfer permutation maps (broadcast reads) and drops the unit
/// dims of the vectors under `root`: an [1, 1, 16] tile becomes 16 lanes.
void dropUnitVectorDims(Operation *root);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_VECTORTILING_H
