//===- MergeSiblingReductions.cpp - edge tiles in one loop ----------------===//
//
// A row of 56 outputs in tiles of 32 columns leaves an edge of 24, cut into
// tiles of 16 and 8 columns (LLVM takes a 24-lane vector apart). Each has
// its own reduction loop with 8 accumulators: too few to cover two FMA
// units' latency, and each step broadcasts the same weights again. Merged,
// one loop steps both: 16 accumulators, one set of broadcasts.
//
//===----------------------------------------------------------------------===//

#include "MergeSiblingReductions.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace {
/// Whether `loop` carries register accumulators: all its iter_args are
/// vectors of at least one dim.
bool carriesAccumulators(scf::ForOp loop) {
  return loop.getNumRegionIterArgs() > 0 &&
         llvm::all_of(loop.getInitArgs().getTypes(), [](Type type) {
           auto vector = dyn_cast<VectorType>(type);
           return vector && vector.getRank() > 0;
         });
}

/// The vectors of `lanes` lanes that `loop`'s accumulators take.
int64_t registersOf(scf::ForOp loop, int64_t lanes) {
  int64_t registers = 0;
  for (Type type : loop.getInitArgs().getTypes()) {
    auto vector = cast<VectorType>(type);
    int64_t width = vector.getShape().back();
    registers +=
        vector.getNumElements() / width * llvm::divideCeil(width, lanes);
  }
  return registers;
}

bool sameBounds(scf::ForOp a, scf::ForOp b) {
  return isEqualConstantIntOrValue(a.getLowerBound(), b.getLowerBound()) &&
         isEqualConstantIntOrValue(a.getUpperBound(), b.getUpperBound()) &&
         isEqualConstantIntOrValue(a.getStep(), b.getStep());
}

/// Whether `op` or an op in its regions may write memory.
bool mayWrite(Operation *op) {
  return op
      ->walk([](Operation *nested) {
        if (!nested->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
            mightHaveEffect<MemoryEffects::Write>(nested))
          return WalkResult::interrupt();
        return WalkResult::advance();
      })
      .wasInterrupted();
}

/// The ops between `first` and `second` in their block that `second`
/// depends on, in order, which move above `first`; failure if `second`
/// depends on `first` or on an op with memory effects, or if either loop or
/// an op that stays between them may write memory: merged, the loops'
/// steps interleave, and `second` runs before the ops that stay.
FailureOr<SmallVector<Operation *>> dependenciesBetween(scf::ForOp first,
                                                        scf::ForOp second) {
  SetVector<Value> values(llvm::from_range, second->getOperands());
  getUsedValuesDefinedAbove(second.getRegion(), values);
  llvm::SmallPtrSet<Operation *, 16> needed;
  for (unsigned index = 0; index < values.size(); ++index) {
    Operation *op = values[index].getDefiningOp();
    if (op == first.getOperation())
      return failure();
    if (!op || op->getBlock() != second->getBlock() ||
        !first->isBeforeInBlock(op) || needed.contains(op))
      continue;
    if (!isMemoryEffectFree(op))
      return failure();
    needed.insert(op);
    values.insert_range(op->getOperands());
    for (Region &region : op->getRegions())
      getUsedValuesDefinedAbove(region, values);
  }
  if (mayWrite(first) || mayWrite(second))
    return failure();
  SmallVector<Operation *> ordered;
  for (Operation *op = first->getNextNode(); op != second.getOperation();
       op = op->getNextNode()) {
    if (needed.contains(op))
      ordered.push_back(op);
    else if (mayWrite(op))
      return failure();
  }
  return ordered;
}

/// Merges the accumulator loops of `block` pairwise, and their nests;
/// returns the merged loops.
SmallVector<scf::ForOp> mergeInBlock(RewriterBase &rewriter, Block &block,
                                     int64_t registers, int64_t lanes) {
  SmallVector<scf::ForOp> loops;
  for (auto loop : block.getOps<scf::ForOp>())
    if (carriesAccumulators(loop))
      loops.push_back(loop);
  SmallVector<scf::ForOp> mergedLoops;
  for (unsigned index = 0; index + 1 < loops.size(); ++index) {
    scf::ForOp first = loops[index], second = loops[index + 1];
    if (!sameBounds(first, second) ||
        registersOf(first, lanes) + registersOf(second, lanes) > registers)
      continue;
    FailureOr<SmallVector<Operation *>> moved =
        dependenciesBetween(first, second);
    if (failed(moved))
      continue;
    for (Operation *op : *moved)
      rewriter.moveOpBefore(op, first);
    // `second` is fused into `first`, whose place the merged loop takes.
    scf::ForOp merged = fuseIndependentSiblingForLoops(second, first, rewriter);
    mergeInBlock(rewriter, *merged.getBody(), registers, lanes);
    loops[index + 1] = merged;
    if (!mergedLoops.empty() && mergedLoops.back() == first)
      mergedLoops.pop_back();
    mergedLoops.push_back(merged);
  }
  return mergedLoops;
}
} // namespace

void mlir::nn::mergeSiblingReductions(RewriterBase &rewriter,
                                      func::FuncOp function, int64_t registers,
                                      int64_t lanes) {
  // Blocks inside reduction loops are merged with them (and may be erased).
  auto inReduction = [](Block *block) {
    for (Operation *op = block->getParentOp(); op; op = op->getParentOp())
      if (auto loop = dyn_cast<scf::ForOp>(op);
          loop && carriesAccumulators(loop))
        return true;
    return false;
  };
  SmallVector<Block *> blocks;
  function.walk([&](Block *block) {
    if (llvm::count_if(block->getOps<scf::ForOp>(), carriesAccumulators) > 1 &&
        !inReduction(block))
      blocks.push_back(block);
  });
  SmallVector<scf::ForOp> merged;
  for (Block *block : blocks)
    llvm::append_range(merged,
                       mergeInBlock(rewriter, *block, registers, lanes));
  // The merged steps read the same weights.
  DominanceInfo dominance(function);
  for (scf::ForOp loop : merged)
    eliminateCommonSubExpressions(rewriter, dominance, loop);
}
