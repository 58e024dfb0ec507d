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
constexpr FoldRefusalReason kAllReasons[] = {
    FoldRefusalReason::UnsupportedProducer, FoldRefusalReason::Activation,
    FoldRefusalReason::MultiUse,           FoldRefusalReason::NonConstant,
    FoldRefusalReason::ChannelMismatch,    FoldRefusalReason::NonPositiveVariance,
    FoldRefusalReason::Overflow,           FoldRefusalReason::TooLarge};

int64_t countBatchNorms(Operation *root) {
  int64_t count = 0;
  root->walk([&](BatchNormOp) { ++count; });
  return count;
}

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
    int64_t before = countBatchNorms(root);
    // The walk driver neither folds nor erases dead ops, so a graph with
    // nothing to fold comes out unchanged. One walk in program order folds
    // chains too: a fold replaces only the BN's producer, which precedes it,
    // and a BN after it then sees the new producer.
    walkAndApplyPatterns(root, patterns);
    int64_t remaining = countBatchNorms(root);
    numFolded += before - remaining;

    // Debian's release LLVM compiles pass statistics out, so the report also
    // states the counts in a summary remark.
    llvm::SmallDenseMap<FoldRefusalReason, int64_t> refusals;
    root->walk([&](BatchNormOp bn) {
      std::optional<FoldRefusal> refusal = explainBatchNormNotFoldable(bn);
      if (!refusal)
        return;
      ++refusals[refusal->reason];
      counterFor(refusal->reason) += 1;
      if (report)
        bn.emitRemark() << "batch_norm not folded ["
                        << getFoldRefusalCode(refusal->reason)
                        << "]: " << refusal->detail;
    });
    if (report)
      emitSummary(before - remaining, before, refusals);
  }

private:
  void emitSummary(
      int64_t folded, int64_t total,
      const llvm::SmallDenseMap<FoldRefusalReason, int64_t> &refusals) {
    InFlightDiagnostic remark = getOperation()->emitRemark();
    remark << "fold-batchnorm folded " << folded << " of " << total
           << " batch_norm ops";
    for (FoldRefusalReason reason : kAllReasons)
      if (int64_t count = refusals.lookup(reason))
        remark << "; " << getFoldRefusalCode(reason) << ": " << count;
  }

  Statistic &counterFor(FoldRefusalReason reason) {
    switch (reason) {
    case FoldRefusalReason::UnsupportedProducer:
      return numUnsupportedProducer;
    case FoldRefusalReason::Activation:
      return numActivation;
    case FoldRefusalReason::MultiUse:
      return numMultiUse;
    case FoldRefusalReason::NonConstant:
      return numNonConstant;
    case FoldRefusalReason::ChannelMismatch:
      return numChannelMismatch;
    case FoldRefusalReason::NonPositiveVariance:
      return numNonPositiveVariance;
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
