//===- HostBuffer.h - aligned host memory for compiled code ----*- C++ -*-===//

#ifndef NN_RUNTIME_HOSTBUFFER_H
#define NN_RUNTIME_HOSTBUFFER_H

#include <cstddef>

namespace mlir::nn {

/// `bytes` bytes aligned to kAlignment, owned. From 2 MiB up the buffer is its
/// own mapping backed by transparent huge pages: fewer TLB misses on weights
/// and activations.
class HostBuffer {
public:
  /// A cache line: any vector load from the buffer is aligned.
  static constexpr size_t kAlignment = 64;

  /// Aborts with a message when memory runs out.
  explicit HostBuffer(size_t bytes);
  HostBuffer(HostBuffer &&other) noexcept;
  HostBuffer &operator=(HostBuffer &&other) noexcept;
  HostBuffer(const HostBuffer &) = delete;
  HostBuffer &operator=(const HostBuffer &) = delete;
  ~HostBuffer();

  char *data() const { return data_; }
  size_t size() const { return bytes_; }

private:
  char *data_ = nullptr;
  size_t bytes_ = 0;
};

} // namespace mlir::nn

#endif // NN_RUNTIME_HOSTBUFFER_H
