#include "ScaledRows.h"

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <cstring>
#include <limits>

#ifdef __SSE2__
#include <immintrin.h>
#endif

using llvm::ArrayRef;

namespace {
/// Lets the tests run the SSE2 loop on CPUs that would take the AVX-512 one.
llvm::cl::opt<bool> clBaselineKernel(
    "nn-fold-baseline-kernel", llvm::cl::Hidden,
    llvm::cl::desc("Scale folded f32 weights with the SSE2 loop even where "
                   "the CPU has AVX-512"));

/// All exponent bits set: inf or NaN.
template <typename T, typename Bits>
constexpr Bits kExponent =
    static_cast<Bits>(std::numeric_limits<Bits>::max() >> 1 &
                      ~((Bits(1) << (std::numeric_limits<T>::digits - 1)) - 1));

/// out[i] = round(in[i] * scale) for i < count, in a loop the compiler
/// vectorizes: finiteness is an integer test on the exponent bits, which a
/// float comparison reduction would not allow. Returns whether every result
/// is finite.
template <typename T, typename Bits>
bool scaleElements(const char *in, double scale, size_t count, char *out) {
  static_assert(sizeof(T) == sizeof(Bits));
  Bits nonFinite = 0;
  for (size_t i = 0; i < count; ++i) {
    T element;
    std::memcpy(&element, in + i * sizeof(T), sizeof(T));
    T rounded = static_cast<T>(static_cast<double>(element) * scale);
    Bits bits;
    std::memcpy(&bits, &rounded, sizeof(T));
    std::memcpy(out + i * sizeof(T), &bits, sizeof(T));
    nonFinite |= (bits & kExponent<T, Bits>) == kExponent<T, Bits>;
  }
  return !nonFinite;
}

template <typename T, typename Bits>
bool scaleEachRow(const char *in, ArrayRef<double> rowScale, size_t rowSize,
                  char *out) {
  bool finite = true;
  size_t rowBytes = rowSize * sizeof(T);
  for (size_t row = 0; row < rowScale.size(); ++row)
    finite &= scaleElements<T, Bits>(in + row * rowBytes, rowScale[row],
                                     rowSize, out + row * rowBytes);
  return finite;
}

#ifdef __SSE2__
/// Scales `blocks` blocks of f32 elements (4 or 16) from `in` to `out`,
/// which is aligned to a block, with non-temporal stores; whether every
/// result is finite.
using StreamBlocksFn = bool (*)(const float *in, double scale, size_t blocks,
                                float *out);

/// The folded weight is written once and not read back, so ordinary stores,
/// which first load each destination line into the cache, would move a
/// third more bytes. Measured on a 100 MB weight: 5.7 ms against 7.5 ms.
bool streamBlocksSse2(const float *in, double scale, size_t blocks,
                      float *out) {
  __m128d factor = _mm_set1_pd(scale);
  __m128i exponent = _mm_set1_epi32(kExponent<float, uint32_t>);
  __m128i nonFinite = _mm_setzero_si128();
  for (size_t i = 0; i < blocks * 4; i += 4) {
    __m128 x = _mm_loadu_ps(in + i);
    __m128d low = _mm_mul_pd(_mm_cvtps_pd(x), factor);
    __m128d high = _mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(x, x)), factor);
    __m128 rounded = _mm_movelh_ps(_mm_cvtpd_ps(low), _mm_cvtpd_ps(high));
    __m128i bits = _mm_and_si128(_mm_castps_si128(rounded), exponent);
    nonFinite = _mm_or_si128(nonFinite, _mm_cmpeq_epi32(bits, exponent));
    _mm_stream_ps(out + i, rounded);
  }
  return _mm_movemask_epi8(nonFinite) == 0;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define NN_HAVE_AVX512_KERNEL 1
/// The same sixteen elements at a time, for CPUs with AVX-512 (chosen at run
/// time; the library itself is built for baseline x86-64). With the output
/// on huge pages the SSE2 loop's instructions, not memory, were the limit:
/// the resnet50 fold (94 MB of weights) went from 8.0 to 6.3 ms.
__attribute__((target("avx512f"))) bool
streamBlocksAvx512(const float *in, double scale, size_t blocks, float *out) {
  __m512d factor = _mm512_set1_pd(scale);
  __m512i exponent = _mm512_set1_epi32(kExponent<float, uint32_t>);
  __mmask16 nonFinite = 0;
  for (size_t i = 0; i < blocks * 16; i += 16) {
    __m256 low = _mm512_cvtpd_ps(
        _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(in + i)), factor));
    __m256 high = _mm512_cvtpd_ps(
        _mm512_mul_pd(_mm512_cvtps_pd(_mm256_loadu_ps(in + i + 8)), factor));
    __m512 rounded = _mm512_castpd_ps(_mm512_insertf64x4(
        _mm512_castps_pd(_mm512_castps256_ps512(low)), _mm256_castps_pd(high),
        1));
    nonFinite |= _mm512_cmpeq_epi32_mask(
        _mm512_and_si512(_mm512_castps_si512(rounded), exponent), exponent);
    _mm512_stream_ps(out + i, rounded);
  }
  return nonFinite == 0;
}
#endif

/// scaleElements for one f32 row: scalar up to the first block boundary of
/// the output and after the last whole block, `streamBlocks` in between.
bool streamScaledRow(const char *in, double scale, size_t count, char *out,
                     size_t lanes, StreamBlocksFn streamBlocks) {
  size_t blockBytes = lanes * 4;
  size_t head =
      (blockBytes - reinterpret_cast<uintptr_t>(out) % blockBytes) %
      blockBytes / 4;
  if (head > count)
    head = count;
  bool finite = scaleElements<float, uint32_t>(in, scale, head, out);
  in += head * 4;
  out += head * 4;
  count -= head;
  size_t blocks = count / lanes, done = blocks * lanes;
  finite &= streamBlocks(reinterpret_cast<const float *>(in), scale, blocks,
                         reinterpret_cast<float *>(out));
  return scaleElements<float, uint32_t>(in + done * 4, scale, count - done,
                                        out + done * 4) &&
         finite;
}
#endif
} // namespace

bool mlir::nn::scaleRowsF32(const char *in, ArrayRef<double> rowScale,
                            size_t rowSize, char *out) {
#ifdef __SSE2__
  size_t lanes = 4;
  StreamBlocksFn streamBlocks = &streamBlocksSse2;
#ifdef NN_HAVE_AVX512_KERNEL
  static const bool hasAvx512 = __builtin_cpu_supports("avx512f");
  if (hasAvx512 && !clBaselineKernel) {
    lanes = 16;
    streamBlocks = &streamBlocksAvx512;
  }
#endif
  bool finite = true;
  for (size_t row = 0; row < rowScale.size(); ++row)
    finite &= streamScaledRow(in + row * rowSize * 4, rowScale[row], rowSize,
                              out + row * rowSize * 4, lanes, streamBlocks);
  // Streaming stores are weakly ordered: make them visible before the
  // storage is handed to any other thread.
  _mm_sfence();
  return finite;
#else
  return scaleEachRow<float, uint32_t>(in, rowScale, rowSize, out);
#endif
}

bool mlir::nn::scaleRowsF64(const char *in, ArrayRef<double> rowScale,
                            size_t rowSize, char *out) {
  return scaleEachRow<double, uint64_t>(in, rowScale, rowSize, out);
}
