//===- ElementwiseToLinalg.cpp - nn elementwise ops to linalg.generic -----===//

#include "LoweringUtils.h"
#include "nn/Conversion/NNToLinalg/NNToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::nn;

namespace {
Value scalarSigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = floatConstant(b, loc, x.getType(), 1.0);
  Value expNeg = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, expNeg));
}

/// relu6(x + 3) / 6, with the divide as a multiply by the float nearest
/// 1/6: within an ulp of the divide, far below the tolerance of any
/// comparison, and a multiply per element is much cheaper than a divide.
Value scalarHardSigmoid(OpBuilder &b, Location loc, Value x) {
  Value shifted =
      arith::AddFOp::create(b, loc, x, floatConstant(b, loc, x.getType(), 3.0));
  return arith::MulFOp::create(b, loc, scalarClamp(b, loc, shifted, 0.0, 6.0),
                               floatConstant(b, loc, x.getType(), 1.0 / 6.0));
}

/// Lowers an op whose operands all broadcast to its result, elementwise.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireStaticShapes(op, rewriter)))
      return failure();
    auto resultType = cast<RankedTensorType>(op.getType());
    SmallVector<AffineMap> maps;
    for (Value operand : adaptor.getOperands())
      maps.push_back(
          broadcastMap(cast<RankedTensorType>(operand.getType()), resultType));
    rewriter.replaceOp(op, mapElements(rewriter, op.getLoc(), resultType,
                                       adaptor.getOperands(), maps,
                                       [&](OpBuilder &b, Location loc,
                                           ValueRange args) {
                                         return compute(op, b, loc, args);
                                       }));
    return success();
  }

  static Value compute(OpTy op, OpBuilder &b, Location loc, ValueRange args);
};

template <>
Value ElementwiseLowering<ReluOp>::compute(ReluOp, OpBuilder &b, Location loc,
                                           ValueRange args) {
  return scalarRelu(b, loc, args[0]);
}

template <>
Value ElementwiseLowering<ClampOp>::compute(ClampOp op, OpBuilder &b,
                                            Location loc, ValueRange args) {
  return scalarClamp(b, loc, args[0], op.getMin().convertToDouble(),
                     op.getMax().convertToDouble());
}

template <>
Value ElementwiseLowering<SigmoidOp>::compute(SigmoidOp, OpBuilder &b,
                                              Location loc, ValueRange args) {
  return scalarSigmoid(b, loc, args[0]);
}

template <>
Value ElementwiseLowering<SiluOp>::compute(SiluOp, OpBuilder &b, Location loc,
                                           ValueRange args) {
  return arith::MulFOp::create(b, loc, args[0],
                               scalarSigmoid(b, loc, args[0]));
}

template <>
Value ElementwiseLowering<HardSigmoidOp>::compute(HardSigmoidOp, OpBuilder &b,
                                                  Location loc,
                                                  ValueRange args) {
  return scalarHardSigmoid(b, loc, args[0]);
}

template <>
Value ElementwiseLowering<HardSwishOp>::compute(HardSwishOp, OpBuilder &b,
                                                Location loc, ValueRange args) {
  return arith::MulFOp::create(b, loc, args[0],
                               scalarHardSigmoid(b, loc, args[0]));
}

template <>
Value ElementwiseLowering<AddOp>::compute(AddOp, OpBuilder &b, Location loc,
                                          ValueRange args) {
  return arith::AddFOp::create(b, loc, args[0], args[1]);
}

template <>
Value ElementwiseLowering<MulOp>::compute(MulOp, OpBuilder &b, Location loc,
                                          ValueRange args) {
  return arith::MulFOp::create(b, loc, args[0], args[1]);
}
} // namespace

void mlir::nn::populateNNElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<ReluOp>, ElementwiseLowering<ClampOp>,
               ElementwiseLowering<SigmoidOp>, ElementwiseLowering<SiluOp>,
               ElementwiseLowering<HardSigmoidOp>,
               ElementwiseLowering<HardSwishOp>,
               ElementwiseLowering<AddOp>, ElementwiseLowering<MulOp>>(
      patterns.getContext());
}
