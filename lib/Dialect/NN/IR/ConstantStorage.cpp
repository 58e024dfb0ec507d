#include "ConstantStorage.h"

#include "llvm/Support/MathExtras.h"

#include <memory>
#include <mutex>

#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace mlir;
using namespace mlir::nn;

#ifdef __linux__
namespace {
constexpr size_t kHugePage = size_t(2) << 20;
/// Small constants share chunks of this size.
constexpr size_t kChunkBytes = 16 * kHugePage;

/// One anonymous mapping; unmapped when the last blob in it goes.
struct Chunk {
  char *base;
  size_t size;

  Chunk(void *base, size_t size) : base(static_cast<char *>(base)), size(size) {}
  Chunk(const Chunk &) = delete;
  Chunk &operator=(const Chunk &) = delete;
  ~Chunk() { munmap(base, size); }

  static std::shared_ptr<Chunk> map(size_t size) {
    void *base = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
      return nullptr;
    madvise(base, size, MADV_HUGEPAGE);
    return std::make_shared<Chunk>(base, size);
  }
};

/// Hands out consecutive slices of the current chunk. Slices are never
/// reused, so the arena needs no free list; the lock makes it safe for
/// patterns applied to several functions in parallel.
class ChunkArena {
public:
  std::pair<std::shared_ptr<Chunk>, char *> allocate(size_t bytes,
                                                     size_t alignment) {
    if (bytes >= kChunkBytes / 4) {
      std::shared_ptr<Chunk> own = Chunk::map(llvm::alignTo(bytes, kHugePage));
      return {own, own ? own->base : nullptr};
    }
    std::lock_guard<std::mutex> lock(mutex);
    size_t offset = llvm::alignTo(used, alignment);
    if (!current || offset + bytes > current->size) {
      current = Chunk::map(kChunkBytes);
      offset = 0;
    }
    if (!current)
      return {nullptr, nullptr};
    used = offset + bytes;
    return {current, current->base + offset};
  }

private:
  std::mutex mutex;
  std::shared_ptr<Chunk> current;
  size_t used = 0;
};
} // namespace

AsmResourceBlob mlir::nn::allocateConstantStorage(size_t bytes,
                                                  size_t alignment) {
  static ChunkArena arena;
  auto [chunk, data] = arena.allocate(bytes, alignment);
  if (chunk)
    return AsmResourceBlob(
        ArrayRef<char>(data, bytes), alignment,
        [chunk = std::move(chunk)](void *, size_t, size_t) {}, true);
  return HeapAsmResourceBlob::allocate(bytes, alignment);
}
#else
AsmResourceBlob mlir::nn::allocateConstantStorage(size_t bytes,
                                                  size_t alignment) {
  return HeapAsmResourceBlob::allocate(bytes, alignment);
}
#endif
