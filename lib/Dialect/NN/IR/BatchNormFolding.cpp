#include "nn/Dialect/NN/IR/BatchNormFolding.h"

#include "nn/Dialect/NN/IR/ConstantTensor.h"
#include "nn/Support/HostMemory.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nn;

StringRef mlir::nn::getFoldRefusalCode(FoldRefusalReason reason) {
  switch (reason) {
  case FoldRefusalReason::UnsupportedProducer:
    return "unsupported-producer";
  case FoldRefusalReason::Activation:
    return "activation";
  case FoldRefusalReason::MultiUse:
    return "multi-use";
  case FoldRefusalReason::NonConstant:
    return "non-constant";
  case FoldRefusalReason::ChannelMismatch:
    return "channel-mismatch";
  case FoldRefusalReason::NonPositiveVariance:
    return "non-positive-variance";
  case FoldRefusalReason::Overflow:
    return "overflow";
  case FoldRefusalReason::TooLarge:
    return "too-large";
  }
  llvm_unreachable("unknown fold refusal reason");
}

namespace {
/// The producer's new weight and bias, ready to be materialized.
struct FoldedParams {
  Operation *producer;
  ElementsAttr weight;
  ElementsAttr bias;
};

/// The fields of conv2d and dense that the fold reads.
struct LinearProducer {
  Operation *op;
  Value weight;
  Value bias; // null when absent
  Activation activation;
};

std::optional<LinearProducer> asLinearProducer(Operation *op) {
  if (auto conv = dyn_cast_if_present<Conv2dOp>(op))
    return LinearProducer{op, conv.getWeight(), conv.getBias(),
                          conv.getActivation()};
  if (auto dense = dyn_cast_if_present<DenseOp>(op))
    return LinearProducer{op, dense.getWeight(), dense.getBias(),
                          dense.getActivation()};
  return std::nullopt;
}

/// Shortest readable form of a number in a remark: 0.5, 120000, -inf, nan.
std::string num(double value) { return llvm::formatv("{0}", llvm::format("%g", value)); }

FailureOr<FoldedParams> refuse(FoldRefusal &refusal, FoldRefusalReason reason,
                               std::string detail) {
  refusal = FoldRefusal{reason, std::move(detail)};
  return failure();
}

/// Every check and all the math of the fold. f64 throughout; each folded
/// value is rounded once to the element type.
FailureOr<FoldedParams> computeFold(BatchNormOp bn, FoldRefusal &refusal) {
  Operation *definer = bn.getInput().getDefiningOp();
  std::optional<LinearProducer> producer = asLinearProducer(definer);
  if (!producer)
    return refuse(refusal, FoldRefusalReason::UnsupportedProducer,
                  definer ? llvm::formatv("input is produced by '{0}', not "
                                          "nn.conv2d or nn.dense",
                                          definer->getName().getStringRef())
                                .str()
                          : "input is a block argument, not the result of "
                            "nn.conv2d or nn.dense");
  StringRef producerName = definer->getName().getStringRef();
  if (producer->activation != Activation::none)
    return refuse(refusal, FoldRefusalReason::Activation,
                  llvm::formatv("producer '{0}' applies activation '{1}' "
                                "before the batch_norm",
                                producerName,
                                stringifyActivation(producer->activation)));
  Value produced = definer->getResult(0);
  if (!produced.hasOneUse())
    return refuse(refusal, FoldRefusalReason::MultiUse,
                  llvm::formatv("the result of '{0}' has {1} uses",
                                producerName,
                                llvm::range_size(produced.getUses())));

  std::pair<Value, StringRef> operands[] = {
      {producer->weight, "weight"}, {bn.getScale(), "scale"},
      {bn.getOffset(), "offset"},   {bn.getMean(), "mean"},
      {bn.getVariance(), "variance"}};
  SmallVector<FloatConstant> constants;
  for (auto [value, name] : operands) {
    std::optional<FloatConstant> constant = readFloatConstant(value);
    if (!constant)
      return refuse(refusal, FoldRefusalReason::NonConstant,
                    llvm::formatv("{0} is not a constant with readable values",
                                  name));
    constants.push_back(std::move(*constant));
  }
  std::optional<FloatConstant> oldBias;
  if (producer->bias) {
    oldBias = readFloatConstant(producer->bias);
    if (!oldBias)
      return refuse(refusal, FoldRefusalReason::NonConstant,
                    "bias is not a constant with readable values");
  }
  const FloatConstant &weight = constants[0];
  // The new weight is a second copy of the old one; a shape that verifies
  // can still ask for more memory than there is.
  uint64_t newWeightBytes =
      tensorBytes(cast<ShapedType>(weight.attr.getType()).getShape(),
                  FloatType(weight.elementType).getWidth());
  if (newWeightBytes > physicalMemoryBytes() / 2)
    return refuse(refusal, FoldRefusalReason::TooLarge,
                  llvm::formatv("the folded weight needs {0} bytes, more than "
                                "half of this machine's {1} bytes of memory",
                                newWeightBytes, physicalMemoryBytes()));

  std::vector<double> gamma = constants[1].values(),
                      beta = constants[2].values(),
                      mean = constants[3].values(),
                      variance = constants[4].values();

  auto weightType = cast<RankedTensorType>(weight.attr.getType());
  int64_t outChannels = weightType.getDimSize(0);
  for (size_t i = 1; i < constants.size(); ++i)
    if (static_cast<int64_t>(constants[i].size()) != outChannels)
      return refuse(refusal, FoldRefusalReason::ChannelMismatch,
                    llvm::formatv("{0} has {1} channels but the weight of "
                                  "'{2}' has {3} output channels",
                                  operands[i].second, constants[i].size(),
                                  producerName, outChannels));

  double epsilon = bn.getEpsilon().convertToDouble();
  std::vector<double> channelScale(outChannels);
  for (int64_t c = 0; c < outChannels; ++c) {
    double denominator = variance[c] + epsilon;
    if (!(denominator > 0))
      return refuse(refusal, FoldRefusalReason::NonPositiveVariance,
                    llvm::formatv("variance + epsilon = {0} at channel {1} "
                                  "(variance = {2}, epsilon = {3})",
                                  num(denominator), c, num(variance[c]),
                                  num(epsilon)));
    channelScale[c] = gamma[c] / std::sqrt(denominator);
  }

  // W' = W * s along dim 0 (conv [O, I/g, kH, kW], dense [out, in]).
  std::vector<double> newBias(outChannels);
  for (int64_t c = 0; c < outChannels; ++c)
    newBias[c] = ((oldBias ? (*oldBias)[c] : 0.0) - mean[c]) * channelScale[c] +
                 beta[c];

  auto elementType = cast<FloatType>(weightType.getElementType());
  RoundedTensor roundedWeight = scaleRows(weight, channelScale);
  RoundedTensor roundedBias = roundToElementType(newBias, elementType);
  if (roundedWeight.firstNonFinite) {
    size_t i = *roundedWeight.firstNonFinite;
    size_t perChannel = weight.size() / outChannels;
    return refuse(refusal, FoldRefusalReason::Overflow,
                  llvm::formatv("folded weight element {0} (channel {1}) = {2} "
                                "is not finite in {3}",
                                i, i / perChannel,
                                num(weight[i] * channelScale[i / perChannel]),
                                elementType));
  }
  if (roundedBias.firstNonFinite) {
    size_t c = *roundedBias.firstNonFinite;
    return refuse(refusal, FoldRefusalReason::Overflow,
                  llvm::formatv("folded bias at channel {0} = {1} is not "
                                "finite in {2}",
                                c, num(newBias[c]), elementType));
  }

  std::optional<std::string> weightKey, biasKey;
  if (weight.resourceKey) {
    weightKey = *weight.resourceKey + "_folded";
    biasKey = *weight.resourceKey + "_folded_bias";
  }
  auto biasType = RankedTensorType::get({outChannels}, elementType);
  return FoldedParams{
      definer,
      makeFloatConstant(weightType, std::move(roundedWeight), weightKey),
      makeFloatConstant(biasType, std::move(roundedBias), biasKey)};
}

Value rebuildProducer(RewriterBase &rewriter, Location loc, Operation *producer,
                      Value weight, Value bias) {
  if (auto conv = dyn_cast<Conv2dOp>(producer))
    return Conv2dOp::create(rewriter, loc, conv.getType(), conv.getInput(),
                            weight, bias, conv.getStridesAttr(),
                            conv.getPaddingAttr(), conv.getDilationsAttr(),
                            conv.getGroupsAttr(), conv.getActivationAttr());
  auto dense = cast<DenseOp>(producer);
  return DenseOp::create(rewriter, loc, dense.getType(), dense.getInput(),
                         weight, bias, dense.getActivationAttr());
}

template <typename ProducerOp>
struct FoldBatchNormInto : OpRewritePattern<BatchNormOp> {
  FoldBatchNormInto(MLIRContext *context, StringRef debugName)
      : OpRewritePattern(context) {
    setDebugName(debugName);
  }

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    if (!bn.getInput().getDefiningOp<ProducerOp>())
      return rewriter.notifyMatchFailure(
          bn, "input is not produced by " + ProducerOp::getOperationName());
    FoldRefusal refusal;
    if (failed(foldBatchNorm(rewriter, bn, &refusal)))
      return rewriter.notifyMatchFailure(bn, [&](Diagnostic &diag) {
        diag << getFoldRefusalCode(refusal.reason) << ": " << refusal.detail;
      });
    return success();
  }
};
} // namespace

std::optional<FoldRefusal> mlir::nn::explainBatchNormNotFoldable(BatchNormOp bn) {
  FoldRefusal refusal;
  if (succeeded(computeFold(bn, refusal)))
    return std::nullopt;
  return refusal;
}

LogicalResult mlir::nn::foldBatchNorm(RewriterBase &rewriter, BatchNormOp bn,
                                      FoldRefusal *refusal) {
  FoldRefusal localRefusal;
  FailureOr<FoldedParams> folded =
      computeFold(bn, refusal ? *refusal : localRefusal);
  if (failed(folded))
    return failure();

  Operation *producer = folded->producer;
  SetVector<Operation *> oldConstants;
  for (Value operand :
       llvm::concat<Value>(producer->getOperands().drop_front(),
                           bn->getOperands().drop_front()))
    oldConstants.insert(operand.getDefiningOp());

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(producer);
  Location loc = rewriter.getFusedLoc({producer->getLoc(), bn.getLoc()});
  Value weight = arith::ConstantOp::create(
      rewriter, loc, cast<TypedAttr>(folded->weight));
  Value bias =
      arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(folded->bias));
  rewriter.replaceOp(bn, rebuildProducer(rewriter, loc, producer, weight, bias));
  rewriter.eraseOp(producer);
  for (Operation *constant : oldConstants)
    if (constant->use_empty())
      rewriter.eraseOp(constant);
  return success();
}

void mlir::nn::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FoldBatchNormInto<Conv2dOp>>(context, "FoldBatchNormIntoConv2d");
  patterns.add<FoldBatchNormInto<DenseOp>>(context, "FoldBatchNormIntoDense");
}

void BatchNormOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  populateFoldBatchNormPatterns(results);
}
