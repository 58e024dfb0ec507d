//===- VectorTiling.h - shared steps of the vectorizing passes -*- C++ -*-===//
//
// The vectorizing passes (contractions, elementwise generics, strided
// copies) tile linalg ops into static pieces and vectorize them; all need
// the peeled bounds folded into static shapes first, and the unit dims of
// the vectors they make dropped afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_CODEGEN_VECTORTILING_H
#define NN_LIB_CODEGEN_VECTORTILING_H

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nn {

/// Fails with an error at `loc` naming `pass` and the first of `options`
/// (name, value) whose value is below 1: a count of rows, lanes or threads
/// of 0 would divide by zero.
LogicalResult
requirePositiveOptions(Location loc, StringRef pass,
                       ArrayRef<std::pair<StringRef, int64_t>> options);

/// Tiles `op` by `sizes` (0: not tiled) into loops of `loopType`, replaces
/// it and marks the tiles with `marker`, if given; on failure, an error on
/// `op` that names `purpose` ("for registers").
FailureOr<scf::SCFTilingResult>
tileWith(RewriterBase &rewriter, linalg::LinalgOp op,
         ArrayRef<OpFoldResult> sizes, scf::SCFTilingOptions::LoopType loopType,
         StringRef purpose, StringRef marker = {});

/// `op` reading at least `minElements` elements (its loops' elements times
/// its inputs, a fill's elements once) as an scf.forall over its
/// outermost dim of more than one element, one step per index (the unit of
/// parallelism): the op in the loop and that dim. Any other op: itself,
/// and no dim.
FailureOr<std::pair<linalg::LinalgOp, std::optional<unsigned>>>
distributeOutermost(RewriterBase &rewriter, linalg::LinalgOp op,
                    int64_t minElements);

/// Tiles `op` into rows of at most `lanes` elements along its innermost
/// loop, the loop outside it in steps of the largest divisor of its range
/// up to `rowsPerTile` (static tiles without peeling), every other loop in
/// steps of 1 except `whole` (left untiled), marks the row tiles with
/// `marker` and peels the innermost loop, so that whole rows get static
/// shapes.
LogicalResult tileIntoRows(RewriterBase &rewriter, linalg::LinalgOp op,
                           int64_t lanes, StringRef marker,
                           std::optional<unsigned> whole = std::nullopt,
                           int64_t rowsPerTile = 1);

/// Folds peeled loop bounds into the slice types under `root`, so whole
/// tiles get static shapes.
void simplifyTileBounds(Operation *root);

/// Folds peeled loop bounds into the slice types under `root`, vectorizes
/// the ops marked `marker` whose shapes came out static (the partial tiles
/// at the edges stay loops), each after `prepare` if given, and removes the
/// marker from every op.
void vectorizeWholeTiles(
    RewriterBase &rewriter, Operation *root, StringRef marker,
    bool createNamedContraction = false,
    function_ref<void(linalg::LinalgOp)> prepare = nullptr);

/// The stride s > 1 of a `d * s` index expression.
std::optional<std::pair<AffineDimExpr, int64_t>> stridedDim(AffineExpr expr);

/// Makes the window reads of a tile vectorizable. The dims `zeroDims` are
/// 0 within the tile (its slices start at their offsets: a contraction's
/// reduction step, the unit dims of a row), so they drop out of the index
/// expressions of a window read in place: oh + kh and ow + kw become oh
/// and ow, a projected permutation. A strided window's ow * s is then a
/// read of every s-th element: the tile reads a strided slice at ow, which
/// nn-contiguous-strided-reads turns into a load and a shuffle. Reads of
/// any other form are left as they are.
void readWindowAsRows(RewriterBase &rewriter, linalg::GenericOp tile,
                      ArrayRef<unsigned> zeroDims);

/// Lowers transfer permutation maps (broadcast reads) and drops the unit
/// dims of the vectors under `root`: an [1, 1, 16] tile becomes 16 lanes.
void dropUnitVectorDims(Operation *root);

} // namespace mlir::nn

#endif // NN_LIB_CODEGEN_VECTORTILING_H
