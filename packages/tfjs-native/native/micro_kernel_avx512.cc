// AVX-512F micro-kernel, 12 rows x 32 columns: 24 zmm accumulators + 2 B vectors + 1 broadcast of the
// 32 zmm registers. The shape follows the register-budget reasoning of Goto & van de Geijn 2008 and the
// BLIS Skylake-X configuration (a 12 x 32 tile in row-major terms); written from that reasoning only.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "micro_kernel.h"

namespace latentlab {

#if defined(__x86_64__) || defined(__i386__)
namespace {

constexpr std::size_t kRows = 12;
constexpr std::size_t kCols = 32;

__attribute__((target("avx512f"))) void avx512_kernel(std::size_t depth, const float* packed_a,
                                                      const float* packed_b, float* c, std::size_t ldc,
                                                      bool accumulate) {
  __m512 acc[kRows][2];
  for (std::size_t r = 0; r < kRows; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (std::size_t p = 0; p < depth; ++p) {
    const __m512 b0 = _mm512_loadu_ps(packed_b);
    const __m512 b1 = _mm512_loadu_ps(packed_b + 16);
    _mm_prefetch(reinterpret_cast<const char*>(packed_b + 8 * kCols), _MM_HINT_T0);
    for (std::size_t r = 0; r < kRows; ++r) {
      const __m512 a = _mm512_set1_ps(packed_a[r]);
      acc[r][0] = _mm512_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(a, b1, acc[r][1]);
    }
    packed_a += kRows;
    packed_b += kCols;
  }
  for (std::size_t r = 0; r < kRows; ++r) {
    float* row = c + r * ldc;
    if (accumulate) {
      acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(row));
      acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(row + 16));
    }
    _mm512_storeu_ps(row, acc[r][0]);
    _mm512_storeu_ps(row + 16, acc[r][1]);
  }
}

}  // namespace

MicroKernel avx512_micro_kernel() { return {"avx512", kRows, kCols, avx512_kernel}; }
#else
// Not an x86 CPU: never selected (cpu_features reports it unsupported).
MicroKernel avx512_micro_kernel() { return scalar_micro_kernel(); }
#endif

}  // namespace latentlab
