//===- PairedRows.cpp - two rows' half-vector ends in one vector ----------===//
//
// An output row of 56 columns is 3.5 vectors of 16 lanes. Its last 8
// columns take an 8-lane FMA per row of weights and step, and Zen 5 issues
// those at the rate of 16-lane ones: an eighth of the row's FMAs is
// wasted. A register tile of two output rows holds both rows' last 8
// columns in one vector, read as two 8-lane loads: 7 FMAs for the two
// rows' 112 columns instead of 8. On AVX2 a 16-lane vector is two 8-lane
// registers, and a tile of 6 rows of one vector has 12 accumulators; the
// last 8 columns alone would have 6, too few to hide the FMAs' latency.
// There every tile holds 8 columns of both rows, read the same way.
//
//===----------------------------------------------------------------------===//

#include "PairedRows.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;

namespace {
/// `value` with its two innermost dims merged.
Value mergeInnerDims(OpBuilder &b, Location loc, Value value) {
  auto type = cast<VectorType>(value.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> merged(shape.drop_back(2));
  merged.push_back(shape[shape.size() - 2] * shape.back());
  return vector::ShapeCastOp::create(
      b, loc, VectorType::get(merged, type.getElementType()), value);
}

/// acc[.., r, c] += lhs[..] * rhs[.., r, c], where lhs reads neither r nor
/// c and r x c is one vector of several rows: the same with r and c merged
/// into one dim.
struct FlattenPairedRows : OpRewritePattern<vector::ContractionOp> {
  FlattenPairedRows(MLIRContext *context, int64_t lanes)
      : OpRewritePattern(context), lanes(lanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp contract,
                                PatternRewriter &rewriter) const override {
    auto accType = dyn_cast<VectorType>(contract.getAccType());
    SmallVector<AffineMap> maps = contract.getIndexingMapsArray();
    if (!accType || accType.getRank() < 2 || maps[1].getNumResults() < 2)
      return rewriter.notifyMatchFailure(contract, "no two inner dims");
    ArrayRef<AffineExpr> rhs = maps[1].getResults(), acc = maps[2].getResults();
    AffineExpr rows = acc[acc.size() - 2], columns = acc.back();
    ArrayRef<int64_t> shape = accType.getShape();
    if (!isa<AffineDimExpr>(rows) || !isa<AffineDimExpr>(columns) ||
        rhs[rhs.size() - 2] != rows || rhs.back() != columns ||
        maps[0].isFunctionOfDim(cast<AffineDimExpr>(rows).getPosition()) ||
        maps[0].isFunctionOfDim(cast<AffineDimExpr>(columns).getPosition()) ||
        shape[shape.size() - 2] == 1 ||
        shape[shape.size() - 2] * shape.back() != lanes)
      return rewriter.notifyMatchFailure(contract, "not rows of a vector");
    unsigned rowDim = cast<AffineDimExpr>(rows).getPosition();
    llvm::SmallBitVector dropped(maps[0].getNumDims());
    dropped.set(rowDim);
    SmallVector<AffineMap> merged = {
        compressDims(maps[0], dropped),
        compressDims(maps[1].dropResult(rhs.size() - 2), dropped),
        compressDims(maps[2].dropResult(acc.size() - 2), dropped)};
    SmallVector<Attribute> iterators(contract.getIteratorTypes().getValue());
    iterators.erase(iterators.begin() + rowDim);
    Location loc = contract.getLoc();
    Value product = vector::ContractionOp::create(
        rewriter, loc, contract.getLhs(),
        mergeInnerDims(rewriter, loc, contract.getRhs()),
        mergeInnerDims(rewriter, loc, contract.getAcc()),
        rewriter.getAffineMapArrayAttr(merged),
        rewriter.getArrayAttr(iterators), contract.getKind());
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(contract, accType,
                                                     product);
    return success();
  }

  int64_t lanes;
};

struct CarryInShapeUsed : OpRewritePattern<scf::ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(scf::ForOp loop,
                                PatternRewriter &rewriter) const override {
    for (auto [index, arg] : llvm::enumerate(loop.getRegionIterArgs())) {
      auto used = arg.hasOneUse()
                      ? dyn_cast<vector::ShapeCastOp>(*arg.user_begin())
                      : vector::ShapeCastOp();
      auto yielded =
          loop.getYieldedValues()[index].getDefiningOp<vector::ShapeCastOp>();
      if (!used || !yielded || yielded.getSourceVectorType() != used.getType())
        continue;
      OpOperand &init = loop.getInitArgsMutable()[index];
      rewriter.setInsertionPoint(loop);
      Value castInit = vector::ShapeCastOp::create(rewriter, loop.getLoc(),
                                                   used.getType(), init.get());
      rewriter.replaceOp(
          loop, scf::replaceAndCastForOpIterArg(
                    rewriter, loop, init, castInit,
                    [](OpBuilder &b, Location loc, Type type, Value value) {
                      return vector::ShapeCastOp::create(b, loc, type, value)
                          .getResult();
                    }));
      return success();
    }
    return rewriter.notifyMatchFailure(loop, "no value cast back and forth");
  }
};
} // namespace

void mlir::nn::populateFlattenPairedRowsPatterns(RewritePatternSet &patterns,
                                                 int64_t lanes) {
  patterns.add<FlattenPairedRows>(patterns.getContext(), lanes);
}

void mlir::nn::populateCarryInShapeUsedPatterns(RewritePatternSet &patterns) {
  patterns.add<CarryInShapeUsed>(patterns.getContext());
}
