//===- BufferPool.h - buffers kept from one run to the next ----*- C++ -*-===//

#ifndef NN_RUNTIME_BUFFERPOOL_H
#define NN_RUNTIME_BUFFERPOOL_H

#include "nn/Runtime/HostBuffer.h"
#include "nn/Runtime/HostPointers.h"

#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace mlir::nn {

/// The intermediate buffers of one compiled function. Every run allocates
/// the same sizes; with malloc, freed buffers went back to the OS and each
/// run page-faulted through its working set again, which cost more than
/// the arithmetic on resnet18. A released buffer here waits for the next
/// request of its size instead.
class BufferPool {
public:
  BufferPool() = default;
  BufferPool(const BufferPool &) = delete;
  BufferPool &operator=(const BufferPool &) = delete;

  /// `bytes` bytes aligned to HostBuffer::kAlignment; thread-safe.
  void *allocate(size_t bytes);
  /// Keeps `buffer` (from allocate, or null) for reuse; thread-safe.
  void release(void *buffer);

  /// Makes `module`'s calls of malloc, aligned_alloc and free use this pool
  /// (reached through a pointer declared in `pointers`).
  void takeOverAllocations(ModuleOp module, HostPointers &pointers);

  /// The pool's entry points, for NativeCode::define.
  static llvm::orc::SymbolMap symbols(llvm::orc::MangleAndInterner interner);

private:
  std::mutex mutex_;
  std::unordered_map<void *, HostBuffer> buffers_;
  /// Released buffers by size; equal sizes in the order released.
  std::multimap<size_t, void *> idle_;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_BUFFERPOOL_H
