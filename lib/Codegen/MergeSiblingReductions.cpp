//===- MergeSiblingReductions.cpp - edge tiles in one loop ----------------===//
//
// A row of 56 outputs in tiles of 32 columns leaves an edge of 24, cut into
// tiles of 16 and 8 columns (LLVM takes a 24-lane vector apart). Each has
// its own reduction loop with 8 accumulators: too few to cover two FMA
// units' latency, and each step broadcasts the same weights again. Merged,
// one loop steps both: 16 accumulators, one set of broadcasts. A pair of
// rows' shared end (see PairedRows.cpp) merges with the pair's last whole
// vector: 24 accumulators, as many as a C kernel of that shape uses.
//
//===----------------------------------------------------------------------===//

#include "MergeSiblingReductions.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"
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

/// Whether `loop` carries the accumulators of a tile of two or more output
/// rows (tile rows x output rows x columns; see PairedRows.cpp).
bool carriesPairedRows(scf::ForOp loop) {
  return llvm::any_of(loop.getInitArgs().getTypes(), [](Type type) {
    ArrayRef<int64_t> shape = cast<VectorType>(type).getShape();
    return shape.size() >= 3 && shape[shape.size() - 2] > 1;
  });
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

/// Orders the FMAs of a merged step row by row: for each broadcast, in
/// the order they are first used, the column vectors its FMAs read (unless
/// read already), the broadcast, then all its FMAs. In sibling order,
/// every broadcast stays live across the siblings' FMAs.
void orderStepsByRow(RewriterBase &rewriter, scf::ForOp loop) {
  Block *body = loop.getBody();
  SmallVector<vector::FMAOp> fmas(body->getOps<vector::FMAOp>());
  llvm::SmallPtrSet<Operation *, 32> placed;
  Operation *last = nullptr;
  // Places `op` after the ops placed so far, after what it uses.
  std::function<void(Operation *)> place = [&](Operation *op) {
    if (!op || op->getBlock() != body || placed.contains(op))
      return;
    for (Value operand : op->getOperands())
      place(operand.getDefiningOp());
    if (last)
      rewriter.moveOpAfter(op, last);
    else
      rewriter.moveOpBefore(op, &body->front());
    placed.insert(op);
    last = op;
  };
  // An FMA of a tile multiplies a column vector by a broadcast weight;
  // others (the lane sums of a one-column tile) stay where they are.
  auto broadcastOf = [](vector::FMAOp fma) -> Value {
    for (Value operand : {fma.getLhs(), fma.getRhs()})
      if (operand.getDefiningOp<vector::BroadcastOp>())
        return operand;
    return {};
  };
  llvm::MapVector<Value, SmallVector<vector::FMAOp>> rows;
  for (vector::FMAOp fma : fmas)
    if (Value broadcast = broadcastOf(fma))
      rows[broadcast].push_back(fma);
  for (auto &[broadcast, row] : rows) {
    for (vector::FMAOp fma : row) // The column vector: the other operand.
      place((fma.getLhs() == broadcast ? fma.getRhs() : fma.getLhs())
                .getDefiningOp());
    place(broadcast.getDefiningOp());
    for (vector::FMAOp fma : row)
      place(fma);
  }
}

/// Merges the accumulator loops of `block` pairwise, and their nests;
/// returns the merged loops.
SmallVector<scf::ForOp> mergeInBlock(RewriterBase &rewriter, Block &block,
                                     const nn::MergeBudget &budget) {
  SmallVector<scf::ForOp> loops;
  for (auto loop : block.getOps<scf::ForOp>())
    if (carriesAccumulators(loop))
      loops.push_back(loop);
  SmallVector<scf::ForOp> mergedLoops;
  for (unsigned index = 0; index + 1 < loops.size(); ++index) {
    scf::ForOp first = loops[index], second = loops[index + 1];
    int64_t registers =
        carriesPairedRows(first) || carriesPairedRows(second)
            ? budget.pairedRowRegisters
            : budget.registers;
    if (!sameBounds(first, second) ||
        registersOf(first, budget.lanes) + registersOf(second, budget.lanes) >
            registers)
      continue;
    FailureOr<SmallVector<Operation *>> moved =
        dependenciesBetween(first, second);
    if (failed(moved))
      continue;
    for (Operation *op : *moved)
      rewriter.moveOpBefore(op, first);
    // `second` is fused into `first`, whose place the merged loop takes.
    scf::ForOp merged = fuseIndependentSiblingForLoops(second, first, rewriter);
    mergeInBlock(rewriter, *merged.getBody(), budget);
    loops[index + 1] = merged;
    if (!mergedLoops.empty() && mergedLoops.back() == first)
      mergedLoops.pop_back();
    mergedLoops.push_back(merged);
  }
  return mergedLoops;
}
} // namespace

void mlir::nn::mergeSiblingReductions(RewriterBase &rewriter,
                                      func::FuncOp function,
                                      const MergeBudget &budget) {
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
                       mergeInBlock(rewriter, *block, budget));
  // The merged steps read the same weights.
  DominanceInfo dominance(function);
  for (scf::ForOp loop : merged) {
    eliminateCommonSubExpressions(rewriter, dominance, loop);
    loop.walk([&](scf::ForOp inner) { orderStepsByRow(rewriter, inner); });
  }
}
