//===- VectorizeContractions.cpp - register tiles of FMAs -----------------===//
//
// For out[.., f, p] += a[.., f, k] * b[.., k, p] with p contiguous, a
// rows x columns block of outputs is a set of vector accumulators: each step
// of k loads one row slice of b, broadcasts `rows` scalars of a and issues
// rows FMAs. Tiles are cut with a unit reduction step, loops peeled so the
// full tiles have static shapes, and only those are vectorized.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "VectorTiling.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::nn {
#define GEN_PASS_DEF_VECTORIZECONTRACTIONS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
using utils::IteratorType;

/// The loop dims of a contraction in register-tile form: `row` and `column`
/// index the output's last two dims, `column` is the last dim of exactly one
/// input (contiguous there) and absent from the other, and the only
/// reduction dim is the innermost loop.
struct TileDims {
  unsigned row, column, reduction;
};

std::optional<TileDims> registerTileDims(linalg::LinalgOp op) {
  if (!linalg::isaContractionOpInterface(op) || op.getNumDpsInputs() != 2 ||
      !op.hasPureTensorSemantics() || op.hasDynamicShape())
    return std::nullopt;
  SmallVector<IteratorType> iterators = op.getIteratorTypesArray();
  unsigned loops = iterators.size();
  if (loops < 3 || iterators.back() != IteratorType::reduction ||
      llvm::count(iterators, IteratorType::reduction) != 1)
    return std::nullopt;
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (out.getNumResults() < 2 || !out.isProjectedPermutation())
    return std::nullopt;
  auto dimOf = [](AffineExpr expr) -> std::optional<unsigned> {
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      return dim.getPosition();
    return std::nullopt;
  };
  std::optional<unsigned> row = dimOf(out.getResult(out.getNumResults() - 2));
  std::optional<unsigned> column = dimOf(out.getResults().back());
  if (!row || !column)
    return std::nullopt;
  unsigned columnInputs = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getResults().back() == out.getResults().back())
      ++columnInputs;
    else if (map.isFunctionOfDim(*column))
      return std::nullopt;
  }
  if (columnInputs != 1)
    return std::nullopt;
  return TileDims{*row, *column, loops - 1};
}

/// Peels `loop` so its main part runs whole tiles only; the remainder, if
/// any, keeps partial tiles with dynamic shapes.
void peelWholeTiles(RewriterBase &rewriter, scf::ForOp loop) {
  scf::ForOp remainder;
  (void)scf::peelForLoopAndSimplifyBounds(rewriter, loop, remainder);
}

struct VectorizeContractionsPass
    : public nn::impl::VectorizeContractionsBase<VectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<std::pair<linalg::LinalgOp, TileDims>> contractions;
    function.walk([&](linalg::LinalgOp op) {
      if (std::optional<TileDims> dims = registerTileDims(op))
        contractions.push_back({op, *dims});
    });
    for (auto [op, dims] : contractions)
      if (failed(tile(rewriter, op, dims)))
        return signalPassFailure();
    vectorizeWholeTiles(rewriter, function, kTileMarker,
                        /*createNamedContraction=*/true);
    lowerToOuterProducts();
    // The accumulator slice is read and written at the same place in every
    // step of the reduction loop: carry it in registers instead. Post-order
    // visits inner loops first, so it moves out as far as it can.
    function.walk([&](scf::ForOp loop) {
      hoistLoopInvariantSubsets(rewriter,
                                cast<LoopLikeOpInterface>(loop.getOperation()));
    });
    // Hoisting leaves tensors that the loops only pass through; as loop
    // results they look like aliases to bufferization, which would copy the
    // tile and its row block on every step.
    RewritePatternSet passThrough(&getContext());
    scf::ForOp::getCanonicalizationPatterns(passThrough, &getContext());
    (void)applyPatternsGreedily(function, std::move(passThrough));
  }

private:
  static constexpr StringLiteral kTileMarker = "nn.register_tile";

  /// Row blocks that divide the rows evenly become the iterations of an
  /// scf.forall (the unit of parallelism); each block is then cut into
  /// register tiles by scf.for loops.
  LogicalResult tile(IRRewriter &rewriter, linalg::LinalgOp op, TileDims dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t rowTile = std::min(rows.getValue(), ranges[dims.row]);
    // A task costs microseconds to dispatch: small products stay serial.
    constexpr int64_t kMinParallelProduct = 1 << 20;
    int64_t product = 1;
    for (int64_t range : ranges)
      product *= range;
    bool parallelRows = ranges[dims.row] % rowTile == 0 &&
                        ranges[dims.row] > rowTile &&
                        product >= kMinParallelProduct;
    if (parallelRows) {
      // Every parallel dim other than the columns: one block per step.
      SmallVector<OpFoldResult> blocks(ranges.size(), rewriter.getIndexAttr(0));
      for (unsigned dim = 0; dim < dims.reduction; ++dim)
        if (dim != dims.column)
          blocks[dim] = rewriter.getIndexAttr(dim == dims.row ? rowTile : 1);
      FailureOr<scf::SCFTilingResult> distributed =
          tileWith(rewriter, op, blocks,
                   scf::SCFTilingOptions::LoopType::ForallOp, "for registers");
      if (failed(distributed))
        return failure();
      op = cast<linalg::LinalgOp>(distributed->tiledOps.front());
    }

    SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(1));
    sizes[dims.row] = rewriter.getIndexAttr(parallelRows ? 0 : rowTile);
    sizes[dims.column] = rewriter.getIndexAttr(
        std::min(columns.getValue(), ranges[dims.column]));
    if (parallelRows)
      for (unsigned dim = 0; dim < dims.reduction; ++dim)
        if (dim != dims.column)
          sizes[dim] = rewriter.getIndexAttr(0);
    FailureOr<scf::SCFTilingResult> tiled =
        tileWith(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForOp,
                 "for registers");
    if (failed(tiled))
      return failure();
    for (Operation *tile : tiled->tiledOps)
      tile->setAttr(kTileMarker, rewriter.getUnitAttr());
    // Loops exist for the nonzero tile sizes, in dim order.
    auto loopOf = [&](unsigned dim) {
      unsigned position = llvm::count_if(
          ArrayRef<OpFoldResult>(sizes).take_front(dim),
          [](OpFoldResult size) { return !isZeroInteger(size); });
      return cast<scf::ForOp>(tiled->loops[position].getOperation());
    };
    if (!parallelRows)
      peelWholeTiles(rewriter, loopOf(dims.row));
    peelWholeTiles(rewriter, loopOf(dims.column));
    return success();
  }

  /// The vectorized tile is a mul of broadcast reads and a reduction over
  /// the unit k step: the broadcasts come out of the reads, the pair folds
  /// into a vector.contract, which loses its unit dims (batch, k step) and
  /// becomes one broadcast FMA per row.
  void lowerToOuterProducts() {
    MLIRContext *context = &getContext();
    RewritePatternSet contracts(context);
    vector::populateVectorTransferPermutationMapLoweringPatterns(contracts);
    vector::populateVectorReductionToContractPatterns(contracts);
    vector::populateSinkVectorOpsPatterns(contracts);
    (void)applyPatternsGreedily(getOperation(), std::move(contracts));
    dropUnitVectorDims(getOperation());

    RewritePatternSet outerProducts(context);
    vector::populateVectorContractLoweringPatterns(
        outerProducts, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(outerProducts);
    vector::populateVectorBroadcastLoweringPatterns(outerProducts);
    (void)applyPatternsGreedily(getOperation(), std::move(outerProducts));
  }
};
} // namespace
