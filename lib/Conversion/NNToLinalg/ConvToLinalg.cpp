//===- ConvToLinalg.cpp - nn convolutions to linalg convolutions ----------===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nn;

namespace {
/// `value` with dim `dim` split into [groups, size / groups], and the
/// reassociation that collapses it back.
std::pair<Value, SmallVector<ReassociationIndices>>
splitGroups(OpBuilder &b, Location loc, Value value, int64_t dim,
            int64_t groups) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] /= groups;
  shape.insert(shape.begin() + dim, groups);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, e = type.getRank(); i < e; ++i)
    reassociation.push_back(i < dim    ? ReassociationIndices{i}
                            : i == dim ? ReassociationIndices{i, i + 1}
                                       : ReassociationIndices{i + 1});
  return {tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                        reassociation),
          reassociation};
}

/// Picks the linalg op for the group structure: dense, depthwise
/// (one filter per channel) or general grouped convolution.
Value convolve(OpBuilder &b, Location loc, Value input, Value weight,
               Value accumulator, Attribute strides, Attribute dilations,
               int64_t groups) {
  auto resultType = cast<RankedTensorType>(accumulator.getType());
  int64_t channels = cast<RankedTensorType>(input.getType()).getDimSize(1);
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
  auto [groupedInput, inputReassociation] = splitGroups(b, loc, input, 1, groups);
  auto [groupedFilter, filterReassociation] = splitGroups(b, loc, weight, 0, groups);
  auto [groupedAccumulator, resultReassociation] =
      splitGroups(b, loc, accumulator, 1, groups);
  Value grouped =
      linalg::Conv2DNgchwGfchwOp::create(
          b, loc, groupedAccumulator.getType(),
          ValueRange{groupedInput, groupedFilter}, groupedAccumulator,
          strides, dilations)
          .getResult(0);
  return tensor::CollapseShapeOp::create(b, loc, resultType, grouped,
                                         resultReassociation);
}

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
    Value conv = convolve(rewriter, loc, input, adaptor.getWeight(),
                          accumulator, strides, dilations, op.getGroups());
    rewriter.replaceOp(op,
                       applyActivation(rewriter, loc, conv, op.getActivation()));
    return success();
  }
};
/// The conv2d weight [O, C/groups, kH, kW] equivalent to a transposed
/// conv's [C, O/groups, kH, kW]: flipped in kH and kW, and with input and
/// output channels swapped within each group.
Value flipTransposedWeight(OpBuilder &b, Location loc, Value weight,
                           int64_t groups) {
  auto [grouped, reassociation] = splitGroups(b, loc, weight, 0, groups);
  auto type = cast<RankedTensorType>(grouped.getType()); // [G, C/G, O/G, kH, kW]
  ArrayRef<int64_t> shape = type.getShape();
  auto flippedType =
      type.clone({shape[0], shape[2], shape[1], shape[3], shape[4]});
  MLIRContext *context = b.getContext();
  AffineExpr g, o, i, y, x;
  bindDims(context, g, o, i, y, x);
  AffineMap read = AffineMap::get(
      5, 0, {g, i, o, shape[3] - 1 - y, shape[4] - 1 - x}, context);
  Value flipped = mapElements(b, loc, flippedType, grouped, read,
                              [](OpBuilder &, Location, ValueRange args) {
                                return args[0];
                              });
  auto resultType = RankedTensorType::get(
      {shape[0] * shape[2], shape[1], shape[3], shape[4]},
      type.getElementType());
  return tensor::CollapseShapeOp::create(b, loc, resultType, flipped,
                                         reassociation);
}

/// conv_transpose2d as a stride-1 conv2d: the input spread out with
/// stride - 1 zeros between pixels, padded by dilation * (k - 1) - padding
/// (plus output_padding after), and convolved with the flipped weight.
/// Where padding exceeds dilation * (k - 1) the excess is cropped from the
/// result instead.
struct ConvTranspose2dLowering : OpConversionPattern<ConvTranspose2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvTranspose2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType();
    RankedTensorType resultType = op.getType();
    ArrayRef<int64_t> in = inputType.getShape();
    ArrayRef<int64_t> kernel = op.getWeight().getType().getShape().drop_front(2);
    SmallVector<int64_t> spreadShape(in), padBefore(2), crop(2),
        convShape(resultType.getShape());
    for (int axis = 0; axis < 2; ++axis) {
      int64_t extent = op.getDilations()[axis] * (kernel[axis] - 1);
      int64_t before = extent - op.getPadding()[axis];
      int64_t after = extent - op.getPadding()[axis + 2] +
                      op.getOutputPadding()[axis];
      padBefore[axis] = std::max<int64_t>(before, 0);
      crop[axis] = std::max<int64_t>(-before, 0);
      spreadShape[2 + axis] = (in[2 + axis] - 1) * op.getStrides()[axis] + 1 +
                              padBefore[axis] + std::max<int64_t>(after, 0);
      convShape[2 + axis] = spreadShape[2 + axis] - extent;
    }
    Value zeros = filledTensor(rewriter, loc, inputType.clone(spreadShape), 0.0);
    Value spread = tensor::InsertSliceOp::create(
        rewriter, loc, adaptor.getInput(), zeros,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(padBefore[0]),
                               rewriter.getIndexAttr(padBefore[1])},
        getAsIndexOpFoldResult(rewriter.getContext(), in),
        getAsIndexOpFoldResult(rewriter.getContext(),
                               {1, 1, op.getStrides()[0], op.getStrides()[1]}));
    int64_t groups = op.getGroups();
    Value weight =
        flipTransposedWeight(rewriter, loc, adaptor.getWeight(), groups);
    Value accumulator = biasAccumulator(
        rewriter, loc, resultType.clone(convShape), adaptor.getBias());
    Value conv = convolve(rewriter, loc, spread, weight, accumulator,
                          rewriter.getI64VectorAttr({1, 1}),
                          rewriter.getI64VectorAttr(op.getDilations()), groups);
    if (convShape != SmallVector<int64_t>(resultType.getShape()))
      conv = tensor::ExtractSliceOp::create(
          rewriter, loc, resultType, conv,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(crop[0]),
                                 rewriter.getIndexAttr(crop[1])},
          getAsIndexOpFoldResult(rewriter.getContext(), resultType.getShape()),
          getAsIndexOpFoldResult(rewriter.getContext(), {1, 1, 1, 1}));
    rewriter.replaceOp(op,
                       applyActivation(rewriter, loc, conv, op.getActivation()));
    return success();
  }
};
} // namespace

void mlir::nn::populateNNConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, ConvTranspose2dLowering>(patterns.getContext());
}
