#include "ema_update.h"

#include "thread_pool.h"

namespace latentlab {

void ema_update(const float* average, const float* parameter, float* new_average, std::size_t count, float decay,
                float one_minus_decay) {
  ThreadPool::parallel_for_values(count, 3 * count, [&](std::size_t first, std::size_t end) {
    for (std::size_t i = first; i < end; ++i) {
      const float kept = average[i] * decay;
      const float added = parameter[i] * one_minus_decay;
      new_average[i] = kept + added;
    }
  });
}

}  // namespace latentlab
