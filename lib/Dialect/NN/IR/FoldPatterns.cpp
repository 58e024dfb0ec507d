//===- FoldPatterns.cpp - the folds as rewrite patterns -------------------===//

#include "FoldSupport.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::folding;

namespace {
/// Runs `fold`; when it refuses, the refusal becomes the match failure (a
/// reason code and its numbers) that -debug and listeners see.
LogicalResult foldOrExplain(PatternRewriter &rewriter, Operation *op,
                            function_ref<LogicalResult(FoldRefusal &)> fold) {
  FoldRefusal refusal;
  if (succeeded(fold(refusal)))
    return success();
  return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
    diag << getFoldRefusalCode(refusal.reason) << ": " << refusal.detail;
  });
}

/// A pattern with a debug name, for disable-patterns.
template <typename OpTy>
struct NamedFoldPattern : OpRewritePattern<OpTy> {
  NamedFoldPattern(MLIRContext *context, StringRef debugName)
      : OpRewritePattern<OpTy>(context) {
    this->setDebugName(debugName);
  }
};

/// batch_norm(producer(...)) -> producer'(...), also through layout ops.
template <typename ProducerOp>
struct FoldBatchNormInto : NamedFoldPattern<BatchNormOp> {
  using NamedFoldPattern::NamedFoldPattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    // The producer may be behind transposes and flattens (NHWC, or a
    // BatchNorm1d over flattened conv results).
    if (!followLayoutOps(bn.getInput()).source.getDefiningOp<ProducerOp>())
      return rewriter.notifyMatchFailure(
          bn, "input is not produced by " + ProducerOp::getOperationName());
    return foldOrExplain(rewriter, bn, [&](FoldRefusal &refusal) {
      return foldBatchNormBackward(rewriter, bn, refusal);
    });
  }
};

/// consumer(batch_norm(x)) -> consumer'(x).
template <typename ConsumerOp>
struct FoldBatchNormIntoNext : NamedFoldPattern<ConsumerOp> {
  using NamedFoldPattern<ConsumerOp>::NamedFoldPattern;

  LogicalResult matchAndRewrite(ConsumerOp consumer,
                                PatternRewriter &rewriter) const override {
    auto bn = consumer.getInput().template getDefiningOp<BatchNormOp>();
    if (!bn || forwardFoldTarget(bn) != consumer)
      return rewriter.notifyMatchFailure(
          consumer, "input is not a batch_norm result used only here");
    return foldOrExplain(rewriter, consumer, [&](FoldRefusal &refusal) {
      return foldBatchNormForward(rewriter, bn, refusal);
    });
  }
};

/// mul/add(producer(...), per-channel constant) -> producer'(...).
template <typename ChannelOp>
struct FoldChannelOpIntoProducer : NamedFoldPattern<ChannelOp> {
  using NamedFoldPattern<ChannelOp>::NamedFoldPattern;

  LogicalResult matchAndRewrite(ChannelOp op,
                                PatternRewriter &rewriter) const override {
    if (!isChannelOpCandidate(op))
      return rewriter.notifyMatchFailure(op,
                                         "not exactly one constant operand");
    return foldOrExplain(rewriter, op, [&](FoldRefusal &refusal) {
      return foldChannelOp(rewriter, op, &refusal);
    });
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
