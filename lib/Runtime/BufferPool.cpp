#include "nn/Runtime/BufferPool.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::nn;

namespace {
constexpr llvm::StringLiteral kPoolSymbol = "__nn_buffer_pool";
constexpr llvm::StringLiteral kAllocateSymbol = "nnBufferPoolAllocate";
constexpr llvm::StringLiteral kReleaseSymbol = "nnBufferPoolRelease";
} // namespace

extern "C" void *nnBufferPoolAllocate(BufferPool *pool, uint64_t bytes) {
  return pool->allocate(bytes);
}

extern "C" void nnBufferPoolRelease(BufferPool *pool, void *buffer) {
  pool->release(buffer);
}

void *BufferPool::allocate(size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The smallest idle buffer that holds `bytes`, the last released of its
  // size (the most likely to be in cache); none more than twice as large.
  auto fit = idle_.lower_bound(bytes);
  if (fit != idle_.end() && fit->first / 2 <= bytes) {
    fit = std::prev(idle_.upper_bound(fit->first));
    void *buffer = fit->second;
    idle_.erase(fit);
    return buffer;
  }
  HostBuffer buffer(bytes);
  char *data = buffer.data();
  buffers_.emplace(data, std::move(buffer));
  return data;
}

void BufferPool::release(void *buffer) {
  if (!buffer)
    return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto known = buffers_.find(buffer);
  // An over-aligned aligned_alloc stays with libc (see takeOverAllocations),
  // and so does its free.
  if (known == buffers_.end()) {
    std::free(buffer);
    return;
  }
  idle_.emplace(known->second.size(), buffer);
}

void BufferPool::takeOverAllocations(ModuleOp module, HostPointers &pointers) {
  MLIRContext *context = module.getContext();
  auto pointerType = LLVM::LLVMPointerType::get(context);
  auto sizeType = IntegerType::get(context, 64);
  SmallVector<LLVM::CallOp> calls;
  module.walk([&](LLVM::CallOp call) {
    std::optional<StringRef> callee = call.getCallee();
    if (!callee)
      return;
    APInt alignment;
    bool alignedWithin =
        *callee == "aligned_alloc" &&
        matchPattern(call.getArgOperands()[0], m_ConstantInt(&alignment)) &&
        alignment.ule(HostBuffer::kAlignment);
    if (*callee == "malloc" || *callee == "free" || alignedWithin)
      calls.push_back(call);
  });
  if (calls.empty())
    return;

  pointers.declare(module, kPoolSymbol, this);
  auto builder = OpBuilder::atBlockEnd(module.getBody());
  LLVM::LLVMFuncOp::create(
      builder, module.getLoc(), kAllocateSymbol,
      LLVM::LLVMFunctionType::get(pointerType, {pointerType, sizeType}));
  LLVM::LLVMFuncOp::create(
      builder, module.getLoc(), kReleaseSymbol,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                  {pointerType, pointerType}));
  for (LLVM::CallOp call : calls) {
    builder.setInsertionPoint(call);
    Location loc = call.getLoc();
    Value pool = HostPointers::load(builder, loc, kPoolSymbol);
    // malloc(size), aligned_alloc(alignment, size), free(pointer): the last
    // operand is the one the pool needs.
    Value operand = call.getArgOperands().back();
    if (*call.getCallee() == "free") {
      LLVM::CallOp::create(builder, loc, TypeRange(), kReleaseSymbol,
                           ValueRange{pool, operand});
    } else {
      auto allocation =
          LLVM::CallOp::create(builder, loc, TypeRange(pointerType),
                               kAllocateSymbol, ValueRange{pool, operand});
      call.getResult().replaceAllUsesWith(allocation.getResult());
    }
    call.erase();
  }
}

llvm::orc::SymbolMap
BufferPool::symbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap symbols;
  symbols[interner(kAllocateSymbol)] = {
      llvm::orc::ExecutorAddr::fromPtr(&nnBufferPoolAllocate),
      llvm::JITSymbolFlags::Exported};
  symbols[interner(kReleaseSymbol)] = {
      llvm::orc::ExecutorAddr::fromPtr(&nnBufferPoolRelease),
      llvm::JITSymbolFlags::Exported};
  return symbols;
}
