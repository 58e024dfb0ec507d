#include "nn/Runtime/HostBuffer.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstdlib>
#include <sys/mman.h>
#include <utility>

using namespace mlir::nn;

namespace {
constexpr size_t kHugePage = size_t(2) << 20;

bool ownMapping(size_t bytes) { return bytes >= kHugePage; }
} // namespace

HostBuffer::HostBuffer(size_t bytes) : bytes_(bytes) {
  if (ownMapping(bytes)) {
    size_t mapped = llvm::alignTo(bytes, kHugePage);
    void *base = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base != MAP_FAILED) {
      madvise(base, mapped, MADV_HUGEPAGE);
      data_ = static_cast<char *>(base);
    }
  } else {
    data_ = static_cast<char *>(std::aligned_alloc(
        kAlignment, llvm::alignTo(std::max<size_t>(bytes, 1), kAlignment)));
  }
  if (!data_)
    llvm::report_fatal_error("out of memory for a buffer of compiled code");
}

HostBuffer::HostBuffer(HostBuffer &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)) {}

HostBuffer &HostBuffer::operator=(HostBuffer &&other) noexcept {
  std::swap(data_, other.data_);
  std::swap(bytes_, other.bytes_);
  return *this;
}

HostBuffer::~HostBuffer() {
  if (!data_)
    return;
  if (ownMapping(bytes_))
    munmap(data_, llvm::alignTo(bytes_, kHugePage));
  else
    std::free(data_);
}
