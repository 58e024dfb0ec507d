//===- HostMemory.h - how much memory this machine has ---------*- C++ -*-===//
//
// Hostile or mistaken inputs can ask for tensors larger than the machine:
// the fold and the runner check against this bound and refuse with a
// diagnostic instead of dying in the allocator.
//
//===----------------------------------------------------------------------===//

#ifndef NN_SUPPORT_HOSTMEMORY_H
#define NN_SUPPORT_HOSTMEMORY_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace mlir::nn {

/// Physical memory of this machine in bytes.
uint64_t physicalMemoryBytes();

/// Bytes of a tensor of static `shape` with `bitWidth`-bit elements,
/// saturating at UINT64_MAX where the product would wrap.
uint64_t tensorBytes(llvm::ArrayRef<int64_t> shape, unsigned bitWidth);

} // namespace mlir::nn

#endif // NN_SUPPORT_HOSTMEMORY_H
