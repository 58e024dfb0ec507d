//===- FuseElementwise.cpp - elementwise fusion into parallel loops only --===//
//
// Upstream's linalg-fuse-elementwise-ops fuses a producer into any consumer
// generic and folds reshapes into any generic. Into a reduction that repeats
// the producer's work once per reduction step: after global pooling, the
// divide by the window area moved through the flatten into the dense layer,
// which became a scalar generic with a divide per multiply-add (a tenth of
// mobilenet_v2's time), no longer a matmul the register tiling recognizes.
// Here only consumers (and reshaped producers) whose loops are all parallel
// take part, and only producers whose elements the consumer reads once.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "ParallelLoops.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Fuse a single-use producer into the owner of `operand` when the linalg
/// op among them (the consumer, or for a reshape consumer the producer)
/// has only parallel loops, and a consumer reads each produced element
/// once: fused into a broadcast, a per-channel sigmoid (squeeze-and-
/// excitation) was recomputed for every pixel.
bool fusesIntoParallelLoops(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  if (!producer || !producer->hasOneUse())
    return false;
  auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
  if (!consumer)
    return hasOnlyParallelLoops(producer);
  return hasOnlyParallelLoops(consumer) &&
         consumer.getMatchingIndexingMap(operand).isPermutation();
}

struct FuseElementwisePass
    : public nn::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 fusesIntoParallelLoops);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      fusesIntoParallelLoops);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns,
                                                 fusesIntoParallelLoops);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
