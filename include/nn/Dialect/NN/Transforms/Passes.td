#ifndef NN_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NN_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"fold-batchnorm"> {
  let summary = "Fold inference nn.batch_norm into an adjacent conv2d or dense";
  let description = [{
    Replaces `batch_norm(conv2d(x, W, b))` (or `dense`) by `conv2d(x, W', b')`
    with `s = scale / sqrt(variance + epsilon)`, `W' = W * s` per output
    channel and `b' = (b - mean) * s + offset`, computed in f64 and rounded
    once. Also folds a batch_norm behind a fused relu when every s > 0
    (leaving its offset as an nn.add), an nn.mul / nn.add by a per-channel
    constant (a decomposed batch_norm), and a batch_norm into the conv2d or
    dense that reads it (per input channel; into a padded conv only with a
    zero offset). Only exact folds are done; everything else, and the rest
    of the IR, is left as it was. With `report=true`, each batch_norm, and
    each mul/add by a constant, that is left gets a remark with its reason
    code and the numbers involved.
  }];
  let dependentDialects = ["arith::ArithDialect"];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark on each batch_norm that is not folded, with its "
           "reason code and the numbers involved">,
  ];
  let statistics = [
    Statistic<"numFolded", "folded", "batch_norm ops folded into a conv2d or dense">,
    Statistic<"numFoldedChannelOps", "folded-channel-ops",
              "mul/add by a per-channel constant folded into their producer">,
    Statistic<"numUnsupportedProducer", "not-folded-unsupported-producer",
              "left: input not produced by conv2d or dense">,
    Statistic<"numActivation", "not-folded-activation",
              "left: the producer's activation does not commute">,
    Statistic<"numNonPositiveScale", "not-folded-non-positive-scale",
              "left: behind a relu, a channel's scale is <= 0">,
    Statistic<"numMultiUse", "not-folded-multi-use",
              "left: the producer's result has other users">,
    Statistic<"numNonConstant", "not-folded-non-constant",
              "left: a weight, bias or BN parameter is not constant">,
    Statistic<"numChannelMismatch", "not-folded-channel-mismatch",
              "left: BN channels differ from the producer's outputs">,
    Statistic<"numChannelAxis", "not-folded-channel-axis",
              "left: the BN axis is not the producer's channels">,
    Statistic<"numNotPerChannel", "not-folded-not-per-channel",
              "left: a mul/add constant is not per channel">,
    Statistic<"numPadding", "not-folded-padding",
              "left: before a padded conv, a channel with scale 0 and an offset">,
    Statistic<"numNonPositiveVariance", "not-folded-non-positive-variance",
              "left: variance + epsilon <= 0">,
    Statistic<"numOverflow", "not-folded-overflow",
              "left: a folded value is not finite in the element type">,
    Statistic<"numTooLarge", "not-folded-too-large",
              "left: the folded weight does not fit in memory">,
  ];
}

#endif // NN_DIALECT_NN_TRANSFORMS_PASSES_TD
