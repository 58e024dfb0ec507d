//===- FoldSupport.h - pieces shared by the fold rewrites -----*- C++ -*-===//
//
// The backward fold (a per-channel affine op into the conv2d/dense before
// it) and the forward fold (a batch_norm into the conv2d/dense after it)
// read the same op fields, describe a batch_norm the same way and build
// their results the same way.
//
//===----------------------------------------------------------------------===//

#ifndef NN_LIB_DIALECT_NN_IR_FOLDSUPPORT_H
#define NN_LIB_DIALECT_NN_IR_FOLDSUPPORT_H

#include "nn/Dialect/NN/IR/BatchNormFolding.h"
#include "nn/Dialect/NN/IR/ConstantTensor.h"

#include "llvm/ADT/SetVector.h"

#include <vector>

namespace mlir::nn::folding {

/// Shortest readable form of a number in a remark: 0.5, 120000, -inf, nan.
std::string formatNumber(double value);

/// Fills `refusal` and returns failure.
inline LogicalResult refuse(FoldRefusal &refusal, FoldRefusalReason reason,
                            std::string detail) {
  refusal = FoldRefusal{reason, std::move(detail)};
  return failure();
}

/// The fields of conv2d, conv_transpose2d and dense that the folds read.
struct LinearOp {
  Operation *op;
  Value input;
  Value weight;
  Value bias; // null when absent
  Activation activation;
};

std::optional<LinearOp> asLinearOp(Operation *op);

/// A value and the layout ops (nn.transpose, nn.flatten) applied to it in
/// turn to give another: the batch norm's input is the last one's result.
struct LayoutPath {
  Value source;
  /// Nearest the end first; empty when the value is the source itself.
  SmallVector<Operation *> layoutOps;
};

/// Walks back from `value` through nn.transpose and nn.flatten ops.
LayoutPath followLayoutOps(Value value);

/// Which output channel each element of a linear op's weight feeds: dim 0
/// of conv2d [O, I/g, kH, kW] and dense [out, in]; for conv_transpose2d
/// [I, O/g, kH, kW], dim 1 offset by the group of dim 0.
struct OutputChannelMap {
  int64_t channels;
  bool leading;              ///< the channel is dim 0: rows of the weight
  int64_t rowsPerGroup = 1;  ///< conv_transpose2d: I / groups
  int64_t perGroup = 1;      ///< conv_transpose2d: O / groups
  int64_t taps = 1;          ///< conv_transpose2d: kH * kW
  int64_t elements = 0;
  int64_t operator()(int64_t index) const {
    if (leading)
      return index / (elements / channels);
    int64_t row = index / (perGroup * taps);
    return row / rowsPerGroup * perGroup + index / taps % perGroup;
  }
};

OutputChannelMap outputChannelMap(const LinearOp &linear,
                                  RankedTensorType weightType);

/// A copy of `linear` reading `input`, `weight` and `bias` instead of its own.
Value rebuildLinearOp(RewriterBase &rewriter, Location loc,
                      const LinearOp &linear, Value input, Value weight,
                      Value bias);

/// Per channel c: y = (x - center[c]) * scale[c] + shift[c]. A batch_norm
/// is (mean, gamma / sqrt(variance + epsilon), beta); a per-channel mul or
/// add has center 0 and the identity in the other slot.
struct ChannelAffine {
  std::vector<double> center, scale, shift;
  size_t channels() const { return scale.size(); }
  /// y = x * scale + offset(c): the shift with the center folded in.
  double offset(size_t c) const { return shift[c] - center[c] * scale[c]; }
};

/// The affine map of `bn` over `channels` channels, or a refusal
/// (non-constant parameters, a parameter of another length, variance +
/// epsilon <= 0). `channelsOf` ends the mismatch message: "the weight of
/// 'nn.conv2d' has 4 output channels".
FailureOr<ChannelAffine> batchNormAffine(BatchNormOp bn, int64_t channels,
                                         StringRef channelsOf,
                                         FoldRefusal &refusal);

/// The affine map of a per-channel nn.mul or nn.add (`op`, reading `input`
/// and a constant), or a refusal (non-constant, not per channel).
FailureOr<ChannelAffine> channelOpAffine(Operation *op, Value input,
                                         FoldRefusal &refusal);

/// Refuses a fold whose new weight, a second copy of `weight`, would take
/// more than half of the machine's memory (a shape that verifies can).
LogicalResult checkFoldedWeightFits(const FloatConstant &weight,
                                    FoldRefusal &refusal);

/// The conv2d or dense that reads `bn`'s result as its input, when that is
/// the result's only use; null otherwise. The forward fold targets it.
Operation *forwardFoldTarget(BatchNormOp bn);

/// Folds `bn` into the conv2d/dense that produces its input, or leaves the
/// IR unchanged and fills `refusal`.
LogicalResult foldBatchNormBackward(RewriterBase &rewriter, BatchNormOp bn,
                                    FoldRefusal &refusal);

/// Why `bn` cannot be folded into forwardFoldTarget(bn) (which must
/// exist), or std::nullopt when it can.
std::optional<FoldRefusal> explainForwardFold(BatchNormOp bn);

/// Folds `bn` into forwardFoldTarget(bn) (which must exist), or leaves the
/// IR unchanged and fills `refusal`.
LogicalResult foldBatchNormForward(RewriterBase &rewriter, BatchNormOp bn,
                                   FoldRefusal &refusal);

/// A constant the rewrite creates at `rewriter`'s insertion point.
Value createConstant(RewriterBase &rewriter, Location loc, ElementsAttr value);

/// Erases the ops of `candidates` (old constants) that have no users left.
void eraseIfUnused(RewriterBase &rewriter,
                   const llvm::SetVector<Operation *> &candidates);

/// Refusal for an `Overflow` of `what` (e.g. "folded bias at channel 3").
std::string notFiniteDetail(StringRef what, double value, Type elementType);

} // namespace mlir::nn::folding

#endif // NN_LIB_DIALECT_NN_IR_FOLDSUPPORT_H
