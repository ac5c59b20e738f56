// GELU with the tanh approximation (Hendrycks & Gimpel 2016, "Gaussian Error Linear Units", sec. 2):
//   gelu(x) = 0.5 · x · (1 + tanh(u)),  u = √(2/π) · (x + 0.044715 · x³)
// as one pass forward and one pass backward, instead of the ten and twenty elementwise kernels the
// composite form costs in tfjs.
#pragma once
#include <cstddef>

namespace latentlab {

void gelu_tanh(const float* x, float* y, std::size_t count);

// dx = dy · d gelu / dx, where
//   d gelu / dx = 0.5 · (1 + tanh u) + 0.5 · x · (1 − tanh² u) · √(2/π) · (1 + 3 · 0.044715 · x²)
void gelu_tanh_gradient(const float* x, const float* dy, float* dx, std::size_t count);

}  // namespace latentlab
