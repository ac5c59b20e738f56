// Portable micro-kernel: plain loops over a 4 x 8 tile the compiler can keep in registers.
#include "micro_kernel.h"

namespace latentlab {

namespace {

constexpr std::size_t kRows = 4;
constexpr std::size_t kCols = 8;

void scalar_kernel(std::size_t depth, const float* packed_a, const float* packed_b, float* c, std::size_t ldc,
                   bool accumulate) {
  float tile[kRows][kCols] = {};
  for (std::size_t p = 0; p < depth; ++p) {
    const float* a = packed_a + p * kRows;
    const float* b = packed_b + p * kCols;
    for (std::size_t r = 0; r < kRows; ++r) {
      for (std::size_t j = 0; j < kCols; ++j) tile[r][j] += a[r] * b[j];
    }
  }
  for (std::size_t r = 0; r < kRows; ++r) {
    float* row = c + r * ldc;
    for (std::size_t j = 0; j < kCols; ++j) row[j] = accumulate ? row[j] + tile[r][j] : tile[r][j];
  }
}

}  // namespace

MicroKernel scalar_micro_kernel() { return {"scalar", kRows, kCols, scalar_kernel}; }

}  // namespace latentlab
