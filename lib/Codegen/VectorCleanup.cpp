#include "VectorCleanup.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

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
