// One exponential-moving-average step for one parameter tensor, θ̄ ← d·θ̄ + (1 − d)·θ, in one pass instead
// of the three elementwise kernels @latentlab/tfjs's ExponentialMovingAverage issues per parameter. Each
// product and the sum are rounded to float32 in those kernels' order: bit-identical, not just close.
#pragma once
#include <cstddef>

namespace latentlab {

// average and parameter hold count values; writes the new average. decay and one_minus_decay are d and
// 1 − d already rounded to float32 (as tfjs rounds the JS numbers it multiplies by).
void ema_update(const float* average, const float* parameter, float* new_average, std::size_t count, float decay,
                float one_minus_decay);

}  // namespace latentlab
