#include "ConstantStorage.h"

#include "nn/Support/HostMemory.h"

#include "llvm/Support/MathExtras.h"

#include <memory>
#include <mutex>
#include <vector>

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

class ChunkArena;

/// One anonymous mapping; handed back to the arena when the last blob in it
/// goes.
struct Chunk {
  char *base;
  size_t size;

  Chunk(char *base, size_t size) : base(base), size(size) {}
  Chunk(const Chunk &) = delete;
  Chunk &operator=(const Chunk &) = delete;
  ~Chunk();
};

/// Hands out consecutive slices of the current chunk. Slices are never
/// reused while their chunk lives, so the arena needs no free list of
/// slices; whole chunks are. Mapping fresh memory costs a page fault and
/// the kernel zeroing each page on first touch, which was most of the
/// fold's time, so mappings whose blobs are all gone are kept (up to an
/// eighth of the machine's memory) for later constants, as malloc keeps
/// freed memory. The lock makes it safe for patterns applied to several
/// functions in parallel, and for blobs freed on any thread.
class ChunkArena {
public:
  static ChunkArena &get() {
    // Never destroyed: blobs may outlive static destructors.
    static ChunkArena *arena = new ChunkArena();
    return *arena;
  }

  std::pair<std::shared_ptr<Chunk>, char *> allocate(size_t bytes,
                                                     size_t alignment) {
    if (bytes >= kChunkBytes / 4) {
      std::lock_guard<std::mutex> lock(mutex);
      std::shared_ptr<Chunk> own = map(llvm::alignTo(bytes, kHugePage));
      return {own, own ? own->base : nullptr};
    }
    // Destroyed after the lock is released: a chunk going away takes it.
    std::shared_ptr<Chunk> retired;
    std::lock_guard<std::mutex> lock(mutex);
    // Only the arena holds the current chunk: its blobs are gone, so it is
    // free again from the start.
    if (current && current.use_count() == 1)
      used = 0;
    size_t offset = llvm::alignTo(used, alignment);
    if (!current || offset + bytes > current->size) {
      retired = std::move(current);
      current = map(kChunkBytes);
      offset = 0;
    }
    if (!current)
      return {nullptr, nullptr};
    used = offset + bytes;
    return {current, current->base + offset};
  }

  /// Takes back the mapping of a chunk whose last blob is gone; the oldest
  /// kept mappings go back to the system beyond the limit.
  void release(char *base, size_t size) {
    std::vector<Mapping> unmapped;
    {
      std::lock_guard<std::mutex> lock(mutex);
      kept.push_back({base, size});
      keptBytes += size;
      while (keptBytes > keepLimit) {
        unmapped.push_back(kept.front());
        keptBytes -= kept.front().size;
        kept.erase(kept.begin());
      }
    }
    for (Mapping mapping : unmapped)
      munmap(mapping.base, mapping.size);
  }

private:
  struct Mapping {
    char *base;
    size_t size;
  };

  /// A chunk of at least `size` bytes: the smallest kept mapping that fits
  /// without wasting more than its half, or a new one. The caller holds the
  /// lock.
  std::shared_ptr<Chunk> map(size_t size) {
    auto best = kept.end();
    for (auto it = kept.begin(); it != kept.end(); ++it)
      if (it->size >= size && it->size <= 2 * size &&
          (best == kept.end() || it->size < best->size))
        best = it;
    if (best != kept.end()) {
      Mapping mapping = *best;
      kept.erase(best);
      keptBytes -= mapping.size;
      return std::make_shared<Chunk>(mapping.base, mapping.size);
    }
    void *base = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
      return nullptr;
    madvise(base, size, MADV_HUGEPAGE);
    return std::make_shared<Chunk>(static_cast<char *>(base), size);
  }

  std::mutex mutex;
  std::shared_ptr<Chunk> current;
  size_t used = 0;
  std::vector<Mapping> kept;
  size_t keptBytes = 0;
  const size_t keepLimit = physicalMemoryBytes() / 8;
};

Chunk::~Chunk() { ChunkArena::get().release(base, size); }
} // namespace

AsmResourceBlob mlir::nn::allocateConstantStorage(size_t bytes,
                                                  size_t alignment) {
  auto [chunk, data] = ChunkArena::get().allocate(bytes, alignment);
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
