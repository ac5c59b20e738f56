// One AdamW step (Loshchilov & Hutter 2019, Algorithm 2; bias correction as Kingma & Ba 2015) for one
// parameter tensor, in one pass instead of the fourteen elementwise kernels @latentlab/tfjs's AdamW
// issues per parameter:
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
//   θ ← θ − lr·( (m/c₁) / (√(v/c₂) + ε) + λθ ),  c₁ = 1−β₁ᵗ, c₂ = 1−β₂ᵗ.
// Every product, sum, quotient and root is rounded to float32 in the order those kernels apply them, so
// the result is bit-identical to the unfused kernels (and to tfjs's cpu backend), not just close.
#pragma once
#include <cstddef>

namespace latentlab {

// The scalars of one step, each already rounded to float32 as tfjs rounds a JS number it multiplies by.
struct AdamWCoefficients {
  float beta1;
  float one_minus_beta1;
  float beta2;
  float one_minus_beta2;
  float correction1;  // 1 − β₁ᵗ
  float correction2;  // 1 − β₂ᵗ
  float epsilon;
  float weight_decay;  // λ; 0 skips the decay term entirely (as the unfused update does)
  float learning_rate;
};

// Reads parameter, gradient, first and second moment (count values each); writes the updated three.
void adamw_update(const float* parameter, const float* gradient, const float* first_moment,
                  const float* second_moment, float* new_parameter, float* new_first_moment,
                  float* new_second_moment, std::size_t count, const AdamWCoefficients& coefficients);

}  // namespace latentlab
