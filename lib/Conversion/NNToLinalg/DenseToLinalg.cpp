//===- DenseToLinalg.cpp - nn.dense to linalg.matmul ----------------------===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::nn;

namespace {
struct DenseLowering : OpConversionPattern<DenseOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DenseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Value accumulator =
        biasAccumulator(rewriter, loc, resultType, adaptor.getBias());
    // result[n, o] += input[n, k] * weight[o, k]: the [out, in] weight is
    // read transposed through its indexing map, without a copy.
    MLIRContext *context = rewriter.getContext();
    AffineExpr n, o, k;
    bindDims(context, n, o, k);
    auto maps = rewriter.getAffineMapArrayAttr(
        {AffineMap::get(3, 0, {n, k}, context),
         AffineMap::get(3, 0, {o, k}, context),
         AffineMap::get(3, 0, {n, o}, context)});
    Value product =
        linalg::MatmulOp::create(
            rewriter, loc, TypeRange{resultType},
            ValueRange{adaptor.getInput(), adaptor.getWeight()}, accumulator,
            {rewriter.getNamedAttr("indexing_maps", maps)})
            .getResult(0);
    rewriter.replaceOp(
        op, applyActivation(rewriter, loc, product, op.getActivation()));
    return success();
  }
};
} // namespace

void mlir::nn::populateNNDenseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DenseLowering>(patterns.getContext());
}
