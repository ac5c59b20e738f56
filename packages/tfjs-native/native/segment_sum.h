// Unsorted segment sum, the gradient of gather along axis 0: out[s, :] = Σ_{i : ids[i] = s} x[i, :],
// for x viewed as (rows, inner) and out as (segments, inner). Ids outside [0, segments) are skipped, as
// TensorFlow's UnsortedSegmentSum drops them. Sums accumulate in float64 in row order and round once,
// as tfjs's cpu kernel does (its Sum accumulates in JS numbers).
#pragma once
#include <cstddef>
#include <cstdint>

namespace latentlab {

void unsorted_segment_sum(const float* x, const std::int32_t* segment_ids, float* out, std::size_t rows,
                          std::size_t inner, std::size_t segments);

}  // namespace latentlab
