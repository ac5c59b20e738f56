#include "strided_copy.h"

#include <cstring>

#include "strided_layout.h"

namespace latentlab {

void strided_copy(const StridedCopy& copy) {
  // Operands: 0 = dst, 1 = src.
  StridedLayout layout;
  layout.operand_count = 2;
  layout.shape.assign(copy.shape, copy.shape + copy.rank);
  layout.strides[0].assign(copy.dst_strides, copy.dst_strides + copy.rank);
  layout.strides[1].assign(copy.src_strides, copy.src_strides + copy.rank);
  if (layout.element_count() == 0) return;
  layout.collapse();
  const std::size_t inner = layout.inner_extent();
  const std::ptrdiff_t dst_stride = layout.inner_stride(0), src_stride = layout.inner_stride(1);
  for_row_ranges(layout, [&](std::size_t first_row, std::size_t end_row) {
    for_each_row(layout, first_row, end_row, [&](const std::ptrdiff_t* offsets) {
      float* dst = copy.dst + offsets[0];
      const float* src = copy.src + offsets[1];
      if (dst_stride == 1 && src_stride == 1) {
        std::memcpy(dst, src, inner * sizeof(float));
      } else {
        for (std::size_t i = 0; i < inner; ++i) {
          dst[static_cast<std::ptrdiff_t>(i) * dst_stride] = src[static_cast<std::ptrdiff_t>(i) * src_stride];
        }
      }
    });
  });
}

}  // namespace latentlab
