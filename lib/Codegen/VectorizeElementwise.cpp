//===- VectorizeElementwise.cpp - vector rows of all-parallel generics ----===//
//
// After lowering, the loops of an elementwise generic (an activation, a bias
// broadcast, a depthwise convolution's sum over its window taps) read
// several buffers and write one. LLVM cannot tell that these do not alias,
// and with more than a few of them it gives up on vectorizing rather than
// check at run time: a depthwise 3x3 layer ran 5x slower than PyTorch's.
// Vectorizing here, where the tensors cannot alias, does not depend on it.
// The im2col copy too: its rows read the input at window offsets. Large
// ones also become parallel loops.
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
bool readsRows(linalg::LinalgOp op) {
  return llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation(/*allowZeroInResults=*/true);
  });
}

/// Whether `op` reads rows of its inputs once every loop but the innermost
/// takes one step per row, as in a row of the im2col copy, col[.., kh, kw,
/// oh, ow] = in[.., oh + kh, ow + kw]: each index is then 0 but the last,
/// which is the innermost dim, or it times a stride. LLVM left that copy
/// scalar: 0.17 ms of a 3x3 convolution over 14x14 with 256 channels.
bool readsWindowRows(linalg::LinalgOp op) {
  MLIRContext *context = op.getContext();
  unsigned innermost = op.getNumLoops() - 1;
  DenseMap<AffineExpr, AffineExpr> outerSteps;
  for (unsigned dim = 0; dim < innermost; ++dim)
    outerSteps[getAffineDimExpr(dim, context)] =
        getAffineConstantExpr(0, context);
  AffineExpr lanes = getAffineDimExpr(innermost, context);
  return llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *input) {
    AffineMap map = op.getMatchingIndexingMap(input);
    return llvm::all_of(llvm::enumerate(map.getResults()), [&](auto result) {
      AffineExpr index = simplifyAffineExpr(result.value().replace(outerSteps),
                                            map.getNumDims(), 0);
      if (index == getAffineConstantExpr(0, context))
        return true;
      std::optional<std::pair<AffineDimExpr, int64_t>> strided =
          stridedDim(index);
      return result.index() == map.getNumResults() - 1 &&
             (index == lanes || (strided && strided->first == lanes));
    });
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
    vectorizeWholeTiles(
        rewriter, function, kRowTileMarker, /*createNamedContraction=*/false,
        [&](linalg::LinalgOp row) {
          // Every loop of a row of window reads but the innermost takes one
          // step: those dims are 0 within it.
          auto generic = dyn_cast<linalg::GenericOp>(row.getOperation());
          if (!generic || readsRows(row))
            return;
          SmallVector<unsigned> steps;
          for (auto [dim, range] : llvm::enumerate(row.getStaticLoopRanges()))
            if (range == 1)
              steps.push_back(dim);
          readWindowAsRows(rewriter, generic, steps);
        });
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
    bool rows = readsRows(op) || readsWindowRows(op);
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
