// AArch64 Advanced SIMD (NEON) micro-kernel, 8 rows x 12 columns. The register budget decides the shape
// (Goto & van de Geijn 2008, sec. 6: keep the C tile in registers and load each A and B value once per
// step of p): AArch64 has 32 128-bit V registers of 4 floats. An MR x NR tile costs MR·NR/4 accumulators,
// NR/4 registers for one row of the B panel and MR/4 for one column of the A panel — no broadcasts are
// needed, because `vfmaq_laneq_f32` multiplies by one lane of the A vector. 8 x 12 takes 24 + 3 + 2 = 29 of
// the 32 and does 24 FMAs per 5 loads, the best ratio that fits (BLIS's ARMv8-A sgemm kernel uses the same
// 8 x 12 tile). Written from that reasoning only.
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "micro_kernel.h"

namespace latentlab {

#if defined(__aarch64__)
namespace {

constexpr std::size_t kRows = 8;
constexpr std::size_t kCols = 12;

// Adds the tile row in (v0, v1, v2) to C's row, or stores it there.
inline void store_row(float* row, float32x4_t v0, float32x4_t v1, float32x4_t v2, bool accumulate) {
  if (accumulate) {
    v0 = vaddq_f32(v0, vld1q_f32(row));
    v1 = vaddq_f32(v1, vld1q_f32(row + 4));
    v2 = vaddq_f32(v2, vld1q_f32(row + 8));
  }
  vst1q_f32(row, v0);
  vst1q_f32(row + 4, v1);
  vst1q_f32(row + 8, v2);
}

// c<r><q> holds C(r, 4q .. 4q + 3). Named variables, not an array: GCC keeps an array indexed by a loop
// variable in memory and then stores all 24 accumulators to the stack on every step of p.
void neon_kernel(std::size_t depth, const float* packed_a, const float* packed_b, float* c, std::size_t ldc,
                 bool accumulate) {
  const float32x4_t zero = vdupq_n_f32(0.0f);
  float32x4_t c00 = zero, c01 = zero, c02 = zero, c10 = zero, c11 = zero, c12 = zero;
  float32x4_t c20 = zero, c21 = zero, c22 = zero, c30 = zero, c31 = zero, c32 = zero;
  float32x4_t c40 = zero, c41 = zero, c42 = zero, c50 = zero, c51 = zero, c52 = zero;
  float32x4_t c60 = zero, c61 = zero, c62 = zero, c70 = zero, c71 = zero, c72 = zero;
  for (std::size_t p = 0; p < depth; ++p) {
    const float32x4_t a_low = vld1q_f32(packed_a);       // A(0..3, p)
    const float32x4_t a_high = vld1q_f32(packed_a + 4);  // A(4..7, p)
    const float32x4_t b0 = vld1q_f32(packed_b);          // B(p, 0..3)
    const float32x4_t b1 = vld1q_f32(packed_b + 4);      // B(p, 4..7)
    const float32x4_t b2 = vld1q_f32(packed_b + 8);      // B(p, 8..11)
    __builtin_prefetch(packed_b + 8 * kCols);
    // C(r, :) += A(r, p) · B(p, :); the lane index must be a compile-time constant.
#define LATENTLAB_NEON_ROW(r, a_vector, lane)          \
  c##r##0 = vfmaq_laneq_f32(c##r##0, b0, a_vector, lane); \
  c##r##1 = vfmaq_laneq_f32(c##r##1, b1, a_vector, lane); \
  c##r##2 = vfmaq_laneq_f32(c##r##2, b2, a_vector, lane)
    LATENTLAB_NEON_ROW(0, a_low, 0);
    LATENTLAB_NEON_ROW(1, a_low, 1);
    LATENTLAB_NEON_ROW(2, a_low, 2);
    LATENTLAB_NEON_ROW(3, a_low, 3);
    LATENTLAB_NEON_ROW(4, a_high, 0);
    LATENTLAB_NEON_ROW(5, a_high, 1);
    LATENTLAB_NEON_ROW(6, a_high, 2);
    LATENTLAB_NEON_ROW(7, a_high, 3);
#undef LATENTLAB_NEON_ROW
    packed_a += kRows;
    packed_b += kCols;
  }
  store_row(c, c00, c01, c02, accumulate);
  store_row(c + ldc, c10, c11, c12, accumulate);
  store_row(c + 2 * ldc, c20, c21, c22, accumulate);
  store_row(c + 3 * ldc, c30, c31, c32, accumulate);
  store_row(c + 4 * ldc, c40, c41, c42, accumulate);
  store_row(c + 5 * ldc, c50, c51, c52, accumulate);
  store_row(c + 6 * ldc, c60, c61, c62, accumulate);
  store_row(c + 7 * ldc, c70, c71, c72, accumulate);
}

}  // namespace

MicroKernel neon_micro_kernel() { return {"neon", kRows, kCols, neon_kernel}; }
#else
// Not an AArch64 CPU: never selected (cpu_features reports it unsupported).
MicroKernel neon_micro_kernel() { return scalar_micro_kernel(); }
#endif

}  // namespace latentlab
