//===- VectorizeContractions.cpp - register tiles of FMAs -----------------===//
//
// For out[.., f, p] += a[.., f, k] * b[.., k, p] with p contiguous in b (or
// b read at p, or p * 2, plus an offset of k: a convolution read in place), a
// rows x columns block of outputs is a set of vector accumulators: each step
// of k loads one row slice of b, broadcasts `rows` scalars of a and issues
// rows FMAs. Tiles are cut with a unit reduction step and loops peeled, so
// that the whole tiles and those at the edges have static shapes; the tiles
// with static shapes are vectorized; an edge tile of one column steps
// through the reduction in lanes instead. The bias broadcast that fills the
// accumulator and the activation (or residual add) that consumes the product
// are computed on the same tiles, in registers: apart, each was a pass over
// the whole output. A reduction step holds nothing else: software prefetches
// of the next block's weights, with their address arithmetic, cost more
// than they saved (without them resnet50 took 0.92-0.95x on two threads).
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "MergeSiblingReductions.h"
#include "PairedRows.h"
#include "ParallelLoops.h"
#include "SplitReductionAmongThreads.h"
#include "VectorTiling.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/SmallVectorExtras.h"

namespace mlir::nn {
#define GEN_PASS_DEF_VECTORIZECONTRACTIONS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
using utils::IteratorType;

/// The loop dims of a contraction in register-tile form: the reduction
/// dims are the innermost loops, from `firstReduction` on. `column` indexes
/// the output's last dim and the last dim of one input, the column input,
/// which reads it in order: its last index is `column` alone or, for a
/// convolution read in place, `column` times the stride plus an offset of
/// reduction dims (ow * 2 + kw). `rowInput`, the other input (a
/// convolution's weights), does not read `column`; `row` is the innermost
/// output dim it reads. Other parallel dims (batch, a convolution's output
/// rows) are tiled by one.
struct TileDims {
  unsigned row, column, firstReduction;
  unsigned rowInput;

  /// The column input: of a contraction's two inputs, the other one.
  unsigned columnInput() const { return 1 - rowInput; }
};

/// Whether `expr` is d`column` or d`column` * stride, alone or plus an
/// expression of the reduction dims (those from `firstReduction` on).
bool isColumnWithReductionOffset(AffineExpr expr, unsigned column,
                                 unsigned firstReduction) {
  auto isColumn = [&](AffineExpr e) {
    if (std::optional<std::pair<AffineDimExpr, int64_t>> strided =
            stridedDim(e))
      e = strided->first;
    auto dim = dyn_cast<AffineDimExpr>(e);
    return dim && dim.getPosition() == column;
  };
  if (isColumn(expr))
    return true;
  auto sum = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!sum || sum.getKind() != AffineExprKind::Add)
    return false;
  AffineExpr offset = isColumn(sum.getLHS())   ? sum.getRHS()
                      : isColumn(sum.getRHS()) ? sum.getLHS()
                                               : AffineExpr();
  if (!offset)
    return false;
  bool onlyReductions = true;
  offset.walk([&](AffineExpr e) {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      onlyReductions &= dim.getPosition() >= firstReduction;
  });
  return onlyReductions;
}

/// A multiply-accumulate body: yield(acc + a * b), or (a * b) + acc.
bool isMultiplyAccumulate(linalg::LinalgOp op) {
  return linalg::detail::isContractionBody(
      *op.getBlock(), [](Operation *multiply, Operation *add) {
        return isa<arith::MulFOp>(multiply) && isa<arith::AddFOp>(add);
      });
}

std::optional<TileDims> registerTileDims(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      !isMultiplyAccumulate(op))
    return std::nullopt;
  SmallVector<IteratorType> iterators = op.getIteratorTypesArray();
  unsigned firstReduction =
      llvm::find(iterators, IteratorType::reduction) - iterators.begin();
  if (firstReduction < 2 || firstReduction == iterators.size() ||
      !llvm::all_of(
          ArrayRef(iterators).drop_front(firstReduction),
          [](IteratorType type) { return type == IteratorType::reduction; }))
    return std::nullopt;
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (out.getNumResults() < 2 || !out.isProjectedPermutation())
    return std::nullopt;
  unsigned column = cast<AffineDimExpr>(out.getResults().back()).getPosition();
  unsigned columnInputs = 0, rowInput = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (isColumnWithReductionOffset(map.getResults().back(), column,
                                    firstReduction) &&
        llvm::none_of(map.getResults().drop_back(), [&](AffineExpr e) {
          return e.isFunctionOfDim(column);
        })) {
      ++columnInputs;
    } else if (map.isFunctionOfDim(column) || !map.isProjectedPermutation()) {
      return std::nullopt;
    } else {
      rowInput = input->getOperandNumber();
    }
  }
  if (columnInputs != 1)
    return std::nullopt;
  AffineMap rowMap = op.getMatchingIndexingMap(&op->getOpOperand(rowInput));
  for (AffineExpr result : llvm::reverse(out.getResults().drop_back())) {
    unsigned dim = cast<AffineDimExpr>(result).getPosition();
    if (rowMap.isFunctionOfDim(dim))
      return TileDims{dim, column, firstReduction, rowInput};
  }
  return std::nullopt;
}

/// Peels `loop` so its main part runs whole tiles only; the remainder, if
/// any, keeps partial tiles with dynamic shapes.
void peelWholeTiles(RewriterBase &rewriter, scf::ForOp loop) {
  scf::ForOp remainder;
  (void)scf::peelForLoopAndSimplifyBounds(rewriter, loop, remainder);
}

/// The all-parallel generic that alone consumes the result of `op`, in the
/// contraction's output order (nn-convolution-to-matmul collapses an
/// activation or residual add after a convolution into that shape).
linalg::GenericOp epilogueOf(linalg::LinalgOp op) {
  Value result = op->getResult(0);
  unsigned parallelDims = op.getNumParallelLoops();
  AffineMap parallelPrefix =
      AffineMap::getMultiDimIdentityMap(op.getNumLoops(), op.getContext())
          .getMajorSubMap(parallelDims);
  if (!result.hasOneUse() ||
      op.getMatchingIndexingMap(op.getDpsInitOperand(0)) != parallelPrefix)
    return {};
  OpOperand &use = *result.use_begin();
  auto epilogue = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!epilogue || !epilogue.hasPureTensorSemantics() ||
      epilogue.hasDynamicShape() || epilogue.getNumDpsInits() != 1 ||
      !hasOnlyParallelLoops(epilogue) ||
      epilogue.getNumLoops() != parallelDims ||
      !epilogue.getMatchingIndexingMap(&use).isIdentity() ||
      !epilogue.getMatchingIndexingMap(epilogue.getDpsInitOperand(0))
           .isIdentity())
    return {};
  return epilogue;
}

/// The all-parallel op that produces the accumulator of `op` for it alone.
Operation *accumulatorProducerOf(linalg::LinalgOp op) {
  Operation *producer = op.getDpsInitOperand(0)->get().getDefiningOp();
  if (!hasOnlyParallelLoops(producer) || !producer->hasOneUse())
    return nullptr;
  return producer;
}

/// A contraction tiled along its parallel dims, with the ops fused into
/// the same tiles.
struct FusedTiles {
  linalg::LinalgOp contraction;
  SmallVector<Operation *> besideContraction;
  SmallVector<LoopLikeOpInterface> loops;
};

/// Tiles the epilogue of `op` (or `op` itself, without one) by `sizes`
/// over the parallel dims, and fuses `op` and the producer of its
/// accumulator into the tiles. Nothing else is fused: the column matrix of
/// a convolution, fused, would be rebuilt for every tile.
FailureOr<FusedTiles> tileAndFuse(RewriterBase &rewriter, linalg::LinalgOp op,
                                  ArrayRef<OpFoldResult> sizes,
                                  scf::SCFTilingOptions::LoopType loopType,
                                  ArrayRef<int64_t> interchange = {}) {
  linalg::LinalgOp root = op;
  SmallVector<OpFoldResult> rootSizes(sizes);
  if (linalg::GenericOp epilogue = epilogueOf(op))
    root = epilogue;
  else // The reductions: whole.
    rootSizes.append(op.getNumReductionLoops(), rewriter.getIndexAttr(0));
  Operation *accumulatorProducer = accumulatorProducerOf(op);
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(rootSizes);
  options.tilingOptions.setLoopType(loopType);
  options.tilingOptions.setInterchange(interchange);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *owner = producer.getOwner();
        if (owner == op.getOperation() || owner == accumulatorProducer)
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root.getOperation()), options);
  if (failed(tiled))
    return root.emitOpError("could not be tiled for registers");
  FusedTiles fused;
  fused.loops = tiled->loops;
  for (Operation *tile : tiled->tiledAndFusedOps) {
    if (hasOnlyParallelLoops(tile))
      fused.besideContraction.push_back(tile);
    else
      fused.contraction = cast<linalg::LinalgOp>(tile);
  }
  if (!fused.contraction)
    return op.emitOpError("could not be fused into the tiles of its consumer");
  SmallVector<Value> replacements;
  for (OpResult result : root->getResults())
    replacements.push_back(tiled->replacements.lookup(result));
  rewriter.replaceOp(root, replacements);
  // The untiled ops fused into the tiles are left without users.
  for (Operation *original : {op.getOperation(), accumulatorProducer})
    if (original && original != root.getOperation() && original->use_empty())
      rewriter.eraseOp(original);
  return fused;
}

struct VectorizeContractionsPass
    : public nn::impl::VectorizeContractionsBase<VectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (failed(requirePositiveOptions(function.getLoc(), getArgument(),
                                      {{"rows", rows},
                                       {"columns", columns},
                                       {"lanes", lanes},
                                       {"vector-registers", vectorRegisters},
                                       {"threads", threads}})))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    SmallVector<std::pair<linalg::LinalgOp, TileDims>> contractions;
    function.walk([&](linalg::LinalgOp op) {
      if (std::optional<TileDims> dims = registerTileDims(op))
        contractions.push_back({op, *dims});
    });
    for (auto [op, dims] : contractions)
      if (failed(tile(rewriter, op, dims)))
        return signalPassFailure();
    simplifyTileBounds(function);
    FailureOr<bool> cut = cutIntoWholeVectors(rewriter, function);
    if (failed(cut))
      return signalPassFailure();
    if (*cut)
      simplifyTileBounds(function);
    SmallVector<linalg::LinalgOp> contractionTiles;
    function.walk([&](linalg::LinalgOp tile) {
      if (tile->removeAttr(kStepMarker))
        contractionTiles.push_back(tile);
    });
    for (linalg::LinalgOp tile : contractionTiles)
      if (failed(splitsIntoLanes(tile) ? stepLanesAlongReduction(rewriter, tile)
                                       : stepUnitReductions(rewriter, tile)))
        return signalPassFailure();
    vectorizeWholeTiles(
        rewriter, function, kTileMarker,
        /*createNamedContraction=*/true, [&](linalg::LinalgOp tile) {
          // In a tile of one reduction step, the reduction dims are 0.
          SmallVector<unsigned> steps;
          tile.getReductionDims(steps);
          if (auto generic = dyn_cast<linalg::GenericOp>(tile.getOperation()))
            readWindowAsRows(rewriter, generic, steps);
        });
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
    populateCarryInShapeUsedPatterns(passThrough);
    (void)applyPatternsGreedily(function, std::move(passThrough));
    // Edge tiles of a row (24 columns: 16 and 8) step in one loop; so do
    // a pair of rows' last whole vector and their shared end (see
    // PairedRows.cpp), with one more vector per tile row, where those
    // accumulators, the step's column vectors and a broadcast fit the
    // vector registers: 8 x 3 + 3 + 1 of AVX-512's 32. Only pairs cut
    // into vectors have a shared end: in tiles of one vector each tile
    // holds half of both rows (and on AVX2 a vector takes two registers).
    int64_t tileVectors = llvm::divideCeil(columns, lanes);
    int64_t pairedVectors = tileVectors + 1;
    bool pairedFit =
        columns % (2 * lanes) == 0 &&
        rows * pairedVectors + pairedVectors + 1 <= vectorRegisters;
    mergeSiblingReductions(
        rewriter, function,
        {rows * tileVectors, rows * (pairedFit ? pairedVectors : tileVectors),
         lanes});
  }

private:
  static constexpr StringLiteral kTileMarker = "nn.register_tile";
  static constexpr StringLiteral kStepMarker = "nn.reduction_steps";

  /// Blocks of rows that divide the rows evenly, or column panels (see
  /// splitsIntoColumnPanels), become the iterations of an scf.forall (the
  /// unit of parallelism); each block is then cut into register tiles by
  /// scf.for loops, columns outside rows, and each tile into unit steps of
  /// the reduction. The producer of the accumulator (a bias broadcast) and
  /// the consumer of the result (an activation) are computed on the same
  /// tiles, or, where the reduction is split among threads, with the sum of
  /// the shares.
  LogicalResult tile(IRRewriter &rewriter, linalg::LinalgOp op, TileDims dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t rowTile = std::min(rows.getValue(), ranges[dims.row]);
    int64_t blockRows = rowsPerBlock(op, dims, rowTile);
    // An OpenMP loop costs 1.5-1.75 us to start and join here: products too
    // small to gain that much stay serial. Squeeze-and-excitation layers
    // (at most 2^16 terms in efficientnet_b0) stay serial; resnet18's
    // classifier (2^19 terms, 2 MB of weights read once) split among two
    // threads made the whole model 0.98x as long (alternating both forms).
    constexpr int64_t kMinParallelProduct = 1 << 17;
    bool parallel = computeProduct(ranges) >= kMinParallelProduct;
    bool split = parallel && splitsReductionAmongThreads(op, dims);
    bool columnPanels = parallel && splitsIntoColumnPanels(op, dims) &&
                        !(split && readsColumnMatrix(op, dims));
    split &= !columnPanels;
    // The share of the reduction, the outermost dim of the split result,
    // is the outermost dim of the blocks: a thread's contiguous run of
    // blocks then stays within its share.
    SmallVector<int64_t> blockOrder;
    if (split) {
      FailureOr<linalg::LinalgOp> shares =
          splitReductionAmongThreads(rewriter, op, threads, epilogueOf(op));
      if (failed(shares))
        return failure();
      op = *shares;
      std::optional<TileDims> shareDims = registerTileDims(op);
      if (!shareDims)
        return op.emitOpError("split among threads, has no register tiles");
      dims = *shareDims;
      ranges = op.getStaticLoopRanges();
      blockRows = rowsPerBlock(op, dims, rowTile);
      AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
      blockOrder.push_back(
          cast<AffineDimExpr>(out.getResults().front()).getPosition());
      for (unsigned dim = 0; dim < dims.firstReduction; ++dim)
        if (dim != blockOrder.front())
          blockOrder.push_back(dim);
    }
    bool rowBlocks =
        parallel && !columnPanels && (split || ranges[dims.row] > blockRows);
    if (rowBlocks && !split && splitsOuterDimsAmongThreads(op, dims)) {
      for (unsigned dim = 0; dim < dims.firstReduction; ++dim)
        if (dim != dims.row)
          blockOrder.push_back(dim);
      blockOrder.push_back(dims.row);
    }
    std::optional<unsigned> paired =
        split || columnPanels ? std::nullopt : pairedRowsDim(op, dims);
    // Tile sizes of the parallel dims, the loops of an epilogue.
    unsigned parallelDims = dims.firstReduction;
    if (columnPanels || rowBlocks) {
      // Every parallel dim but the one not split: one block per step.
      SmallVector<OpFoldResult> blocks(parallelDims, rewriter.getIndexAttr(1));
      blocks[dims.row] = rewriter.getIndexAttr(columnPanels ? 0 : blockRows);
      blocks[dims.column] = rewriter.getIndexAttr(columnPanels ? columns : 0);
      if (paired) // A block holds whole pairs.
        blocks[*paired] = rewriter.getIndexAttr(2);
      FailureOr<FusedTiles> distributed =
          tileAndFuse(rewriter, op, blocks,
                      scf::SCFTilingOptions::LoopType::ForallOp, blockOrder);
      if (failed(distributed))
        return failure();
      op = distributed->contraction;
    }

    SmallVector<OpFoldResult> sizes(parallelDims, rewriter.getIndexAttr(1));
    sizes[dims.row] = rewriter.getIndexAttr(rowTile);
    sizes[dims.column] = rewriter.getIndexAttr(
        std::min(columns.getValue(), ranges[dims.column]));
    if (paired) { // Half a tile of both rows, or both rows whole.
      sizes[*paired] = rewriter.getIndexAttr(2);
      int64_t half = columns / 2;
      sizes[dims.column] = rewriter.getIndexAttr(
          ranges[dims.column] % half == 0 ? half : ranges[dims.column]);
    }
    if (columnPanels || rowBlocks)
      for (unsigned dim = 0; dim < parallelDims; ++dim)
        if (dim != dims.column && dim != dims.row && dim != paired)
          sizes[dim] = rewriter.getIndexAttr(0);
    // The loops run in dim order but for the columns and then the rows,
    // innermost: all register tiles of a block then multiply one column
    // panel while it is in cache. Loops exist for the nonzero tile sizes.
    SmallVector<int64_t> interchange;
    for (unsigned dim = 0; dim < parallelDims; ++dim)
      if (dim != dims.column && dim != dims.row)
        interchange.push_back(dim);
    interchange.append({dims.column, dims.row});
    SmallVector<int64_t> loopDims = llvm::filter_to_vector(
        interchange, [&](int64_t dim) { return !isZeroInteger(sizes[dim]); });
    FailureOr<FusedTiles> tiled =
        tileAndFuse(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForOp,
                    interchange);
    if (failed(tiled))
      return failure();
    for (Operation *tile : tiled->besideContraction)
      tile->setAttr(kTileMarker, rewriter.getUnitAttr());
    auto loopOf = [&](unsigned dim) {
      return cast<scf::ForOp>(
          tiled->loops[llvm::find(loopDims, dim) - loopDims.begin()]
              .getOperation());
    };
    // Peeling copies the contraction tile into the edge loops: the marker
    // finds the copies, whose reductions are cut into steps once their
    // bounds are folded.
    tiled->contraction->setAttr(kStepMarker, rewriter.getUnitAttr());
    // The inner loop first: peeling the outer one copies its body.
    peelWholeTiles(rewriter, loopOf(dims.row));
    peelWholeTiles(rewriter, loopOf(dims.column));
    return success();
  }

  /// The output dim outside the columns whose pairs make register tiles
  /// (see PairedRows.cpp): a convolution's output rows, read in place, if
  /// they end in half a vector.
  ///  - In tiles of two vectors (AVX-512's 32 columns) a tile takes both
  ///    rows whole; cut into vectors, each tile of two rows' vectors holds
  ///    as many accumulators as one of a row's two vectors, and the last
  ///    one merges with the shared end. Alternating both forms, one
  ///    thread: 3x3 and 1x1 convolutions of 64 and 256 channels over 56x56
  ///    took 0.93-0.94x the time; two threads 0.92-0.97x (in tiles of 16
  ///    columns, the ends alone).
  ///  - In tiles of one vector (AVX2's 16 columns, two 8-lane registers)
  ///    half a tile of each row divides the rows: a tile takes the same
  ///    half of both rows, as one vector, and no row ends in an edge tile
  ///    of half the accumulators. Alternating both forms on a Zen 3 core:
  ///    a 3x3 convolution of 64 channels over 56x56 0.93-0.94x on one
  ///    thread and 0.94-0.95x on two; 1x1 ones over 56x56 0.86-1.05x
  ///    (mobilenet_v2's) and 0.97-1.03x (resnet50's) on one thread,
  ///    0.90-0.97x on two but 64 to 256 channels 0.99-1.26x.
  std::optional<unsigned> pairedRowsDim(linalg::LinalgOp op, TileDims dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
    AffineMap in =
        op.getMatchingIndexingMap(op.getDpsInputOperand(dims.columnInput()));
    // Half a tile of each row is a whole vector or half of one.
    bool halfTiles = columns % (2 * lanes) == 0 || columns == lanes;
    if (!halfTiles || ranges[dims.column] < lanes ||
        ranges[dims.column] % lanes != lanes / 2 || out.getNumResults() < 3 ||
        in.getNumResults() < 2)
      return std::nullopt;
    unsigned rows =
        cast<AffineDimExpr>(out.getResults().drop_back().back()).getPosition();
    // Each row of the pair is a run of its own input row: no product in
    // the column index. That leaves out strides (ow * 2, read as shuffles
    // of one load; see stridedDim) and also dilations (ow + kw * 2), whose
    // runs could pair but were not measured.
    bool unstrided = true;
    in.getResults().back().walk(
        [&](AffineExpr e) { unstrided &= e.getKind() != AffineExprKind::Mul; });
    if (rows == dims.row || ranges[rows] % 2 != 0 || !unstrided ||
        !in.getResults().drop_back().back().isFunctionOfDim(rows))
      return std::nullopt;
    return rows;
  }

  /// Cuts contraction tiles wider than a vector into tiles of one vector
  /// and the rest, unless their width is a vector times a power of two
  /// (the peeled edge of a row: 24 columns of a 56-wide row in 32-column
  /// tiles). LLVM keeps vectors of such widths in registers, and took
  /// others (24 or 48 lanes) apart lane by lane, on every reduction step:
  /// a 1x1 convolution over 56x56 ran 10x slower in 32-column tiles
  /// uncut. Returns whether it cut any.
  FailureOr<bool> cutIntoWholeVectors(IRRewriter &rewriter,
                                      func::FuncOp function) {
    SmallVector<std::pair<linalg::LinalgOp, TileDims>> wideEdges;
    function.walk([&](linalg::LinalgOp tile) {
      std::optional<TileDims> dims = registerTileDims(tile);
      if (!tile->hasAttr(kStepMarker) || !dims)
        return;
      int64_t width = tile.getStaticLoopRanges()[dims->column];
      if (width > lanes &&
          (width % lanes != 0 || !llvm::isPowerOf2_64(width / lanes)))
        wideEdges.push_back({tile, *dims});
    });
    for (auto [tile, dims] : wideEdges) {
      SmallVector<OpFoldResult> sizes(dims.firstReduction,
                                      rewriter.getIndexAttr(0));
      sizes[dims.column] = rewriter.getIndexAttr(lanes);
      FailureOr<FusedTiles> cut = tileAndFuse(
          rewriter, tile, sizes, scf::SCFTilingOptions::LoopType::ForOp);
      if (failed(cut))
        return failure();
      for (Operation *beside : cut->besideContraction)
        beside->setAttr(kTileMarker, rewriter.getUnitAttr());
      // Unrolled, the vectors' tiles are siblings: the last whole vector of
      // a pair of rows merges with their shared end. The loop has constant
      // bounds; if it stayed, its tiles would only not merge.
      auto vectors = cast<scf::ForOp>(cut->loops.front().getOperation());
      peelWholeTiles(rewriter, vectors);
      (void)loopUnrollFull(vectors);
    }
    return !wideEdges.empty();
  }

  /// Cuts the reductions of a contraction tile into unit steps, the tiles
  /// to vectorize.
  LogicalResult stepUnitReductions(RewriterBase &rewriter,
                                   linalg::LinalgOp tile) {
    SmallVector<OpFoldResult> steps;
    for (IteratorType iterator : tile.getIteratorTypesArray())
      steps.push_back(
          rewriter.getIndexAttr(iterator == IteratorType::reduction ? 1 : 0));
    return tileWith(rewriter, tile, steps,
                    scf::SCFTilingOptions::LoopType::ForOp, "for registers",
                    kTileMarker);
  }

  /// A copy of `slice` outside the loops that do not change it, or of the
  /// slices it is taken from: tiling takes the slice of an edge tile from a
  /// slice made in the loop of row tiles, though neither depends on it.
  static Value hoistOutOfInvariantLoops(RewriterBase &rewriter,
                                        tensor::ExtractSliceOp slice) {
    Value source = slice.getSource();
    if (auto outer = source.getDefiningOp<tensor::ExtractSliceOp>())
      source = hoistOutOfInvariantLoops(rewriter, outer);
    Operation *anchor = slice;
    while (auto loop = anchor->getParentOfType<LoopLikeOpInterface>()) {
      if (!loop.isDefinedOutsideOfLoop(source) ||
          !llvm::all_of(slice->getOperands().drop_front(), [&](Value value) {
            return loop.isDefinedOutsideOfLoop(value);
          }))
        break;
      anchor = loop;
    }
    if (anchor == slice && source == slice.getSource())
      return slice.getResult();
    rewriter.setInsertionPoint(anchor);
    IRMapping hoistedSource;
    hoistedSource.map(slice.getSource(), source);
    return rewriter.clone(*slice, hoistedSource)->getResult(0);
  }

  /// Copies the column `operand` reads (a slice of a strided column) into
  /// a contiguous tensor, once, outside the loops it does not depend on:
  /// all the row tiles then read its lanes as whole vectors.
  void packColumn(RewriterBase &rewriter, OpOperand &operand) {
    auto slice = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      return;
    Value column = hoistOutOfInvariantLoops(rewriter, slice);
    rewriter.setInsertionPointAfterValue(column);
    Value packed = tensor::EmptyOp::create(rewriter, slice.getLoc(),
                                           slice.getType().getShape(),
                                           slice.getType().getElementType());
    Value copy =
        linalg::CopyOp::create(rewriter, slice.getLoc(), column, packed)
            .getResult(0);
    rewriter.modifyOpInPlace(operand.getOwner(), [&] { operand.set(copy); });
  }

  /// A tile of one output column (the edge of 7x7 maps: 49 = 3 x 16 + 1)
  /// in unit steps has a lane per row: a scalar FMA per row and step. Its
  /// rows can instead sum `lanes` products per step, lanes along the
  /// reduction, if the reduction splits evenly into them and the row
  /// operand (the weights) reads it contiguously.
  bool splitsIntoLanes(linalg::LinalgOp tile) {
    std::optional<TileDims> dims = registerTileDims(tile);
    if (!dims || tile.getNumReductionLoops() != 1 ||
        !tile.hasOnlyProjectedPermutations())
      return false;
    SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
    AffineMap rowMap =
        tile.getMatchingIndexingMap(&tile->getOpOperand(dims->rowInput));
    return ranges[dims->column] == 1 && lanes > 1 &&
           ranges.back() % lanes == 0 &&
           rowMap.getResults().back() ==
               getAffineDimExpr(dims->firstReduction, tile.getContext());
  }

  /// Steps a tile that `splitsIntoLanes` through its reduction in lanes:
  /// the lanes are partial sums, added to the accumulator after the loop.
  /// The column operand is packed first, so that its lanes are one load
  /// shared by the tile's rows.
  LogicalResult stepLanesAlongReduction(RewriterBase &rewriter,
                                        linalg::LinalgOp tile) {
    packColumn(rewriter,
               tile->getOpOperand(registerTileDims(tile)->columnInput()));
    unsigned outRank = tile.getRank(tile.getDpsInitOperand(0));
    FailureOr<linalg::SplitReductionResult> split =
        linalg::splitReduction(rewriter, tile, [&](linalg::LinalgOp) {
          return linalg::SplitReductionOptions{lanes, outRank,
                                               /*innerParallel=*/true};
        });
    if (failed(split))
      return tile.emitOpError("could not be split into lanes");
    split->fillOp->setAttr(kTileMarker, rewriter.getUnitAttr());
    split->resultCombiningLinalgOp->setAttr(kTileMarker,
                                            rewriter.getUnitAttr());
    return stepUnitReductions(rewriter, split->splitLinalgOp);
  }

  /// With several threads, whether the parallel blocks are column panels
  /// of one register tile's width, each with all the rows, rather than
  /// blocks of rows. Every row block reads the whole column operand, so
  /// each thread reads it at least once, from beyond its own cache where it
  /// is large: 3.6 MB, the column matrix of a 3x3 convolution of 128
  /// channels over 28x28. A thread running panels reads its share of the
  /// columns once, and the whole row operand (the weights) for every panel,
  /// from its cache if they fit `panel-row-bytes`: less, where the columns
  /// are at least twice the weights. Panels must divide the columns evenly
  /// (an edge panel's width would not be static, and it would not be
  /// vectorized), and the other parallel dims (a batch) be single.
  /// Alternating both forms on two threads: that 3x3 convolution (0.6 MB
  /// of weights) 0.90x, a stride-2 one of 128 channels from 56x56 0.94x,
  /// 1x1 ones over 28x28 0.96-1.01x; over 14x14 with 256 channels (2.4 MB
  /// of weights, 1.9 MB of columns) 1.7x.
  bool splitsIntoColumnPanels(linalg::LinalgOp op, TileDims dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (threads < 2 || ranges[dims.column] % columns != 0 ||
        hasOtherParallelDims(op, dims))
      return false;
    int64_t rowBytes = inputBytes(op, dims.rowInput);
    return rowBytes <= panelRowBytes &&
           inputBytes(op, dims.columnInput()) >= 2 * rowBytes;
  }

  /// With several threads, whether the parallel blocks run with the rows
  /// innermost: an OpenMP worksharing loop gives each thread a contiguous
  /// range of its iterations, so each thread then takes a run of the other
  /// parallel dims (a convolution's output rows read in place) for all the
  /// rows (its channels), rather than a share of the rows for all of them.
  /// Each thread reads all of the row operand (the weights) and its share
  /// of the column operand (the input), which it mostly wrote itself where
  /// the layer before was split alike: chosen where the column operand is
  /// the larger. Alternating both orders on two threads, whole models:
  /// resnet18 0.96-0.97x, resnet50 0.955x, mobilenet_v2 0.87x,
  /// efficientnet_b0 0.92x; resnet18's stem 0.83x and its blocks over 56x56
  /// 0.89-0.93x.
  bool splitsOuterDimsAmongThreads(linalg::LinalgOp op, TileDims dims) {
    return threads >= 2 && hasOtherParallelDims(op, dims) &&
           inputBytes(op, dims.columnInput()) > inputBytes(op, dims.rowInput);
  }

  /// Whether `op` has parallel dims of more than one element besides its
  /// rows and columns (a batch, a convolution's output rows).
  static bool hasOtherParallelDims(linalg::LinalgOp op, TileDims dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    return llvm::any_of(llvm::seq(dims.firstReduction), [&](unsigned dim) {
      return dim != dims.row && dim != dims.column && ranges[dim] != 1;
    });
  }

  static int64_t inputBytes(linalg::LinalgOp op, unsigned input) {
    auto type = cast<ShapedType>(op.getDpsInputOperand(input)->get().getType());
    return type.getNumElements() * type.getElementTypeBitWidth() / 8;
  }

  /// Whether the column operand of `op` is a column matrix built for it:
  /// an all-parallel copy (im2col), collapsed into rows of the reduction.
  /// Its threads build it by channels, the share of the reduction each
  /// multiplies if split, whereas column panels read all of it. Split
  /// rather than in panels, alternating both forms on two threads: a 3x3
  /// convolution of 128 channels over 28x28 0.99x, and 0.70x in the
  /// spells (a stride-2 one from 64 channels over 56x56 1.06x, and even in
  /// spells); whole models outside spells within 2% either way (resnet18
  /// 0.99x in one run and 1.02x in another, resnet50 0.99x, mobilenet_v2
  /// 0.98x, efficientnet_b0 0.99x), in spells resnet18 0.935-0.97x and
  /// resnet50 0.96x. A layer's input read in place (a 1x1 convolution) is
  /// read across threads either way, and the sum of the shares only adds a
  /// pass: efficientnet_b0 took 1.02x with those split too.
  static bool readsColumnMatrix(linalg::LinalgOp op, TileDims dims) {
    auto collapse = op.getDpsInputOperand(dims.columnInput())
                        ->get()
                        .getDefiningOp<tensor::CollapseShapeOp>();
    auto copy = collapse ? collapse.getSrc().getDefiningOp<linalg::GenericOp>()
                         : linalg::GenericOp();
    if (!copy || !hasOnlyParallelLoops(copy) || copy.getNumDpsInputs() != 1)
      return false;
    auto yield = cast<linalg::YieldOp>(copy.getBody()->getTerminator());
    return yield.getValues().front() == copy.getBody()->getArgument(0);
  }

  /// With several threads, whether a contraction may split its reduction
  /// among them (see SplitReductionAmongThreads.cpp; it does unless it runs
  /// in column panels, see readsColumnMatrix): if it has
  /// one reduction loop, whose range the threads divide, read as a dim of
  /// its own by each operand (not a window read in place), and its column
  /// operand is larger than its result, which the threads then pass between
  /// them instead, and at least half its weights. Where the weights are
  /// more, each thread reading half of every weight row cost more than the
  /// column reads saved. On this VM's two cores a line one core wrote costs
  /// the other at times twice as much to read, for seconds on end.
  /// Alternating both forms on two threads: a 3x3 convolution of 256
  /// channels over 14x14 took 0.90x, and 0.62x in such spells; one of 512
  /// channels over 7x7, whose weights are 4 times its column matrix, 1.2x.
  /// Whole models 0.99-1.00x, and 0.93-0.96x in spells.
  bool splitsReductionAmongThreads(linalg::LinalgOp op, TileDims dims) {
    if (threads < 2 || op.getNumReductionLoops() != 1 ||
        op.getStaticLoopRanges().back() % threads != 0)
      return false;
    for (OpOperand *input : op.getDpsInputOperands())
      for (AffineExpr index : op.getMatchingIndexingMap(input).getResults())
        if (index.isFunctionOfDim(dims.firstReduction) &&
            !isa<AffineDimExpr>(index))
          return false;
    auto elements = [](Value value) {
      return cast<ShapedType>(value.getType()).getNumElements();
    };
    int64_t columns =
        elements(op.getDpsInputOperand(dims.columnInput())->get());
    return columns > elements(op.getDpsInitOperand(0)->get()) &&
           2 * columns >= elements(op.getDpsInputOperand(dims.rowInput)->get());
  }

  /// The rows of a parallel block, a divisor of the rows that leaves at
  /// least two blocks, a multiple of `threads` of them if there is such a
  /// divisor: among those whose edge tile wastes at most an eighth
  /// of the block's tile rows (or else the least wasteful), the largest
  /// whose row operand (the weights) fits in `row-block-bytes`, so that it
  /// stays in cache while the block's tiles run through the column panels,
  /// or else the smallest. All the rows, serial, if there is none.
  int64_t rowsPerBlock(linalg::LinalgOp op, TileDims dims, int64_t rowTile) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t rowCount = ranges[dims.row];
    auto waste = [&](int64_t block) {
      int64_t tileRows = llvm::divideCeil(block, rowTile) * rowTile;
      return double(tileRows - block) / double(tileRows);
    };
    // Divisors come in pairs around the square root: a loop that long.
    SmallVector<int64_t> blocks;
    for (int64_t small = 1; small * small <= rowCount; ++small)
      if (rowCount % small == 0)
        for (int64_t block : {small, rowCount / small})
          if (block >= rowTile && 2 * block <= rowCount &&
              !llvm::is_contained(blocks, block))
            blocks.push_back(block);
    llvm::sort(blocks);
    if (blocks.empty())
      return rowCount;
    // The threads share the blocks evenly: 3 blocks left one of 2 threads
    // idle for a third of the op (mobilenet_v2's 960-channel 1x1
    // convolutions). Alternating the two choices on two threads:
    // mobilenet_v2 0.96x, resnet50 0.98x, efficientnet_b0 1.00x.
    SmallVector<int64_t> balanced =
        llvm::filter_to_vector(blocks, [&](int64_t block) {
          return (rowCount / block) % threads == 0;
        });
    if (!balanced.empty())
      blocks = std::move(balanced);
    double leastWaste = waste(*llvm::min_element(
        blocks, [&](int64_t a, int64_t b) { return waste(a) < waste(b); }));
    llvm::erase_if(blocks, [&](int64_t block) {
      return waste(block) > std::max(leastWaste, 1.0 / 8);
    });
    Value rowOperand = op.getDpsInputOperand(dims.rowInput)->get();
    int64_t rowBytes =
        computeProduct(ArrayRef(ranges).drop_front(dims.firstReduction)) *
        getElementTypeOrSelf(rowOperand).getIntOrFloatBitWidth() / 8;
    for (int64_t block : llvm::reverse(blocks))
      if (block * rowBytes <= rowBlockBytes)
        return block;
    return blocks.front();
  }

  /// The vectorized tile is a mul of broadcast reads and a reduction over
  /// the unit k step: the broadcasts come out of the reads, the pair folds
  /// into a vector.contract, which loses its unit dims (batch, k step) and
  /// becomes one broadcast FMA per row. A tile stepped in lanes along the
  /// reduction becomes one FMA of its rows' lanes and, after its loop, a
  /// horizontal sum per row.
  void lowerToOuterProducts() {
    MLIRContext *context = &getContext();
    RewritePatternSet contracts(context);
    vector::populateVectorTransferPermutationMapLoweringPatterns(contracts);
    vector::populateVectorReductionToContractPatterns(contracts);
    vector::populateSinkVectorOpsPatterns(contracts);
    (void)applyPatternsGreedily(getOperation(), std::move(contracts));
    dropUnitVectorDims(getOperation());
    RewritePatternSet pairedRows(context);
    populateFlattenPairedRowsPatterns(pairedRows, lanes);
    (void)applyPatternsGreedily(getOperation(), std::move(pairedRows));

    // In the partial sums of lanes along the reduction, the lanes are a dim
    // of both operands: an elementwise FMA, which outer products would
    // unroll into one FMA per lane.
    SmallVector<Operation *> laneSums;
    getOperation().walk([&](vector::ContractionOp contract) {
      SmallVector<AffineMap> maps = contract.getIndexingMapsArray();
      if (maps[2].getNumResults() == 0)
        return;
      auto lanes = dyn_cast<AffineDimExpr>(maps[2].getResults().back());
      if (lanes && maps[0].isFunctionOfDim(lanes.getPosition()) &&
          maps[1].isFunctionOfDim(lanes.getPosition()))
        laneSums.push_back(contract);
    });
    RewritePatternSet elementwise(context);
    vector::populateVectorContractLoweringPatterns(
        elementwise, vector::VectorContractLowering::ParallelArith);
    (void)applyOpPatternsGreedily(laneSums, std::move(elementwise));

    RewritePatternSet outerProducts(context);
    vector::populateVectorContractLoweringPatterns(
        outerProducts, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(outerProducts);
    vector::populateVectorBroadcastLoweringPatterns(outerProducts);
    // The partial sums of lanes, added up after the loop: a horizontal
    // add per row.
    vector::populateVectorMultiReductionLoweringPatterns(
        outerProducts, vector::VectorMultiReductionLowering::InnerReduction);
    llvm::SmallPtrSet<Operation *, 4> earlierSums;
    getOperation().walk(
        [&](vector::ReductionOp sum) { earlierSums.insert(sum); });
    (void)applyPatternsGreedily(getOperation(), std::move(outerProducts));
    // The lanes hold partial sums in no particular order already: adding
    // them as a tree takes 4 dependent adds instead of 16.
    getOperation().walk([&](vector::ReductionOp sum) {
      if (!earlierSums.contains(sum))
        sum.setFastmathAttr(arith::FastMathFlagsAttr::get(
            context, arith::FastMathFlags::reassoc));
    });
  }
};
} // namespace
