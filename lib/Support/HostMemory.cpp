#include "nn/Support/HostMemory.h"

#include "llvm/Support/MathExtras.h"

#include <unistd.h>

uint64_t mlir::nn::physicalMemoryBytes() {
  // Asked once: each query is a system call, and the fold asks per weight.
  static const uint64_t bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || pageSize <= 0)
      return UINT64_MAX; // unknown: do not refuse on its account
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize);
  }();
  return bytes;
}

uint64_t mlir::nn::tensorBytes(llvm::ArrayRef<int64_t> shape,
                               unsigned bitWidth) {
  uint64_t bytes = (bitWidth + 7) / 8;
  for (int64_t dim : shape) {
    if (dim < 0)
      return UINT64_MAX;
    bytes = llvm::SaturatingMultiply(bytes, static_cast<uint64_t>(dim));
  }
  return bytes;
}
