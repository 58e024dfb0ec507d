//===- NormToLinalg.cpp - nn.batch_norm to linalg.generic -----------------===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::nn;

namespace {
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    RankedTensorType type = op.getType();
    AffineMap channel = channelMap(rewriter.getContext(), type.getRank(), op.getAxis());
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    double epsilon = op.getEpsilon().convertToDouble();
    // (x - mean) * (scale / sqrt(variance + epsilon)) + offset
    Value result = mapElements(
        rewriter, op.getLoc(), type,
        {adaptor.getInput(), adaptor.getScale(), adaptor.getOffset(),
         adaptor.getMean(), adaptor.getVariance()},
        {identity, channel, channel, channel, channel},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x = args[0], scale = args[1], offset = args[2],
                mean = args[3], variance = args[4];
          Value eps = floatConstant(b, loc, x.getType(), epsilon);
          Value stddev = math::SqrtOp::create(
              b, loc, arith::AddFOp::create(b, loc, variance, eps));
          Value factor = arith::DivFOp::create(b, loc, scale, stddev);
          Value centered = arith::SubFOp::create(b, loc, x, mean);
          return arith::AddFOp::create(
              b, loc, arith::MulFOp::create(b, loc, centered, factor), offset);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::nn::populateNNNormToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering>(patterns.getContext());
}
