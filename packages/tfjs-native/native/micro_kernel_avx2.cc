// AVX2 + FMA micro-kernel, 6 rows x 16 columns: each step broadcasts one A value per row and multiplies
// it into two 8-wide B vectors; 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers
// (the register budget argument of Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication", ACM TOMS 2008, section 6).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "micro_kernel.h"

namespace latentlab {

#if defined(__x86_64__) || defined(__i386__)
namespace {

constexpr std::size_t kRows = 6;
constexpr std::size_t kCols = 16;

__attribute__((target("avx2,fma"))) void avx2_kernel(std::size_t depth, const float* packed_a,
                                                     const float* packed_b, float* c, std::size_t ldc,
                                                     bool accumulate) {
  __m256 acc[kRows][2];
  for (std::size_t r = 0; r < kRows; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  for (std::size_t p = 0; p < depth; ++p) {
    const __m256 b0 = _mm256_loadu_ps(packed_b);
    const __m256 b1 = _mm256_loadu_ps(packed_b + 8);
    for (std::size_t r = 0; r < kRows; ++r) {
      const __m256 a = _mm256_broadcast_ss(packed_a + r);
      acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
    }
    packed_a += kRows;
    packed_b += kCols;
  }
  for (std::size_t r = 0; r < kRows; ++r) {
    float* row = c + r * ldc;
    if (accumulate) {
      acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(row));
      acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(row + 8));
    }
    _mm256_storeu_ps(row, acc[r][0]);
    _mm256_storeu_ps(row + 8, acc[r][1]);
  }
}

}  // namespace

MicroKernel avx2_micro_kernel() { return {"avx2", kRows, kCols, avx2_kernel}; }
#else
// Not an x86 CPU: never selected (cpu_features reports it unsupported).
MicroKernel avx2_micro_kernel() { return scalar_micro_kernel(); }
#endif

}  // namespace latentlab
