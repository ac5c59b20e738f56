#include "gelu_tanh.h"

#include "simd_clones.h"
#include "thread_pool.h"
#include "vectorizable_exp.h"

namespace latentlab {

namespace {

constexpr float kSqrtTwoOverPi = 0.7978845608028654f;
constexpr float kCubicCoefficient = 0.044715f;

// 0.5 · (1 + tanh u) = σ(2u), so gelu(x) = x / (1 + exp(−2u)): no cancellation for negative x.
LATENTLAB_SIMD_CLONES void gelu_tanh_range(const float* x, float* y, std::size_t first, std::size_t end) {
  for (std::size_t i = first; i < end; ++i) {
    const float value = x[i];
    const float inner = kSqrtTwoOverPi * (value + kCubicCoefficient * value * value * value);
    y[i] = value / (1.0f + vectorizable_exp(-2.0f * inner));
  }
}

// With s = σ(2u) = 0.5 · (1 + tanh u): d gelu / dx = s + x · 2 · s · (1 − s) · du/dx, the same derivative as
// in the header written through s.
LATENTLAB_SIMD_CLONES void gelu_tanh_gradient_range(const float* x, const float* dy, float* dx, std::size_t first,
                                                    std::size_t end) {
  for (std::size_t i = first; i < end; ++i) {
    const float value = x[i];
    const float squared = value * value;
    const float inner = kSqrtTwoOverPi * (value + kCubicCoefficient * squared * value);
    const float sigmoid = 1.0f / (1.0f + vectorizable_exp(-2.0f * inner));
    const float inner_derivative = kSqrtTwoOverPi * (1.0f + 3.0f * kCubicCoefficient * squared);
    dx[i] = dy[i] * (sigmoid + 2.0f * value * sigmoid * (1.0f - sigmoid) * inner_derivative);
  }
}

}  // namespace

void gelu_tanh(const float* x, float* y, std::size_t count) {
  ThreadPool::parallel_for_values(count, count, [&](std::size_t first, std::size_t end) {
    gelu_tanh_range(x, y, first, end);
  });
}

void gelu_tanh_gradient(const float* x, const float* dy, float* dx, std::size_t count) {
  ThreadPool::parallel_for_values(count, count, [&](std::size_t first, std::size_t end) {
    gelu_tanh_gradient_range(x, dy, dx, first, end);
  });
}

}  // namespace latentlab
