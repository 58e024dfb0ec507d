//===- ContiguousStridedReads.cpp - strided vector reads as shuffles ------===//
//
// A vector read along a dim of stride s > 1 (a stride-2 convolution's or
// pooling's window taps, the im2col of a strided convolution) lowers to one
// scalar load and insert per lane. Read instead the contiguous span that
// holds the lanes, as one masked load (the mask stops at the last lane, so
// nothing past the view is touched), and pick every s-th element with a
// shuffle: two vector loads and a permute for stride 2.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_CONTIGUOUSSTRIDEDREADS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Larger strides read more than this many times the lanes they keep.
constexpr int64_t kMaxStride = 4;

struct StridedReadAsShuffle : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto sourceType = dyn_cast<MemRefType>(read.getBase().getType());
    VectorType vectorType = read.getVectorType();
    if (!sourceType || vectorType.getRank() != 1 || read.getMask() ||
        !read.getPermutationMap().isMinorIdentity() ||
        !read.getInBoundsValues().front())
      return rewriter.notifyMatchFailure(read, "not an in-bounds row read");
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(sourceType.getStridesAndOffset(strides, offset)))
      return rewriter.notifyMatchFailure(read, "no strided layout");
    int64_t stride = strides.back();
    int64_t lanes = vectorType.getDimSize(0);
    if (ShapedType::isDynamic(stride) || stride < 2 || stride > kMaxStride ||
        lanes < 2)
      return rewriter.notifyMatchFailure(read, "not a small static stride");

    Location loc = read.getLoc();
    // The element where the first lane is, in the underlying buffer.
    auto metadata =
        memref::ExtractStridedMetadataOp::create(rewriter, loc, read.getBase());
    Value start = metadata.getOffset();
    for (auto [index, dimStride] :
         llvm::zip_equal(read.getIndices(), metadata.getStrides()))
      start = arith::AddIOp::create(
          rewriter, loc, start,
          arith::MulIOp::create(rewriter, loc, index, dimStride));
    int64_t span = (lanes - 1) * stride + 1;
    Type element = vectorType.getElementType();
    auto spanType = MemRefType::get(
        {span}, element,
        StridedLayoutAttr::get(getContext(), ShapedType::kDynamic, {1}));
    Value contiguous = memref::ReinterpretCastOp::create(
        rewriter, loc, spanType, metadata.getBaseBuffer(), OpFoldResult(start),
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(span)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});

    int64_t loaded = lanes * stride;
    auto loadedType = VectorType::get({loaded}, element);
    SmallVector<bool> inSpan(loaded, false);
    std::fill_n(inSpan.begin(), span, true);
    Value mask = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(VectorType::get({loaded}, rewriter.getI1Type()),
                               inSpan));
    Value passThrough = vector::BroadcastOp::create(rewriter, loc, loadedType,
                                                    read.getPadding());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value row =
        vector::MaskedLoadOp::create(rewriter, loc, loadedType, contiguous,
                                     ValueRange{zero}, mask, passThrough);
    SmallVector<int64_t> everyStride;
    for (int64_t lane = 0; lane < lanes; ++lane)
      everyStride.push_back(lane * stride);
    rewriter.replaceOpWithNewOp<vector::ShuffleOp>(read, row, row, everyStride);
    return success();
  }
};

struct ContiguousStridedReadsPass
    : public nn::impl::ContiguousStridedReadsBase<ContiguousStridedReadsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateContiguousStridedReadsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::nn::populateContiguousStridedReadsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<StridedReadAsShuffle>(patterns.getContext());
}
