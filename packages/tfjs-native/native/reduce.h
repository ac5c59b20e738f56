// Reductions of a float32 tensor viewed as (outer, reduce, inner) over its middle axis: any set of reduced
// axes that forms one contiguous run of the (size-1-free) shape collapses to this view.
#pragma once
#include <cstddef>

namespace latentlab {

enum class Reduction { kSum = 0, kMean = 1, kMax = 2 };

// input: (outer, reduce_size, inner), row-major; output: (outer, inner).
// output[o, i] = Σ_r / mean_r / max_r input[o, r, i]. Sums accumulate in float64, so long reductions (a bias
// gradient over 64·49 rows, a loss over 10⁵ values) keep float32 accuracy. Max propagates NaN like tfjs.
// reduce_size must be at least 1.
void reduce_middle_axis(const float* input, float* output, std::size_t outer, std::size_t reduce_size,
                        std::size_t inner, Reduction reduction);

}  // namespace latentlab
