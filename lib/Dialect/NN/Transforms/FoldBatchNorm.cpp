#include "nn/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "nn/Dialect/NN/Transforms/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
int64_t countBatchNorms(Operation *root) {
  int64_t count = 0;
  root->walk([&](BatchNormOp) { ++count; });
  return count;
}

/// Counts the mul/add candidates the patterns replace, and remembers the
/// ops they create: the per-channel add a fold leaves behind a relu is part
/// of a fold, not a mul/add of the input to report on.
struct FoldListener : RewriterBase::Listener {
  int64_t channelOpsFolded = 0;
  llvm::DenseSet<Operation *> created;
  void notifyOperationReplaced(Operation *op, ValueRange) override {
    channelOpsFolded += isChannelOpCandidate(op);
  }
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint) override {
    created.insert(op);
  }
};

struct FoldBatchNormPass
    : public nn::impl::FoldBatchNormBase<FoldBatchNormPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    populateFoldBatchNormPatterns(set);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() override {
    Operation *root = getOperation();
    int64_t batchNormsBefore = countBatchNorms(root);
    int64_t channelOpsBefore = 0;
    root->walk([&](Operation *op) { channelOpsBefore += isChannelOpCandidate(op); });
    // The walk driver neither folds nor erases dead ops, so a graph with
    // nothing to fold comes out unchanged. One walk in program order folds
    // chains too: a fold replaces its op and an adjacent one, and a later
    // op then sees the rebuilt conv2d/dense.
    FoldListener listener;
    walkAndApplyPatterns(root, patterns, &listener);
    int64_t batchNormsFolded = batchNormsBefore - countBatchNorms(root);
    numFolded += batchNormsFolded;
    numFoldedChannelOps += listener.channelOpsFolded;

    // Debian's release LLVM compiles pass statistics out, so the report also
    // states the counts in a summary remark.
    llvm::SmallDenseMap<FoldRefusalReason, int64_t> refusals;
    root->walk([&](Operation *op) {
      std::optional<FoldRefusal> refusal;
      if (auto bn = dyn_cast<BatchNormOp>(op))
        refusal = explainBatchNormNotFoldable(bn);
      else if (isChannelOpCandidate(op) && !listener.created.contains(op))
        refusal = explainChannelOpNotFoldable(op);
      if (!refusal)
        return;
      ++refusals[refusal->reason];
      counterFor(refusal->reason) += 1;
      if (report)
        op->emitRemark() << op->getName().stripDialect() << " not folded ["
                         << getFoldRefusalCode(refusal->reason)
                         << "]: " << refusal->detail;
    });
    if (!report)
      return;
    InFlightDiagnostic remark = root->emitRemark();
    remark << "fold-batchnorm folded " << batchNormsFolded << " of "
           << batchNormsBefore << " batch_norm ops";
    if (channelOpsBefore)
      remark << " and " << listener.channelOpsFolded << " of " << channelOpsBefore
             << " mul/add ops by a constant";
    for (FoldRefusalReason reason : kFoldRefusalReasons)
      if (int64_t count = refusals.lookup(reason))
        remark << "; " << getFoldRefusalCode(reason) << ": " << count;
  }

private:
  Statistic &counterFor(FoldRefusalReason reason) {
    switch (reason) {
    case FoldRefusalReason::UnsupportedProducer:
      return numUnsupportedProducer;
    case FoldRefusalReason::Activation:
      return numActivation;
    case FoldRefusalReason::NonPositiveScale:
      return numNonPositiveScale;
    case FoldRefusalReason::MultiUse:
      return numMultiUse;
    case FoldRefusalReason::NonConstant:
      return numNonConstant;
    case FoldRefusalReason::ChannelMismatch:
      return numChannelMismatch;
    case FoldRefusalReason::ChannelAxis:
      return numChannelAxis;
    case FoldRefusalReason::NotPerChannel:
      return numNotPerChannel;
    case FoldRefusalReason::NonPositiveVariance:
      return numNonPositiveVariance;
    case FoldRefusalReason::Padding:
      return numPadding;
    case FoldRefusalReason::Overflow:
      return numOverflow;
    case FoldRefusalReason::TooLarge:
      return numTooLarge;
    }
    llvm_unreachable("unknown fold refusal reason");
  }

  FrozenRewritePatternSet patterns;
};
} // namespace
