#include "nn/Runtime/HostPointers.h"
#include "nn/Runtime/NativeCode.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::nn;

void HostPointers::declare(ModuleOp module, llvm::StringRef symbol,
                           void *address) {
  auto builder = OpBuilder::atBlockBegin(module.getBody());
  Location loc = module.getLoc();
  auto pointerType = LLVM::LLVMPointerType::get(module.getContext());
  auto global = LLVM::GlobalOp::create(builder, loc, pointerType,
                                       /*isConstant=*/false,
                                       LLVM::Linkage::External, symbol,
                                       /*value=*/Attribute());
  builder.setInsertionPointToStart(
      builder.createBlock(&global.getInitializerRegion()));
  LLVM::ReturnOp::create(builder, loc,
                         LLVM::ZeroOp::create(builder, loc, pointerType));
  slots_.emplace_back(symbol.str(), address);
}

Value HostPointers::load(OpBuilder &builder, Location loc,
                         llvm::StringRef symbol) {
  auto pointerType = LLVM::LLVMPointerType::get(builder.getContext());
  Value slot = LLVM::AddressOfOp::create(builder, loc, pointerType, symbol);
  return LLVM::LoadOp::create(builder, loc, pointerType, slot);
}

llvm::Error HostPointers::bind(NativeCode &code) const {
  for (const auto &[symbol, address] : slots_) {
    llvm::Expected<void *> slot = code.lookup(symbol);
    if (!slot)
      return slot.takeError();
    *static_cast<void **>(*slot) = address;
  }
  return llvm::Error::success();
}
