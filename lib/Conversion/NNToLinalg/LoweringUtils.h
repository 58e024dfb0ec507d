//===- LoweringUtils.h - shared pieces of the nn lowering -----*- C++ -*-===//

#ifndef NN_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
#define NN_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H

#include "nn/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nn {

/// A match failure naming the op unless all its operand and result types
/// have static shapes.
LogicalResult requireStaticShapes(Operation *op, PatternRewriter &rewriter);

/// A scalar constant of float type `type`.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value);

/// A tensor of `type` filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// `input` (NCHW) padded by (top, left, bottom, right) with `value`;
/// `input` itself when the padding is zero.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padding, double value);

/// Maps a result index space onto an operand of the same rank, where each
/// size-1 dim of the operand that is not size 1 in the result broadcasts.
AffineMap broadcastMap(RankedTensorType operand, RankedTensorType result);

/// Maps a rank-`rank` index space onto a per-channel vector (dim `axis`).
AffineMap channelMap(MLIRContext *context, int64_t rank, int64_t axis = 1);

using ScalarBody = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// An all-parallel linalg.generic producing `resultType`, reading `inputs`
/// through `inputMaps` and computing each element with `body`.
Value mapElements(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                  ScalarBody body);

/// `x` with the fused activation applied (x itself for `none`).
Value applyActivation(OpBuilder &b, Location loc, Value x,
                      Activation activation);

/// max(x, 0) and min(max(x, lo), hi) on scalars.
Value scalarRelu(OpBuilder &b, Location loc, Value x);
Value scalarClamp(OpBuilder &b, Location loc, Value x, double lo, double hi);

/// A tensor of `resultType` holding `bias` along dim 1 (or zeros when null):
/// the accumulator that conv2d and dense add their products to.
Value biasAccumulator(OpBuilder &b, Location loc, RankedTensorType resultType,
                      Value bias);

} // namespace mlir::nn

#endif // NN_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
