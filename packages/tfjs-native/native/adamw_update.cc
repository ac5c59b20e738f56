#include "adamw_update.h"

#include <cmath>

#include "thread_pool.h"

namespace latentlab {

void adamw_update(const float* parameter, const float* gradient, const float* first_moment,
                  const float* second_moment, float* new_parameter, float* new_first_moment,
                  float* new_second_moment, std::size_t count, const AdamWCoefficients& c) {
  // Seven streams of `count` floats: thread by the values touched.
  ThreadPool::parallel_for_values(count, 7 * count, [&](std::size_t first, std::size_t end) {
    // One float32 rounding per statement, in the unfused kernels' order; binding.gyp compiles with
    // -ffp-contract=off so no multiply-add is fused where the CPU has FMA.
    for (std::size_t i = first; i < end; ++i) {
      const float g = gradient[i];
      const float decayed_m = first_moment[i] * c.beta1;
      const float scaled_g = g * c.one_minus_beta1;
      const float m = decayed_m + scaled_g;
      const float decayed_v = second_moment[i] * c.beta2;
      const float squared_g = g * g;
      const float scaled_squared_g = squared_g * c.one_minus_beta2;
      const float v = decayed_v + scaled_squared_g;
      const float m_hat = m / c.correction1;
      const float v_hat = v / c.correction2;
      const float denominator = std::sqrt(v_hat) + c.epsilon;
      float update = m_hat / denominator;
      const float theta = parameter[i];
      if (c.weight_decay != 0.0f) {
        const float decay = theta * c.weight_decay;
        update = update + decay;
      }
      const float step = update * c.learning_rate;
      new_first_moment[i] = m;
      new_second_moment[i] = v;
      new_parameter[i] = theta - step;
    }
  });
}

}  // namespace latentlab
