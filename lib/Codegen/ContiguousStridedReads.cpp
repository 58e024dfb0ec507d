//===- ContiguousStridedReads.cpp - strided vector reads as shuffles ------===//
//
// A vector read along a dim of stride s > 1 (a stride-2 convolution's or
// pooling's window taps, the im2col of a strided convolution) lowers to one
// scalar load and insert per lane. Read instead the contiguous span that
// holds the lanes, as one masked load (the mask stops at the last lane, so
// nothing past the view is touched), and pick every s-th element with a
// shuffle: two vector loads and a permute for stride 2. The reads of one
// window row, a few elements apart (taps kw = 0, 1, 2 of a stride-2
// window), share those loads: alone, each tap loaded two vectors, and
// stride-2 depthwise convolutions took 1.24-1.55x the time.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nn {
#define GEN_PASS_DEF_CONTIGUOUSSTRIDEDREADS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;
using namespace mlir::nn;

namespace {
/// Larger strides read more than this many times the lanes they keep.
constexpr int64_t kMaxStride = 4;

/// The stride of the lanes of an in-bounds 1-D row read, if it is a small
/// static stride above 1.
std::optional<int64_t> laneStride(vector::TransferReadOp read) {
  auto sourceType = dyn_cast<MemRefType>(read.getBase().getType());
  VectorType vectorType = read.getVectorType();
  if (!sourceType || vectorType.getRank() != 1 || read.getMask() ||
      !read.getPermutationMap().isMinorIdentity() ||
      !read.getInBoundsValues().front() || vectorType.getDimSize(0) < 2)
    return std::nullopt;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(sourceType.getStridesAndOffset(strides, offset)))
    return std::nullopt;
  int64_t stride = strides.back();
  if (ShapedType::isDynamic(stride) || stride < 2 || stride > kMaxStride)
    return std::nullopt;
  return stride;
}

/// Where the first lane of a read is, in elements of the buffer at the root
/// of its subviews: the index values times their strides plus a constant.
/// Reads of one root whose terms are the same are a constant apart.
struct FirstLane {
  Value root;
  SmallVector<std::pair<Value, int64_t>> terms;
  int64_t constant = 0;

  bool sameTerms(const FirstLane &other) const {
    return root == other.root && terms == other.terms;
  }
};

/// Adds index * stride for each of `indices` to `lane`; false if a stride
/// is not static.
bool addIndices(FirstLane &lane, ArrayRef<OpFoldResult> indices,
                MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  for (auto [index, stride] : llvm::zip_equal(indices, strides)) {
    if (ShapedType::isDynamic(stride))
      return false;
    if (std::optional<int64_t> constant = getConstantIntValue(index))
      lane.constant += *constant * stride;
    else
      lane.terms.push_back({cast<Value>(index), stride});
  }
  return true;
}

std::optional<FirstLane> firstLane(vector::TransferReadOp read) {
  FirstLane lane;
  if (!addIndices(lane, getAsOpFoldResult(read.getIndices()),
                  cast<MemRefType>(read.getBase().getType())))
    return std::nullopt;
  Value view = read.getBase();
  while (auto subview = view.getDefiningOp<memref::SubViewOp>()) {
    if (!addIndices(lane, subview.getMixedOffsets(), subview.getSourceType()))
      return std::nullopt;
    view = subview.getSource();
  }
  lane.root = view;
  // One order and one term per value, so that equal sums compare equal.
  llvm::sort(lane.terms, [](auto &a, auto &b) {
    return a.first.getAsOpaquePointer() < b.first.getAsOpaquePointer();
  });
  SmallVector<std::pair<Value, int64_t>> merged;
  for (auto [value, stride] : lane.terms) {
    if (!merged.empty() && merged.back().first == value)
      merged.back().second += stride;
    else
      merged.push_back({value, stride});
  }
  lane.terms = std::move(merged);
  return lane;
}

/// A read and where its first lane is relative to the group's first.
struct GroupMember {
  vector::TransferReadOp read;
  int64_t delta;
};

/// The reads of `read`'s block that `read` shares a span with: strided
/// like it, of the same vector type and padding, and within a vector's
/// lanes of elements of each other (`read` alone if its first lane is not
/// known in static terms). Sorted by first lane, the first at delta 0.
SmallVector<GroupMember> spanGroup(vector::TransferReadOp read,
                                   int64_t stride) {
  std::optional<FirstLane> lane = firstLane(read);
  if (!lane)
    return {{read, 0}};
  SmallVector<std::pair<vector::TransferReadOp, int64_t>> kin;
  for (auto other : read->getBlock()->getOps<vector::TransferReadOp>()) {
    if (other.getVectorType() != read.getVectorType() ||
        other.getPadding() != read.getPadding() || laneStride(other) != stride)
      continue;
    std::optional<FirstLane> otherLane = firstLane(other);
    if (otherLane && otherLane->sameTerms(*lane))
      kin.push_back({other, otherLane->constant});
  }
  // Consecutive windows of `lanes` elements, from the first read on.
  llvm::stable_sort(kin, [](auto &a, auto &b) { return a.second < b.second; });
  int64_t lanes = read.getVectorType().getDimSize(0);
  SmallVector<GroupMember> group;
  int64_t groupStart = kin.front().second;
  for (auto [other, constant] : kin) {
    if (constant >= groupStart + lanes) {
      if (llvm::any_of(group, [&](GroupMember &m) { return m.read == read; }))
        break;
      group.clear();
      groupStart = constant;
    }
    group.push_back({other, constant - groupStart});
  }
  return group;
}

/// The lanes of a span group's reads, from one load of the span's first
/// lanes * stride elements: a read `delta` elements after the first picks
/// every stride-th of them if delta is below the stride, else it is the read
/// `stride` elements before it, moved down one lane, and one more element.
class GroupLanes {
public:
  GroupLanes(OpBuilder &builder, Location loc, Value span, Value loaded,
             VectorType type, int64_t stride)
      : builder(builder), loc(loc), span(span), loaded(loaded), type(type),
        stride(stride) {}

  Value at(int64_t delta) {
    if (Value known = lanesAt.lookup(delta))
      return known;
    int64_t lanes = type.getDimSize(0);
    Value result;
    if (delta < stride) {
      SmallVector<int64_t> picked;
      for (int64_t lane = 0; lane < lanes; ++lane)
        picked.push_back(delta + lane * stride);
      result = vector::ShuffleOp::create(builder, loc, loaded, loaded, picked);
    } else {
      Value index = arith::ConstantIndexOp::create(
          builder, loc, delta + (lanes - 1) * stride);
      Value last = vector::BroadcastOp::create(
          builder, loc, type,
          memref::LoadOp::create(builder, loc, span, index));
      result = vector::ShuffleOp::create(
          builder, loc, at(delta - stride), last,
          llvm::to_vector(llvm::seq<int64_t>(1, lanes + 1)));
    }
    return lanesAt[delta] = result;
  }

private:
  OpBuilder &builder;
  Location loc;
  Value span, loaded;
  VectorType type;
  int64_t stride;
  llvm::SmallDenseMap<int64_t, Value> lanesAt;
};

struct StridedReadAsShuffle : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    std::optional<int64_t> stride = laneStride(read);
    if (!stride)
      return rewriter.notifyMatchFailure(read, "not a small strided row read");
    SmallVector<GroupMember> group = spanGroup(read, *stride);
    GroupMember first = *llvm::min_element(group, [](auto &a, auto &b) {
      return a.read->isBeforeInBlock(b.read);
    });
    VectorType type = read.getVectorType();
    int64_t lanes = type.getDimSize(0);
    int64_t spanSize = group.back().delta + (lanes - 1) * *stride + 1;

    Location loc = first.read.getLoc();
    rewriter.setInsertionPoint(first.read);
    // The group's first element, in the underlying buffer.
    auto metadata = memref::ExtractStridedMetadataOp::create(
        rewriter, loc, first.read.getBase());
    Value start = metadata.getOffset();
    for (auto [index, dimStride] :
         llvm::zip_equal(first.read.getIndices(), metadata.getStrides()))
      start = arith::AddIOp::create(
          rewriter, loc, start,
          arith::MulIOp::create(rewriter, loc, index, dimStride));
    if (first.delta != 0)
      start = arith::SubIOp::create(
          rewriter, loc, start,
          arith::ConstantIndexOp::create(rewriter, loc, first.delta));
    auto spanType = MemRefType::get(
        {spanSize}, type.getElementType(),
        StridedLayoutAttr::get(getContext(), ShapedType::kDynamic, {1}));
    Value span = memref::ReinterpretCastOp::create(
        rewriter, loc, spanType, metadata.getBaseBuffer(), OpFoldResult(start),
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(spanSize)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});

    int64_t loadedSize = lanes * *stride;
    auto loadedType = VectorType::get({loadedSize}, type.getElementType());
    SmallVector<bool> inSpan(loadedSize, false);
    std::fill_n(inSpan.begin(), std::min(spanSize, loadedSize), true);
    Value mask = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            VectorType::get({loadedSize}, rewriter.getI1Type()), inSpan));
    Value passThrough = vector::BroadcastOp::create(rewriter, loc, loadedType,
                                                    read.getPadding());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value loaded = vector::MaskedLoadOp::create(
        rewriter, loc, loadedType, span, ValueRange{zero}, mask, passThrough);
    GroupLanes lanesOf(rewriter, loc, span, loaded, type, *stride);
    for (GroupMember member : group)
      rewriter.replaceOp(member.read, lanesOf.at(member.delta));
    return success();
  }
};

struct ContiguousStridedReadsPass
    : public nn::impl::ContiguousStridedReadsBase<ContiguousStridedReadsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateContiguousStridedReadsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::nn::populateContiguousStridedReadsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<StridedReadAsShuffle>(patterns.getContext());
}
