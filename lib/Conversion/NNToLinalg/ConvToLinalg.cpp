//===- ConvToLinalg.cpp - nn.conv2d to linalg convolutions ----------------===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nn;

namespace {
struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(),
                             op.getPadding(), 0.0);
    Value accumulator =
        biasAccumulator(rewriter, loc, resultType, adaptor.getBias());
    Attribute strides = rewriter.getI64VectorAttr(op.getStrides());
    Attribute dilations = rewriter.getI64VectorAttr(op.getDilations());
    Value conv = convolve(rewriter, loc, op, input, adaptor.getWeight(),
                          accumulator, strides, dilations);
    rewriter.replaceOp(op,
                       applyActivation(rewriter, loc, conv, op.getActivation()));
    return success();
  }

private:
  /// Picks the linalg op for the group structure: dense, depthwise
  /// (one filter per channel) or general grouped convolution.
  static Value convolve(OpBuilder &b, Location loc, Conv2dOp op, Value input,
                        Value weight, Value accumulator, Attribute strides,
                        Attribute dilations) {
    RankedTensorType resultType = op.getType();
    int64_t groups = op.getGroups();
    int64_t channels = op.getInput().getType().getDimSize(1);
    int64_t outChannels = resultType.getDimSize(1);
    if (groups == 1)
      return linalg::Conv2DNchwFchwOp::create(b, loc, resultType,
                                              ValueRange{input, weight},
                                              accumulator, strides, dilations)
          .getResult(0);
    if (groups == channels && groups == outChannels) {
      // [C, 1, kH, kW] -> [C, kH, kW]
      Value filter = tensor::CollapseShapeOp::create(
          b, loc, weight, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
      return linalg::DepthwiseConv2DNchwChwOp::create(
                 b, loc, resultType, ValueRange{input, filter}, accumulator,
                 strides, dilations)
          .getResult(0);
    }
    // [N, C, H, W] -> [N, G, C/G, H, W]; [O, C/G, kH, kW] -> [G, O/G, C/G,
    // kH, kW]; the result [N, G, O/G, Ho, Wo] collapses back to NCHW.
    auto splitGroups = [&](Value value, int64_t dim) {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape());
      shape[dim] /= groups;
      shape.insert(shape.begin() + dim, groups);
      SmallVector<ReassociationIndices> reassociation;
      for (int64_t i = 0, e = type.getRank(); i < e; ++i)
        reassociation.push_back(i < dim    ? ReassociationIndices{i}
                                : i == dim ? ReassociationIndices{i, i + 1}
                                           : ReassociationIndices{i + 1});
      return std::make_pair(
          Value(tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                              reassociation)),
          reassociation);
    };
    auto [groupedInput, inputReassociation] = splitGroups(input, 1);
    auto [groupedFilter, filterReassociation] = splitGroups(weight, 0);
    auto [groupedAccumulator, resultReassociation] =
        splitGroups(accumulator, 1);
    Value grouped =
        linalg::Conv2DNgchwGfchwOp::create(
            b, loc, groupedAccumulator.getType(),
            ValueRange{groupedInput, groupedFilter}, groupedAccumulator,
            strides, dilations)
            .getResult(0);
    return tensor::CollapseShapeOp::create(b, loc, resultType, grouped,
                                           resultReassociation);
  }
};
} // namespace

void mlir::nn::populateNNConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering>(patterns.getContext());
}
