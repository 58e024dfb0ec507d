//===- PoolToLinalg.cpp - nn pooling to linalg.pooling_nchw_* -------------===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Sum (or max) over kernel windows of the padded input.
template <typename PoolingOp>
Value poolWindows(OpBuilder &b, Location loc, Value paddedInput,
                  RankedTensorType resultType, ArrayRef<int64_t> kernel,
                  ArrayRef<int64_t> strides, double initial) {
  Value window =
      tensor::EmptyOp::create(b, loc, kernel, resultType.getElementType());
  Value init = filledTensor(b, loc, resultType, initial);
  int64_t noDilation[] = {1, 1};
  return PoolingOp::create(b, loc, resultType, ValueRange{paddedInput, window},
                           init, b.getI64VectorAttr(strides),
                           b.getI64VectorAttr(noDilation))
      .getResult(0);
}

/// `sums` divided elementwise by `divisor` broadcast through `divisorMap`.
Value divideBy(OpBuilder &b, Location loc, Value sums, Value divisor,
               AffineMap divisorMap) {
  auto type = cast<RankedTensorType>(sums.getType());
  return mapElements(b, loc, type, {sums, divisor},
                     {b.getMultiDimIdentityMap(4), divisorMap},
                     [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                       return arith::DivFOp::create(nested, nestedLoc, args[0],
                                                    args[1]);
                     });
}

/// Number of unpadded input positions in each window along one axis.
SmallVector<int64_t> windowCounts(int64_t input, int64_t output, int64_t kernel,
                                  int64_t stride, int64_t padBefore) {
  SmallVector<int64_t> counts;
  for (int64_t o = 0; o < output; ++o) {
    int64_t start = o * stride - padBefore;
    counts.push_back(std::min(start + kernel, input) - std::max(start, int64_t(0)));
  }
  return counts;
}

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    double lowest = -std::numeric_limits<double>::infinity();
    Value padded = padSpatial(rewriter, op.getLoc(), adaptor.getInput(),
                              op.getPadding(), lowest);
    rewriter.replaceOp(op, poolWindows<linalg::PoolingNchwMaxOp>(
                               rewriter, op.getLoc(), padded, op.getType(),
                               op.getKernel(), op.getStrides(), lowest));
    return success();
  }
};

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      padding = op.getPadding();
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), padding, 0.0);
    Value sums = poolWindows<linalg::PoolingNchwSumOp>(
        rewriter, loc, padded, type, kernel, strides, 0.0);

    // Divisors per output position, [Ho, Wo]: the window size, or with
    // count_include_pad = false the number of unpadded elements in it.
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    int64_t outH = type.getDimSize(2), outW = type.getDimSize(3);
    SmallVector<int64_t> rows(outH, kernel[0]), cols(outW, kernel[1]);
    if (!op.getCountIncludePad()) {
      rows = windowCounts(in[2], outH, kernel[0], strides[0], padding[0]);
      cols = windowCounts(in[3], outW, kernel[1], strides[1], padding[1]);
    }
    auto countType = RankedTensorType::get({outH, outW}, type.getElementType());
    SmallVector<Attribute> counts;
    for (int64_t r : rows)
      for (int64_t c : cols)
        counts.push_back(rewriter.getFloatAttr(type.getElementType(), r * c));
    Value divisor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(countType, counts));
    MLIRContext *context = rewriter.getContext();
    AffineMap spatial = AffineMap::get(
        4, 0, {getAffineDimExpr(2, context), getAffineDimExpr(3, context)},
        context);
    rewriter.replaceOp(op, divideBy(rewriter, loc, sums, divisor, spatial));
    return success();
  }
};

struct GlobalAvgPool2dLowering : OpConversionPattern<GlobalAvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    int64_t window[] = {in[2], in[3]}, unitStrides[] = {1, 1};
    Value sums = poolWindows<linalg::PoolingNchwSumOp>(
        rewriter, loc, adaptor.getInput(), op.getType(), window, unitStrides,
        0.0);
    Value area = floatConstant(rewriter, loc, op.getType().getElementType(),
                               double(in[2] * in[3]));
    AffineMap scalar = AffineMap::get(4, 0, {}, rewriter.getContext());
    Value areaTensor = tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, area.getType()), area);
    rewriter.replaceOp(op, divideBy(rewriter, loc, sums, areaTensor, scalar));
    return success();
  }
};
} // namespace

void mlir::nn::populateNNPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, GlobalAvgPool2dLowering>(
      patterns.getContext());
}
