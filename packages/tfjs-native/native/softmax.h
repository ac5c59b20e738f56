// Softmax along the last axis of a float32 tensor viewed as (rows, cols).
#pragma once
#include <cstddef>

namespace latentlab {

// logits, probabilities: (rows, cols), row-major; cols >= 1. For each row,
// probabilities = exp(logits − max) / Σ exp(logits − max): subtracting the row's max keeps every exp ≤ 1,
// so large logits cannot overflow (the same stabilisation tfjs's cpu Softmax kernel uses).
void softmax_rows(const float* logits, float* probabilities, std::size_t rows, std::size_t cols);

}  // namespace latentlab
