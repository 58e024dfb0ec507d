//===- BatchNormFolding.h - fold batch_norm into conv2d/dense -*- C++ -*-===//
//
// With s = scale / sqrt(variance + epsilon), a batch_norm after a conv2d or
// dense with no activation is the same op with W' = W * s along the output
// channels and b' = (b - mean) * s + offset. This is the one implementation
// of that fold: the canonicalization patterns, the fold-batchnorm pass and
// downstream compilers all go through it.
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
  Activation,          ///< the producer applies an activation before the BN
  MultiUse,            ///< the producer's result has users besides the BN
  NonConstant,         ///< a weight, bias or BN parameter is not a constant
  ChannelMismatch,     ///< BN channels differ from the producer's outputs
  NonPositiveVariance, ///< variance + epsilon <= 0 (or NaN) for a channel
  Overflow,            ///< a folded value is not finite in the element type
  TooLarge,            ///< the folded weight does not fit in memory
};

/// "unsupported-producer", "activation", "multi-use", "non-constant",
/// "channel-mismatch", "non-positive-variance", "overflow" or "too-large".
StringRef getFoldRefusalCode(FoldRefusalReason reason);

struct FoldRefusal {
  FoldRefusalReason reason;
  /// The numbers involved, e.g. "variance + epsilon = -0.5 at channel 3".
  std::string detail;
};

/// Why `bn` cannot be folded, or std::nullopt when it can. Does not change IR.
std::optional<FoldRefusal> explainBatchNormNotFoldable(BatchNormOp bn);

/// Folds `bn` into its producer: creates new constants (a constant another op
/// uses is never changed), replaces the producer and `bn` by one new producer
/// op, and erases constants left without users. When the fold is not exact,
/// leaves the IR unchanged, fills `refusal` if given and returns failure.
LogicalResult foldBatchNorm(RewriterBase &rewriter, BatchNormOp bn,
                            FoldRefusal *refusal = nullptr);

/// Adds the patterns "FoldBatchNormIntoConv2d" and "FoldBatchNormIntoDense"
/// (their debug names, for `disable-patterns`). They are also batch_norm's
/// canonicalization patterns.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

} // namespace mlir::nn

#endif // NN_DIALECT_NN_IR_BATCHNORMFOLDING_H
