#include "VectorTiling.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

LogicalResult mlir::nn::requirePositiveOptions(
    Location loc, StringRef pass,
    ArrayRef<std::pair<StringRef, int64_t>> options) {
  for (auto [option, value] : options)
    if (value < 1)
      return emitError(loc)
             << pass << ": " << option << " must be at least 1, got " << value;
  return success();
}

FailureOr<scf::SCFTilingResult>
mlir::nn::tileWith(RewriterBase &rewriter, linalg::LinalgOp op,
                   ArrayRef<OpFoldResult> sizes,
                   scf::SCFTilingOptions::LoopType loopType, StringRef purpose,
                   StringRef marker) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  options.setLoopType(loopType);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return op.emitOpError("could not be tiled ") << purpose;
  rewriter.replaceOp(op, tiled->replacements);
  if (!marker.empty())
    for (Operation *tile : tiled->tiledOps)
      tile->setAttr(marker, rewriter.getUnitAttr());
  return tiled;
}

FailureOr<std::pair<linalg::LinalgOp, std::optional<unsigned>>>
mlir::nn::distributeOutermost(RewriterBase &rewriter, linalg::LinalgOp op,
                              int64_t minElements) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  auto outermost = llvm::find_if(ArrayRef(ranges).drop_back(),
                                 [](int64_t range) { return range > 1; });
  // An op costs what it reads: a global pooling's sum of 56 rows writes a
  // 56th of the elements it reads (efficientnet_b0's squeeze-and-excitation
  // blocks, serial when counted by what they write). Alternating both
  // counts on two threads: efficientnet_b0 0.96x, resnet50 0.98x,
  // mobilenet_v2 and resnet18 within 1%.
  int64_t reads =
      computeProduct(ranges) * std::max<int64_t>(1, op.getNumDpsInputs());
  if (reads < minElements || outermost == ranges.end() - 1)
    return std::make_pair(op, std::optional<unsigned>());
  unsigned dim = outermost - ranges.begin();
  SmallVector<OpFoldResult> blocks(ranges.size(), rewriter.getIndexAttr(0));
  blocks[dim] = rewriter.getIndexAttr(1);
  FailureOr<scf::SCFTilingResult> forall =
      tileWith(rewriter, op, blocks, scf::SCFTilingOptions::LoopType::ForallOp,
               "into parallel blocks");
  if (failed(forall))
    return failure();
  return std::make_pair(cast<linalg::LinalgOp>(forall->tiledOps.front()),
                        std::optional<unsigned>(dim));
}

LogicalResult mlir::nn::tileIntoRows(RewriterBase &rewriter,
                                     linalg::LinalgOp op, int64_t lanes,
                                     StringRef marker,
                                     std::optional<unsigned> whole,
                                     int64_t rowsPerTile) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned innermost = ranges.size() - 1;
  int64_t rowLanes = std::min<int64_t>(lanes, ranges[innermost]);
  SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(1));
  sizes[innermost] = rewriter.getIndexAttr(rowLanes);
  if (innermost > 0) {
    int64_t rows = std::min(rowsPerTile, ranges[innermost - 1]);
    while (rows > 1 && ranges[innermost - 1] % rows != 0)
      --rows;
    sizes[innermost - 1] = rewriter.getIndexAttr(std::max<int64_t>(rows, 1));
  }
  if (whole)
    sizes[*whole] = rewriter.getIndexAttr(0);
  FailureOr<scf::SCFTilingResult> rows =
      tileWith(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForOp,
               "into vector rows", marker);
  if (failed(rows))
    return failure();
  // The innermost loop is the last one created.
  if (!rows->loops.empty() && ranges[innermost] % rowLanes != 0) {
    scf::ForOp remainder;
    (void)scf::peelForLoopAndSimplifyBounds(
        rewriter, cast<scf::ForOp>(rows->loops.back().getOperation()),
        remainder);
  }
  return success();
}

void mlir::nn::simplifyTileBounds(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  affine::AffineMinOp::getCanonicalizationPatterns(patterns, context);
  tensor::populateFoldTensorEmptyPatterns(patterns);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName name : context->getRegisteredOperations())
    name.getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(root, std::move(patterns));
}

void mlir::nn::vectorizeWholeTiles(
    RewriterBase &rewriter, Operation *root, StringRef marker,
    bool createNamedContraction, function_ref<void(linalg::LinalgOp)> prepare) {
  simplifyTileBounds(root);
  SmallVector<linalg::LinalgOp> wholeTiles;
  root->walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(marker) && !op.hasDynamicShape())
      wholeTiles.push_back(op);
  });
  for (linalg::LinalgOp op : wholeTiles) {
    if (prepare)
      prepare(op);
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false, createNamedContraction);
    // Ops on buffers have no results: replacing them erases them.
    if (succeeded(vectorized))
      rewriter.replaceOp(op, vectorized->replacements);
  }
  root->walk([&](linalg::LinalgOp op) { op->removeAttr(marker); });
}

std::optional<std::pair<AffineDimExpr, int64_t>>
mlir::nn::stridedDim(AffineExpr expr) {
  auto product = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!product || product.getKind() != AffineExprKind::Mul)
    return std::nullopt;
  auto dim = dyn_cast<AffineDimExpr>(product.getLHS());
  auto stride = dyn_cast<AffineConstantExpr>(product.getRHS());
  if (!dim || !stride || stride.getValue() < 2)
    return std::nullopt;
  return std::make_pair(dim, stride.getValue());
}

void mlir::nn::readWindowAsRows(RewriterBase &rewriter, linalg::GenericOp tile,
                                ArrayRef<unsigned> zeroDims) {
  MLIRContext *context = tile.getContext();
  SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
  DenseMap<AffineExpr, AffineExpr> zeros;
  for (unsigned dim : zeroDims)
    zeros[getAffineDimExpr(dim, context)] = getAffineConstantExpr(0, context);
  SmallVector<AffineMap> maps = tile.getIndexingMapsArray();
  for (OpOperand *input : tile.getDpsInputOperands()) {
    AffineMap &map = maps[input->getOperandNumber()];
    if (map.isProjectedPermutation(/*allowZeroInResults=*/true))
      continue;
    auto type = cast<RankedTensorType>(input->get().getType());
    SmallVector<AffineExpr> results;
    SmallVector<OpFoldResult> sizes, strides;
    for (auto [operandDim, result] : llvm::enumerate(map.getResults())) {
      AffineExpr index =
          isa<AffineDimExpr>(result)
              ? result
              : simplifyAffineExpr(result.replace(zeros), map.getNumDims(), 0);
      int64_t size = type.getDimSize(operandDim), stride = 1;
      if (std::optional<std::pair<AffineDimExpr, int64_t>> strided =
              stridedDim(index)) {
        index = strided->first;
        stride = strided->second;
        size = ranges[strided->first.getPosition()];
      }
      results.push_back(index);
      sizes.push_back(rewriter.getIndexAttr(size));
      strides.push_back(rewriter.getIndexAttr(stride));
    }
    // Any other form stays as it is, lowered to loops: its strided reads
    // are read at ow only through the strided slice.
    AffineMap rows = AffineMap::get(map.getNumDims(), 0, results, context);
    if (!rows.isProjectedPermutation(/*allowZeroInResults=*/true))
      continue;
    map = rows;
    if (llvm::all_of(strides, isOneInteger))
      continue;
    rewriter.setInsertionPoint(tile);
    Value strided = tensor::ExtractSliceOp::create(
        rewriter, tile.getLoc(), input->get(),
        SmallVector<OpFoldResult>(type.getRank(), rewriter.getIndexAttr(0)),
        sizes, strides);
    rewriter.modifyOpInPlace(tile, [&] { input->set(strided); });
  }
  rewriter.modifyOpInPlace(tile, [&] {
    tile.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
  });
}

void mlir::nn::dropUnitVectorDims(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet permutations(context);
  vector::populateVectorTransferPermutationMapLoweringPatterns(permutations);
  (void)applyPatternsGreedily(root, std::move(permutations));

  RewritePatternSet unitDims(context);
  vector::populateCastAwayVectorLeadingOneDimPatterns(unitDims);
  vector::populateVectorTransferDropUnitDimsPatterns(unitDims);
  vector::TransferReadOp::getCanonicalizationPatterns(unitDims, context);
  vector::TransferWriteOp::getCanonicalizationPatterns(unitDims, context);
  (void)applyPatternsGreedily(root, std::move(unitDims));
}
