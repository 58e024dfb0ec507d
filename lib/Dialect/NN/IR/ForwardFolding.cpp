//===- ForwardFolding.cpp - batch_norm into the conv2d/dense after it ----===//
//
// With y = x * s + t per input channel (t = offset - mean * s), a linear op
// reading y computes W * y + b = (W * s) * x + (b + sum W * t). For a
// padded conv that holds only if the folded conv's padding holds the x that
// y maps to 0, p = -t / s, where the unfolded conv's zero padding was: the
// fold pads x with p per channel (nn.pad) and convolves without padding.
// A channel with s = 0 and t != 0 has no such p, and is refused.
//
//===----------------------------------------------------------------------===//

#include "FoldSupport.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::folding;

namespace {
struct ForwardFold {
  LinearOp consumer;
  ElementsAttr weight;
  ElementsAttr bias;
  /// Per input channel, what the padding must hold (null: unpadded, or a
  /// zero offset, where zero padding stays right).
  ElementsAttr padValues;
};

/// The input channel that weight element `index` multiplies, for a weight
/// of `outChannels` rows of `rowSize` elements: [O, C/groups, kH, kW] for a
/// conv, [out, in] for dense (groups = 1, taps = 1).
struct InputChannelMap {
  int64_t outChannels, groups, channelsPerGroup, taps;
  int64_t rowSize() const { return channelsPerGroup * taps; }
  int64_t operator()(int64_t index) const {
    int64_t row = index / rowSize();
    int64_t group = row / (outChannels / groups);
    return group * channelsPerGroup + (index % rowSize()) / taps;
  }
};

InputChannelMap inputChannelMap(const LinearOp &consumer,
                                RankedTensorType weightType) {
  int64_t outChannels = weightType.getDimSize(0);
  int64_t channelsPerGroup = weightType.getDimSize(1);
  if (auto conv = dyn_cast<Conv2dOp>(consumer.op))
    return {outChannels, static_cast<int64_t>(conv.getGroups()),
            channelsPerGroup,
            weightType.getDimSize(2) * weightType.getDimSize(3)};
  return {outChannels, 1, channelsPerGroup, 1};
}

bool isPadded(const LinearOp &consumer) {
  auto conv = dyn_cast<Conv2dOp>(consumer.op);
  return conv && llvm::any_of(conv.getPadding(), [](int64_t p) { return p; });
}

FailureOr<ForwardFold> computeForwardFold(BatchNormOp bn,
                                          FoldRefusal &refusal) {
  std::optional<LinearOp> consumer = asLinearOp(forwardFoldTarget(bn));
  assert(consumer && "callers fold only into forwardFoldTarget(bn)");
  StringRef consumerName = consumer->op->getName().getStringRef();
  std::optional<FloatConstant> weight = readFloatConstant(consumer->weight);
  if (!weight)
    return refuse(refusal, FoldRefusalReason::NonConstant,
                  llvm::formatv("the weight of '{0}' is not a constant with "
                                "readable values",
                                consumerName));
  std::optional<FloatConstant> oldBias;
  if (consumer->bias) {
    oldBias = readFloatConstant(consumer->bias);
    if (!oldBias)
      return refuse(refusal, FoldRefusalReason::NonConstant,
                    llvm::formatv("the bias of '{0}' is not a constant with "
                                  "readable values",
                                  consumerName));
  }
  if (failed(checkFoldedWeightFits(*weight, refusal)))
    return failure();

  auto weightType = cast<RankedTensorType>(weight->attr.getType());
  InputChannelMap channelOf = inputChannelMap(*consumer, weightType);
  int64_t inChannels = channelOf.groups * channelOf.channelsPerGroup;
  FailureOr<ChannelAffine> affine = batchNormAffine(
      bn, inChannels,
      llvm::formatv("'{0}' reads {1} input channels", consumerName, inChannels)
          .str(),
      refusal);
  if (failed(affine))
    return failure();
  bool padded = isPadded(*consumer) &&
                llvm::any_of(llvm::seq<int64_t>(0, inChannels),
                             [&](int64_t c) { return affine->offset(c) != 0; });
  std::vector<double> padValues;
  if (padded)
    for (int64_t c = 0; c < inChannels; ++c) {
      double s = affine->scale[c], t = affine->offset(c);
      if (s == 0 && t != 0)
        return refuse(
            refusal, FoldRefusalReason::Padding,
            llvm::formatv("'{0}' pads its input with zeros, which the "
                          "batch_norm maps to {1} at channel {2}; with a "
                          "scale of 0 there no input value maps to 0, so "
                          "no padding of the folded input is exact",
                          consumerName, formatNumber(t), c));
      padValues.push_back(s == 0 ? 0.0 : -t / s);
    }

  std::vector<double> newWeight(weight->size());
  std::vector<double> newBias(channelOf.outChannels);
  for (int64_t o = 0; o < channelOf.outChannels; ++o)
    newBias[o] = oldBias ? (*oldBias)[o] : 0.0;
  for (int64_t i = 0, e = weight->size(); i < e; ++i) {
    int64_t c = channelOf(i);
    double w = (*weight)[i];
    newWeight[i] = w * affine->scale[c];
    newBias[i / channelOf.rowSize()] += w * affine->offset(c);
  }

  FloatType elementType = weight->elementType;
  RoundedTensor roundedWeight = roundToElementType(newWeight, elementType);
  if (std::optional<size_t> i = roundedWeight.firstNonFinite)
    return refuse(refusal, FoldRefusalReason::Overflow,
                  notFiniteDetail(llvm::formatv("folded weight element {0}", *i)
                                      .str(),
                                  newWeight[*i], elementType));
  RoundedTensor roundedBias = roundToElementType(newBias, elementType);
  if (std::optional<size_t> o = roundedBias.firstNonFinite)
    return refuse(refusal, FoldRefusalReason::Overflow,
                  notFiniteDetail(llvm::formatv("folded bias at channel {0}", *o)
                                      .str(),
                                  newBias[*o], elementType));
  ElementsAttr padValuesAttr;
  if (padded) {
    RoundedTensor roundedPad = roundToElementType(padValues, elementType);
    if (std::optional<size_t> c = roundedPad.firstNonFinite)
      return refuse(refusal, FoldRefusalReason::Overflow,
                    notFiniteDetail(
                        llvm::formatv("padding value at channel {0}", *c).str(),
                        padValues[*c], elementType));
    padValuesAttr = makeFloatConstant(
        RankedTensorType::get({inChannels}, elementType),
        std::move(roundedPad), std::nullopt);
  }
  std::optional<std::string> weightKey, biasKey;
  if (weight->resourceKey) {
    weightKey = *weight->resourceKey + "_folded";
    biasKey = *weight->resourceKey + "_folded_bias";
  }
  return ForwardFold{
      *consumer,
      makeFloatConstant(weightType, std::move(roundedWeight), weightKey),
      makeFloatConstant(
          RankedTensorType::get({channelOf.outChannels}, elementType),
          std::move(roundedBias), biasKey),
      padValuesAttr};
}
} // namespace

std::optional<FoldRefusal> folding::explainForwardFold(BatchNormOp bn) {
  FoldRefusal refusal;
  if (succeeded(computeForwardFold(bn, refusal)))
    return std::nullopt;
  return refusal;
}

LogicalResult folding::foldBatchNormForward(RewriterBase &rewriter,
                                           BatchNormOp bn,
                                           FoldRefusal &refusal) {
  FailureOr<ForwardFold> fold = computeForwardFold(bn, refusal);
  if (failed(fold))
    return failure();
  const LinearOp &consumer = fold->consumer;
  llvm::SetVector<Operation *> oldConstants;
  for (Value operand : llvm::concat<Value>(consumer.op->getOperands(),
                                           bn->getOperands()))
    if (operand != consumer.input && operand != bn.getInput())
      oldConstants.insert(operand.getDefiningOp());

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(consumer.op);
  Location loc = rewriter.getFusedLoc({bn.getLoc(), consumer.op->getLoc()});
  Value weight = createConstant(rewriter, loc, fold->weight);
  Value bias = createConstant(rewriter, loc, fold->bias);
  Value result;
  if (fold->padValues) {
    auto conv = cast<Conv2dOp>(consumer.op);
    Value padValues = createConstant(rewriter, loc, fold->padValues);
    Value padded = PadOp::create(rewriter, loc, bn.getInput(), padValues,
                                 conv.getPadding());
    result = Conv2dOp::create(
        rewriter, loc, conv.getType(), padded, weight, bias,
        conv.getStridesAttr(), rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        conv.getDilationsAttr(), conv.getGroupsAttr(),
        conv.getActivationAttr());
  } else {
    result = rebuildLinearOp(rewriter, loc, consumer, bn.getInput(), weight,
                             bias);
  }
  rewriter.replaceOp(consumer.op, result);
  rewriter.eraseOp(bn);
  eraseIfUnused(rewriter, oldConstants);
  return success();
}
