// AVX2 + FMA micro-kernel, 6 rows x 16 columns: each step broadcasts one A value per row and multiplies
// it into two 8-wide B vectors; 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers
// (the register budget argument of Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication", ACM TOMS 2008, section 6; BLIS's Haswell configuration uses the same 6 x 16 tile).
//
// The accumulators are twelve named variables, not an array: GCC 12 kept an `__m256 acc[6][2]` array on
// the stack and stored ten of the twelve accumulators back to memory on every step of the depth loop, which
// cost up to half the FMA throughput (two FMAs wait for one store on CPUs with one store port).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "micro_kernel.h"

namespace latentlab {

#if defined(__x86_64__) || defined(__i386__)
namespace {

constexpr std::size_t kRows = 6;
constexpr std::size_t kCols = 16;

// One row of the tile for one step of the depth loop: broadcast A(row, p), two FMAs into that row's
// accumulators.
#define LATENTLAB_AVX2_ROW_STEP(row)                         \
  {                                                         \
    const __m256 a = _mm256_broadcast_ss(packed_a + (row));  \
    c##row##0 = _mm256_fmadd_ps(a, b0, c##row##0);           \
    c##row##1 = _mm256_fmadd_ps(a, b1, c##row##1);           \
  }

// C(row, :) = accumulators (+ C(row, :) when accumulating).
#define LATENTLAB_AVX2_ROW_STORE(row)                                               \
  {                                                                                \
    float* c_row = c + (row) * ldc;                                                \
    if (accumulate) {                                                              \
      c##row##0 = _mm256_add_ps(c##row##0, _mm256_loadu_ps(c_row));                \
      c##row##1 = _mm256_add_ps(c##row##1, _mm256_loadu_ps(c_row + 8));            \
    }                                                                              \
    _mm256_storeu_ps(c_row, c##row##0);                                            \
    _mm256_storeu_ps(c_row + 8, c##row##1);                                        \
  }

__attribute__((target("avx2,fma"))) void avx2_kernel(std::size_t depth, const float* packed_a,
                                                     const float* packed_b, float* c, std::size_t ldc,
                                                     bool accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(),
         c11 = _mm256_setzero_ps(), c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(),
         c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps(), c40 = _mm256_setzero_ps(),
         c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (std::size_t p = 0; p < depth; ++p) {
    // The B panel streams from L1; fetch the line eight steps ahead (8 x 64 B = one 512-B stride).
    _mm_prefetch(reinterpret_cast<const char*>(packed_b + 8 * kCols), _MM_HINT_T0);
    const __m256 b0 = _mm256_loadu_ps(packed_b);
    const __m256 b1 = _mm256_loadu_ps(packed_b + 8);
    LATENTLAB_AVX2_ROW_STEP(0)
    LATENTLAB_AVX2_ROW_STEP(1)
    LATENTLAB_AVX2_ROW_STEP(2)
    LATENTLAB_AVX2_ROW_STEP(3)
    LATENTLAB_AVX2_ROW_STEP(4)
    LATENTLAB_AVX2_ROW_STEP(5)
    packed_a += kRows;
    packed_b += kCols;
  }
  LATENTLAB_AVX2_ROW_STORE(0)
  LATENTLAB_AVX2_ROW_STORE(1)
  LATENTLAB_AVX2_ROW_STORE(2)
  LATENTLAB_AVX2_ROW_STORE(3)
  LATENTLAB_AVX2_ROW_STORE(4)
  LATENTLAB_AVX2_ROW_STORE(5)
}

#undef LATENTLAB_AVX2_ROW_STEP
#undef LATENTLAB_AVX2_ROW_STORE

}  // namespace

MicroKernel avx2_micro_kernel() { return {"avx2", kRows, kCols, avx2_kernel}; }
#else
// Not an x86 CPU: never selected (cpu_features reports it unsupported).
MicroKernel avx2_micro_kernel() { return scalar_micro_kernel(); }
#endif

}  // namespace latentlab
