#include "FoldSupport.h"

#include "nn/Support/HostMemory.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nn;
using namespace mlir::nn::folding;

std::string folding::formatNumber(double value) {
  return llvm::formatv("{0}", llvm::format("%g", value));
}

std::optional<LinearOp> folding::asLinearOp(Operation *op) {
  if (auto conv = dyn_cast_if_present<Conv2dOp>(op))
    return LinearOp{op, conv.getInput(), conv.getWeight(), conv.getBias(),
                    conv.getActivation()};
  if (auto conv = dyn_cast_if_present<ConvTranspose2dOp>(op))
    return LinearOp{op, conv.getInput(), conv.getWeight(), conv.getBias(),
                    conv.getActivation()};
  if (auto dense = dyn_cast_if_present<DenseOp>(op))
    return LinearOp{op, dense.getInput(), dense.getWeight(), dense.getBias(),
                    dense.getActivation()};
  return std::nullopt;
}

LayoutPath folding::followLayoutOps(Value value) {
  LayoutPath path{value, {}};
  while (Operation *definer = path.source.getDefiningOp()) {
    if (!isa<TransposeOp, FlattenOp>(definer))
      break;
    path.layoutOps.push_back(definer);
    path.source = definer->getOperand(0);
  }
  return path;
}

OutputChannelMap folding::outputChannelMap(const LinearOp &linear,
                                           RankedTensorType weightType) {
  int64_t elements = weightType.getNumElements();
  auto conv = dyn_cast<ConvTranspose2dOp>(linear.op);
  if (!conv)
    return {weightType.getDimSize(0), true, 1, 1, 1, elements};
  int64_t groups = conv.getGroups();
  int64_t perGroup = weightType.getDimSize(1);
  return {perGroup * groups,
          false,
          weightType.getDimSize(0) / groups,
          perGroup,
          weightType.getDimSize(2) * weightType.getDimSize(3),
          elements};
}

Value folding::rebuildLinearOp(RewriterBase &rewriter, Location loc,
                              const LinearOp &linear, Value input, Value weight,
                              Value bias) {
  if (auto conv = dyn_cast<Conv2dOp>(linear.op))
    return Conv2dOp::create(rewriter, loc, conv.getType(), input, weight, bias,
                            conv.getStridesAttr(), conv.getPaddingAttr(),
                            conv.getDilationsAttr(), conv.getGroupsAttr(),
                            conv.getActivationAttr());
  if (auto conv = dyn_cast<ConvTranspose2dOp>(linear.op))
    return ConvTranspose2dOp::create(
        rewriter, loc, conv.getType(), input, weight, bias,
        conv.getStridesAttr(), conv.getPaddingAttr(),
        conv.getOutputPaddingAttr(), conv.getDilationsAttr(),
        conv.getGroupsAttr(), conv.getActivationAttr());
  auto dense = cast<DenseOp>(linear.op);
  return DenseOp::create(rewriter, loc, dense.getType(), input, weight, bias,
                         dense.getActivationAttr());
}

FailureOr<ChannelAffine> folding::batchNormAffine(BatchNormOp bn,
                                                 int64_t channels,
                                                 StringRef channelsOf,
                                                 FoldRefusal &refusal) {
  std::pair<Value, StringRef> operands[] = {{bn.getScale(), "scale"},
                                            {bn.getOffset(), "offset"},
                                            {bn.getMean(), "mean"},
                                            {bn.getVariance(), "variance"}};
  std::vector<double> values[4];
  for (auto [i, operand] : llvm::enumerate(operands)) {
    auto [value, name] = operand;
    std::optional<FloatConstant> constant = readFloatConstant(value);
    if (!constant)
      return refuse(refusal, FoldRefusalReason::NonConstant,
                    llvm::formatv("{0} is not a constant with readable values",
                                  name));
    if (static_cast<int64_t>(constant->size()) != channels)
      return refuse(refusal, FoldRefusalReason::ChannelMismatch,
                    llvm::formatv("{0} has {1} channels but {2}", name,
                                  constant->size(), channelsOf));
    values[i] = constant->values();
  }
  auto &[gamma, beta, mean, variance] = values;
  double epsilon = bn.getEpsilon().convertToDouble();
  ChannelAffine affine{mean, std::vector<double>(channels), beta};
  for (int64_t c = 0; c < channels; ++c) {
    double denominator = variance[c] + epsilon;
    if (!(denominator > 0))
      return refuse(refusal, FoldRefusalReason::NonPositiveVariance,
                    llvm::formatv("variance + epsilon = {0} at channel {1} "
                                  "(variance = {2}, epsilon = {3})",
                                  formatNumber(denominator), c,
                                  formatNumber(variance[c]),
                                  formatNumber(epsilon)));
    affine.scale[c] = gamma[c] / std::sqrt(denominator);
  }
  return affine;
}

FailureOr<ChannelAffine> folding::channelOpAffine(Operation *op, Value input,
                                                 FoldRefusal &refusal) {
  Value operand = op->getOperand(0) == input ? op->getOperand(1)
                                             : op->getOperand(0);
  StringRef opName = op->getName().getStringRef();
  std::optional<FloatConstant> constant = readFloatConstant(operand);
  if (!constant)
    return refuse(refusal, FoldRefusalReason::NonConstant,
                  llvm::formatv("the other operand of '{0}' is not a constant "
                                "with readable values",
                                opName));
  auto type = cast<RankedTensorType>(operand.getType());
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  // One value per channel (dim 1), or one value for all: every other dim is
  // 1, and the constant does not broadcast the input to a larger shape.
  bool perChannel = type.getRank() >= 2 && input.getType() == resultType;
  for (auto [dim, size] : llvm::enumerate(type.getShape()))
    perChannel &= size == 1 || dim == 1;
  if (!perChannel) {
    std::string channelShape = "1xC";
    for (int64_t dim = 2; dim < resultType.getRank(); ++dim)
      channelShape += "x1";
    return refuse(refusal, FoldRefusalReason::NotPerChannel,
                  llvm::formatv("the constant operand of '{0}' has type {1}; "
                                "only a {2} or all-ones shape scales or "
                                "shifts whole channels of a {3}",
                                opName, type, channelShape, resultType));
  }
  int64_t channels = resultType.getDimSize(1);
  std::vector<double> values = constant->values();
  if (values.size() == 1)
    values.assign(channels, values.front());
  std::vector<double> zeros(channels, 0.0), ones(channels, 1.0);
  if (isa<MulOp>(op))
    return ChannelAffine{zeros, std::move(values), zeros};
  return ChannelAffine{zeros, ones, std::move(values)};
}

Value folding::createConstant(RewriterBase &rewriter, Location loc,
                             ElementsAttr value) {
  return arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(value));
}

void folding::eraseIfUnused(RewriterBase &rewriter,
                           const llvm::SetVector<Operation *> &candidates) {
  for (Operation *op : candidates)
    if (op && op->use_empty())
      rewriter.eraseOp(op);
}

std::string folding::notFiniteDetail(StringRef what, double value,
                                    Type elementType) {
  return llvm::formatv("{0} = {1} is not finite in {2}", what,
                       formatNumber(value), elementType);
}

LogicalResult folding::checkFoldedWeightFits(const FloatConstant &weight,
                                            FoldRefusal &refusal) {
  uint64_t bytes =
      tensorBytes(cast<ShapedType>(weight.attr.getType()).getShape(),
                  FloatType(weight.elementType).getWidth());
  if (bytes <= physicalMemoryBytes() / 2)
    return success();
  return refuse(refusal, FoldRefusalReason::TooLarge,
                llvm::formatv("the folded weight needs {0} bytes, more than "
                              "half of this machine's {1} bytes of memory",
                              bytes, physicalMemoryBytes()));
}

Operation *folding::forwardFoldTarget(BatchNormOp bn) {
  if (!bn->hasOneUse() || bn.getAxis() != 1)
    return nullptr;
  // Not conv_transpose2d: its border outputs gather fewer taps, so a
  // constant input offset does not become a constant bias.
  Operation *user = *bn->user_begin();
  if (!isa<Conv2dOp, DenseOp>(user))
    return nullptr;
  return asLinearOp(user)->input == bn.getResult() ? user : nullptr;
}
