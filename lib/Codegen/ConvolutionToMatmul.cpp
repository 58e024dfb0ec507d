//===- ConvolutionToMatmul.cpp - convolutions in vectorizable form --------===//
//
// A direct NCHW convolution's innermost loops run over the kernel window,
// which defeats vectorization. As im2col + contraction the inner loop runs
// along output pixels, contiguous in both the column matrix and the output.
// Along wide output rows (at stride 1, or at stride 2 over few channels) the
// contraction reads the input rows in place and needs no column matrix.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"
#include "nn/Dialect/NN/IR/ConstantTensor.h"

#include "ParallelLoops.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_CONVOLUTIONTOMATMUL
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
using utils::IteratorType;

/// Merges the dims of `value` in the groups of `reassociation`.
Value collapse(OpBuilder &b, Location loc, Value value,
               ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, value, reassociation);
}

int64_t attrAt(DenseIntElementsAttr attr, int64_t i) {
  return attr.getValues<int64_t>()[i];
}

/// The read of input[n, c, oh*sh + kh*dh, ow*sw + kw*dw] by a window op
/// (`conv`) with these loop dims among `dims` loops.
template <typename WindowOp>
AffineMap windowRead(WindowOp conv, unsigned dims, AffineExpr n, AffineExpr c,
                     AffineExpr oh, AffineExpr ow, AffineExpr kh,
                     AffineExpr kw) {
  auto strides = conv.getStrides(), dilations = conv.getDilations();
  return AffineMap::get(dims, 0,
                        {n, c,
                         oh * attrAt(strides, 0) + kh * attrAt(dilations, 0),
                         ow * attrAt(strides, 1) + kw * attrAt(dilations, 1)},
                        conv.getContext());
}

/// col[n, c, kh, kw, oh, ow] = input[n, c, oh*sh + kh*dh, ow*sw + kw*dw],
/// returned as the [N, C*kH*kW, Ho*Wo] matrix.
Value im2col(OpBuilder &b, Location loc, linalg::Conv2DNchwFchwOp conv) {
  Value input = conv.getInputs()[0];
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto outputType = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  SmallVector<int64_t> shape = {
      inputType.getDimSize(0),  inputType.getDimSize(1),
      filterType.getDimSize(2), filterType.getDimSize(3),
      outputType.getDimSize(2), outputType.getDimSize(3)};
  MLIRContext *context = b.getContext();
  AffineExpr n, c, kh, kw, oh, ow;
  bindDims(context, n, c, kh, kw, oh, ow);
  AffineMap read = windowRead(conv, 6, n, c, oh, ow, kh, kw);
  Value init =
      tensor::EmptyOp::create(b, loc, shape, inputType.getElementType());
  auto copy = linalg::GenericOp::create(
      b, loc, init.getType(), input, init,
      ArrayRef<AffineMap>{read, b.getMultiDimIdentityMap(6)},
      SmallVector<IteratorType>(6, IteratorType::parallel),
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc, args[0]);
      });
  return collapse(b, loc, copy.getResult(0), {{0}, {1, 2, 3}, {4, 5}});
}

/// Rows of the column matrix start on a cache line. The contraction loads a
/// register tile's columns of one row per reduction step; with Ho*Wo not a
/// multiple of a line (7x7 and 14x14 outputs) most of those loads straddled
/// two lines: a 512-channel 3x3 convolution over a 7x7 map took 6.0 ms
/// with 49-element rows and 4.0-4.2 ms with rows padded to 64 (fastest of
/// 50 runs, alternating the two builds).
constexpr int64_t kColumnRowAlignmentBytes = 64;

/// The elements of one column matrix row: Ho*Wo rounded up to a line.
int64_t columnRowLength(int64_t pixels, Type elementType) {
  int64_t lineElements =
      kColumnRowAlignmentBytes / (elementType.getIntOrFloatBitWidth() / 8);
  return llvm::alignTo(pixels, std::max<int64_t>(lineElements, 1));
}

/// Whether `conv` is a 1x1 stride-1 convolution, whose input is already the
/// column matrix. Its rows are read where they are even when they do not start
/// on cache lines (14x14 and 7x7 maps): copying them to aligned rows cost more
/// than the split loads. Alternating the two forms, one thread: 384 to 64
/// channels over 14x14 took 0.091 ms in place against 0.111 ms with the
/// copy, and 0.048 against 0.071 ms on two threads; other 1x1 convolutions
/// of mobilenet_v2 and resnet50 were 0.94-1.02x; whole models 0.95-0.98x
/// (mobilenet_v2, efficientnet_b0) and 0.98-1.00x (resnet50).
bool isPointwise(linalg::Conv2DNchwFchwOp conv) {
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto strides = conv.getStrides();
  return filterType.getDimSize(2) == 1 && filterType.getDimSize(3) == 1 &&
         attrAt(strides, 0) == 1 && attrAt(strides, 1) == 1;
}

/// out += lhs * rhs as a generic with `maps` (lhs, rhs, out), where the
/// loops the output does not index are the reductions. nn-vectorize-
/// contractions broadcasts lhs elements against rows of rhs.
Value multiplyAccumulate(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         Value accumulator, ArrayRef<AffineMap> maps) {
  AffineMap out = maps.back();
  SmallVector<IteratorType> iterators;
  for (unsigned dim = 0; dim < out.getNumDims(); ++dim)
    iterators.push_back(out.isFunctionOfDim(dim) ? IteratorType::parallel
                                                 : IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, accumulator.getType(), ValueRange{lhs, rhs}, accumulator,
             maps, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value term =
                   arith::MulFOp::create(nested, nestedLoc, args[0], args[1]);
               Value sum =
                   arith::AddFOp::create(nested, nestedLoc, args[2], term);
               linalg::YieldOp::create(nested, nestedLoc, sum);
             })
      .getResult(0);
}

/// out[n, f, p] += weight[f, k] * columns[n, k, p].
Value contract(OpBuilder &b, Location loc, Value weight, Value columns,
               Value accumulator) {
  MLIRContext *context = b.getContext();
  AffineExpr n, f, p, k;
  bindDims(context, n, f, p, k);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {f, k}, context),
                                 AffineMap::get(4, 0, {n, k, p}, context),
                                 AffineMap::get(4, 0, {n, f, p}, context)};
  return multiplyAccumulate(b, loc, weight, columns, accumulator, maps);
}

/// Output rows at least this wide are computed from the input in place
/// (see readsWindowInPlace): the width of a register tile's vectors in
/// nn-vectorize-contractions. Narrower rows fill part of a vector, while
/// the column matrix packs several rows into one: a 512-channel 3x3
/// convolution over 7x7 took 5.2 ms in place against 3.2 ms with im2col,
/// and over 14x14 both took the same.
constexpr int64_t kMinInPlaceRowWidth = 16;

/// A stride-1 convolution reads its input rows in place when its output
/// rows are whole vectors or end in half a vector (8 lanes: an AVX2 FMA).
/// Zen 4 issues those at twice the rate of 16-lane ones; Zen 5 at the same
/// rate (114 against 237 GFLOP/s per core), so a row of 56 alone wastes
/// an eighth of its FMAs; nn-vectorize-contractions pairs such rows so that
/// their ends fill one vector. Even unpaired, the column matrix cost more:
/// through it, a 64-channel 3x3 convolution over 56x56 took 1.03x the time
/// on one thread and 1.10-1.25x on two, resnet18 1.06x and 1.09x. Other rows
/// leave a partial vector that costs a whole one: 28 columns take two
/// 16-lane FMAs per row and step. In the column matrix they are packed
/// into whole vectors. Alternating the two forms: a 3x3 convolution of 128
/// channels over 28x28 took 2.06 against 2.26 ms on one thread, 1.09
/// against 1.16 ms on two (with parallel column panels, see
/// nn-vectorize-contractions); a 1x1 one whose output then has the
/// input's [N, C, H, W] shape can write it straight into the interior of
/// the next layer's padded input (see nn-write-into-padded-buffers), which
/// the [N, F, H*W] product of the column form cannot: with those writes,
/// mobilenet_v2 0.92-0.98x on one thread and 0.93x on two, efficientnet_b0
/// 0.97-0.99x, the ResNets even.
constexpr int64_t kInPlaceRowMultiple = 8;

/// Rows that are not a multiple of kInPlaceRowMultiple are still read in
/// place where the column matrix would be larger than this. A contraction
/// reads its column matrix once per parallel block of rows, and one that
/// does not stay in cache with the weights costs more than the lanes it
/// saves: on one thread, a 3x3 convolution over 28x28 from 512 channels
/// (a 14.4 MB matrix) took 1.52x the time in place, from 256 (7.2 MB)
/// 0.91x.
constexpr int64_t kMaxColumnMatrixBytes = 8 << 20;

/// Strided convolutions with at most this many input channels are read in
/// place. Measured when each step loaded the span of the tap's input and
/// shuffled every other element out (before StridedRowsAsColumnParities),
/// with more channels that cost more than the column matrix saved.
/// Alternating the two forms, one thread: a 7x7
/// stride-2 convolution of 3 channels over 224x224 took 2.42 ms in place
/// against 3.31 ms with im2col; 3x3 stride-2 ones over 112x112 of 3, 16 and
/// 32 channels were 0.66-0.95x the im2col form's time, and over 56x56 of
/// 64 and 128 channels 1.09-1.28x.
constexpr int64_t kMaxStridedInPlaceChannels = 32;

/// A convolution along whose output rows the input of one tap is a run of
/// an input row: contiguous at stride 1, every other element at stride 2
/// (read from a copy of the even or odd columns where the window is wide,
/// see StridedRowsAsColumnParities, or as a load and a shuffle, see
/// nn-contiguous-strided-reads). With
/// output rows of at least kMinInPlaceRowWidth, of a multiple of
/// kInPlaceRowMultiple at stride 1 and, if strided, few input channels,
/// the contraction reads the input where it is, and no column matrix,
/// nine times the input for a 3x3 window, is written and read back.
bool readsWindowInPlace(linalg::Conv2DNchwFchwOp conv) {
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto outputType = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  auto strides = conv.getStrides();
  bool strided = attrAt(strides, 0) > 1 || attrAt(strides, 1) > 1;
  if (strided && (attrAt(strides, 1) > 2 ||
                  filterType.getDimSize(1) > kMaxStridedInPlaceChannels))
    return false;
  int64_t rowWidth = outputType.getDimSize(3);
  if (rowWidth < kMinInPlaceRowWidth)
    return false;
  if (strided || rowWidth % kInPlaceRowMultiple == 0)
    return true;
  // A 1x1 convolution's column matrix is its input, and costs no copy.
  if (isPointwise(conv))
    return false;
  int64_t columnMatrixBytes =
      filterType.getNumElements() / filterType.getDimSize(0) * rowWidth *
      outputType.getDimSize(2) * outputType.getElementTypeBitWidth() / 8;
  return columnMatrixBytes > kMaxColumnMatrixBytes;
}

/// out[n, f, oh, ow] += filter[f, c, kh, kw] *
/// input[n, c, oh*sh + kh*dh, ow*sw + kw*dw] over the loops (n, f, oh, ow,
/// c, kh, kw): the contraction form of nn-vectorize-contractions with the
/// output row as its columns, read from the input at the tap's offset.
Value contractWindowInPlace(OpBuilder &b, Location loc,
                            linalg::Conv2DNchwFchwOp conv) {
  MLIRContext *context = b.getContext();
  AffineExpr n, f, oh, ow, c, kh, kw;
  bindDims(context, n, f, oh, ow, c, kh, kw);
  SmallVector<AffineMap> maps = {AffineMap::get(7, 0, {f, c, kh, kw}, context),
                                 windowRead(conv, 7, n, c, oh, ow, kh, kw),
                                 AffineMap::get(7, 0, {n, f, oh, ow}, context)};
  return multiplyAccumulate(b, loc, conv.getInputs()[1], conv.getInputs()[0],
                            conv.getOutputs()[0], maps);
}

bool hasStaticTensorOperands(linalg::Conv2DNchwFchwOp conv) {
  return conv.hasPureTensorSemantics() &&
         llvm::all_of(conv->getOperandTypes(), [](Type type) {
           return cast<ShapedType>(type).hasStaticShape();
         });
}

/// input[:, :, :, parity :: 2], `width` columns of it, copied into a
/// contiguous tensor.
Value everyOtherColumn(OpBuilder &b, Location loc, Value input, int64_t parity,
                       int64_t width) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = width;
  MLIRContext *context = b.getContext();
  AffineExpr n, c, h, w;
  bindDims(context, n, c, h, w);
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::GenericOp::create(
             b, loc, init.getType(), input, init,
             ArrayRef<AffineMap>{
                 AffineMap::get(4, 0, {n, c, h, w * 2 + parity}, context),
                 b.getMultiDimIdentityMap(4)},
             SmallVector<IteratorType>(4, IteratorType::parallel),
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc, args[0]);
             })
      .getResult(0);
}

/// Windows at least this wide are split by column parity (see
/// StridedRowsAsColumnParities). Alternating both forms on a Zen 3 VM, 3
/// taps wide: the 3x3 stems of mobilenet_v2 and efficientnet_b0 (3 to 32
/// channels over 224x224) took 0.92-1.00x the time split on one thread
/// but 1.10-1.22x on two (0.40 against 0.33-0.37 ms), mobilenet_v2
/// 1.00-1.02x on two; 3x3 ones of 16 and 32 channels over 112x112
/// 0.78-0.83x on one thread, 1.00-1.04x on two.
constexpr int64_t kMinColumnParityWindow = 5;

/// A convolution of stride 2 along its rows that reads its input in place
/// (readsWindowInPlace) as two of stride 1 along the rows: the even taps
/// (kw = 0, 2, ...) over the input's even columns, then the odd taps over
/// its odd columns, added to the first's result. Each tap then reads a
/// contiguous run of a row; at stride 2 it loaded twice the span and took
/// four shuffles to pick every other element, beside 12 FMAs of an AVX2
/// register tile. Alternating both forms on a Zen 3 VM: resnet18's 7x7
/// stem (3 to 64 channels over 224x224) took 0.75-0.77x the time on one
/// thread and 0.75-0.81x on two, resnet18 0.96x and 0.98x. On a Zen 5 VM
/// (AVX-512), where the stem runs near the FMA peak either way: 0.90-0.96x,
/// whole models even within the noise.
struct StridedRowsAsColumnParities
    : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  StridedRowsAsColumnParities(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticTensorOperands(conv))
      return rewriter.notifyMatchFailure(conv, "needs static tensor operands");
    if (attrAt(conv.getStrides(), 1) != 2 ||
        attrAt(conv.getDilations(), 1) != 1 || !readsWindowInPlace(conv))
      return rewriter.notifyMatchFailure(
          conv, "not read in place at stride 2 along undilated rows");
    Value input = conv.getInputs()[0], filter = conv.getInputs()[1];
    auto filterType = cast<RankedTensorType>(filter.getType());
    int64_t kernelWidth = filterType.getDimSize(3);
    if (kernelWidth < kMinColumnParityWindow)
      return rewriter.notifyMatchFailure(conv, "window too narrow to split");
    int64_t outputWidth =
        cast<RankedTensorType>(conv.getOutputs()[0].getType()).getDimSize(3);
    Location loc = conv.getLoc();
    Value sum = conv.getOutputs()[0];
    for (int64_t parity = 0; parity < 2; ++parity) {
      // The taps parity, parity + 2, ... read columns 2 (ow + j) + parity.
      int64_t taps = (kernelWidth - parity + 1) / 2;
      int64_t width = outputWidth + taps - 1;
      Value columns = everyOtherColumn(rewriter, loc, input, parity, width);
      SmallVector<int64_t> tapsShape(filterType.getShape());
      tapsShape.back() = taps;
      Value tapFilter = tensor::ExtractSliceOp::create(
          rewriter, loc,
          RankedTensorType::get(tapsShape, filterType.getElementType()),
          filter,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(parity)},
          getAsIndexOpFoldResult(rewriter.getContext(), tapsShape),
          ArrayRef<OpFoldResult>{
              rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
              rewriter.getIndexAttr(1), rewriter.getIndexAttr(2)});
      sum = linalg::Conv2DNchwFchwOp::create(
                rewriter, loc, sum.getType(), ValueRange{columns, tapFilter},
                sum,
                rewriter.getI64VectorAttr({attrAt(conv.getStrides(), 0), 1}),
                rewriter.getI64VectorAttr({attrAt(conv.getDilations(), 0), 1}))
                .getResult(0);
    }
    rewriter.replaceOp(conv, sum);
    return success();
  }
};

struct Conv2DNchwFchwToMatmul : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticTensorOperands(conv))
      return rewriter.notifyMatchFailure(conv, "needs static tensor operands");
    Location loc = conv.getLoc();
    if (readsWindowInPlace(conv)) {
      rewriter.replaceOp(conv, contractWindowInPlace(rewriter, loc, conv));
      return success();
    }
    Value columns =
        isPointwise(conv)
            ? collapse(rewriter, loc, conv.getInputs()[0], {{0}, {1}, {2, 3}})
            : im2col(rewriter, loc, conv);
    Value weight =
        collapse(rewriter, loc, conv.getInputs()[1], {{0}, {1, 2, 3}});
    Value accumulator =
        collapse(rewriter, loc, conv.getOutputs()[0], {{0}, {1}, {2, 3}});
    Value product = contract(rewriter, loc, weight, columns, accumulator);
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        conv, conv.getResultTypes()[0], product,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    return success();
  }
};

/// The input of window tap (kh, kw) for every output position:
/// input[:, :, kh*dh :: sh, kw*dw :: sw], a strided slice the size of the
/// output, in the order of a reduction over (kh, kw).
SmallVector<Value> windowTaps(OpBuilder &b, Location loc, Value input,
                              RankedTensorType outputType, int64_t kernelH,
                              int64_t kernelW, DenseIntElementsAttr strides,
                              DenseIntElementsAttr dilations) {
  SmallVector<Value> taps;
  for (int64_t kh = 0; kh < kernelH; ++kh)
    for (int64_t kw = 0; kw < kernelW; ++kw)
      taps.push_back(tensor::ExtractSliceOp::create(
          b, loc, outputType, input,
          ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0),
                                 b.getIndexAttr(kh * attrAt(dilations, 0)),
                                 b.getIndexAttr(kw * attrAt(dilations, 1))},
          getAsIndexOpFoldResult(b.getContext(), outputType.getShape()),
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                                 b.getIndexAttr(attrAt(strides, 0)),
                                 b.getIndexAttr(attrAt(strides, 1))}));
  return taps;
}

/// Folds one tap into the running value: (acc, tap input, tap operands).
using TapCombiner =
    function_ref<Value(OpBuilder &, Location, Value, Value, ValueRange)>;

/// An all-parallel generic over loops (n, c, oh, ow) that replaces a
/// window reduction: `taps` (indexed like the output) and `perTap`
/// operands per tap (indexed by channel) are folded into `init` in tap
/// order. As a reduction the loops keep out[...] in memory, a load and a
/// store per tap; this form loads and stores each output once and its
/// innermost loop runs along the contiguous output row. `init` is an input
/// and the result a new tensor, so that the generic has one result when
/// the producer of `init` (a bias broadcast) or the consumer of the result
/// (an activation) is fused into it.
Value foldTaps(OpBuilder &b, Location loc, RankedTensorType outputType,
               ArrayRef<Value> taps, ArrayRef<SmallVector<Value>> perTap,
               Value init, TapCombiner combine) {
  MLIRContext *context = b.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(4, context);
  AffineMap channel =
      AffineMap::get(4, 0, {getAffineDimExpr(1, context)}, context);
  SmallVector<Value> inputs(taps.begin(), taps.end());
  SmallVector<AffineMap> maps(taps.size(), identity);
  size_t operandsPerTap = perTap.empty() ? 0 : perTap.front().size();
  for (const SmallVector<Value> &operands : perTap)
    for (Value operand : operands) {
      inputs.push_back(operand);
      maps.push_back(channel);
    }
  inputs.push_back(init);
  maps.push_back(identity);
  maps.push_back(identity);
  Value result = tensor::EmptyOp::create(b, loc, outputType.getShape(),
                                         outputType.getElementType());
  int64_t count = taps.size();
  return linalg::GenericOp::create(
             b, loc, outputType, inputs, result, maps,
             SmallVector<IteratorType>(4, IteratorType::parallel),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value acc = args[args.size() - 2];
               for (int64_t tap = 0; tap < count; ++tap)
                 acc = combine(
                     nested, nestedLoc, acc, args[tap],
                     args.slice(count + tap * operandsPerTap, operandsPerTap));
               linalg::YieldOp::create(nested, nestedLoc, acc);
             })
      .getResult(0);
}

/// Windows of more taps than this keep the reduction form (with the output
/// row innermost): unrolled, the generic would have too many operands.
constexpr int64_t kMaxTaps = 49;

/// out[n, c, oh, ow] += input[n, c, oh*sh + kh*dh, ow*sw + kw*dw] *
/// filter[c, kh, kw], as foldTaps over the window's taps: the sums are added
/// in the reduction's order (kh, then kw), so every sum is the same.
struct DepthwiseRowInnermost
    : OpRewritePattern<linalg::DepthwiseConv2DNchwChwOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::DepthwiseConv2DNchwChwOp conv,
                                PatternRewriter &rewriter) const override {
    if (!conv.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(conv, "needs tensor operands");
    auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
    int64_t kernelH = filterType.getDimSize(1),
            kernelW = filterType.getDimSize(2);
    if (kernelH * kernelW <= kMaxTaps)
      unrollTaps(rewriter, conv, kernelH, kernelW);
    else
      reduceWithRowInnermost(rewriter, conv);
    return success();
  }

private:
  /// Tap (kh, kw) also reads filter[:, kh, kw], one weight per channel.
  static void unrollTaps(PatternRewriter &rewriter,
                         linalg::DepthwiseConv2DNchwChwOp conv, int64_t kernelH,
                         int64_t kernelW) {
    Location loc = conv.getLoc();
    Value filter = conv.getInputs()[1];
    auto outputType = cast<RankedTensorType>(conv.getResultTypes()[0]);
    auto channelsType = RankedTensorType::get({outputType.getDimSize(1)},
                                              outputType.getElementType());
    SmallVector<Value> taps =
        windowTaps(rewriter, loc, conv.getInputs()[0], outputType, kernelH,
                   kernelW, conv.getStrides(), conv.getDilations());
    SmallVector<SmallVector<Value>> weights;
    for (int64_t kh = 0; kh < kernelH; ++kh)
      for (int64_t kw = 0; kw < kernelW; ++kw)
        weights.push_back({tensor::ExtractSliceOp::create(
            rewriter, loc, channelsType, filter,
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                                   rewriter.getIndexAttr(kh),
                                   rewriter.getIndexAttr(kw)},
            ArrayRef<OpFoldResult>{
                rewriter.getIndexAttr(channelsType.getDimSize(0)),
                rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(1)})});
    rewriter.replaceOp(
        conv,
        foldTaps(rewriter, loc, outputType, taps, weights, conv.getOutputs()[0],
                 [](OpBuilder &b, Location loc, Value acc, Value input,
                    ValueRange weight) -> Value {
                   // May fuse into one FMA and rounding per tap, as in the
                   // contractions: a mul and an add took up to 1.1x the
                   // time (25 taps over 7x7). f16 without FMA hardware for
                   // it stays a mul and an add (an f16 math.fma calls a
                   // libgcc routine that the JIT does not link).
                   auto contract = arith::FastMathFlags::contract;
                   Value term = arith::MulFOp::create(b, loc, input, weight[0],
                                                      contract);
                   return arith::AddFOp::create(b, loc, acc, term, contract);
                 }));
  }

  static void reduceWithRowInnermost(PatternRewriter &rewriter,
                                     linalg::DepthwiseConv2DNchwChwOp conv) {
    MLIRContext *context = rewriter.getContext();
    AffineExpr n, c, kh, kw, oh, ow;
    bindDims(context, n, c, kh, kw, oh, ow);
    SmallVector<AffineMap> maps = {
        windowRead(conv, 6, n, c, oh, ow, kh, kw),
        AffineMap::get(6, 0, {c, kh, kw}, context),
        AffineMap::get(6, 0, {n, c, oh, ow}, context)};
    SmallVector<IteratorType> iterators = {
        IteratorType::parallel,  IteratorType::parallel,
        IteratorType::reduction, IteratorType::reduction,
        IteratorType::parallel,  IteratorType::parallel};
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        conv, conv.getResultTypes(), conv.getInputs(), conv.getOutputs(), maps,
        iterators, [](OpBuilder &nested, Location loc, ValueRange args) {
          Value term = arith::MulFOp::create(nested, loc, args[0], args[1]);
          Value sum = arith::AddFOp::create(nested, loc, args[2], term);
          linalg::YieldOp::create(nested, loc, sum);
        });
  }
};

/// `input` where it is greater than `acc` or NaN, else `acc`: PyTorch's
/// max pooling step, whose NaN propagates and whose first of equal values
/// (-0 or +0) stays. arith.maximumf lowers to llvm.maximum, which x86 has
/// no instruction for: each step took a max, two blends, a compare and a
/// mask move, against two compares, a mask or and a blend here.
/// Alternating both forms, resnet18's max pool alone took 0.89x the time
/// on one thread and 0.88x on two, its stem 0.97-0.98x.
Value maxPoolStep(OpBuilder &b, Location loc, Value acc, Value input) {
  Value greater =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, input, acc);
  Value nan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, input, input);
  Value take = arith::OrIOp::create(b, loc, greater, nan);
  return arith::SelectOp::create(b, loc, take, input, acc);
}

/// NCHW max and sum pooling as foldTaps over the window's taps, in the
/// reduction's order; windows over one output column (global pooling) gain
/// nothing from rows and stay reductions.
template <typename PoolingOp>
struct PoolingRowInnermost : OpRewritePattern<PoolingOp> {
  using OpRewritePattern<PoolingOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(PoolingOp pool,
                                PatternRewriter &rewriter) const override {
    auto outputType = cast<RankedTensorType>(pool.getResultTypes()[0]);
    auto windowType = cast<RankedTensorType>(pool.getInputs()[1].getType());
    int64_t kernelH = windowType.getDimSize(0),
            kernelW = windowType.getDimSize(1);
    if (!pool.hasPureTensorSemantics() || !outputType.hasStaticShape() ||
        outputType.getDimSize(3) < 2 || kernelH * kernelW > kMaxTaps)
      return rewriter.notifyMatchFailure(
          pool, "needs static output rows and at most 49 taps");
    Location loc = pool.getLoc();
    SmallVector<Value> taps =
        windowTaps(rewriter, loc, pool.getInputs()[0], outputType, kernelH,
                   kernelW, pool.getStrides(), pool.getDilations());
    rewriter.replaceOp(
        pool,
        foldTaps(
            rewriter, loc, outputType, taps, {}, pool.getOutputs()[0],
            [](OpBuilder &b, Location loc, Value acc, Value input,
               ValueRange) -> Value {
              if constexpr (std::is_same_v<PoolingOp, linalg::PoolingNchwMaxOp>)
                return maxPoolStep(b, loc, acc, input);
              else
                return arith::AddFOp::create(b, loc, acc, input);
            }));
    return success();
  }
};

/// Global sum pooling (one window over the whole [H, W] map) as a sum of
/// the H input rows, an all-parallel generic over rows of W that
/// vectorizes, and then a reduction over those W sums only. As one
/// reduction, each channel was a chain of H * W dependent scalar adds (ten
/// times PyTorch's time on squeeze-and-excitation blocks).
struct GlobalSumPoolByRows : OpRewritePattern<linalg::PoolingNchwSumOp> {
  using OpRewritePattern::OpRewritePattern;
  /// Rows unrolled into operands of one generic, at most.
  static constexpr int64_t kMaxRows = 128;

  LogicalResult matchAndRewrite(linalg::PoolingNchwSumOp pool,
                                PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(pool.getInputs()[0].getType());
    auto outputType = cast<RankedTensorType>(pool.getResultTypes()[0]);
    auto windowType = cast<RankedTensorType>(pool.getInputs()[1].getType());
    if (!pool.hasPureTensorSemantics() || !inputType.hasStaticShape() ||
        outputType.getDimSize(2) != 1 || outputType.getDimSize(3) != 1 ||
        windowType.getShape() != inputType.getShape().drop_front(2))
      return rewriter.notifyMatchFailure(pool, "not a global pooling");
    int64_t height = inputType.getDimSize(2), width = inputType.getDimSize(3);
    if (height < 2 || width < 2 || height > kMaxRows)
      return rewriter.notifyMatchFailure(pool, "no rows worth summing first");
    Location loc = pool.getLoc();
    auto rowsType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(1), 1, width},
        inputType.getElementType());
    DenseIntElementsAttr unit = rewriter.getI64VectorAttr({1, 1});
    SmallVector<Value> rows = windowTaps(rewriter, loc, pool.getInputs()[0],
                                         rowsType, height, 1, unit, unit);
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getZeroAttr(inputType.getElementType()));
    Value zeros = linalg::FillOp::create(rewriter, loc, zero,
                                         ValueRange{tensor::EmptyOp::create(
                                             rewriter, loc, rowsType.getShape(),
                                             rowsType.getElementType())})
                      .getResult(0);
    Value rowSums = foldTaps(
        rewriter, loc, rowsType, rows, {}, zeros,
        [](OpBuilder &b, Location loc, Value acc, Value row, ValueRange) {
          return arith::AddFOp::create(b, loc, acc, row).getResult();
        });
    Value window = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{1, width}, inputType.getElementType());
    rewriter.replaceOpWithNewOp<linalg::PoolingNchwSumOp>(
        pool, outputType, ValueRange{rowSums, window}, pool.getOutputs()[0],
        unit, unit);
    return success();
  }
};

/// A constant-padded tensor.pad as a linalg.fill of the padded tensor and
/// an insert_slice of the source into its interior. The fill becomes vector
/// rows in nn-vectorize-elementwise; bufferized as a pad it was a scalar
/// store per element for any value but zero (-inf for max pooling: over
/// half of a max pool's time). The insert becomes the copy into the
/// interior that nn-strided-copies-to-linalg vectorizes.
struct PadAsFillAndInsert : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    Value padValue = pad.getConstantPaddingValue();
    RankedTensorType sourceType = pad.getSourceType();
    RankedTensorType paddedType = pad.getResultType();
    if (!padValue || !sourceType.hasStaticShape() ||
        !paddedType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "needs a static constant pad");
    Location loc = pad.getLoc();
    // The fill goes before the source's producer, so that the producer can
    // write into the interior (nn-write-into-padded-buffers).
    OpBuilder::InsertionGuard guard(rewriter);
    if (Operation *producer = pad.getSource().getDefiningOp())
      if (producer->getBlock() == pad->getBlock() &&
          (!padValue.getDefiningOp() ||
           padValue.getDefiningOp()->isBeforeInBlock(producer)))
        rewriter.setInsertionPoint(producer);
    Value empty = tensor::EmptyOp::create(rewriter, loc, paddedType.getShape(),
                                          paddedType.getElementType());
    Value filled =
        linalg::FillOp::create(rewriter, loc, padValue, ValueRange{empty})
            .getResult(0);
    rewriter.setInsertionPoint(pad);
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), sourceType.getShape());
    SmallVector<OpFoldResult> strides(sourceType.getRank(),
                                      rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        pad, pad.getSource(), filled, pad.getMixedLowPad(), sizes, strides);
    return success();
  }
};

/// out[n, o] += x[n, k] * w[o, k] with a constant w: reading w along o is a
/// strided gather, so the constant is stored transposed once, at compile
/// time, and the product reads w'[k, o] contiguously along o.
struct MatmulWithConstantTransposedWeight : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    AffineExpr n, o, k;
    bindDims(context, n, o, k);
    auto map = [&](ArrayRef<AffineExpr> results) {
      return AffineMap::get(3, 0, results, context);
    };
    if (!matmul.hasPureTensorSemantics() ||
        matmul.getIndexingMapsArray() !=
            SmallVector<AffineMap>{map({n, k}), map({o, k}), map({n, o})})
      return rewriter.notifyMatchFailure(matmul, "not x * transpose(w)");
    std::optional<FloatConstant> weight =
        readFloatConstant(matmul.getInputs()[1]);
    if (!weight)
      return rewriter.notifyMatchFailure(matmul, "weight is not a constant");
    auto weightType = cast<RankedTensorType>(weight->attr.getType());
    auto transposedType = RankedTensorType::get(
        {weightType.getDimSize(1), weightType.getDimSize(0)},
        weightType.getElementType());
    std::optional<std::string> key;
    if (weight->resourceKey)
      key = *weight->resourceKey + "_transposed";
    Value transposed = arith::ConstantOp::create(
        rewriter, matmul.getLoc(),
        cast<TypedAttr>(
            makeFloatConstant(transposedType, transposeMatrix(*weight), key)));
    rewriter.replaceOp(
        matmul,
        multiplyAccumulate(
            rewriter, matmul.getLoc(), matmul.getInputs()[0], transposed,
            matmul.getOutputs()[0],
            SmallVector<AffineMap>{map({n, k}), map({k, o}), map({n, o})}));
    return success();
  }
};

bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_if_present<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

/// Collapses the all-parallel generics next to a contraction into the
/// contraction's output shape: the single consumer of its expanded result
/// (an activation, a residual add) and the producer of its accumulator (the
/// bias broadcast). In one iteration space with the contraction,
/// nn-vectorize-contractions computes them on the register tile.
bool collapsesBesideContraction(OpOperand *operand) {
  Operation *owner = operand->getOwner();
  if (auto expand = operand->get().getDefiningOp<tensor::ExpandShapeOp>())
    return isContraction(expand.getSrc().getDefiningOp()) &&
           expand->hasOneUse() && hasOnlyParallelLoops(owner);
  if (!isa<tensor::CollapseShapeOp>(owner) || !owner->hasOneUse() ||
      !hasOnlyParallelLoops(operand->get().getDefiningOp()))
    return false;
  auto consumer = dyn_cast<linalg::LinalgOp>(*owner->user_begin());
  return isContraction(consumer) &&
         consumer.getDpsInitOperand(0)->get() == owner->getResult(0);
}

/// Whether the body of `op` calls math.exp (a sigmoid, a SiLU).
bool callsExp(linalg::GenericOp op) {
  return op.getBody()
      ->walk([](math::ExpOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

/// An all-parallel generic with a single all-parallel consumer that reads
/// it in its own order: the bias broadcast before a depthwise convolution's
/// sum over taps, and the activation after it. (nn-fuse-elementwise ran
/// before the window rewrites; the rest is fused already.) An activation
/// that calls exp stays a pass of its own: one loop over the taps and the
/// exp polynomial ran slower than the two apart, by up to 1.8x (a 5x5
/// window over 480 channels of 14x14: 358 against 197 us); efficientnet_b0
/// took 0.95x the time on one thread and 0.93x on two.
bool fusesIntoWindowSum(OpOperand *operand) {
  auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  return producer && consumer && producer->hasOneUse() &&
         hasOnlyParallelLoops(producer) && hasOnlyParallelLoops(consumer) &&
         consumer.getMatchingIndexingMap(operand).isIdentity() &&
         !callsExp(consumer);
}

/// The im2col copy that a contraction reads as its [N, K, Ho*Wo] column
/// matrix writes into a buffer whose rows are columnRowLength long, through
/// a slice of it. Applied after the other patterns: elementwise fusion
/// replaces the init of a copy that does not read it with a fresh
/// tensor.empty, and a slice of a tensor.empty folds into a smaller one.
struct AlignColumnMatrixRows : OpRewritePattern<tensor::CollapseShapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::CollapseShapeOp matrix,
                                PatternRewriter &rewriter) const override {
    auto copy = matrix.getSrc().getDefiningOp<linalg::GenericOp>();
    if (!copy || !copy->hasOneUse() || !matrix->hasOneUse() ||
        !isContraction(*matrix->user_begin()) || copy.getNumDpsInits() != 1 ||
        !hasOnlyParallelLoops(copy) ||
        matrix.getReassociationIndices() !=
            SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}})
      return rewriter.notifyMatchFailure(matrix, "not an im2col matrix");
    auto type = cast<RankedTensorType>(copy.getResultTypes()[0]);
    if (!copy.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() ||
        !type.hasStaticShape())
      return rewriter.notifyMatchFailure(matrix, "needs a static fresh init");
    int64_t pixels = type.getDimSize(4) * type.getDimSize(5);
    int64_t rowLength = columnRowLength(pixels, type.getElementType());
    if (rowLength == pixels)
      return rewriter.notifyMatchFailure(matrix, "rows already aligned");
    Location loc = matrix.getLoc();
    rewriter.setInsertionPoint(copy);
    SmallVector<int64_t> rowsShape(type.getShape().take_front(4));
    rowsShape.push_back(pixels);
    SmallVector<int64_t> bufferShape(rowsShape);
    bufferShape.back() = rowLength;
    // Not a tensor.empty, which the slice would fold into.
    Value buffer = bufferization::AllocTensorOp::create(
        rewriter, loc,
        RankedTensorType::get(bufferShape, type.getElementType()),
        ValueRange{});
    Value rows = tensor::ExtractSliceOp::create(
        rewriter, loc, buffer,
        SmallVector<OpFoldResult>(5, rewriter.getIndexAttr(0)),
        getAsIndexOpFoldResult(rewriter.getContext(), rowsShape),
        SmallVector<OpFoldResult>(5, rewriter.getIndexAttr(1)));
    Value init = tensor::ExpandShapeOp::create(
        rewriter, loc, type, rows,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3}, {4, 5}});
    rewriter.modifyOpInPlace(copy,
                             [&] { copy.getDpsInitsMutable()[0].set(init); });
    return success();
  }
};

struct ConvolutionToMatmulPass
    : public nn::impl::ConvolutionToMatmulBase<ConvolutionToMatmulPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateConvolutionToMatmulPatterns(patterns);
    linalg::populateFoldReshapeOpsByCollapsingPatterns(
        patterns, collapsesBesideContraction);
    linalg::populateElementwiseOpsFusionPatterns(patterns, fusesIntoWindowSum);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    RewritePatternSet align(&getContext());
    align.add<AlignColumnMatrixRows>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(align))))
      signalPassFailure();
  }
};
} // namespace

void mlir::nn::populateConvolutionToMatmulPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<Conv2DNchwFchwToMatmul, StridedRowsAsColumnParities,
           DepthwiseRowInnermost,
           PoolingRowInnermost<linalg::PoolingNchwMaxOp>,
           PoolingRowInnermost<linalg::PoolingNchwSumOp>, GlobalSumPoolByRows,
           PadAsFillAndInsert, MatmulWithConstantTransposedWeight>(
          patterns.getContext());
}
