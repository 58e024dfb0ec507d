//===- FreeAfterLastUse.cpp - deallocs moved up to the last use -----------===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"

namespace mlir::nn {
#define GEN_PASS_DEF_FREEAFTERLASTUSE
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;

namespace {
/// The last op of `dealloc`'s block before it that uses the freed buffer
/// or a view of it (the buffer's definition if nothing does); null when the
/// buffer comes from outside the block, or a use is outside the block or
/// after the dealloc (a view returned).
Operation *lastUseBefore(memref::DeallocOp dealloc,
                         const BufferViewFlowAnalysis &aliases) {
  Block *block = dealloc->getBlock();
  Value buffer = dealloc.getMemref();
  Operation *last = buffer.getDefiningOp();
  if (!last || last->getBlock() != block)
    return nullptr;
  for (Value alias : aliases.resolve(buffer)) {
    for (Operation *user : alias.getUsers()) {
      if (user == dealloc.getOperation())
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (!inBlock || !inBlock->isBeforeInBlock(dealloc))
        return nullptr;
      if (last->isBeforeInBlock(inBlock))
        last = inBlock;
    }
  }
  return last;
}

struct FreeAfterLastUsePass
    : public nn::impl::FreeAfterLastUseBase<FreeAfterLastUsePass> {
  void runOnOperation() override {
    BufferViewFlowAnalysis aliases(getOperation());
    SmallVector<memref::DeallocOp> deallocs;
    getOperation().walk(
        [&](memref::DeallocOp dealloc) { deallocs.push_back(dealloc); });
    for (memref::DeallocOp dealloc : deallocs)
      if (Operation *last = lastUseBefore(dealloc, aliases))
        dealloc->moveAfter(last);
  }
};
} // namespace
