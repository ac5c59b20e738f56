// Single-precision GEMM: C = op(A) * op(B), C row-major M x N with row stride ldc.
#pragma once
#include <cstddef>

#include "gemm_pack.h"

namespace latentlab {

struct GemmProblem {
  std::size_t m;
  std::size_t n;
  std::size_t k;
  StridedMatrix a;  // logical M x K
  StridedMatrix b;  // logical K x N
  float* c;
  std::size_t ldc;
};

// The row-major view of a stored matrix as op(X): rows x cols logical, stored transposed when `transposed`.
StridedMatrix row_major_operand(const float* data, std::size_t rows, std::size_t cols, bool transposed);

// Floating-point operations (2·m·n·k) of every sgemm call since the process started: the benchmarks divide a
// training step's count by its time to say what fraction of the FMA peak the step reached.
double gemm_flops_so_far();

// Wall-clock seconds spent in batched GEMM calls (the matmul kernels) since the process started.
double gemm_seconds_so_far();
void add_gemm_seconds(double seconds);

// Blocked, packed GEMM; uses the shared thread pool when `use_threads` and the problem is large enough.
void sgemm(const GemmProblem& problem, bool use_threads);

}  // namespace latentlab
