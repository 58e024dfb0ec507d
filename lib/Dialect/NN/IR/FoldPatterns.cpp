//===- FoldPatterns.cpp - the folds as rewrite patterns -------------------===//

#include "FoldSupport.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::folding;

namespace {
void reportRefusal(PatternRewriter &rewriter, Operation *op,
                   const FoldRefusal &refusal) {
  (void)rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
    diag << getFoldRefusalCode(refusal.reason) << ": " << refusal.detail;
  });
}

/// batch_norm(producer(...)) -> producer'(...), also through layout ops.
template <typename ProducerOp>
struct FoldBatchNormInto : OpRewritePattern<BatchNormOp> {
  FoldBatchNormInto(MLIRContext *context, StringRef debugName)
      : OpRewritePattern(context) {
    setDebugName(debugName);
  }

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    // The producer may be behind transposes and flattens (NHWC, or a
    // BatchNorm1d over flattened conv results).
    if (!followLayoutOps(bn.getInput()).source.getDefiningOp<ProducerOp>())
      return rewriter.notifyMatchFailure(
          bn, "input is not produced by " + ProducerOp::getOperationName());
    FoldRefusal refusal;
    if (succeeded(foldBatchNormBackward(rewriter, bn, refusal)))
      return success();
    reportRefusal(rewriter, bn, refusal);
    return failure();
  }
};

/// consumer(batch_norm(x)) -> consumer'(x).
template <typename ConsumerOp>
struct FoldBatchNormIntoNext : OpRewritePattern<ConsumerOp> {
  FoldBatchNormIntoNext(MLIRContext *context, StringRef debugName)
      : OpRewritePattern<ConsumerOp>(context) {
    this->setDebugName(debugName);
  }

  LogicalResult matchAndRewrite(ConsumerOp consumer,
                                PatternRewriter &rewriter) const override {
    auto bn = consumer.getInput().template getDefiningOp<BatchNormOp>();
    if (!bn || forwardFoldTarget(bn) != consumer)
      return rewriter.notifyMatchFailure(
          consumer, "input is not a batch_norm result used only here");
    FoldRefusal refusal;
    if (succeeded(foldBatchNormForward(rewriter, bn, refusal)))
      return success();
    reportRefusal(rewriter, consumer, refusal);
    return failure();
  }
};

/// mul/add(producer(...), per-channel constant) -> producer'(...).
template <typename ChannelOp>
struct FoldChannelOpIntoProducer : OpRewritePattern<ChannelOp> {
  FoldChannelOpIntoProducer(MLIRContext *context, StringRef debugName)
      : OpRewritePattern<ChannelOp>(context) {
    this->setDebugName(debugName);
  }

  LogicalResult matchAndRewrite(ChannelOp op,
                                PatternRewriter &rewriter) const override {
    if (!isChannelOpCandidate(op))
      return rewriter.notifyMatchFailure(op, "not exactly one constant operand");
    FoldRefusal refusal;
    if (succeeded(foldChannelOp(rewriter, op, &refusal)))
      return success();
    reportRefusal(rewriter, op, refusal);
    return failure();
  }
};
} // namespace

void mlir::nn::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FoldBatchNormInto<Conv2dOp>>(context, "FoldBatchNormIntoConv2d");
  patterns.add<FoldBatchNormInto<ConvTranspose2dOp>>(
      context, "FoldBatchNormIntoConvTranspose2d");
  patterns.add<FoldBatchNormInto<DenseOp>>(context, "FoldBatchNormIntoDense");
  patterns.add<FoldBatchNormIntoNext<Conv2dOp>>(context,
                                                "FoldBatchNormIntoNextConv2d");
  patterns.add<FoldBatchNormIntoNext<DenseOp>>(context,
                                               "FoldBatchNormIntoNextDense");
  patterns.add<FoldChannelOpIntoProducer<MulOp>>(context,
                                                 "FoldChannelMulIntoProducer");
  patterns.add<FoldChannelOpIntoProducer<AddOp>>(context,
                                                 "FoldChannelAddIntoProducer");
}

void BatchNormOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  populateFoldBatchNormPatterns(results);
}
