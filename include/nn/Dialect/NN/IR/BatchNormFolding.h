//===- BatchNormFolding.h - fold batch_norm into conv2d/dense -*- C++ -*-===//
//
// With s = scale / sqrt(variance + epsilon), a batch_norm after a conv2d,
// conv_transpose2d or dense with no activation is the same op with
// W' = W * s along the output channels and b' = (b - mean) * s + offset. The same fold applies to
//  - a batch_norm behind a fused relu when every s > 0 (the offset stays as
//    a per-channel nn.add after the relu),
//  - a decomposed batch_norm: nn.mul / nn.add by a per-channel constant,
//  - a batch_norm before a conv2d or dense (per input channel; a padded
//    conv then reads its input padded with -t / s per channel, nn.pad),
//  - a batch_norm or mul/add that sees the producer's result through
//    nn.transpose / nn.flatten ops taking its channels to the axis it
//    works on (NHWC, BatchNorm1d).
// This is the one implementation of these folds: the canonicalization
// patterns, the fold-batchnorm pass and downstream compilers all use it.
// See docs/FoldBatchNorm.md.
//
//===----------------------------------------------------------------------===//

#ifndef NN_DIALECT_NN_IR_BATCHNORMFOLDING_H
#define NN_DIALECT_NN_IR_BATCHNORMFOLDING_H

#include "nn/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <string>

namespace mlir::nn {

/// Why a batch_norm is not folded. Each has a stable code (see
/// getFoldRefusalCode) used in remarks and pass statistics.
enum class FoldRefusalReason {
  UnsupportedProducer, ///< input is not produced by nn.conv2d or nn.dense
  Activation,          ///< the producer's activation does not commute
  NonPositiveScale,    ///< behind a relu, a channel's scale is <= 0
  MultiUse,            ///< the producer's result has users besides the BN
  NonConstant,         ///< a weight, bias or BN parameter is not a constant
  ChannelMismatch,     ///< BN channels differ from the producer's outputs
  ChannelAxis,         ///< BN axis is not the producer's channels
  NotPerChannel,       ///< a mul/add constant varies along other dims
  NonPositiveVariance, ///< variance + epsilon <= 0 (or NaN) for a channel
  Padding,             ///< BN before a padded conv: a channel's s = 0, t != 0
  Overflow,            ///< a folded value is not finite in the element type
  TooLarge,            ///< the folded weight does not fit in memory
};

/// Every reason, in the order of the enum.
inline constexpr FoldRefusalReason kFoldRefusalReasons[] = {
    FoldRefusalReason::UnsupportedProducer, FoldRefusalReason::Activation,
    FoldRefusalReason::NonPositiveScale,    FoldRefusalReason::MultiUse,
    FoldRefusalReason::NonConstant,         FoldRefusalReason::ChannelMismatch,
    FoldRefusalReason::ChannelAxis,         FoldRefusalReason::NotPerChannel,       FoldRefusalReason::NonPositiveVariance,
    FoldRefusalReason::Padding,             FoldRefusalReason::Overflow,
    FoldRefusalReason::TooLarge};

/// The reason's stable code: "unsupported-producer", "activation",
/// "non-positive-scale", "multi-use", "non-constant", "channel-mismatch",
/// "channel-axis", "not-per-channel", "non-positive-variance", "padding", "overflow" or
/// "too-large".
StringRef getFoldRefusalCode(FoldRefusalReason reason);

struct FoldRefusal {
  FoldRefusalReason reason;
  /// The numbers involved, e.g. "variance + epsilon = -0.5 at channel 3".
  std::string detail;
};

/// Why `bn` cannot be folded, or std::nullopt when it can. The reason is
/// the one for its producer; when its only user is a conv2d or dense, the
/// detail also says why it cannot fold into that user. Does not change IR.
std::optional<FoldRefusal> explainBatchNormNotFoldable(BatchNormOp bn);

/// Folds `bn` into its producer, or else into its only user: creates new
/// constants (a constant another op uses is never changed), replaces the two
/// ops by one new conv2d/dense (plus an nn.add behind a relu), and erases
/// constants left without users. When no fold is exact, leaves the IR
/// unchanged, fills `refusal` if given and returns failure.
LogicalResult foldBatchNorm(RewriterBase &rewriter, BatchNormOp bn,
                            FoldRefusal *refusal = nullptr);

/// True for an nn.mul or nn.add with exactly one constant operand: the
/// decomposed batch_norm form the fold considers.
bool isChannelOpCandidate(Operation *op);

/// For a candidate (isChannelOpCandidate): why it cannot be folded into its
/// producer, or std::nullopt when it can.
std::optional<FoldRefusal> explainChannelOpNotFoldable(Operation *op);

/// Folds a candidate mul/add into its producer, like foldBatchNorm.
LogicalResult foldChannelOp(RewriterBase &rewriter, Operation *op,
                            FoldRefusal *refusal = nullptr);

/// Adds the fold patterns, by debug name (for `disable-patterns`):
/// FoldBatchNormIntoConv2d, FoldBatchNormIntoConvTranspose2d,
/// FoldBatchNormIntoDense (into the producer),
/// FoldBatchNormIntoNextConv2d, FoldBatchNormIntoNextDense (into the user),
/// FoldChannelMulIntoProducer, FoldChannelAddIntoProducer (decomposed).
/// They are also batch_norm's canonicalization patterns.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

} // namespace mlir::nn

#endif // NN_DIALECT_NN_IR_BATCHNORMFOLDING_H
