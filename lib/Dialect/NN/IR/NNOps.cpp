//===- NNOps.cpp - nn op verifiers ----------------------------------------===//
//
// Every verifier names the operand, the numbers involved and the relation
// that does not hold. Dynamic dims are accepted and checked only where both
// sides of a relation are static.
//
//===----------------------------------------------------------------------===//

#include "nn/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Window attributes are bounded so that shape arithmetic cannot overflow.
constexpr int64_t kMaxWindowValue = int64_t(1) << 31;

bool isStatic(int64_t dim) { return !ShapedType::isDynamic(dim); }

/// True when both dims are static and different.
bool dimsDiffer(int64_t a, int64_t b) {
  return isStatic(a) && isStatic(b) && a != b;
}

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

LogicalResult verifyRank(Operation *op, Value v, StringRef name, int64_t rank,
                         StringRef layout) {
  int64_t actual = tensorType(v).getRank();
  if (actual == rank)
    return success();
  return op->emitOpError() << "expects " << name << " to have rank " << rank
                           << " (" << layout << "), got rank " << actual;
}

/// All operands and results must share one element type.
LogicalResult verifySameElementType(Operation *op) {
  Type expected = getElementTypeOrSelf(op->getResult(0).getType());
  for (OpOperand &operand : op->getOpOperands()) {
    Type type = getElementTypeOrSelf(operand.get().getType());
    if (type != expected)
      return op->emitOpError()
             << "operand #" << operand.getOperandNumber() << " has element type "
             << type << " but the result has element type " << expected;
  }
  return success();
}

/// Checks an attribute of `count` values, each in [minValue, kMaxWindowValue).
LogicalResult verifyWindowAttr(Operation *op, StringRef name,
                               ArrayRef<int64_t> values, size_t count,
                               int64_t minValue) {
  if (values.size() != count)
    return op->emitOpError() << "expects '" << name << "' to have " << count
                             << " values, got " << values.size();
  for (int64_t v : values)
    if (v < minValue || v >= kMaxWindowValue)
      return op->emitOpError()
             << "expects every '" << name << "' value to be in [" << minValue
             << ", " << kMaxWindowValue << "), got " << v;
  return success();
}

/// One spatial axis of a strided window (convolution or pooling).
struct WindowAxis {
  StringRef name; // "height" or "width"
  int64_t input, kernel, stride, dilation, padBefore, padAfter;
};

/// The output size along `axis`, or kDynamic when the input size is dynamic.
FailureOr<int64_t> windowOutputSize(Operation *op, const WindowAxis &axis) {
  if (!isStatic(axis.input) || !isStatic(axis.kernel))
    return ShapedType::kDynamic;
  int64_t effectiveKernel = axis.dilation * (axis.kernel - 1) + 1;
  int64_t padded = axis.input + axis.padBefore + axis.padAfter;
  if (effectiveKernel > padded)
    return op->emitOpError()
           << "effective kernel " << axis.name << " " << effectiveKernel
           << " (kernel " << axis.kernel << ", dilation " << axis.dilation
           << ") exceeds the padded input " << axis.name << " " << padded;
  return (padded - effectiveKernel) / axis.stride + 1;
}

LogicalResult verifyWindowResult(Operation *op, const WindowAxis &axis,
                                 int64_t resultDim) {
  FailureOr<int64_t> expected = windowOutputSize(op, axis);
  if (failed(expected))
    return failure();
  if (!dimsDiffer(*expected, resultDim))
    return success();
  return op->emitOpError()
         << "result " << axis.name << " is " << resultDim << " but input "
         << axis.name << " " << axis.input << ", kernel " << axis.kernel
         << ", stride " << axis.stride << ", dilation " << axis.dilation
         << " and padding (" << axis.padBefore << ", " << axis.padAfter
         << ") give " << *expected;
}

/// Checks the result's H and W of an NCHW windowed op.
LogicalResult verifySpatialResult(Operation *op, ArrayRef<int64_t> inShape,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations,
                                  ArrayRef<int64_t> padding,
                                  ArrayRef<int64_t> resultShape) {
  WindowAxis height{"height",     inShape[2], kernel[0], strides[0],
                    dilations[0], padding[0], padding[2]};
  WindowAxis width{"width",      inShape[3], kernel[1], strides[1],
                   dilations[1], padding[1], padding[3]};
  if (failed(verifyWindowResult(op, height, resultShape[2])))
    return failure();
  return verifyWindowResult(op, width, resultShape[3]);
}

LogicalResult verifyBatchSize(Operation *op, int64_t input, int64_t result) {
  if (!dimsDiffer(input, result))
    return success();
  return op->emitOpError() << "result batch size " << result
                           << " does not match input batch size " << input;
}

/// The optional bias of conv2d / dense: rank 1 with one value per output.
LogicalResult verifyBias(Operation *op, Value bias, int64_t outputs) {
  if (!bias)
    return success();
  if (failed(verifyRank(op, bias, "bias", 1, "[out]")))
    return failure();
  int64_t size = tensorType(bias).getDimSize(0);
  if (!dimsDiffer(size, outputs))
    return success();
  return op->emitOpError() << "bias has " << size
                           << " elements but weight has " << outputs
                           << " output channels";
}
} // namespace

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

/// What conv2d and conv_transpose2d share: ranks, element types, window
/// attributes and groups.
template <typename ConvOp>
static LogicalResult verifyConvCommon(ConvOp conv, StringRef weightLayout) {
  Operation *op = conv.getOperation();
  if (failed(verifyRank(op, conv.getInput(), "input", 4, "NCHW")) ||
      failed(verifyRank(op, conv.getWeight(), "weight", 4, weightLayout)) ||
      failed(verifyRank(op, conv.getResult(), "result", 4, "NCHW")) ||
      failed(verifySameElementType(op)) ||
      failed(verifyWindowAttr(op, "strides", conv.getStrides(), 2, 1)) ||
      failed(verifyWindowAttr(op, "padding", conv.getPadding(), 4, 0)) ||
      failed(verifyWindowAttr(op, "dilations", conv.getDilations(), 2, 1)))
    return failure();
  if (conv.getGroups() < 1)
    return conv.emitOpError()
           << "expects groups >= 1, got " << conv.getGroups();
  return success();
}

LogicalResult Conv2dOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyConvCommon(*this, "[O, I/groups, kH, kW]")))
    return failure();
  int64_t groups = getGroups();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t channels = in[1], outChannels = w[0], perGroup = w[1];
  if (isStatic(channels) && channels % groups != 0)
    return emitOpError() << "input has " << channels
                         << " channels, which is not divisible by groups = "
                         << groups;
  if (isStatic(outChannels) && outChannels % groups != 0)
    return emitOpError() << "weight has " << outChannels
                         << " output channels, which is not divisible by "
                            "groups = "
                         << groups;
  if (isStatic(channels) && isStatic(perGroup) &&
      perGroup * groups != channels)
    return emitOpError() << "weight has " << perGroup
                         << " input channels per group but input has "
                         << channels << " channels and groups = " << groups;
  if (failed(verifyBias(op, getBias(), outChannels)) ||
      failed(verifyBatchSize(op, in[0], out[0])))
    return failure();
  if (dimsDiffer(out[1], outChannels))
    return emitOpError() << "result has " << out[1]
                         << " channels but weight has " << outChannels
                         << " output channels";
  return verifySpatialResult(op, in, w.drop_front(2), getStrides(),
                             getDilations(), getPadding(), out);
}

//===----------------------------------------------------------------------===//
// ConvTranspose2dOp
//===----------------------------------------------------------------------===//

LogicalResult ConvTranspose2dOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyConvCommon(*this, "[I, O/groups, kH, kW]")) ||
      failed(verifyWindowAttr(op, "output_padding", getOutputPadding(), 2, 0)))
    return failure();
  int64_t groups = getGroups();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (dimsDiffer(in[1], w[0]))
    return emitOpError() << "weight has " << w[0]
                         << " input channels but input has " << in[1];
  if (isStatic(w[0]) && w[0] % groups != 0)
    return emitOpError() << "weight has " << w[0]
                         << " input channels, which is not divisible by "
                            "groups = "
                         << groups;
  int64_t outChannels = isStatic(w[1]) ? w[1] * groups : ShapedType::kDynamic;
  if (failed(verifyBias(op, getBias(), outChannels)) ||
      failed(verifyBatchSize(op, in[0], out[0])))
    return failure();
  if (dimsDiffer(out[1], outChannels))
    return emitOpError() << "result has " << out[1] << " channels but weight "
                         << "has " << w[1] << " output channels per group and "
                         << "groups = " << groups;
  for (int axis = 0; axis < 2; ++axis) {
    StringRef name = axis == 0 ? "height" : "width";
    int64_t stride = getStrides()[axis], dilation = getDilations()[axis];
    int64_t outputPadding = getOutputPadding()[axis];
    if (outputPadding >= std::max(stride, dilation))
      return emitOpError() << "output_padding " << outputPadding << " along "
                           << name << " must be smaller than the stride ("
                           << stride << ") or the dilation (" << dilation
                           << ")";
    int64_t input = in[2 + axis], kernel = w[2 + axis];
    if (!isStatic(input) || !isStatic(kernel))
      continue;
    // Attributes are below 2^31; only a huge input dim can overflow.
    std::optional<int64_t> scaled = llvm::checkedMul(input - 1, stride);
    if (!scaled || *scaled > std::numeric_limits<int64_t>::max() / 2)
      return emitOpError() << "input " << name << " " << input
                           << " times stride " << stride
                           << " overflows the output size";
    int64_t expected = *scaled - getPadding()[axis] - getPadding()[axis + 2] +
                       dilation * (kernel - 1) + outputPadding + 1;
    if (expected < 1)
      return emitOpError() << "padding removes the whole output " << name
                           << ": input " << input << ", kernel " << kernel
                           << ", stride " << stride << " and dilation "
                           << dilation << " give " << expected;
    if (dimsDiffer(out[2 + axis], expected))
      return emitOpError()
             << "result " << name << " is " << out[2 + axis] << " but input "
             << name << " " << input << ", kernel " << kernel << ", stride "
             << stride << ", dilation " << dilation << ", padding ("
             << getPadding()[axis] << ", " << getPadding()[axis + 2]
             << ") and output_padding " << outputPadding << " give "
             << expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyRank(op, getInput(), "input", 2, "[N, in]")) ||
      failed(verifyRank(op, getWeight(), "weight", 2, "[out, in]")) ||
      failed(verifyRank(op, getResult(), "result", 2, "[N, out]")) ||
      failed(verifySameElementType(op)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (dimsDiffer(in[1], w[1]))
    return emitOpError() << "weight has " << w[1]
                         << " input features but input has " << in[1];
  if (failed(verifyBias(op, getBias(), w[0])) ||
      failed(verifyBatchSize(op, in[0], out[0])))
    return failure();
  if (dimsDiffer(out[1], w[0]))
    return emitOpError() << "result has " << out[1]
                         << " features but weight has " << w[0]
                         << " output features";
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  Operation *op = getOperation();
  if (failed(verifySameElementType(op)))
    return failure();
  RankedTensorType inputType = getInput().getType();
  if (inputType.getRank() < 2)
    return emitOpError() << "expects input to have rank >= 2, got rank "
                         << inputType.getRank();
  int64_t axis = getAxis();
  if (axis < 1 || axis >= inputType.getRank())
    return emitOpError() << "expects axis in [1, " << inputType.getRank()
                         << "), got " << axis;
  if (getResult().getType() != inputType)
    return emitOpError() << "result type " << getResult().getType()
                         << " does not match input type " << inputType;
  int64_t channels = inputType.getDimSize(axis);
  std::pair<Value, StringRef> params[] = {{getScale(), "scale"},
                                          {getOffset(), "offset"},
                                          {getMean(), "mean"},
                                          {getVariance(), "variance"}};
  for (auto [value, name] : params) {
    if (failed(verifyRank(op, value, name, 1, "[C]")))
      return failure();
    int64_t size = tensorType(value).getDimSize(0);
    if (dimsDiffer(size, channels))
      return emitOpError() << name << " has " << size
                           << " elements but input has " << channels
                           << " channels (dim " << axis << ")";
  }
  double epsilon = getEpsilon().convertToDouble();
  if (!std::isfinite(epsilon) || epsilon < 0)
    return emitOpError() << "expects a finite epsilon >= 0, got " << epsilon;
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

LogicalResult ClampOp::verify() {
  double lo = getMin().convertToDouble(), hi = getMax().convertToDouble();
  if (std::isnan(lo) || std::isnan(hi) || lo > hi)
    return emitOpError() << "expects min <= max, got min = " << lo
                         << " and max = " << hi;
  return success();
}

/// Shared by add and mul: same rank, each dim equal or 1 on one side.
static LogicalResult verifyBroadcastBinary(Operation *op) {
  if (failed(verifySameElementType(op)))
    return failure();
  ArrayRef<int64_t> lhs = tensorType(op->getOperand(0)).getShape();
  ArrayRef<int64_t> rhs = tensorType(op->getOperand(1)).getShape();
  ArrayRef<int64_t> out = tensorType(op->getResult(0)).getShape();
  if (lhs.size() != rhs.size() || lhs.size() != out.size())
    return op->emitOpError()
           << "expects operands and result of the same rank, got ranks "
           << lhs.size() << ", " << rhs.size() << " and " << out.size();
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (dimsDiffer(lhs[i], rhs[i]) && lhs[i] != 1 && rhs[i] != 1)
      return op->emitOpError()
             << "operand sizes " << lhs[i] << " and " << rhs[i] << " at dim "
             << i << " are neither equal nor 1";
    int64_t expected = lhs[i] == 1 ? rhs[i] : lhs[i];
    if (dimsDiffer(expected, out[i]))
      return op->emitOpError() << "result size " << out[i] << " at dim " << i
                               << " does not match the broadcast size "
                               << expected;
  }
  return success();
}

LogicalResult AddOp::verify() { return verifyBroadcastBinary(*this); }
LogicalResult MulOp::verify() { return verifyBroadcastBinary(*this); }

//===----------------------------------------------------------------------===//
// Pooling and structural ops
//===----------------------------------------------------------------------===//

/// Shared by max_pool2d and avg_pool2d.
static LogicalResult verifyPool2d(Operation *op, Value input,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> padding) {
  Value result = op->getResult(0);
  if (failed(verifyRank(op, input, "input", 4, "NCHW")) ||
      failed(verifyRank(op, result, "result", 4, "NCHW")) ||
      failed(verifySameElementType(op)) ||
      failed(verifyWindowAttr(op, "kernel", kernel, 2, 1)) ||
      failed(verifyWindowAttr(op, "strides", strides, 2, 1)) ||
      failed(verifyWindowAttr(op, "padding", padding, 4, 0)))
    return failure();
  // A window that lies entirely in the padding has no defined value.
  for (int i = 0; i < 4; ++i)
    if (padding[i] >= kernel[i % 2])
      return op->emitOpError()
             << "padding " << padding[i] << " must be smaller than the kernel "
             << (i % 2 == 0 ? "height " : "width ") << kernel[i % 2];
  ArrayRef<int64_t> in = tensorType(input).getShape();
  ArrayRef<int64_t> out = tensorType(result).getShape();
  if (failed(verifyBatchSize(op, in[0], out[0])))
    return failure();
  if (dimsDiffer(in[1], out[1]))
    return op->emitOpError() << "result has " << out[1]
                             << " channels but input has " << in[1];
  int64_t noDilation[] = {1, 1};
  return verifySpatialResult(op, in, kernel, strides, noDilation, padding,
                             out);
}

LogicalResult MaxPool2dOp::verify() {
  return verifyPool2d(*this, getInput(), getKernel(), getStrides(),
                      getPadding());
}

LogicalResult AvgPool2dOp::verify() {
  return verifyPool2d(*this, getInput(), getKernel(), getStrides(),
                      getPadding());
}

LogicalResult GlobalAvgPool2dOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyRank(op, getInput(), "input", 4, "NCHW")) ||
      failed(verifyRank(op, getResult(), "result", 4, "NCHW")) ||
      failed(verifySameElementType(op)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (failed(verifyBatchSize(op, in[0], out[0])))
    return failure();
  if (dimsDiffer(in[1], out[1]) || out[2] != 1 || out[3] != 1)
    return emitOpError() << "expects result shape [N, " << in[1]
                         << ", 1, 1], got " << getResult().getType();
  return success();
}

RankedTensorType PadOp::getPaddedType(RankedTensorType type,
                                      ArrayRef<int64_t> padding) {
  SmallVector<int64_t> shape(type.getShape());
  auto grow = [](int64_t dim, int64_t by) {
    return isStatic(dim) ? dim + by : dim;
  };
  shape[2] = grow(shape[2], padding[0] + padding[2]);
  shape[3] = grow(shape[3], padding[1] + padding[3]);
  return type.clone(shape);
}

LogicalResult PadOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyRank(op, getInput(), "input", 4, "NCHW")) ||
      failed(verifyRank(op, getValues(), "values", 1, "one per channel")) ||
      failed(verifyRank(op, getResult(), "result", 4, "NCHW")) ||
      failed(verifySameElementType(op)) ||
      failed(verifyWindowAttr(op, "padding", getPadding(), 4, 0)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t values = getValues().getType().getDimSize(0);
  if (dimsDiffer(values, in[1]))
    return emitOpError() << "has " << values << " values but the input has "
                         << in[1] << " channels";
  ArrayRef<int64_t> expected =
      getPaddedType(getInput().getType(), getPadding()).getShape();
  for (int64_t dim = 0; dim < 4; ++dim)
    if (dimsDiffer(out[dim], expected[dim]))
      return emitOpError() << "result dim " << dim << " is " << out[dim]
                           << " but the padded input's is " << expected[dim];
  return success();
}

LogicalResult FlattenOp::verify() {
  if (failed(verifySameElementType(*this)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t start = getStartDim();
  if (start < 0 || start >= static_cast<int64_t>(in.size()))
    return emitOpError() << "expects start_dim in [0, " << in.size()
                         << "), got " << start;
  if (static_cast<int64_t>(out.size()) != start + 1)
    return emitOpError() << "expects a result of rank " << start + 1
                         << " (start_dim + 1), got rank " << out.size();
  for (int64_t i = 0; i < start; ++i)
    if (dimsDiffer(in[i], out[i]))
      return emitOpError() << "result size " << out[i] << " at dim " << i
                           << " does not match input size " << in[i];
  ArrayRef<int64_t> collapsed = in.drop_front(start);
  if (llvm::all_of(collapsed, isStatic)) {
    int64_t product = 1;
    for (int64_t d : collapsed)
      product *= d;
    if (dimsDiffer(product, out[start]))
      return emitOpError() << "result size " << out[start] << " at dim "
                           << start << " does not match the product "
                           << product << " of the collapsed input dims";
  }
  return success();
}

LogicalResult TransposeOp::verify() {
  ArrayRef<int64_t> permutation = getPermutation();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (permutation.size() != in.size() || out.size() != in.size())
    return emitOpError() << "expects a permutation of " << in.size()
                         << " dims and a result of rank " << in.size()
                         << ", got " << permutation.size() << " and "
                         << out.size();
  llvm::SmallBitVector seen(in.size());
  for (auto [i, dim] : llvm::enumerate(permutation)) {
    if (dim < 0 || dim >= static_cast<int64_t>(in.size()) || seen.test(dim))
      return emitOpError() << "permutation " << dim << " at position " << i
                           << " is out of range or repeated";
    seen.set(dim);
    if (dimsDiffer(out[i], in[dim]))
      return emitOpError() << "result dim " << i << " is " << out[i]
                           << " but input dim " << dim << " is " << in[dim];
  }
  return verifySameElementType(getOperation());
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "expects at least one input";
  if (failed(verifySameElementType(*this)))
    return failure();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t rank = out.size(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "expects axis in [0, " << rank << "), got "
                         << axis;
  int64_t total = 0;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    ArrayRef<int64_t> shape = tensorType(input).getShape();
    if (static_cast<int64_t>(shape.size()) != rank)
      return emitOpError() << "input #" << index << " has rank "
                           << shape.size() << " but the result has rank "
                           << rank;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis && dimsDiffer(shape[i], out[i]))
        return emitOpError() << "input #" << index << " has size " << shape[i]
                             << " at dim " << i << " but the result has "
                             << out[i];
    total = (isStatic(total) && isStatic(shape[axis])) ? total + shape[axis]
                                                        : ShapedType::kDynamic;
  }
  if (dimsDiffer(total, out[axis]))
    return emitOpError() << "result size " << out[axis] << " along axis "
                         << axis << " does not match the inputs' total "
                         << total;
  return success();
}

#define GET_OP_CLASSES
#include "nn/Dialect/NN/IR/NNOps.cpp.inc"
