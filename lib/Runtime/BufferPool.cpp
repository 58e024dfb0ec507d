#include "nn/Runtime/BufferPool.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

#include <cstdlib>
#include <new>
#include <sys/mman.h>

using namespace mlir;
using namespace mlir::nn;

namespace {
constexpr size_t kAlignment = 64;
/// Buffers this large get their own mapping, backed by transparent huge
/// pages: fewer TLB misses on im2col and activation buffers.
constexpr size_t kHugePage = size_t(2) << 20;

constexpr llvm::StringLiteral kPoolSymbol = "__nn_buffer_pool";
constexpr llvm::StringLiteral kAllocateSymbol = "nnBufferPoolAllocate";
constexpr llvm::StringLiteral kReleaseSymbol = "nnBufferPoolRelease";

void *mapBytes(size_t bytes) {
  if (bytes >= kHugePage) {
    void *base = mmap(nullptr, llvm::alignTo(bytes, kHugePage),
                      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                      0);
    if (base == MAP_FAILED)
      return nullptr;
    madvise(base, llvm::alignTo(bytes, kHugePage), MADV_HUGEPAGE);
    return base;
  }
  return std::aligned_alloc(kAlignment, llvm::alignTo(bytes, kAlignment));
}

void unmapBytes(void *buffer, size_t bytes) {
  if (bytes >= kHugePage)
    munmap(buffer, llvm::alignTo(bytes, kHugePage));
  else
    std::free(buffer);
}
} // namespace

extern "C" void *nnBufferPoolAllocate(BufferPool *pool, uint64_t bytes) {
  return pool->allocate(bytes);
}

extern "C" void nnBufferPoolRelease(BufferPool *pool, void *buffer) {
  pool->release(buffer);
}

BufferPool::~BufferPool() {
  for (auto &[buffer, bytes] : sizes_)
    unmapBytes(buffer, bytes);
}

void *BufferPool::allocate(size_t bytes) {
  bytes = std::max<size_t>(bytes, 1);
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<void *> &idle = idle_[bytes];
  if (!idle.empty()) {
    void *buffer = idle.back();
    idle.pop_back();
    return buffer;
  }
  void *buffer = mapBytes(bytes);
  if (buffer)
    sizes_[buffer] = bytes;
  return buffer;
}

void BufferPool::release(void *buffer) {
  if (!buffer)
    return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto known = sizes_.find(buffer);
  // An over-aligned aligned_alloc stays with libc (see takeOverAllocations),
  // and so does its free.
  if (known == sizes_.end()) {
    std::free(buffer);
    return;
  }
  idle_[known->second].push_back(buffer);
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
        alignment.ule(kAlignment);
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
