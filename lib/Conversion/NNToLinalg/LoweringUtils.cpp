#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nn;

LogicalResult mlir::nn::requireStaticShapes(Operation *op,
                                            PatternRewriter &rewriter) {
  auto isStatic = [](Type type) {
    return cast<RankedTensorType>(type).hasStaticShape();
  };
  if (llvm::all_of(op->getOperandTypes(), isStatic) &&
      llvm::all_of(op->getResultTypes(), isStatic))
    return success();
  return rewriter.notifyMatchFailure(
      op, "the lowering needs static shapes; this op has a dynamic dim");
}

Value mlir::nn::floatConstant(OpBuilder &b, Location loc, Type type,
                              double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value mlir::nn::filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                             double value) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(),
                                        type.getElementType());
  Value scalar = floatConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value mlir::nn::padSpatial(OpBuilder &b, Location loc, Value input,
                           ArrayRef<int64_t> padding, double value) {
  if (llvm::all_of(padding, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(padding[0]),
                                   b.getIndexAttr(padding[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(padding[2]),
                                    b.getIndexAttr(padding[3])};
  Value padValue = floatConstant(b, loc, type.getElementType(), value);
  return tensor::PadOp::create(b, loc, nn::PadOp::getPaddedType(type, padding),
                               input, low, high, padValue);
}

AffineMap mlir::nn::broadcastMap(RankedTensorType operand,
                                 RankedTensorType result) {
  MLIRContext *context = operand.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < operand.getRank(); ++i)
    exprs.push_back(operand.getDimSize(i) == 1 && result.getDimSize(i) != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(i, context));
  return AffineMap::get(result.getRank(), 0, exprs, context);
}

AffineMap mlir::nn::channelMap(MLIRContext *context, int64_t rank,
                               int64_t axis) {
  return AffineMap::get(rank, 0, getAffineDimExpr(axis, context));
}

Value mlir::nn::mapElements(OpBuilder &b, Location loc,
                            RankedTensorType resultType, ValueRange inputs,
                            ArrayRef<AffineMap> inputMaps, ScalarBody body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

// Compare and select rather than arith.maximumf/minimumf: those lower to
// llvm.maximum/minimum, which x86 has no instruction for, and LLVM's cost
// model then leaves the loops scalar (a relu6 pass ran 9x slower than
// PyTorch's). An ordered comparison is false for NaN, so NaN still passes
// through, as in maximumf.

/// `bound` where `x` is on the wrong side of it (`predicate`), else `x`.
static Value selectBound(OpBuilder &b, Location loc, Value x, double bound,
                         arith::CmpFPredicate predicate) {
  Value limit = floatConstant(b, loc, x.getType(), bound);
  Value beyond = arith::CmpFOp::create(b, loc, predicate, x, limit);
  return arith::SelectOp::create(b, loc, beyond, limit, x);
}

Value mlir::nn::scalarRelu(OpBuilder &b, Location loc, Value x) {
  return selectBound(b, loc, x, 0.0, arith::CmpFPredicate::OLT);
}

Value mlir::nn::scalarClamp(OpBuilder &b, Location loc, Value x, double lo,
                            double hi) {
  Value raised = selectBound(b, loc, x, lo, arith::CmpFPredicate::OLT);
  return selectBound(b, loc, raised, hi, arith::CmpFPredicate::OGT);
}

Value mlir::nn::applyActivation(OpBuilder &b, Location loc, Value x,
                                Activation activation) {
  if (activation == Activation::none)
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  return mapElements(b, loc, type, x, identity,
                     [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                       if (activation == Activation::relu)
                         return scalarRelu(nested, nestedLoc, args[0]);
                       return scalarClamp(nested, nestedLoc, args[0], 0.0, 6.0);
                     });
}

Value mlir::nn::biasAccumulator(OpBuilder &b, Location loc,
                                RankedTensorType resultType, Value bias) {
  if (!bias)
    return filledTensor(b, loc, resultType, 0.0);
  AffineMap map = channelMap(b.getContext(), resultType.getRank());
  return mapElements(
      b, loc, resultType, bias, map,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}
