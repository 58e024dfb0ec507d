//===- SplitReductionAmongThreads.cpp - a reduction in shares -------------===//
//
// Row blocks of a contraction each read the whole column operand. On
// several threads, each thread builds a share of a column matrix (its
// channels) and then reads all of it, the other threads' shares from their
// caches. A contraction split into one share of the reduction per thread
// reads only the share it built; the shares' products are added up after,
// reading a share of the (smaller) output from each other thread.
//
//===----------------------------------------------------------------------===//

#include "SplitReductionAmongThreads.h"

#include "ParallelLoops.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// Fuses the producer of `operand` (an input of a generic) into its
/// consumer, if the producer is all-parallel and has no other use; a named
/// op (a fill) is generalized first. Returns the consumer, fused or not.
linalg::GenericOp fuseProducer(RewriterBase &rewriter, OpOperand &operand) {
  auto consumer = cast<linalg::GenericOp>(operand.getOwner());
  Operation *producer = operand.get().getDefiningOp();
  if (!nn::hasOnlyParallelLoops(producer) || !producer->hasOneUse())
    return consumer;
  if (!isa<linalg::GenericOp>(producer)) {
    rewriter.setInsertionPoint(producer);
    if (failed(linalg::generalizeNamedOp(rewriter,
                                         cast<linalg::LinalgOp>(producer))))
      return consumer;
    producer = operand.get().getDefiningOp();
  }
  if (!linalg::areElementwiseOpsFusable(&operand))
    return consumer;
  FailureOr<linalg::ElementwiseOpFusionResult> fused =
      linalg::fuseElementwiseOps(rewriter, &operand);
  if (failed(fused))
    return consumer;
  // Where the consumer was, after all that it reads.
  rewriter.moveOpBefore(fused->fusedOp, consumer);
  for (OpResult result : consumer->getResults())
    rewriter.replaceAllUsesWith(result, fused->replacements.lookup(result));
  rewriter.eraseOp(consumer);
  if (producer->use_empty())
    rewriter.eraseOp(producer);
  return cast<linalg::GenericOp>(fused->fusedOp);
}
} // namespace

FailureOr<linalg::LinalgOp>
mlir::nn::splitReductionAmongThreads(RewriterBase &rewriter,
                                     linalg::LinalgOp op, int64_t threads,
                                     linalg::GenericOp epilogue) {
  Location loc = op.getLoc();
  FailureOr<linalg::SplitReductionResult> split =
      linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
        return linalg::SplitReductionOptions{threads, /*index=*/0,
                                             /*innerParallel=*/false};
      });
  if (failed(split))
    return op.emitOpError("could not split its reduction among threads");
  // The shares in one all-parallel sum with the accumulator, in place of
  // splitReduction's reduction over them.
  linalg::LinalgOp combining = split->resultCombiningLinalgOp;
  Value accumulator = combining.getDpsInitOperand(0)->get();
  auto resultType = cast<RankedTensorType>(accumulator.getType());
  Value shares = split->splitLinalgOp->getResult(0);
  auto sharesType = cast<RankedTensorType>(shares.getType());
  rewriter.setInsertionPoint(combining);
  SmallVector<Value> terms = {accumulator};
  for (int64_t share = 0; share < threads; ++share) {
    SmallVector<OpFoldResult> offsets(sharesType.getRank(),
                                      rewriter.getIndexAttr(0));
    offsets.front() = rewriter.getIndexAttr(share);
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(1)};
    for (int64_t size : resultType.getShape())
      sizes.push_back(rewriter.getIndexAttr(size));
    SmallVector<OpFoldResult> strides(sharesType.getRank(),
                                      rewriter.getIndexAttr(1));
    terms.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, resultType, shares, offsets, sizes, strides));
  }
  Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                        resultType.getElementType());
  AffineMap identity = rewriter.getMultiDimIdentityMap(resultType.getRank());
  auto sum = linalg::GenericOp::create(
      rewriter, loc, resultType, terms, empty,
      SmallVector<AffineMap>(terms.size() + 1, identity),
      SmallVector<utils::IteratorType>(resultType.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value total = args.front();
        for (Value term : args.drop_front().drop_back())
          total = arith::AddFOp::create(nested, nestedLoc, total, term);
        linalg::YieldOp::create(nested, nestedLoc, total);
      });
  rewriter.replaceOp(combining, sum->getResults());
  sum = fuseProducer(rewriter, sum->getOpOperand(0));
  if (epilogue)
    for (OpOperand &input : epilogue->getOpOperands())
      if (input.get() == sum->getResult(0)) {
        fuseProducer(rewriter, input);
        break;
      }
  return split->splitLinalgOp;
}
