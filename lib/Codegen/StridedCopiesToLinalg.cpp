//===- StridedCopiesToLinalg.cpp - copies into strided views as vectors ---===//

#include "nn/Codegen/Passes.h"

#include "VectorTiling.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_STRIDEDCOPIESTOLINALG
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    auto source = dyn_cast<MemRefType>(copy.getSource().getType());
    auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (!source || !target)
      return rewriter.notifyMatchFailure(copy, "unranked memref");
    if (source.getLayout().isIdentity() && target.getLayout().isIdentity())
      return rewriter.notifyMatchFailure(copy, "contiguous copies are memcpy");
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                copy.getTarget());
    return success();
  }
};

struct StridedCopiesToLinalgPass
    : public nn::impl::StridedCopiesToLinalgBase<StridedCopiesToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(requirePositiveOptions(getOperation()->getLoc(), getArgument(),
                                      {{"lanes", lanes}})))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateStridedCopiesToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    vectorizeRows();
  }

private:
  static constexpr StringLiteral kRowMarker = "nn.copy_row";

  /// Cuts each static copy into rows of `lanes` elements along its
  /// innermost dim (the remainder peeled) and vectorizes the whole rows:
  /// LLVM left these loops scalar.
  void vectorizeRows() {
    Operation *root = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::CopyOp> copies;
    root->walk([&](linalg::CopyOp copy) {
      if (copy.hasPureBufferSemantics() && !copy.hasDynamicShape() &&
          copy.getRank(copy.getDpsInitOperand(0)) > 0)
        copies.push_back(copy);
    });
    for (linalg::CopyOp copy : copies) {
      FailureOr<std::pair<linalg::LinalgOp, std::optional<unsigned>>> blocks =
          distributeOutermost(rewriter, copy, minParallelElements);
      if (failed(blocks) || failed(tileIntoRows(rewriter, blocks->first, lanes,
                                                kRowMarker, blocks->second)))
        return signalPassFailure();
    }
    vectorizeWholeTiles(rewriter, root, kRowMarker);
    dropUnitVectorDims(root);
  }
};
} // namespace

void mlir::nn::populateStridedCopiesToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<StridedCopyToLinalg>(patterns.getContext());
}
