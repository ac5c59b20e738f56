// dst[i] = src[i] over an N-d shape where both sides have their own element strides: Transpose (strided
// reads), Slice (an offset and the source's strides), PadV2 (writes into the interior of a filled output).
#pragma once
#include <cstddef>
#include <cstdint>

namespace latentlab {

struct StridedCopy {
  const float* src;    // already advanced to the first element read
  float* dst;          // already advanced to the first element written
  std::size_t rank;
  const std::int32_t* shape;        // the copied region's extents
  const std::int32_t* src_strides;  // element strides per dimension
  const std::int32_t* dst_strides;
};

void strided_copy(const StridedCopy& copy);

}  // namespace latentlab
