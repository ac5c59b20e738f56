// The innermost GEMM loop: an MR x NR tile of C from packed panels of A and B (BLIS's "micro-kernel",
// Van Zee & van de Geijn, "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", 2015).
//
// packed_a holds an MR-row micro-panel of A column by column: packed_a[p * MR + r] = A(r, p).
// packed_b holds an NR-column micro-panel of B row by row:    packed_b[p * NR + j] = B(p, j).
// The kernel computes C(r, j) = sum_p A(r, p) B(p, j) for the full MR x NR tile, adding to C when
// `accumulate` is set and overwriting it otherwise. C is row-major with row stride ldc.
#pragma once
#include <cstddef>

namespace latentlab {

using MicroKernelFunction = void (*)(std::size_t depth, const float* packed_a, const float* packed_b, float* c,
                                     std::size_t ldc, bool accumulate);

struct MicroKernel {
  const char* name;
  std::size_t mr;
  std::size_t nr;
  MicroKernelFunction run;
};

// Portable C++: any CPU.
MicroKernel scalar_micro_kernel();
// 6 x 16 with AVX2 + FMA (12 ymm accumulators).
MicroKernel avx2_micro_kernel();
// 12 x 32 with AVX-512F (24 zmm accumulators).
MicroKernel avx512_micro_kernel();
// 8 x 12 with AArch64 NEON (24 q-register accumulators).
MicroKernel neon_micro_kernel();

}  // namespace latentlab
