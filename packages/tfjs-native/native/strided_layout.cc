#include "strided_layout.h"

#include "thread_pool.h"

namespace latentlab {

void for_row_ranges(const StridedLayout& layout, const std::function<void(std::size_t, std::size_t)>& body) {
  ThreadPool::parallel_for_values(layout.row_count(), layout.element_count(), body);
}

std::size_t StridedLayout::element_count() const {
  std::size_t count = 1;
  for (std::size_t extent : shape) count *= extent;
  return count;
}

std::size_t StridedLayout::row_count() const {
  std::size_t count = 1;
  for (std::size_t d = 0; d + 1 < shape.size(); ++d) count *= shape[d];
  return count;
}

void StridedLayout::row_offsets(std::size_t row, std::ptrdiff_t* offsets) const {
  for (std::size_t op = 0; op < operand_count; ++op) offsets[op] = 0;
  for (std::size_t d = shape.size() - 1; d-- > 0;) {
    const std::size_t index = row % shape[d];
    row /= shape[d];
    for (std::size_t op = 0; op < operand_count; ++op) {
      offsets[op] += static_cast<std::ptrdiff_t>(index) * strides[op][d];
    }
  }
}

void StridedLayout::collapse() {
  std::vector<std::size_t> merged_shape;
  std::vector<std::ptrdiff_t> merged_strides[kMaxStridedOperands];
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;  // contributes no offset
    if (!merged_shape.empty()) {
      bool mergeable = true;
      for (std::size_t op = 0; op < operand_count; ++op) {
        // The previous (outer) dimension steps exactly over the whole of this one.
        if (merged_strides[op].back() != strides[op][d] * static_cast<std::ptrdiff_t>(shape[d])) mergeable = false;
      }
      if (mergeable) {
        merged_shape.back() *= shape[d];
        for (std::size_t op = 0; op < operand_count; ++op) merged_strides[op].back() = strides[op][d];
        continue;
      }
    }
    merged_shape.push_back(shape[d]);
    for (std::size_t op = 0; op < operand_count; ++op) merged_strides[op].push_back(strides[op][d]);
  }
  if (merged_shape.empty()) {
    merged_shape.push_back(shape.empty() ? 1 : element_count());
    for (std::size_t op = 0; op < operand_count; ++op) merged_strides[op].push_back(0);
  }
  shape = merged_shape;
  for (std::size_t op = 0; op < operand_count; ++op) strides[op] = merged_strides[op];
}

}  // namespace latentlab
