//===- WriteIntoPaddedBuffers.cpp - producers write a pad's interior ------===//
//
// A constant pad is a fill of the padded buffer and an insert_slice of the
// source into its interior (see nn-convolution-to-matmul). Bufferized as
// is, the source is computed into a buffer of its own and then copied into
// the interior. Empty-tensor elimination instead computes the source in
// the interior when the source's producer writes into a tensor.empty and
// the fill comes before that producer. One thing stops it: later reads of
// the source itself (canonicalization folds a read of the interior back to
// the source), which bufferization must then keep apart from the interior
// that the insert overwrites. Such reads are redirected to the interior.
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::nn {
#define GEN_PASS_DEF_WRITEINTOPADDEDBUFFERS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;

namespace {
/// Whether no op writes into `value` in place: it is no destination of a
/// linalg op, insert or loop. Reads of a slice of it then see what was
/// inserted without bufferization having to copy it first.
bool onlyRead(Value value) {
  return llvm::all_of(value.getUses(), [](OpOperand &use) {
    Operation *user = use.getOwner();
    if (auto destinationStyle = dyn_cast<DestinationStyleOpInterface>(user))
      return !destinationStyle.isDpsInit(&use);
    return !isa<LoopLikeOpInterface>(user);
  });
}

/// Makes the uses of `insert`'s source after it read the inserted slice of
/// its result instead, unless the result is written into in place (a
/// concatenation's next insert): that read would need a copy.
void readThroughInsert(RewriterBase &rewriter, tensor::InsertSliceOp insert) {
  if (!onlyRead(insert.getResult()))
    return;
  Value source = insert.getSource();
  Block *block = insert->getBlock();
  SmallVector<OpOperand *> laterUses;
  for (OpOperand &use : source.getUses()) {
    Operation *user = block->findAncestorOpInBlock(*use.getOwner());
    if (user && insert->isBeforeInBlock(user))
      laterUses.push_back(&use);
  }
  if (laterUses.empty())
    return;
  rewriter.setInsertionPointAfter(insert);
  Value interior = tensor::ExtractSliceOp::create(
      rewriter, insert.getLoc(), insert.getSourceType(), insert.getResult(),
      insert.getMixedOffsets(), insert.getMixedSizes(),
      insert.getMixedStrides());
  for (OpOperand *use : laterUses)
    rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(interior); });
}

struct WriteIntoPaddedBuffersPass
    : public nn::impl::WriteIntoPaddedBuffersBase<WriteIntoPaddedBuffersPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // The pads' inserts are in the function's body; inserts in loops are
    // tiles of one op.
    for (Block &block : getOperation().getBody())
      for (auto insert :
           llvm::make_early_inc_range(block.getOps<tensor::InsertSliceOp>()))
        readThroughInsert(rewriter, insert);
    // As upstream's -eliminate-empty-tensors analyzes the function.
    bufferization::OneShotBufferizationOptions options;
    options.allowReturnAllocsFromLoops = true;
    bufferization::OneShotAnalysisState state(getOperation(), options);
    if (failed(bufferization::analyzeOp(getOperation(), state)) ||
        failed(bufferization::eliminateEmptyTensors(rewriter, getOperation(),
                                                    state)))
      signalPassFailure();
  }
};
} // namespace
