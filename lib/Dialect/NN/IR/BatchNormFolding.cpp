//===- BatchNormFolding.cpp - per-channel affine ops into their producer --===//
//
// The backward fold: a batch_norm, or a mul/add by a per-channel constant,
// after a conv2d or dense becomes part of that op's weight and bias. Behind
// a fused relu the scale still folds when every channel's scale is positive
// (relu(x) * s = relu(x * s)); the offset then stays as a per-channel add
// after the relu.
//
//===----------------------------------------------------------------------===//

#include "FoldSupport.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::folding;

namespace {
/// What the backward fold builds. Null attributes are not needed: `weight`
/// when every scale is 1, `bias` behind an activation when the producer had
/// none, `offsetAfterActivation` when there is no activation or no offset.
struct BackwardFold {
  LinearOp producer;
  /// The layout ops between the producer and the folded op, nearest the
  /// folded op first: they are rebuilt on the new producer.
  SmallVector<Operation *> layoutOps;
  ElementsAttr weight;
  ElementsAttr bias;
  ElementsAttr offsetAfterActivation;
};

/// Reads the affine map of the op being folded once the producer's output
/// channel count is known (batchNormAffine or channelOpAffine).
using AffineReader = llvm::function_ref<FailureOr<ChannelAffine>(
    int64_t channels, StringRef channelsOf, FoldRefusal &refusal)>;

/// Whether the scale of `affine` moves through `producer`'s activation, and
/// whether that gains anything (a scale of 1 everywhere would leave the op
/// as it is).
LogicalResult checkActivationCommutes(const LinearOp &producer,
                                      const ChannelAffine &affine,
                                      StringRef foldedName,
                                      FoldRefusal &refusal) {
  if (producer.activation == Activation::none)
    return success();
  StringRef producerName = producer.op->getName().getStringRef();
  StringRef activation = stringifyActivation(producer.activation);
  if (producer.activation == Activation::relu6)
    // relu6(x) * s = min(max(x * s, 0), 6 * s): a relu6 again only for s = 1.
    return refuse(refusal, FoldRefusalReason::Activation,
                  llvm::formatv("producer '{0}' applies relu6 before the "
                                "'{1}'; relu6(x) * s = relu6(x * s) only "
                                "when s = 1, which leaves nothing to fold",
                                producerName, foldedName));
  for (size_t c = 0; c < affine.channels(); ++c)
    if (!(affine.scale[c] > 0))
      return refuse(refusal, FoldRefusalReason::NonPositiveScale,
                    llvm::formatv("producer '{0}' applies relu before the "
                                  "'{1}'; relu(x) * s = relu(x * s) needs "
                                  "s > 0, but s = {2} at channel {3}",
                                  producerName, foldedName,
                                  formatNumber(affine.scale[c]), c));
  if (llvm::all_of(affine.scale, [](double s) { return s == 1; }))
    return refuse(refusal, FoldRefusalReason::Activation,
                  llvm::formatv("producer '{0}' applies {1} before the '{2}'; "
                                "only a scale moves through it, and every "
                                "scale here is 1",
                                producerName, activation, foldedName));
  return success();
}

/// [1, C, 1, ...] of the rank of `like`: a per-channel operand of nn.add.
RankedTensorType channelVectorType(Type like, int64_t channels, int64_t axis) {
  auto type = cast<RankedTensorType>(like);
  SmallVector<int64_t> shape(type.getRank(), 1);
  shape[axis] = channels;
  return RankedTensorType::get(shape, type.getElementType());
}

/// The dim of `layoutOp`'s input that dim `axis` of its result is, when
/// that dim alone makes up `axis`: a transpose's permutation[axis]; for a
/// flatten, `axis` before the collapsed dims, or the one collapsed dim that
/// is not 1 (the first when all are). Refuses a dim the flatten merges with
/// others.
FailureOr<int64_t> inputAxisOf(Operation *layoutOp, int64_t axis,
                               FoldRefusal &refusal) {
  if (auto transpose = dyn_cast<TransposeOp>(layoutOp))
    return transpose.getPermutation()[axis];
  auto flatten = cast<FlattenOp>(layoutOp);
  int64_t start = flatten.getStartDim();
  if (axis < start)
    return axis;
  ArrayRef<int64_t> collapsed =
      flatten.getInput().getType().getShape().drop_front(start);
  auto notOne = [](int64_t size) { return size != 1; };
  if (llvm::none_of(collapsed, notOne))
    return start;
  if (llvm::count_if(collapsed, notOne) == 1) {
    int64_t dim = start + llvm::find_if(collapsed, notOne) - collapsed.begin();
    if (!ShapedType::isDynamic(collapsed[dim - start]))
      return dim;
  }
  std::string sizes;
  llvm::raw_string_ostream os(sizes);
  llvm::interleave(
      collapsed, os,
      [&](int64_t size) {
        if (ShapedType::isDynamic(size))
          os << "?";
        else
          os << size;
      },
      "x");
  return refuse(refusal, FoldRefusalReason::ChannelAxis,
                llvm::formatv("'nn.flatten' makes the axis it normalizes "
                              "from {0} input dims ({1}), not from one "
                              "channel dim alone",
                              collapsed.size(), sizes));
}

/// The value whose dim 1 is dim `axis` of `input`: `input` itself, or, when
/// layout ops (see followLayoutOps) of a linear op's result produce
/// `input`, that result; each layout op must map the producer's channels
/// (dim 1) to `axis` and have no other user. Refuses an axis other than 1
/// on a linear op's result.
FailureOr<Value> trackChannelAxis(Value input, int64_t axis,
                                  SmallVector<Operation *> &layoutOps,
                                  FoldRefusal &refusal) {
  LayoutPath path = followLayoutOps(input);
  layoutOps.clear();
  int64_t bnAxis = axis;
  if (!path.layoutOps.empty() && asLinearOp(path.source.getDefiningOp())) {
    for (Operation *layoutOp : path.layoutOps) {
      Value result = layoutOp->getResult(0);
      if (!result.hasOneUse())
        return refuse(refusal, FoldRefusalReason::MultiUse,
                      llvm::formatv("the result of '{0}' has {1} uses",
                                    layoutOp->getName().getStringRef(),
                                    llvm::range_size(result.getUses())));
      FailureOr<int64_t> source = inputAxisOf(layoutOp, axis, refusal);
      if (failed(source))
        return failure();
      axis = *source;
    }
    if (axis != 1)
      return refuse(refusal, FoldRefusalReason::ChannelAxis,
                    llvm::formatv("it normalizes axis {0}, which is axis {1} "
                                  "of the result of '{2}' before '{3}', not "
                                  "the channels (axis 1)",
                                  bnAxis, axis,
                                  path.source.getDefiningOp()->getName().getStringRef(),
                                  path.layoutOps.back()->getName().getStringRef()));
    layoutOps = std::move(path.layoutOps);
    return path.source;
  }
  Operation *definer = input.getDefiningOp();
  if (axis != 1 && asLinearOp(definer))
    return refuse(refusal, FoldRefusalReason::ChannelAxis,
                  llvm::formatv("it normalizes axis {0} of the result of "
                                "'{1}', whose channels are axis 1",
                                axis, definer->getName().getStringRef()));
  return input;
}

/// Every check and all the math of the backward fold. f64 throughout; each
/// folded value is rounded once to the element type.
FailureOr<BackwardFold> computeBackwardFold(Operation *folded, Value input,
                                            int64_t axis,
                                            AffineReader readAffine,
                                            FoldRefusal &refusal) {
  StringRef foldedName = folded->getName().getStringRef();
  SmallVector<Operation *> layoutOps;
  FailureOr<Value> produced =
      trackChannelAxis(input, axis, layoutOps, refusal);
  if (failed(produced))
    return failure();
  input = *produced;
  Operation *definer = input.getDefiningOp();
  std::optional<LinearOp> producer = asLinearOp(definer);
  if (!producer)
    return refuse(refusal, FoldRefusalReason::UnsupportedProducer,
                  definer ? llvm::formatv("input is produced by '{0}', not "
                                          "a conv2d, conv_transpose2d or dense",
                                          definer->getName().getStringRef())
                                .str()
                          : "input is a block argument, not the result of "
                            "a conv2d, conv_transpose2d or dense");
  StringRef producerName = definer->getName().getStringRef();
  if (!input.hasOneUse())
    return refuse(refusal, FoldRefusalReason::MultiUse,
                  llvm::formatv("the result of '{0}' has {1} uses",
                                producerName,
                                llvm::range_size(input.getUses())));

  std::optional<FloatConstant> weight = readFloatConstant(producer->weight);
  if (!weight)
    return refuse(refusal, FoldRefusalReason::NonConstant,
                  "weight is not a constant with readable values");
  std::optional<FloatConstant> oldBias;
  if (producer->bias) {
    oldBias = readFloatConstant(producer->bias);
    if (!oldBias)
      return refuse(refusal, FoldRefusalReason::NonConstant,
                    "bias is not a constant with readable values");
  }
  // Checked before reading the per-channel values, which are as many as the
  // weight has rows.
  if (failed(checkFoldedWeightFits(*weight, refusal)))
    return failure();
  auto weightType = cast<RankedTensorType>(weight->attr.getType());
  OutputChannelMap channelOf = outputChannelMap(*producer, weightType);
  int64_t channels = channelOf.channels;
  FailureOr<ChannelAffine> affine = readAffine(
      channels,
      llvm::formatv("the weight of '{0}' has {1} output channels",
                    producerName, channels)
          .str(),
      refusal);
  if (failed(affine) ||
      failed(checkActivationCommutes(*producer, *affine, foldedName, refusal)))
    return failure();

  BackwardFold fold{*producer, std::move(layoutOps), {}, {}, {}};
  FloatType elementType = weight->elementType;
  std::optional<std::string> key = weight->resourceKey;
  auto keyed = [&](StringRef suffix) -> std::optional<std::string> {
    return key ? std::optional<std::string>(*key + suffix.str()) : std::nullopt;
  };

  // W' = W * s per output channel: the rows of conv2d and dense weights.
  if (llvm::any_of(affine->scale, [](double s) { return s != 1; })) {
    RoundedTensor scaled =
        channelOf.leading ? scaleRows(*weight, affine->scale)
                          : scaleByChannel(*weight, affine->scale, channelOf);
    if (std::optional<size_t> i = scaled.firstNonFinite) {
      int64_t channel = channelOf(*i);
      return refuse(refusal, FoldRefusalReason::Overflow,
                    notFiniteDetail(llvm::formatv("folded weight element {0} "
                                                  "(channel {1})",
                                                  *i, channel)
                                        .str(),
                                    (*weight)[*i] * affine->scale[channel],
                                    elementType));
    }
    fold.weight = makeFloatConstant(weightType, std::move(scaled),
                                    keyed("_folded"));
  }

  // Without an activation: b' = (b - center) * s + shift. Behind one only
  // the scale passes through: b' = b * s, and the offset stays after it.
  bool activated = producer->activation != Activation::none;
  std::vector<double> bias(channels), offset(channels);
  for (int64_t c = 0; c < channels; ++c) {
    double b = oldBias ? (*oldBias)[c] : 0.0;
    bias[c] = activated ? b * affine->scale[c]
                        : (b - affine->center[c]) * affine->scale[c] +
                              affine->shift[c];
    offset[c] = activated ? affine->offset(c) : 0.0;
  }
  auto round = [&](ArrayRef<double> values, StringRef what, RankedTensorType type,
                   StringRef suffix) -> FailureOr<ElementsAttr> {
    RoundedTensor rounded = roundToElementType(values, elementType);
    if (std::optional<size_t> c = rounded.firstNonFinite)
      return refuse(refusal, FoldRefusalReason::Overflow,
                    notFiniteDetail(llvm::formatv("{0} at channel {1}", what, *c)
                                        .str(),
                                    values[*c], elementType));
    return makeFloatConstant(type, std::move(rounded), keyed(suffix));
  };
  if (!activated || oldBias) {
    FailureOr<ElementsAttr> newBias =
        round(bias, "folded bias",
              RankedTensorType::get({channels}, elementType), "_folded_bias");
    if (failed(newBias))
      return failure();
    fold.bias = *newBias;
  }
  if (llvm::any_of(offset, [](double t) { return t != 0; })) {
    FailureOr<ElementsAttr> newOffset =
        round(offset, "offset after the activation",
              channelVectorType(folded->getResult(0).getType(), channels, axis),
              "_folded_offset");
    if (failed(newOffset))
      return failure();
    fold.offsetAfterActivation = *newOffset;
  }
  return fold;
}

/// Replaces `folded` and its producer by the producer with the folded
/// weight and bias (and the remaining offset, behind an activation).
void applyBackwardFold(RewriterBase &rewriter, Operation *folded,
                       const BackwardFold &fold) {
  const LinearOp &producer = fold.producer;
  llvm::SetVector<Operation *> oldConstants;
  for (Value operand : llvm::concat<Value>(producer.op->getOperands(),
                                           folded->getOperands()))
    if (operand != producer.input && operand.getDefiningOp() != producer.op &&
        !llvm::is_contained(fold.layoutOps, operand.getDefiningOp()))
      oldConstants.insert(operand.getDefiningOp());

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(producer.op);
  Location loc = rewriter.getFusedLoc({producer.op->getLoc(), folded->getLoc()});
  Value weight = fold.weight ? createConstant(rewriter, loc, fold.weight)
                             : producer.weight;
  Value bias = fold.bias ? createConstant(rewriter, loc, fold.bias) : Value();
  Value result =
      rebuildLinearOp(rewriter, loc, producer, producer.input, weight, bias);
  for (Operation *layoutOp : llvm::reverse(fold.layoutOps)) {
    IRMapping mapping;
    mapping.map(layoutOp->getOperand(0), result);
    result = rewriter.clone(*layoutOp, mapping)->getResult(0);
  }
  if (fold.offsetAfterActivation) {
    rewriter.setInsertionPoint(folded);
    Value offset = createConstant(rewriter, loc, fold.offsetAfterActivation);
    result = AddOp::create(rewriter, loc, folded->getResult(0).getType(),
                           result, offset);
  }
  rewriter.replaceOp(folded, result);
  for (Operation *layoutOp : fold.layoutOps)
    rewriter.eraseOp(layoutOp);
  rewriter.eraseOp(producer.op);
  eraseIfUnused(rewriter, oldConstants);
}

FailureOr<BackwardFold> computeBatchNormFold(BatchNormOp bn,
                                             FoldRefusal &refusal) {
  return computeBackwardFold(
      bn, bn.getInput(), bn.getAxis(),
      [&](int64_t channels, StringRef channelsOf, FoldRefusal &refusal) {
        return batchNormAffine(bn, channels, channelsOf, refusal);
      },
      refusal);
}

/// The operand of a per-channel mul/add that is not the constant.
Value channelOpInput(Operation *op) {
  return matchPattern(op->getOperand(0), m_Constant()) ? op->getOperand(1)
                                                       : op->getOperand(0);
}

FailureOr<BackwardFold> computeChannelOpFold(Operation *op,
                                             FoldRefusal &refusal) {
  Value input = channelOpInput(op);
  return computeBackwardFold(
      op, input, /*axis=*/1,
      [&](int64_t, StringRef, FoldRefusal &refusal) {
        return channelOpAffine(op, input, refusal);
      },
      refusal);
}
} // namespace

StringRef mlir::nn::getFoldRefusalCode(FoldRefusalReason reason) {
  switch (reason) {
  case FoldRefusalReason::UnsupportedProducer:
    return "unsupported-producer";
  case FoldRefusalReason::Activation:
    return "activation";
  case FoldRefusalReason::NonPositiveScale:
    return "non-positive-scale";
  case FoldRefusalReason::MultiUse:
    return "multi-use";
  case FoldRefusalReason::NonConstant:
    return "non-constant";
  case FoldRefusalReason::ChannelMismatch:
    return "channel-mismatch";
  case FoldRefusalReason::ChannelAxis:
    return "channel-axis";
  case FoldRefusalReason::NotPerChannel:
    return "not-per-channel";
  case FoldRefusalReason::NonPositiveVariance:
    return "non-positive-variance";
  case FoldRefusalReason::Padding:
    return "padding";
  case FoldRefusalReason::Overflow:
    return "overflow";
  case FoldRefusalReason::TooLarge:
    return "too-large";
  }
  llvm_unreachable("unknown fold refusal reason");
}

/// The producer refusal of a batch_norm, with why its only user `user`
/// cannot take it either.
static FoldRefusal withUserRefusal(FoldRefusal refusal, Operation *user,
                                   const FoldRefusal &forward) {
  refusal.detail += llvm::formatv("; nor into its user '{0}' [{1}]: {2}",
                                  user->getName().getStringRef(),
                                  getFoldRefusalCode(forward.reason),
                                  forward.detail);
  return refusal;
}

std::optional<FoldRefusal>
mlir::nn::explainBatchNormNotFoldable(BatchNormOp bn) {
  FoldRefusal refusal;
  if (succeeded(computeBatchNormFold(bn, refusal)))
    return std::nullopt;
  Operation *user = forwardFoldTarget(bn);
  if (!user)
    return refusal;
  std::optional<FoldRefusal> forward = explainForwardFold(bn);
  if (!forward)
    return std::nullopt;
  return withUserRefusal(refusal, user, *forward);
}

LogicalResult folding::foldBatchNormBackward(RewriterBase &rewriter,
                                            BatchNormOp bn,
                                            FoldRefusal &refusal) {
  FailureOr<BackwardFold> fold = computeBatchNormFold(bn, refusal);
  if (failed(fold))
    return failure();
  applyBackwardFold(rewriter, bn, *fold);
  return success();
}

LogicalResult mlir::nn::foldBatchNorm(RewriterBase &rewriter, BatchNormOp bn,
                                      FoldRefusal *refusal) {
  FoldRefusal backward;
  if (succeeded(foldBatchNormBackward(rewriter, bn, backward)))
    return success();
  Operation *user = forwardFoldTarget(bn);
  FoldRefusal forward;
  if (user && succeeded(foldBatchNormForward(rewriter, bn, forward)))
    return success();
  if (refusal)
    *refusal = user ? withUserRefusal(backward, user, forward) : backward;
  return failure();
}

bool mlir::nn::isChannelOpCandidate(Operation *op) {
  if (!isa_and_present<MulOp, AddOp>(op))
    return false;
  return matchPattern(op->getOperand(0), m_Constant()) !=
         matchPattern(op->getOperand(1), m_Constant());
}

std::optional<FoldRefusal> mlir::nn::explainChannelOpNotFoldable(Operation *op) {
  FoldRefusal refusal;
  if (succeeded(computeChannelOpFold(op, refusal)))
    return std::nullopt;
  return refusal;
}

LogicalResult mlir::nn::foldChannelOp(RewriterBase &rewriter, Operation *op,
                                      FoldRefusal *refusal) {
  FoldRefusal localRefusal;
  FailureOr<BackwardFold> fold =
      computeChannelOpFold(op, refusal ? *refusal : localRefusal);
  if (failed(fold))
    return failure();
  applyBackwardFold(rewriter, op, *fold);
  return success();
}
