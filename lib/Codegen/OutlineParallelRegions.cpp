//===- OutlineParallelRegions.cpp - parallel regions in own functions -===//

#include "nn/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::nn {
#define GEN_PASS_DEF_OUTLINEPARALLELREGIONS
#include "nn/Codegen/Passes.h.inc"
} // namespace mlir::nn

using namespace mlir;

namespace {
/// Moves `region` of `parent` into a new internal function
/// `<parent>_parallel_<index>`, inserted after `previous`, and calls it in
/// its place.
LLVM::LLVMFuncOp outline(omp::ParallelOp region, LLVM::LLVMFuncOp parent,
                         unsigned index, Operation *previous,
                         SymbolTable &symbols) {
  SetVector<Value> captured(region->getOperands().begin(),
                            region->getOperands().end());
  getUsedValuesDefinedAbove(region->getRegions(), captured);
  // Constants and addresses of globals are cloned, not passed.
  SmallVector<Value> arguments, clones;
  for (Value value : captured) {
    Operation *producer = value.getDefiningOp();
    if (producer && producer->getNumOperands() == 0 &&
        producer->getNumRegions() == 0 && isMemoryEffectFree(producer))
      clones.push_back(value);
    else
      arguments.push_back(value);
  }

  OpBuilder builder(previous);
  builder.setInsertionPointAfter(previous);
  MLIRContext *context = builder.getContext();
  auto type = LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(context),
      llvm::to_vector(ValueRange(arguments).getTypes()));
  auto function = LLVM::LLVMFuncOp::create(
      builder, region.getLoc(),
      (parent.getName() + "_parallel_" + Twine(index)).str(), type,
      LLVM::Linkage::Internal);
  symbols.insert(function); // Renames it if the name is taken.

  IRMapping mapping;
  Block *entry = function.addEntryBlock(builder);
  builder.setInsertionPointToStart(entry);
  for (auto [value, argument] : llvm::zip(arguments, entry->getArguments()))
    mapping.map(value, argument);
  for (Value value : clones)
    builder.clone(*value.getDefiningOp(), mapping);
  builder.clone(*region, mapping);
  LLVM::ReturnOp::create(builder, region.getLoc(), ValueRange());

  builder.setInsertionPoint(region);
  LLVM::CallOp::create(builder, region.getLoc(), function, arguments);
  region->erase();
  return function;
}

struct OutlineParallelRegionsPass
    : public nn::impl::OutlineParallelRegionsBase<OutlineParallelRegionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto parent : llvm::to_vector(module.getOps<LLVM::LLVMFuncOp>())) {
      SmallVector<omp::ParallelOp> outermost;
      parent.walk<WalkOrder::PreOrder>([&](omp::ParallelOp region) {
        outermost.push_back(region);
        return WalkResult::skip();
      });
      Operation *previous = parent;
      for (auto [index, region] : llvm::enumerate(outermost))
        previous = outline(region, parent, index, previous, symbols);
    }
  }
};
} // namespace
