//===- VectorizeElementwise.cpp - vector rows of all-parallel generics ----===//
//
// After lowering, the loops of an elementwise generic (an activation, a bias
// broadcast, a depthwise convolution's sum over its window taps) read
// several buffers and write one. LLVM cannot tell that these do not alias,
// and with more than a few of them it gives up on vectorizing rather than
// check at run time: a depthwise 3x3 layer ran 5x slower than PyTorch's.
// Vectorizing here, where the tensors cannot alias, does not depend on it.
// Large ones also become parallel loops, the im2col copy among them.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "VectorTiling.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_VECTORIZEELEMENTWISE
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
using utils::IteratorType;

constexpr StringLiteral kRowTileMarker = "nn.row_tile";

/// A static all-parallel generic or fill writing one output in its own dim
/// order: its innermost loop runs along contiguous output elements. Fills
/// count: lowered as loops, a fill with a value that is not a byte pattern
/// (-inf) stores one element at a time.
bool isParallelRows(linalg::LinalgOp op) {
  if (!isa<linalg::GenericOp, linalg::FillOp>(op) ||
      !op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumDpsInits() != 1 || op.getNumLoops() == 0 ||
      op->hasAttr(kRowTileMarker))
    return false;
  if (!llvm::all_of(op.getIteratorTypesArray(), [](IteratorType type) {
        return type == IteratorType::parallel;
      }))
    return false;
  return op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity();
}

/// Whether every operand is indexed by a projected permutation (with zeros
/// for size-1 broadcast dims), so a row of the output reads rows or
/// broadcast scalars of the inputs, not gathers.
/// The im2col copy is not: it is distributed but left to LLVM.
bool readsRows(linalg::LinalgOp op) {
  return llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation(/*allowZeroInResults=*/true);
  });
}

/// Whether `op` reads several unit-stride slices of one tensor in its own
/// dim order: the taps of a stride-1 window (nn-convolution-to-matmul's
/// depthwise convolutions), whose adjacent output rows read the same input
/// rows. The taps of a strided window are strided slices; tiles of several
/// of their rows made mobilenet_v2's stride-2 layers 1.7x slower, and even
/// with each row's taps sharing loads (nn-contiguous-strided-reads, after
/// splitting the tile's reads into rows) 3x3 ones took 0.85-1.21x.
bool readsUnitStrideWindow(linalg::LinalgOp op) {
  llvm::SmallDenseMap<Value, int> tapsOfSource;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto slice = input->get().getDefiningOp<tensor::ExtractSliceOp>();
    if (slice && slice.hasUnitStride() &&
        op.getMatchingIndexingMap(input).isIdentity() &&
        ++tapsOfSource[slice.getSource()] == 2)
      return true;
  }
  return false;
}

struct VectorizeElementwisePass
    : public nn::impl::VectorizeElementwiseBase<VectorizeElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (failed(requirePositiveOptions(
            function.getLoc(), getArgument(),
            {{"lanes", lanes}, {"window-rows", windowRows}})))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> candidates;
    function.walk([&](linalg::LinalgOp op) {
      if (isParallelRows(op))
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates)
      if (failed(tile(rewriter, op)))
        return signalPassFailure();
    vectorizeWholeTiles(rewriter, function, kRowTileMarker);
    dropUnitVectorDims(function);
  }

private:
  /// Large ops become an scf.forall over their outermost dim of more than
  /// one element (the unit of parallelism); each step, or the whole op, is
  /// then cut into rows of `lanes` elements along the innermost dim (tiles
  /// of several rows for a stride-1 window) by scf.for loops, peeled so that
  /// whole rows have static shapes.
  LogicalResult tile(IRRewriter &rewriter, linalg::LinalgOp op) {
    // Read before tiling, which replaces `op`.
    bool rows = readsRows(op);
    int64_t rowsPerTile = readsUnitStrideWindow(op) ? windowRows : 1;
    FailureOr<std::pair<linalg::LinalgOp, std::optional<unsigned>>> blocks =
        distributeOutermost(rewriter, op, minParallelElements);
    if (failed(blocks))
      return failure();
    if (!rows)
      return success();
    return tileIntoRows(rewriter, blocks->first, lanes, kRowTileMarker,
                        blocks->second, rowsPerTile);
  }
};
} // namespace
