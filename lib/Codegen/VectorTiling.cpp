#include "VectorTiling.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

FailureOr<scf::SCFTilingResult> mlir::nn::tileWith(
    RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<OpFoldResult> sizes,
    scf::SCFTilingOptions::LoopType loopType, StringRef purpose) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  options.setLoopType(loopType);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return op.emitOpError("could not be tiled ") << purpose;
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
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
